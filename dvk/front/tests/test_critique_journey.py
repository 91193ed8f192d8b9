"""A critique from draft to the published response table, over HTTP and the API with the demo
accounts: duthao.so (drafting body) sends a draft pasted as text → mttq.tinh decides (conference,
lead, window, public comments, invites Hội LHPN) → hoiphunu.tinh comments on an article over HTTP,
an expert's opinion is recorded by the Front over the API, a visitor comments on the public page
(honeypot and rate limit; shown only after moderation) → the conference's 7 steps and minutes →
the critique document is numbered → the drafting body answers; completion is refused until every
comment has an answer → version 2 records which comments changed which article, with a diff per
article → published: the table is public, and exports as DOCX and XLSX."""

from __future__ import annotations

import datetime as dt
import io

import docx
import openpyxl
from django.test import Client
from django.utils import timezone

from dvk.audit.models import AuditEvent
from dvk.front.demo import DRAFT_V1, DRAFT_V2
from dvk.front.models import Comment, Critique, DraftUnit
from dvk.organisations.models import Organisation


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def test_a_critique_from_draft_to_the_published_response_table(
    client_for, api_for, persona, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    drafter = client_for("duthao.so")
    mttq = client_for("mttq.tinh")
    api_mttq = api_for("mttq.tinh")
    api_drafter = api_for("duthao.so")

    # 1. The drafting body sends the draft with its explanatory note (HTML, pasted text).
    with django_capture_on_commit_callbacks(execute=True):
        response = drafter.post(
            "/mat-tran/phan-bien/moi/",
            {
                "drafting_body": org("PT-SNNMT").pk,
                "front": org("PT-MTTQ").pk,
                "title": "Dự thảo Nghị quyết kiểm thử",
                "explanatory_note": "Tờ trình kiểm thử.",
                "text": DRAFT_V1,
                "publish_required": "on",
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    critique = Critique.objects.get(title="Dự thảo Nghị quyết kiểm thử")
    units = {u.key: u for u in critique.versions.get(number=1).units.all()}
    assert {"pre", "ci", "d1", "d2", "d2/k1", "d3/k1", "d4/k2/pa", "d4/k2/pb", "d5"} <= set(units)
    assert units["d4/k2/pb"].label == "Điều 4, khoản 2, điểm b"
    assert critique.stage == "received" and critique.drafting_path == org("PT-SNNMT").path

    # 2. The Front decides: conference, lead, window, public comments, invites Hội LHPN.
    step = f"/mat-tran/phan-bien/{critique.pk}/buoc/accept/"
    assert drafter.get(step).status_code == 403  # visible to the drafting body, not its decision
    with django_capture_on_commit_callbacks(execute=True):
        response = mttq.post(
            step,
            {
                "form": "conference",
                "lead": persona("mttq.tinh").pk,
                "window_opens": today.isoformat(),
                "window_closes": (today + dt.timedelta(days=10)).isoformat(),
                "public_comments": "on",
                "invite": [org("PT-HLHPN").pk],
                "experts": "PGS.TS. Nguyễn Văn Bảy",
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    critique.refresh_from_db()
    assert critique.stage == "collecting" and critique.form == "conference" and critique.public_comments
    assert persona("hoiphunu.tinh").notifications.filter(kind="front.critique").exists()

    # 3. Comments: the invited member organisation (HTML), an expert recorded by the Front (API).
    phunu = client_for("hoiphunu.tinh")
    page = phunu.get(f"/mat-tran/phan-bien/{critique.pk}/")
    assert page.status_code == 200 and "comment-form" in page.content.decode()
    assert (
        phunu.post(
            f"/mat-tran/phan-bien/{critique.pk}/gop-y/",
            {"unit": units["d3/k1"].pk, "text": "Đề nghị hỗ trợ 70% cho hộ nghèo."},
        ).status_code
        == 302
    )
    member_comment = Comment.objects.get(critique=critique, text="Đề nghị hỗ trợ 70% cho hộ nghèo.")
    assert member_comment.organisation.code == "PT-HLHPN" and member_comment.source == "member"
    expert = api_mttq.post(
        f"/api/v1/front/critiques/{critique.pk}/comments",
        {
            "unit_id": units["d4/k2/pb"].pk,
            "text": "Giảm quy mô xuống 5 ha cho xã miền núi.",
            "source": "expert",
            "author_name": "PGS.TS. Nguyễn Văn Bảy",
        },
        content_type="application/json",
    )
    assert expert.status_code == 201, expert.content
    # Not invited: a commune officer cannot comment; another body does not even see the draft.
    assert client_for("xa.a").get(f"/mat-tran/phan-bien/{critique.pk}/").status_code == 404

    # 4. The public page: honeypot, moderation, rate limit.
    visitor = Client()
    public = visitor.get(f"/phan-bien-xa-hoi/{critique.pk}/")
    assert public.status_code == 200 and "public-comment" in public.content.decode()
    visitor.post(f"/phan-bien-xa-hoi/{critique.pk}/gop-y/", {"text": "spam", "website": "http://x"})
    assert not Comment.objects.filter(critique=critique, text="spam").exists()
    visitor.post(
        f"/phan-bien-xa-hoi/{critique.pk}/gop-y/",
        {"unit": units["d5"].pk, "text": "Đề nghị giao Sở chủ trì hướng dẫn.", "author_name": "Lê Văn Dân"},
    )
    public_comment = Comment.objects.get(critique=critique, source="public")
    assert public_comment.moderation == "pending"
    assert "Đề nghị giao Sở chủ trì" not in visitor.get(f"/phan-bien-xa-hoi/{critique.pk}/").content.decode()
    for i in range(6):
        visitor.post(f"/phan-bien-xa-hoi/{critique.pk}/gop-y/", {"text": f"Ý kiến lặp {i}"})
    assert Comment.objects.filter(critique=critique, source="public").count() == 5  # 5 per address per window
    # The drafting body does not see comments awaiting moderation; the Front does.
    assert (
        "Đề nghị giao Sở chủ trì" not in drafter.get(f"/mat-tran/phan-bien/{critique.pk}/").content.decode()
    )
    assert "Đề nghị giao Sở chủ trì" in mttq.get(f"/mat-tran/phan-bien/{critique.pk}/").content.decode()

    # 5. The critique document cannot be issued before the conference and the moderation.
    refused = api_mttq.post(
        f"/api/v1/front/critiques/{critique.pk}/document",
        {"text": "Văn bản phản biện."},
        content_type="application/json",
    )
    assert refused.status_code == 409
    steps = {f"step_{i}": "on" for i in range(1, 8)} | {"note_4": "6 ý kiến phát biểu."}
    incomplete = mttq.post(
        f"/mat-tran/phan-bien/{critique.pk}/buoc/hold_conference/",
        {
            "held_on": today.isoformat(),
            "chair": "Trần Văn Bình",
            "minutes": "Biên bản.",
            **{k: v for k, v in steps.items() if k != "step_6"},
        },
    )
    assert incomplete.status_code == 422 and "7 bước" in incomplete.content.decode()
    assert (
        mttq.post(
            f"/mat-tran/phan-bien/{critique.pk}/buoc/hold_conference/",
            {
                "held_on": today.isoformat(),
                "place": "Hội trường",
                "chair": "Trần Văn Bình",
                "minutes": "Biên bản hội nghị.",
                **steps,
            },
        ).status_code
        == 302
    )
    for c in Comment.objects.filter(critique=critique, source="public").exclude(pk=public_comment.pk):
        assert mttq.post(f"/mat-tran/gop-y/{c.pk}/kiem-duyet/reject/").status_code == 302
    still = api_mttq.post(
        f"/api/v1/front/critiques/{critique.pk}/document",
        {"text": "Văn bản."},
        content_type="application/json",
    )
    assert still.status_code == 409 and "kiểm duyệt" in still.json()["detail"]
    assert (
        api_mttq.post(
            f"/api/v1/front/comments/{public_comment.pk}/moderate",
            {"approve": True},
            content_type="application/json",
        ).status_code
        == 200
    )
    with django_capture_on_commit_callbacks(execute=True):
        sent = api_mttq.post(
            f"/api/v1/front/critiques/{critique.pk}/document",
            {"text": "Ủy ban MTTQ tỉnh đề nghị tiếp thu các ý kiến sau…", "document_date": today.isoformat()},
            content_type="application/json",
        )
    assert sent.status_code == 200, sent.content
    number = sent.json()["document_number"]
    assert (
        number.endswith("/MTTQ-BTT")
        and sent.json()["answer_due_on"] == (today + dt.timedelta(days=15)).isoformat()
    )
    assert persona("duthao.so").notifications.filter(title__contains=number).exists()

    # 6. The drafting body answers; completion is refused while any shown comment has no answer.
    shown = list(Comment.objects.filter(critique=critique, moderation="approved").order_by("order", "id"))
    assert len(shown) == 3
    refused = drafter.post(f"/mat-tran/phan-bien/{critique.pk}/hanh-dong/complete/", follow=True)
    assert "3 ý kiến chưa được trả lời" in refused.content.decode()
    assert (
        api_drafter.post(
            f"/api/v1/front/comments/{shown[1].pk}/answer",
            {"answer": "partly"},
            content_type="application/json",
        ).status_code
        == 422
    )  # partly accepted needs an explanation
    assert (
        api_drafter.post(
            f"/api/v1/front/comments/{member_comment.pk}/answer",
            {"answer": "accepted", "explanation": "Đã bổ sung."},
            content_type="application/json",
        ).status_code
        == 200
    )
    assert (
        drafter.post(
            f"/mat-tran/gop-y/{expert.json()['id']}/tra-loi/",
            {"answer": "partly", "explanation": "Tiếp thu cho xã miền núi."},
        ).status_code
        == 302
    )
    assert (
        mttq.post(f"/mat-tran/gop-y/{public_comment.pk}/tra-loi/", {"answer": "accepted"}).status_code == 403
    )
    still = api_drafter.post(
        f"/api/v1/front/critiques/{critique.pk}/actions/complete", {}, content_type="application/json"
    )
    assert still.status_code == 409 and "1 ý kiến" in still.json()["detail"]
    drafter.post(
        f"/mat-tran/gop-y/{public_comment.pk}/tra-loi/",
        {"answer": "not_accepted", "explanation": "Đã quy định tại Điều 5."},
    )

    # 7. Version 2: the diff per article, and which comments changed which article.
    assert (
        drafter.post(
            f"/mat-tran/phan-bien/{critique.pk}/phien-ban/moi/", {"text": DRAFT_V2, "note": "Tiếp thu."}
        ).status_code
        == 302
    )
    diff = api_drafter.get(f"/api/v1/front/critiques/{critique.pk}/versions/2/diff").json()
    changed = {d["key"]: d for d in diff if d["status"] != "unchanged"}
    assert set(changed) == {"d3", "d4"}
    row = next(r for r in changed["d3"]["rows"] if r["tag"] == "replace")
    assert "<ins>" in row["new"] and "70%" in row["new"] and "70%" not in row["old"]
    page = drafter.get(f"/mat-tran/phan-bien/{critique.pk}/phien-ban/2/")
    assert page.status_code == 200 and page.context["changed"] == 2
    d3 = DraftUnit.objects.get(version__critique=critique, version__number=2, key="d3")
    d4 = DraftUnit.objects.get(version__critique=critique, version__number=2, key="d4")
    assert (
        drafter.post(
            f"/mat-tran/phan-bien/{critique.pk}/phien-ban/2/",
            {f"unit_{d3.pk}": [member_comment.pk], f"unit_{d4.pk}": [expert.json()["id"]]},
        ).status_code
        == 302
    )
    assert list(d3.changed_by.all()) == [member_comment]
    assert (
        api_drafter.put(
            f"/api/v1/front/critiques/{critique.pk}/versions/2/links",
            {"links": {str(d3.pk): [999999]}},
            content_type="application/json",
        ).status_code
        == 422
    )

    # 8. Complete and publish; the table is public and exports.
    assert drafter.post(f"/mat-tran/phan-bien/{critique.pk}/hanh-dong/complete/").status_code == 302
    assert (
        api_drafter.post(
            f"/api/v1/front/critiques/{critique.pk}/actions/publish", {}, content_type="application/json"
        ).json()["stage"]
        == "published"
    )
    critique.refresh_from_db()
    assert critique.published_on == today
    table = visitor.get(f"/phan-bien-xa-hoi/{critique.pk}/bang-tiep-thu/")
    html = table.content.decode()
    assert table.status_code == 200 and "Tiếp thu một phần" in html and "Điều 3 (v2)" in html
    assert "Ý kiến lặp" not in html  # rejected public comments are never shown
    listing = api_mttq.get(f"/api/v1/front/critiques/{critique.pk}/table").json()
    assert [c["answer"] for c in listing] == ["accepted", "partly", "not_accepted"]

    word = drafter.get(f"/mat-tran/phan-bien/{critique.pk}/bang-tiep-thu.docx")
    assert word.status_code == 200 and word["Content-Type"].startswith("application/vnd.openxmlformats")
    cells = [c.text for c in docx.Document(io.BytesIO(word.content)).tables[0].rows[1].cells]
    assert cells[1] == "Điều 3, khoản 1" and cells[4] == "Tiếp thu" and "Điều 3" in cells[6]
    excel = mttq.get(f"/mat-tran/phan-bien/{critique.pk}/bang-tiep-thu.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(excel.content)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, r in enumerate(values) if r[0] == "STT")
    assert [r[4] for r in values[header + 1 : header + 4]] == [
        "Tiếp thu",
        "Tiếp thu một phần",
        "Không tiếp thu",
    ]
    actions = set(
        AuditEvent.objects.filter(
            target_id=str(critique.pk), action__startswith="front.critique."
        ).values_list("action", flat=True)
    )
    assert {
        "front.critique.request",
        "front.critique.accept",
        "front.critique.hold_conference",
        "front.critique.send",
        "front.critique.complete",
        "front.critique.publish",
        "front.critique.version",
        "front.critique.links",
    } <= actions


def test_a_draft_from_a_word_file_is_split_into_articles(client_for):
    document = docx.Document()
    document.add_paragraph("DỰ THẢO QUYẾT ĐỊNH")
    document.add_paragraph("Điều 1. Phạm vi", style="Heading 2")
    document.add_paragraph("Quyết định này áp dụng cho các xã.")
    document.add_paragraph("Điều 2. Hiệu lực", style="Heading 2")
    document.add_paragraph("1. Có hiệu lực từ ngày ký.")
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    buffer.name = "du-thao.docx"
    response = client_for("duthao.so").post(
        "/mat-tran/phan-bien/moi/",
        {
            "drafting_body": org("PT-SNNMT").pk,
            "front": org("PT-MTTQ").pk,
            "title": "Dự thảo từ Word",
            "docx": buffer,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    critique = Critique.objects.get(title="Dự thảo từ Word")
    version = critique.versions.get()
    assert version.source == "docx"
    assert list(version.units.values_list("key", flat=True)) == ["pre", "d1", "d2", "d2/k1"]


def test_bad_input_is_a_vietnamese_message_not_a_server_error(client_for, api_for):
    drafter = client_for("duthao.so")
    response = drafter.post(
        "/mat-tran/phan-bien/moi/",
        {
            "drafting_body": org("PT-SNNMT").pk,
            "front": org("PT-MTTQ").pk,
            "title": "X",
            "text": "chỉ một dòng chữ",
        },
    )
    assert response.status_code == 200 and "Không tìm thấy điều" in response.content.decode()
    bad = io.BytesIO(b"not a zip")
    bad.name = "x.docx"
    response = drafter.post(
        "/mat-tran/phan-bien/moi/",
        {"drafting_body": org("PT-SNNMT").pk, "front": org("PT-MTTQ").pk, "title": "X", "docx": bad},
    )
    assert response.status_code == 200 and "Word" in response.content.decode()
    api = api_for("duthao.so")
    r = api.post(
        "/api/v1/front/critiques",
        {
            "drafting_body_id": org("PT-SNNMT").pk,
            "front_id": org("PT-SNV").pk,
            "title": "X",
            "text": "Điều 1. A",
        },
        content_type="application/json",
    )
    assert r.status_code == 422
    r = api.post("/api/v1/front/critiques", {"drafting_body_id": "x"}, content_type="application/json")
    assert r.status_code == 422


def test_a_comment_posted_twice_with_its_form_token_is_recorded_once(client_for):
    critique = Critique.objects.get(stage="collecting")
    phunu = client_for("hoiphunu.tinh")
    form = {"text": "Ý kiến gửi hai lần.", "form_token": "tok-front-1"}
    for _ in range(2):
        assert phunu.post(f"/mat-tran/phan-bien/{critique.pk}/gop-y/", form).status_code == 302
    assert Comment.objects.filter(critique=critique, text="Ý kiến gửi hai lần.").count() == 1


def test_the_critique_document_is_numbered_in_the_register_and_laid_out(client_for):
    from dvk.documents.models import Document

    critique = Critique.objects.get(stage="published")
    registered = Document.objects.get(pk=critique.document_id)
    assert registered.number == critique.document_number and registered.organisation.code == "PT-MTTQ"
    response = client_for("duthao.so").get(f"/mat-tran/phan-bien/{critique.pk}/van-ban-phan-bien.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Kính gửi: Sở Nông nghiệp và Môi trường tỉnh Phú Thọ" in text
    assert (
        client_for("xa.b").get(f"/mat-tran/phan-bien/{critique.pk}/van-ban-phan-bien.docx").status_code == 404
    )
