"""Legacy 8-bit Vietnamese text in spreadsheets: TCVN3 (TCVN 5712:1993, VN3; the ".Vn…" fonts)
and VNI-Windows (the "VNI-…" fonts), turned into Unicode NFC.

A workbook typed with one of those fonts stores, for each character, the code the font draws at
that byte, read as the Windows ANSI code page (cp1252): "Ban D©n vËn" is "Ban Dân vận" in
.VnTime, "Ban Daân vaän" the same words in VNI-Times. The tables below were written from the
published code charts of both encodings:

- TCVN3 is one byte per letter: 67 lower-case letters and 7 upper-case base letters (Ă Â Ê Ô Ơ Ư Đ)
  in 0xA1–0xFE; capitals with a tone mark do not exist, so titles use the all-capitals fonts
  (".VnTimeH", ".VnArialH": the name ends in "H"), which draw the lower-case codes as capitals.
- VNI-Windows writes most letters as the base letter followed by a mark byte (breve, circumflex
  and/or tone; one set of bytes for lower case, another for capitals), and a few letters as one
  byte of their own (i with a tone, ơ, ư, ỵ, đ and their capitals).

`decode(text, font)` picks the encoding from the cell's font name when it names one, otherwise
from the characters themselves; it raises `LegacyTextError` when the text is clearly not Unicode
and neither table explains it.
"""

from __future__ import annotations

import re
import unicodedata

# --- TCVN3 (VN3) ------------------------------------------------------------------------------

_TCVN3_LETTERS = {
    0xA1: "Ă",
    0xA2: "Â",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
    0xA7: "Đ",
    0xA8: "ă",
    0xA9: "â",
    0xAA: "ê",
    0xAB: "ô",
    0xAC: "ơ",
    0xAD: "ư",
    0xAE: "đ",
}
# Each toned vowel series in the chart's order: grave, hook, tilde, acute, dot below.
_TCVN3_SERIES = (
    ("a", (0xB5, 0xB6, 0xB7, 0xB8, 0xB9)),
    ("ă", (0xBB, 0xBC, 0xBD, 0xBE, 0xC6)),
    ("â", (0xC7, 0xC8, 0xC9, 0xCA, 0xCB)),
    ("e", (0xCC, 0xCE, 0xCF, 0xD0, 0xD1)),
    ("ê", (0xD2, 0xD3, 0xD4, 0xD5, 0xD6)),
    ("i", (0xD7, 0xD8, 0xDC, 0xDD, 0xDE)),
    ("o", (0xDF, 0xE1, 0xE2, 0xE3, 0xE4)),
    ("ô", (0xE5, 0xE6, 0xE7, 0xE8, 0xE9)),
    ("ơ", (0xEA, 0xEB, 0xEC, 0xED, 0xEE)),
    ("u", (0xEF, 0xF1, 0xF2, 0xF3, 0xF4)),
    ("ư", (0xF5, 0xF6, 0xF7, 0xF8, 0xF9)),
    ("y", (0xFA, 0xFB, 0xFC, 0xFD, 0xFE)),
)
GRAVE, HOOK, TILDE, ACUTE, DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
BREVE, CIRCUMFLEX = "\u0306", "\u0302"
_TONES = (GRAVE, HOOK, TILDE, ACUTE, DOT)

TCVN3: dict[int, str] = dict(_TCVN3_LETTERS)
TCVN3[0xA0] = " "  # the chart's no-break space
for _base, _codes in _TCVN3_SERIES:
    for _tone, _code in zip(_TONES, _codes, strict=True):
        TCVN3[_code] = unicodedata.normalize("NFC", _base + _tone)

# --- VNI-Windows -----------------------------------------------------------------------------

# Mark bytes: (modifier, tone) added to the letter before them; lower-case letters take the first
# set, capitals the second.
_VNI_MARKS_LOWER = {
    0xF9: ("", ACUTE),
    0xF8: ("", GRAVE),
    0xFB: ("", HOOK),
    0xF5: ("", TILDE),
    0xEF: ("", DOT),
    0xEA: (BREVE, ""),
    0xE9: (BREVE, ACUTE),
    0xE8: (BREVE, GRAVE),
    0xFA: (BREVE, HOOK),
    0xFC: (BREVE, TILDE),
    0xEB: (BREVE, DOT),
    0xE2: (CIRCUMFLEX, ""),
    0xE1: (CIRCUMFLEX, ACUTE),
    0xE0: (CIRCUMFLEX, GRAVE),
    0xE5: (CIRCUMFLEX, HOOK),
    0xE3: (CIRCUMFLEX, TILDE),
    0xE4: (CIRCUMFLEX, DOT),
}
# The capital marks sit 0x20 below the lower-case ones, as in Latin-1.
_VNI_MARKS_UPPER = {code - 0x20: mark for code, mark in _VNI_MARKS_LOWER.items()}
# Letters of one byte of their own.
_VNI_SINGLE = {
    0xED: "í",
    0xEC: "ì",
    0xE6: "ỉ",
    0xF3: "ĩ",
    0xF2: "ị",
    0xF4: "ơ",
    0xF6: "ư",
    0xEE: "ỵ",
    0xF1: "đ",
    0xCD: "Í",
    0xCC: "Ì",
    0xC6: "Ỉ",
    0xD3: "Ĩ",
    0xD2: "Ị",
    0xD4: "Ơ",
    0xD6: "Ư",
    0xCE: "Ỵ",
    0xD1: "Đ",
}
_VNI_BASES = set("aeiouyAEIOUYơưƠƯ")
_MODIFIER_BASES = {BREVE: set("aA"), CIRCUMFLEX: set("aeoAEO")}


class LegacyTextError(ValueError):
    """The text is in a legacy encoding that neither table explains."""


def _byte(ch: str) -> int | None:
    """The ANSI (cp1252) code of `ch` as Excel stored it, or None above the code page."""
    code = ord(ch)
    if code < 0x100:
        return code
    try:
        return ch.encode("cp1252")[0]
    except UnicodeEncodeError:
        return None


def decode_tcvn3(text: str, *, capitals: bool = False) -> tuple[str, int]:
    """(Unicode NFC, number of characters the table does not explain)."""
    out, unknown = [], 0
    for ch in text:
        code = _byte(ch)
        if code is None or code < 0xA0:  # ASCII and the code page's punctuation (“ ” – …)
            out.append(ch)
        elif code in TCVN3:
            out.append(TCVN3[code])
        else:
            out.append(ch)
            unknown += 1
    result = "".join(out)
    if capitals:
        result = result.upper()
    return unicodedata.normalize("NFC", result), unknown


def decode_vni(text: str) -> tuple[str, int]:
    """(Unicode NFC, number of characters the table does not explain)."""
    out: list[str] = []
    unknown = 0
    for ch in text:
        code = _byte(ch)
        if code is None or code < 0xA0:  # ASCII and the code page's punctuation (“ ” – …)
            out.append(ch)
            continue
        if code in _VNI_SINGLE:
            out.append(_VNI_SINGLE[code])
            continue
        marks = _VNI_MARKS_LOWER if code in _VNI_MARKS_LOWER else _VNI_MARKS_UPPER
        mark = marks.get(code)
        previous = out[-1] if out else ""
        base = unicodedata.normalize("NFD", previous)[:1]
        if mark is None or not previous or base not in _VNI_BASES:
            out.append(ch)
            unknown += 1
            continue
        modifier, tone = mark
        if modifier and base not in _MODIFIER_BASES[modifier]:
            out.append(ch)
            unknown += 1
            continue
        out[-1] = unicodedata.normalize("NFC", previous + modifier + tone)
    return unicodedata.normalize("NFC", "".join(out)), unknown


# Latin-1 letters that Vietnamese uses; any other character from 0x80–0xFF in a cell betrays a
# legacy font (or a symbol: see `looks_legacy`).
_VIETNAMESE_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_VIETNAMESE_BEYOND = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9\u0300-\u0323]")
# Codes only TCVN3 uses (VNI text never holds a character from 0xA1–0xBF).
_TCVN3_ONLY = {code for code in TCVN3 if 0xA1 <= code <= 0xBF}


def looks_legacy(text: str) -> bool:
    """True when `text` holds characters from the upper half of the code page that Vietnamese does
    not use and no letter that only Unicode Vietnamese has."""
    if _VIETNAMESE_BEYOND.search(text):
        return False
    for i, ch in enumerate(text):
        code = _byte(ch)
        if code is not None and code >= 0xA1 and ch not in _VIETNAMESE_LATIN1:
            # a legacy letter sits inside a word; a lone symbol ("© 2020", "½") does not
            if text[i - 1 : i].isalpha() or text[i + 1 : i + 2].isalpha():
                return True
    return False


def font_encoding(font: str | None) -> str:
    """ "tcvn3", "tcvn3-caps", "vni" or "" from a font name (".VnTime", ".VnTimeH", "VNI-Times")."""
    name = (font or "").strip().lower()
    if name.startswith(".vn"):
        return "tcvn3-caps" if name.endswith("h") else "tcvn3"
    if name.startswith("vni"):
        return "vni"
    return ""


def guess(text: str) -> str:
    """ "tcvn3", "vni" or "" (Unicode) from the characters alone."""
    if not looks_legacy(text):
        return ""
    codes = {_byte(ch) for ch in text}
    tcvn, tcvn_unknown = decode_tcvn3(text)
    if not _VIETNAMESE_BEYOND.search(unicodedata.normalize("NFC", tcvn) + decode_vni(text)[0]):
        return ""
    if codes & _TCVN3_ONLY and tcvn_unknown == 0:
        return "tcvn3"
    _v, vni_unknown = decode_vni(text)
    if vni_unknown == 0:
        return "vni"
    if tcvn_unknown == 0:
        return "tcvn3"
    return "unknown"


def decode(text: str, font: str | None = None) -> tuple[str, str]:
    """(Unicode NFC text, the encoding it was read in: "" for Unicode, "tcvn3" or "vni").

    A font of either family decides; otherwise the characters do. Raises LegacyTextError when
    the text is clearly in a legacy encoding that neither table explains."""
    encoding = font_encoding(font)
    if not encoding:
        encoding = guess(text)
        if encoding == "unknown":
            raise LegacyTextError(text)
    if encoding.startswith("tcvn3"):
        result, unknown = decode_tcvn3(text, capitals=encoding == "tcvn3-caps")
        if unknown and looks_legacy(result):
            raise LegacyTextError(text)
        return result, "tcvn3"
    if encoding == "vni":
        result, unknown = decode_vni(text)
        if unknown and looks_legacy(result):
            raise LegacyTextError(text)
        return result, "vni"
    return unicodedata.normalize("NFC", text), ""


def encode_tcvn3(text: str) -> str:
    """The cp1252 characters a .VnTime cell holds for `text` (tests build legacy files with it).
    Capitals with a tone mark are written in lower case (a .VnTimeH font draws them as capitals)."""
    reverse = {v: k for k, v in TCVN3.items() if k != 0xA0}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in reverse:
            out.append(bytes([reverse[ch]]).decode("cp1252", errors="strict"))
        elif ch.lower() in reverse and ch not in "ĂÂÊÔƠƯĐ":
            out.append(bytes([reverse[ch.lower()]]).decode("cp1252"))
        else:
            out.append(ch)
    return "".join(out)


def encode_vni(text: str) -> str:
    """The cp1252 characters a VNI-Times cell holds for `text` (tests build legacy files with it)."""
    singles = {v: k for k, v in _VNI_SINGLE.items()}
    lower = {mark: code for code, mark in _VNI_MARKS_LOWER.items()}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in singles:
            out.append(chr(singles[ch]))
            continue
        parts = unicodedata.normalize("NFD", ch)
        if len(parts) == 1 or parts[0] not in _VNI_BASES:
            out.append(ch)
            continue
        base, rest = parts[0], parts[1:]
        modifier = next((m for m in (BREVE, CIRCUMFLEX) if m in rest), "")
        tone = next((t for t in _TONES if t in rest), "")
        if "\u031b" in rest:  # horn: ơ / ư are single bytes, the tone follows them
            horned = unicodedata.normalize("NFC", base + "\u031b")
            out.append(chr(singles[horned]))
            if tone:
                out.append(chr(lower[("", tone)] - (0x20 if base.isupper() else 0)))
            continue
        code = lower.get((modifier, tone))
        if code is None:
            out.append(ch)
            continue
        out.append(base + chr(code - (0x20 if base.isupper() else 0)))
    return "".join(out)
