"""Word and Excel files of the citizens module, laid out by the shared kit (dvk.documents.layout):
the periodic monitoring report (BC) and the reminder letter (công văn đôn đốc, CV) for overdue
cases, each numbered in the issuing body's register (dvk.documents.services.issue)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from dvk.citizens.models import Case
from dvk.citizens.workflow import Kind
from dvk.documents import layout, numbering
from dvk.documents.layout import CENTER
from dvk.documents.models import Document

KIND_LABELS: dict[str, str] = {k: str(v) for k, v in Kind.choices}


def _table(doc: Any, header: list[str], rows: Iterable[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        layout.cell_text(cell, text, size=12, bold=True, align=CENTER)
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            layout.cell_text(cell, str(text), size=12)


def report_docx(document: Document, data: dict[str, Any], since: dt.date, until: dt.date) -> bytes:
    doc = layout.new_document()
    layout.header(doc, layout.heading_for(document))
    layout.title(doc, "Báo cáo", document.title)
    t = data["totals"]
    layout.para(
        doc,
        (
            f"Từ ngày {since:%d/%m/%Y} đến ngày {until:%d/%m/%Y}, các cơ quan, đơn vị trong phạm vi theo dõi "
            f"đã tiếp nhận {t['total']} vụ việc (kiến nghị, phản ánh, khiếu nại, tố cáo); đang giải quyết "
            f"{t['open']}, trong đó quá hạn {t['overdue']}; đã giải quyết xong {t['finished']}, "
            f"trong đó đúng hạn {t['on_time']}. Có {t['crowd']} vụ việc đông người, {t['complex']} vụ việc "
            f"phức tạp và {t['prolonged']} vụ việc kéo dài."
        ),
        space_after=6,
    )
    layout.para(doc, "1. Theo loại đơn", space_after=3)
    _table(
        doc,
        ["Loại", "Số vụ việc"],
        ([KIND_LABELS.get(r["kind"], r["kind"]), r["n"]] for r in data["by_kind"]),
    )
    layout.para(doc, "2. Theo cơ quan, đơn vị", space_after=3)
    _table(
        doc,
        ["Cơ quan, đơn vị", "Tiếp nhận", "Đang giải quyết", "Quá hạn", "Đông người", "Kéo dài"],
        (
            [r["organisation__name"], r["n"], r["open"], r["overdue"], r["crowd"], r["prolonged"]]
            for r in data["by_body"]
        ),
    )
    layout.para(doc, "3. Theo lĩnh vực", space_after=3)
    _table(
        doc,
        ["Lĩnh vực", "Số vụ việc"],
        ([r["field__name"] or "Chưa phân loại", r["n"]] for r in data["by_field"]),
    )
    layout.para(doc, "")
    layout.signature(
        doc, layout.signature_for(document), archive=numbering.abbreviation_for(document.organisation)
    )
    return layout.to_bytes(doc)


def urge_docx(document: Document, cases: list[Case]) -> bytes:
    issuer = document.organisation
    doc = layout.new_document()
    layout.header(doc, layout.heading_for(document, summary_under_number=document.title))
    bodies = sorted({c.organisation.name for c in cases})
    layout.para(doc, "Kính gửi:", align=CENTER, space_after=0)
    for name in bodies:
        layout.para(doc, f"- {name},", align=CENTER, space_after=0)
    layout.para(doc, "")
    layout.para(
        doc,
        (
            f"Qua theo dõi việc giải quyết kiến nghị, phản ánh, khiếu nại, tố cáo của công dân, {issuer.name} "
            "nhận thấy các vụ việc sau đã quá thời hạn giải quyết theo quy định của pháp luật:"
        ),
        space_after=6,
    )
    _table(
        doc,
        ["TT", "Số đơn", "Loại", "Cơ quan giải quyết", "Hạn"],
        (
            [
                str(i),
                c.letter.receipt_number,
                KIND_LABELS.get(c.kind, c.kind),
                c.organisation.name,
                f"{c.due_on:%d/%m/%Y}" if c.due_on else "",
            ]
            for i, c in enumerate(cases, 1)
        ),
    )
    layout.para(
        doc,
        (
            f"{issuer.name} đề nghị các cơ quan, đơn vị khẩn trương chỉ đạo giải quyết dứt điểm, "
            "trả lời công dân và báo cáo kết quả về Ban trong thời gian sớm nhất."
        ),
        space_after=12,
    )
    layout.signature(doc, layout.signature_for(document), archive=numbering.abbreviation_for(issuer))
    return layout.to_bytes(doc)


def monitoring_workbook(data: dict[str, Any], since: dt.date, until: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    ws.append([f"Theo dõi giải quyết đơn thư từ {since:%d/%m/%Y} đến {until:%d/%m/%Y}"])
    ws["A1"].font = Font(bold=True, name="Times New Roman", size=13)
    labels = {
        "total": "Tiếp nhận",
        "open": "Đang giải quyết",
        "overdue": "Quá hạn",
        "finished": "Đã giải quyết",
        "on_time": "Đúng hạn",
        "late_finished": "Trễ hạn",
        "crowd": "Đông người",
        "complex": "Phức tạp",
        "prolonged": "Kéo dài",
    }
    for key, label in labels.items():
        ws.append([label, data["totals"].get(key) or 0])
    body = wb.create_sheet("Theo cơ quan")
    body.append(["Cơ quan, đơn vị", "Tiếp nhận", "Đang giải quyết", "Quá hạn", "Đông người", "Kéo dài"])
    for r in data["by_body"]:
        body.append([r["organisation__name"], r["n"], r["open"], r["overdue"], r["crowd"], r["prolonged"]])
    kinds = wb.create_sheet("Theo loại")
    kinds.append(["Loại", "Số vụ việc"])
    for r in data["by_kind"]:
        kinds.append([str(KIND_LABELS.get(r["kind"], r["kind"])), r["n"]])
    fields = wb.create_sheet("Theo lĩnh vực")
    fields.append(["Lĩnh vực", "Số vụ việc"])
    for r in data["by_field"]:
        fields.append([r["field__name"] or "Chưa phân loại", r["n"]])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
