"""Workbooks built by the tests: .xlsx with openpyxl and a real BIFF8 .xls written here.

`Sheet` describes a sheet as rows of values (str, int, float, date, datetime, None) plus merged
ranges ("A5:A7") and per-cell fonts; `xlsx(*sheets)` and `xls(*sheets)` return the file's bytes.

The .xls writer lays out what Excel 97–2003 writes, as little of it as a reader needs: a compound
file (one FAT sector, one directory sector, the "Workbook" stream padded past the 4096-byte
mini-stream cutoff) holding the globals (BOF, CODEPAGE 1200, DATEMODE, FONT, XF, BOUNDSHEET, EOF)
and one substream per sheet (BOF, DIMENSIONS, LABEL / NUMBER, MERGEDCELLS, EOF). Dates are NUMBER
records with an XF of the built-in date format 14, as Excel stores them.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import range_boundaries

DEFAULT_FONT = "Times New Roman"


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]
    merges: list[str] = field(default_factory=list)
    fonts: dict[tuple[int, int], str] = field(default_factory=dict)  # (1-based row, col) → font
    row_font: dict[int, str] = field(default_factory=dict)  # 1-based row → font of its text cells
    font: str = DEFAULT_FONT  # every other text cell

    def font_of(self, row: int, col: int) -> str:
        return self.fonts.get((row, col)) or self.row_font.get(row) or self.font


def xlsx(*sheets: Sheet) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        ws = book.create_sheet(spec.name)
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(row=r, column=c, value=value)
                cell.font = Font(name=spec.font_of(r, c))
                if isinstance(value, dt.date | dt.datetime):
                    cell.number_format = "DD/MM/YYYY"
        for merge in spec.merges:
            ws.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- BIFF8 ------------------------------------------------------------------------------------


def _record(rtype: int, data: bytes) -> bytes:
    return struct.pack("<HH", rtype, len(data)) + data


def _unicode(text: str, lenlen: int) -> bytes:
    """A BIFF8 unicode string: length, flags (0: 8-bit chars, 1: UTF-16LE), characters."""
    try:
        raw, flags = text.encode("latin-1"), 0
    except UnicodeEncodeError:
        raw, flags = text.encode("utf-16-le"), 1
    length = struct.pack("<B" if lenlen == 1 else "<H", len(text))
    return length + bytes([flags]) + raw


def _font(name: str) -> bytes:
    # height 13 pt (twips), no options, colour index 0x7FFF, weight 400, no escapement/underline,
    # family 0, charset 0 (ANSI), reserved, then the name.
    return _record(0x0031, struct.pack("<HHHHHBBBB", 260, 0, 0x7FFF, 400, 0, 0, 0, 0, 0) + _unicode(name, 1))


def _xf(font_index: int, format_key: int, style: bool) -> bytes:
    type_par = 0xFFF4 if style else 0x0000
    used = 0 if style else 0xF8
    return _record(
        0x00E0, struct.pack("<HHHBBBBIIH", font_index, format_key, type_par, 0x20, 0, 0, used, 0, 0, 0x20C0)
    )


def _bof(kind: int) -> bytes:
    return _record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0, 0x0006))


EXCEL_EPOCH = dt.date(1899, 12, 30)


def _fonts(sheets: tuple[Sheet, ...]) -> list[str]:
    fonts = [DEFAULT_FONT]
    for spec in sheets:
        for r, row in enumerate(spec.rows, start=1):
            for c, value in enumerate(row, start=1):
                name = spec.font_of(r, c)
                if value is not None and name not in fonts:
                    fonts.append(name)
    while len(fonts) < 4:
        fonts.append(DEFAULT_FONT + " ")  # BIFF skips font index 4: keep the first four slots filled
    return fonts


def _xfs(fonts: list[str]) -> tuple[list[bytes], dict[str, int], dict[str, int]]:
    """XF 0: the style; then per font a text XF and a date XF (format 14)."""
    xf_records = [_xf(0, 0, style=True)]
    text_xf: dict[str, int] = {}
    date_xf: dict[str, int] = {}
    for i, name in enumerate(fonts):
        biff_index = i if i < 4 else i + 1
        text_xf[name] = len(xf_records)
        xf_records.append(_xf(biff_index, 0, style=False))
        date_xf[name] = len(xf_records)
        xf_records.append(_xf(biff_index, 14, style=False))
    return xf_records, text_xf, date_xf


def _cell(r: int, c: int, value: Any, text: int, date: int) -> bytes:
    """NUMBER (dates with the date XF) or LABEL."""
    if isinstance(value, dt.datetime | dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        serial = float((day - EXCEL_EPOCH).days)
        return _record(0x0203, struct.pack("<HHHd", r, c, date, serial))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _record(0x0203, struct.pack("<HHHd", r, c, text, float(value)))
    return _record(0x0204, struct.pack("<HHH", r, c, text) + _unicode(str(value), 2))


def _substream(spec: Sheet, text_xf: dict[str, int], date_xf: dict[str, int]) -> bytes:
    body = [_bof(0x0010)]
    n_rows = len(spec.rows)
    n_cols = max((len(r) for r in spec.rows), default=0)
    body.append(_record(0x0200, struct.pack("<IIHHH", 0, n_rows, 0, n_cols, 0)))
    for r, row in enumerate(spec.rows):
        for c, value in enumerate(row):
            if value is not None:
                name = spec.font_of(r + 1, c + 1)
                body.append(_cell(r, c, value, text_xf[name], date_xf[name]))
    if spec.merges:
        ranges = []
        for merge in spec.merges:
            c0, r0, c1, r1 = range_boundaries(merge)
            ranges.append(struct.pack("<HHHH", r0 - 1, r1 - 1, c0 - 1, c1 - 1))
        body.append(_record(0x00E5, struct.pack("<H", len(ranges)) + b"".join(ranges)))
    body.append(_record(0x000A, b""))
    return b"".join(body)


def xls(*sheets: Sheet) -> bytes:
    fonts = _fonts(sheets)
    xf_records, text_xf, date_xf = _xfs(fonts)
    substreams = [_substream(spec, text_xf, date_xf) for spec in sheets]

    def globals_(offsets: list[int]) -> bytes:
        parts = [
            _bof(0x0005),
            _record(0x0042, struct.pack("<H", 1200)),
            _record(0x0022, struct.pack("<H", 0)),
        ]
        parts += [_font(name) for name in fonts]
        parts += xf_records
        for spec, offset in zip(sheets, offsets, strict=True):
            parts.append(_record(0x0085, struct.pack("<IBB", offset, 0, 0) + _unicode(spec.name, 1)))
        parts.append(_record(0x000A, b""))
        return b"".join(parts)

    head = globals_([0] * len(sheets))  # same length whatever the offsets
    offsets, pos = [], len(head)
    for sub in substreams:
        offsets.append(pos)
        pos += len(sub)
    stream = globals_(offsets) + b"".join(substreams)
    return _compound_file(stream)


def _compound_file(stream: bytes) -> bytes:
    """A version-3 compound file with one stream, "Workbook"."""
    sector = 512
    if len(stream) < 4096:
        stream += b"\0" * (4096 - len(stream))  # above the mini-stream cutoff: plain sectors
    stream_size = len(stream)
    stream += b"\0" * (-len(stream) % sector)
    n_stream = len(stream) // sector
    dir_sector = n_stream
    n_fat = 1
    while n_stream + 1 + n_fat > 128 * n_fat:
        n_fat += 1
    assert n_fat <= 109, "the header's DIFAT lists at most 109 FAT sectors (about 7 MB)"
    fat_sectors = [n_stream + 1 + i for i in range(n_fat)]
    endchain, freesect, fatsect, nostream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [i + 1 for i in range(n_stream - 1)] + [endchain, endchain] + [fatsect] * n_fat
    fat += [freesect] * (128 * n_fat - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)

    def entry(name: str, kind: int, child: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", nostream, nostream, child)
            + b"\0" * 16
            + struct.pack("<I", 0)
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    directory = (
        entry("Root Entry", 5, 1, endchain, 0)
        + entry("Workbook", 2, nostream, 0, stream_size)
        + entry("", 0, nostream, freesect, 0) * 2
    )
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, n_fat, dir_sector, 0, 4096, endchain, 0, endchain, 0)
        + struct.pack("<109I", *(fat_sectors + [freesect] * (109 - n_fat)))
    )
    assert len(header) == 512
    return header + stream + directory + fat_bytes
