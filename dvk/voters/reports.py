"""The per-session report as Word (State layout of dvk.documents) and Excel files."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from dvk.documents import layout
from dvk.voters.models import Level, PetitionField
from dvk.voters.selectors import SessionReport
from dvk.voters.workflow import Outcome

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_MIME = layout.DOCX_MIME


def status_labels() -> dict[str, str]:
    return {
        "recorded": _("Recorded, not yet classified"),
        "classified": _("Classified, not yet forwarded"),
        "forwarded": _("Forwarded, awaiting answer"),
        Outcome.RESOLVED: _("Resolved"),
        Outcome.ROADMAP: _("Being resolved (roadmap)"),
        Outcome.CANNOT: _("Cannot be resolved"),
        Outcome.EXPLAINED: _("Explained"),
        "repeat": _("Repeat of another petition"),
    }


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%".replace(".", ",")


def summary_rows(rep: SessionReport) -> list[tuple[str, str]]:
    return [
        (_("Voter meetings"), str(rep.meetings)),
        (_("Voters present"), str(rep.voters_present)),
        (_("Opinions and petitions followed at this session"), str(rep.total)),
        (_("of which petitions"), str(rep.petitions)),
        (_("of which opinions"), str(rep.opinions)),
        (_("Raised for this session"), str(rep.raised_here)),
        (_("Carried over from earlier sessions"), str(rep.carried_in)),
        (_("Carried over to the next session"), str(rep.carried_out)),
        (_("Forwards to answering bodies"), str(rep.forwarded)),
        (_("Answered"), str(rep.answered)),
        (_("Answered on time"), str(rep.on_time)),
        (_("Overdue, not answered"), str(rep.overdue)),
        (_("On-time rate"), _rate(rep.on_time_rate)),
        (_("Voters satisfied"), str(rep.satisfied)),
        (_("Voters not satisfied"), str(rep.unsatisfied)),
    ]


def body_header() -> list[str]:
    return [
        _("Answering body"),
        _("Forwarded"),
        _("Answered"),
        _("On time"),
        _("Late"),
        _("Overdue"),
        _("On-time rate"),
    ]


def docx(rep: SessionReport) -> bytes:
    session = rep.session
    doc = layout.new_document()
    layout.header(
        doc,
        layout.draft_heading(session.organisation, doc_type="BC", day=timezone.localdate()),
    )
    layout.title(
        doc,
        _("Report"),
        _("Results of handling voters' opinions and petitions — %(session)s") % {"session": session.title},
    )
    layout.para(doc, _("I. General figures"), bold=True)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in summary_rows(rep):
        cells = table.add_row().cells
        layout.cell_text(cells[0], label)
        layout.cell_text(cells[1], value, align=layout.RIGHT)
    layout.para(doc, _("II. By status"), bold=True)
    labels = status_labels()
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    layout.cell_text(table.rows[0].cells[0], _("Status"), bold=True)
    layout.cell_text(table.rows[0].cells[1], _("Count"), bold=True)
    for key, n in rep.by_status.items():
        cells = table.add_row().cells
        layout.cell_text(cells[0], labels[key])
        layout.cell_text(cells[1], str(n), align=layout.RIGHT)
    layout.para(doc, _("III. By answering body"), bold=True)
    header = body_header()
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, header, strict=True):
        layout.cell_text(cell, heading, bold=True, size=11)
    for b in rep.bodies:
        cells = table.add_row().cells
        values = [str(v) for v in (b.name, b.forwarded, b.answered, b.on_time, b.late, b.overdue)]
        for row_cell, value in zip(cells, [*values, _rate(b.on_time_rate)], strict=True):
            layout.cell_text(row_cell, value, size=11)
    layout.para(doc, _("IV. By field and competent level"), bold=True)
    fields, levels = dict(PetitionField.choices), dict(Level.choices)
    for key, n in rep.by_field.items():
        layout.para(doc, f"- {fields.get(key, key)}: {n}")
    for key, n in rep.by_level.items():
        layout.para(doc, f"- {levels.get(key, key)}: {n}")
    layout.signature(
        doc,
        layout.Signature(
            position=_("Standing committee of the People's Council").upper(),
            recipients=(_("Standing committee of the People's Council"), _("Fatherland Front committee")),
        ),
        archive="VT",
    )
    return layout.to_bytes(doc)


def xlsx(rep: SessionReport) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Summary")[:31]
    bold = Font(bold=True)
    ws.append([str(rep.session.organisation), rep.session.title])
    ws["A1"].font = bold
    ws.append([])
    for label, value in summary_rows(rep):
        ws.append([label, value])
    ws.append([])
    ws.append([_("Status"), _("Count")])
    labels = status_labels()
    for key, n in rep.by_status.items():
        ws.append([labels[key], n])
    wb_bodies = wb.create_sheet(_("By answering body")[:31])
    wb_bodies.append(body_header())
    for cell in wb_bodies[1]:
        cell.font = bold
    for b in rep.bodies:
        wb_bodies.append([b.name, b.forwarded, b.answered, b.on_time, b.late, b.overdue, b.on_time_rate])
    ws.column_dimensions["A"].width = 55
    wb_bodies.column_dimensions["A"].width = 55
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
