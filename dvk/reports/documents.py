"""The report as a Word file on the shared template (dvk.documents.kinds.report): a draft with a
blank number for the officer to edit, or the issued document with its register number. When an
edited draft was uploaded, the issued document is that file with the number and date written in
(dvk.documents.layout.stamp)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from dvk.documents import kinds, layout, numbering
from dvk.documents.kinds import Grid, Part, Text
from dvk.reports.models import PeriodicReport

PLACEHOLDER = "[Nội dung do cơ quan soạn thảo bổ sung.]"


def _paragraphs(text: str, placeholder: str) -> list[kinds.Block]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return list(lines) if lines else [Text(placeholder, italic=True)]


def figure_blocks(figures: list[dict[str, Any]]) -> list[kinds.Block]:
    """Every domain's section: its figures as a two-column table, then its tables."""
    blocks: list[kinds.Block] = []
    for i, section in enumerate(figures, start=1):
        blocks.append(Part(f"{i}. {section['title']}"))
        rows = [
            [f["label"], f["value"] if f["value"] is not None else None, f.get("unit", "")]
            for f in section["figures"]
        ]
        if rows:
            blocks.append(Grid(["Chỉ tiêu", "Số liệu", "Đơn vị"], rows))
        for table in section["tables"]:
            if not table["rows"]:
                continue
            blocks.append(Text(table["title"], bold=True))
            blocks.append(Grid(table["columns"], table["rows"]))
    return blocks


def blocks_for(report: PeriodicReport) -> list[kinds.Block]:
    return [
        Text(
            f"Thời gian báo cáo: từ ngày {report.period_start:%d/%m/%Y} đến ngày {report.period_end:%d/%m/%Y}.",
            italic=True,
        ),
        Part("I. TÌNH HÌNH VÀ KẾT QUẢ THỰC HIỆN"),
        *_paragraphs(report.situation, PLACEHOLDER),
        Part("Số liệu của các lĩnh vực"),
        *figure_blocks(report.figures),
        Part("II. HẠN CHẾ, NGUYÊN NHÂN"),
        *_paragraphs(report.limitations, PLACEHOLDER),
        Part("III. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"),
        *_paragraphs(report.tasks_ahead, PLACEHOLDER),
        Part("IV. KIẾN NGHỊ, ĐỀ XUẤT"),
        *_paragraphs(report.proposals, PLACEHOLDER),
    ]


def draft_docx(report: PeriodicReport) -> bytes:
    """The draft: the body's header with the number left blank, today's date, every figure."""
    body = report.organisation
    heading = layout.draft_heading(body, doc_type="BC", day=timezone.localdate())
    capacity, capacity_of, position = numbering.signing_for(body)
    sign = layout.Signature(position=position, capacity=capacity, capacity_of=capacity_of)
    doc = kinds.report(
        heading,
        summary=report.title,
        blocks=blocks_for(report),
        sign=sign,
        archive=numbering.abbreviation_for(body),
    )
    return layout.to_bytes(doc)


def issued_docx(report: PeriodicReport, *, edited: bytes | None = None) -> bytes:
    """The issued report: the uploaded draft stamped with the number and date, or the generated
    document with its register row's header and signature."""
    document = report.document
    assert document is not None  # noqa: S101 - only called for an issued report
    registered = kinds.registered(document)
    if edited is not None:
        try:
            return layout.stamp(edited, registered.heading)
        except ValueError:
            pass  # an unreadable upload: fall back on the generated document
    doc = kinds.report(
        registered.heading,
        summary=report.title,
        blocks=blocks_for(report),
        sign=registered.sign,
        archive=registered.archive,
    )
    return layout.to_bytes(doc)
