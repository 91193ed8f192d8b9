"""The rules of a document's number, place and date and of its header lines, in one place.

- Party bodies (Hướng dẫn 36-HD/VPTW): "Số 06-KH/BDVTW", no colon after "Số".
- State bodies, the Front and mass organisations (Nghị định 30/2020/NĐ-CP): "Số: 15/QĐ-UBND";
  a công văn carries no type code: "Số: 123/UBND" (or "123/UBND-VP" with the drafting unit).
- Numbers below 10 get a leading zero; numbering restarts at 01 every year.
- "Phú Thọ, ngày 05 tháng 3 năm 2026": day with a leading zero below 10, month with a leading
  zero only for January and February (NĐ 30/2020, Phụ lục I).
- The superior-body line: ONE rule (`superior_line`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from dvk.organisations.models import SEGMENT, Organisation

PARTY_KINDS = frozenset({"party_committee", "party_board", "party_cell"})
# Kinds whose layout is that of the body that set them up (a council of the Tỉnh ủy writes as
# the Party does, one of the People's Committee as the State does).
INHERITING_KINDS = frozenset({"council"})
# Abbreviations when a body has none recorded (Organisation.short_name or its IssuerProfile).
KIND_ABBREVIATIONS = {
    "peoples_committee": "UBND",
    "peoples_council": "HĐND",
    "front": "MTTQ",
}
# Who signs when the caller does not say (capacity, on behalf of, position), by kind of body.
SIGNING_DEFAULTS = {
    "party_committee": ("TM", "BAN THƯỜNG VỤ", "BÍ THƯ"),
    "party_board": ("KT", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"),
    "party_cell": ("TM", "CHI BỘ", "BÍ THƯ"),
    "peoples_committee": ("TM", "ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
    "peoples_council": ("TM", "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH"),
    "front": ("TM", "BAN THƯỜNG TRỰC", "CHỦ TỊCH"),
    "council": ("TM", "HỘI ĐỒNG", "CHỦ TỊCH HỘI ĐỒNG"),
}
_PLACE_PREFIXES = ("Thành phố", "Tỉnh", "Thị xã", "Thị trấn", "Huyện", "Quận", "Phường", "Xã", "Đặc khu")
_PARTY_NUMBER = re.compile(r"^\s*(?:Số\s*:?\s*)?0*(\d+)\s*-\s*([^/\s]+)\s*/\s*(\S.*?)\s*$")
_STATE_NUMBER = re.compile(r"^\s*(?:Số\s*:?\s*)?0*(\d+)\s*/\s*(\S.*?)\s*$")


@dataclass(frozen=True)
class ParsedNumber:
    form: str
    sequence: int
    doc_type: str  # "" when the number carries none (a State công văn)
    code: str


def _profile(org: Organisation) -> Any:
    try:
        return org.issuer_profile
    except Exception:  # RelatedObjectDoesNotExist: no profile, the defaults apply
        return None


def ancestors(org: Organisation) -> list[Organisation]:
    """The bodies above `org`, nearest first (one query, by path prefix)."""
    prefixes = [org.path[:end] for end in range(SEGMENT, len(org.path), SEGMENT)]
    if not prefixes:
        return []
    found = {o.path: o for o in Organisation.objects.filter(path__in=prefixes).select_related("unit")}
    return [found[p] for p in reversed(prefixes) if p in found]


def form_for(org: Organisation) -> str:
    """ "party" or "state": the profile's choice, else by the kind of body."""
    profile = _profile(org)
    if profile is not None and profile.form:
        return profile.form
    if org.kind in INHERITING_KINDS:
        for above in ancestors(org):
            if above.kind not in INHERITING_KINDS:
                return "party" if above.kind in PARTY_KINDS else "state"
    return "party" if org.kind in PARTY_KINDS else "state"


def initials(name: str) -> str:
    """Upper-case initials keeping Đ: "Ban Dân vận Tỉnh ủy" → "BDVTU", "Đảng ủy khối" → "ĐUK"."""
    out = []
    for word in name.split():
        first = word[0]
        if first in "Đđ":
            out.append("Đ")
        else:
            base = unicodedata.normalize("NFD", first)[0]
            if base.isalnum():
                out.append(base.upper())
    return "".join(out)


def abbreviation_for(org: Organisation) -> str:
    """The body's code in its numbers: profile, else its recorded abbreviation, else by kind,
    else its initials."""
    profile = _profile(org)
    if profile is not None and profile.abbreviation:
        return profile.abbreviation
    return org.short_name or KIND_ABBREVIATIONS.get(org.kind, "") or initials(org.name)


def place_name(unit_name: str) -> str:
    """ "Tỉnh Phú Thọ" → "Phú Thọ", "Xã Thịnh Minh" → "Thịnh Minh"; "Phường 5" stays as it is."""
    for prefix in _PLACE_PREFIXES:
        if unit_name.startswith(prefix + " "):
            rest = unit_name[len(prefix) + 1 :].strip()
            return unit_name if rest.isdigit() else rest
    return unit_name


def place_for(org: Organisation) -> str:
    """Where the body sits (địa danh): the profile's place, else its administrative unit's name."""
    profile = _profile(org)
    if profile is not None and profile.place:
        return profile.place
    return place_name(org.unit.name) if org.unit_id else ""


def superior_line(org: Organisation) -> str:
    """The line above the issuing body in the header (upper case; "" when there is none).

    One rule for every document: the profile's line if one is recorded; else, for a Party body,
    "ĐẢNG BỘ" and the administrative unit of the nearest party committee above it (its own unit
    when there is none: the Tỉnh ủy writes "ĐẢNG BỘ TỈNH …"); for a State body, the body directly
    above it when that one is a State body too (Sở → ỦY BAN NHÂN DÂN TỈNH …), else nothing."""
    profile = _profile(org)
    if profile is not None and profile.superior:
        return profile.superior.upper()
    above = ancestors(org)
    if form_for(org) == "party":
        committee = next((a for a in above if a.kind == "party_committee"), None)
        unit = (committee or org).unit
        return f"ĐẢNG BỘ {unit.name}".upper() if unit else ""
    if above and above[0].kind not in PARTY_KINDS and above[0].kind not in INHERITING_KINDS:
        return above[0].name.upper()
    return ""


def signing_for(org: Organisation) -> tuple[str, str, str]:
    """(capacity, on behalf of, position) of the usual signature of the body's documents."""
    return SIGNING_DEFAULTS.get(org.kind, ("", "", ""))


def format_number(form: str, sequence: int, doc_type: str, code: str, drafting_unit: str = "") -> str:
    """The number and symbol without "Số": "06-KH/BDVTW" or "15/QĐ-UBND" / "123/UBND-VP"."""
    n = f"{sequence:02d}"
    if form == "party":
        return f"{n}-{doc_type}/{code}"
    if doc_type == "CV":
        return f"{n}/{code}" + (f"-{drafting_unit}" if drafting_unit else "")
    return f"{n}/{doc_type}-{code}"


def number_line(form: str, number: str) -> str:
    return f"Số {number}" if form == "party" else f"Số: {number}"


def parse_number(text: str) -> ParsedNumber | None:
    """Read a number written by hand or by an earlier version: "3-QĐ/BTGDVTU", "Số: 15/QĐ-UBND"."""
    text = unicodedata.normalize("NFC", text or "")
    if m := _PARTY_NUMBER.match(text):
        return ParsedNumber("party", int(m.group(1)), m.group(2), m.group(3))
    if m := _STATE_NUMBER.match(text):
        rest = m.group(2)
        doc_type, _sep, code = rest.partition("-")
        if not code:
            return ParsedNumber("state", int(m.group(1)), "", rest)
        return ParsedNumber("state", int(m.group(1)), doc_type, code)
    return None


def vn_date(day: dt.date) -> str:
    """ "ngày 05 tháng 3 năm 2026" (leading zero for days below 10 and for months 1 and 2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def date_line(place: str, day: dt.date) -> str:
    return f"{place}, {vn_date(day)}" if place else vn_date(day).capitalize()
