"""Reminder letters are numbered by the shared document register (issue 8 item 14: the number was
`count()+1` with a hard-coded fallback, so concurrent letters could share one)."""

from __future__ import annotations

from django.db.models import Count

from dvk.documents.models import Counter, Document
from dvk.plans import services
from dvk.plans.models import UrgeLetter


def test_letters_get_consecutive_register_numbers_and_rows(issued_plan, persona):
    plan = issued_plan(due_in=-2)
    tinh = persona("tinh.bdv")
    late = list(plan.assignments.all())
    first = services.urge(by=tinh, plan=plan, assignments=late[:1], token="a")
    second = services.urge(by=tinh, plan=plan, assignments=late[1:2], token="b")
    again = services.urge(by=tinh, plan=plan, assignments=late[1:2], token="b")  # the same form twice
    assert again.pk == second.pk
    n1, n2 = first.document.sequence, second.document.sequence
    assert n2 == n1 + 1
    assert first.number == first.document.number == f"{n1:02d}-CV/BTGDVTU"
    assert second.document.subject == second and second.document.doc_type == "CV"
    assert second.document.title == second.subject and second.document.recipients == ["Như trên"]
    counter = Counter.objects.get(organisation=plan.organisation, doc_type="CV", year=first.sent_on.year)
    assert counter.last_number == n2
    # no two letters (or register rows) share a number
    assert not UrgeLetter.objects.values("organisation", "number").annotate(n=Count("id")).filter(n__gt=1)
    assert not (
        Document.objects.filter(sequence__isnull=False)
        .values("organisation", "doc_type", "year", "sequence")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )


def test_letter_layout_comes_from_the_register(client_for, issued_plan, persona):
    import io

    import docx

    plan = issued_plan(due_in=-2)
    letter = services.urge(by=persona("tinh.bdv"), plan=plan, assignments=list(plan.assignments.all())[:1])
    content = client_for("tinh.bdv").get(f"/ke-hoach/nhac-viec/{letter.pk}/van-ban.docx").content
    header = docx.Document(io.BytesIO(content)).tables[0].rows[0].cells
    left = [p.text for p in header[0].paragraphs if p.text]
    assert left[:4] == [
        "ĐẢNG BỘ TỈNH PHÚ THỌ",
        "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY PHÚ THỌ",
        "*",
        f"Số {letter.number}",
    ]
    assert letter.subject in left
    closing = docx.Document(io.BytesIO(content)).tables[-1].rows[0].cells
    assert [p.text for p in closing[0].paragraphs if p.text] == ["Nơi nhận:", "- Như trên", "- Lưu BTGDVTU."]
    assert [p.text for p in closing[1].paragraphs if p.text][:2] == ["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]
