"""The "đôn đốc" letter (công văn) as a Word file, on the shared template (dvk.documents.kinds.letter:
the issuer's header with its number from the register and the "V/v …" line, "Kính gửi", the table
of late tasks, the signature block and "Nơi nhận")."""

from __future__ import annotations

from dvk.documents import kinds, layout, numbering
from dvk.plans.models import UrgeLetter


def _heading(letter: UrgeLetter) -> layout.Heading:
    if letter.document_id:
        return layout.heading_for(letter.document, summary_under_number=letter.subject)  # type: ignore[arg-type]
    body = letter.organisation
    form = numbering.form_for(body)
    return layout.Heading(  # a letter of a half-loaded database: its own number, the same rules
        form=form,
        superior=numbering.superior_line(body),
        issuer=body.name.upper(),
        number_line=numbering.number_line(form, letter.number),
        place_date=numbering.date_line(numbering.place_for(body), letter.sent_on),
        summary_under_number=letter.subject,
    )


def reminder_letter(letter: UrgeLetter) -> bytes:
    """Công văn đôn đốc on the shared template (dvk.documents.kinds.letter)."""
    issuer = letter.organisation
    plan = letter.plan
    when = f", ngày {plan.issued_on:%d/%m/%Y}" if plan.issued_on else ""
    rows = [
        [i, a.organisation.name, a.task.short_title, a.due_on.strftime("%d/%m/%Y") if a.due_on else ""]
        for i, a in enumerate(
            letter.assignments.select_related("organisation", "task").order_by("org_path"), 1
        )
    ]
    blocks: list[kinds.Block] = [
        f"Thực hiện Kế hoạch số {plan.number}{when} về {plan.title[0].lower() + plan.title[1:]}, "
        f"{issuer.name} đã giao nhiệm vụ và đề nghị các cơ quan, đơn vị báo cáo kết quả thực hiện. "
        "Đến nay, các cơ quan, đơn vị sau chưa hoàn thành hoặc chưa báo cáo đúng thời hạn:",
        kinds.Grid(["TT", "Cơ quan, đơn vị", "Nhiệm vụ", "Hạn"], rows),
        *([letter.message] if letter.message else []),
        f"{issuer.name} đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện và gửi báo cáo kết quả "
        "qua phần mềm Dân vận khéo trong thời gian sớm nhất.",
    ]
    if letter.document_id:
        block = layout.signature_for(letter.document)  # type: ignore[arg-type]
    else:
        capacity, capacity_of, position = numbering.signing_for(issuer)
        block = layout.Signature(
            position=position, capacity=capacity, capacity_of=capacity_of, recipients=("Như trên",)
        )
    doc = kinds.letter(
        _heading(letter),
        to=[org.name for org in letter.recipients.order_by("path")],
        blocks=blocks,
        sign=block,
        archive=numbering.abbreviation_for(issuer),
    )
    return layout.to_bytes(doc)
