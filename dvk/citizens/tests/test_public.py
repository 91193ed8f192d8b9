"""The public intake (honeypot, hourly limit, one letter per form token or Idempotency-Key) and
the lookup by code and phone (stage, handling body, published answer; nothing else)."""

from __future__ import annotations

import pytest
from django.test import Client

from dvk.citizens import services
from dvk.citizens.models import Letter, Policy
from dvk.citizens.workflow import Kind

URL = "/gui-kien-nghi-phan-anh/"


@pytest.fixture
def form_data(org):
    def make(**kw):
        data = {
            "organisation": org("PT-UBND-04897").pk,
            "kind": Kind.REFLECTION,
            "name": "Quách Văn Công Khai",
            "phone": "0933444555",
            "summary": "Đường vào xóm Quang Tiến bị sạt lở sau mưa lớn, đề nghị khắc phục sớm.",
            "form_token": "token-public-1",
        }
        data.update(kw)
        return data

    return make


def test_double_submit_creates_one_letter(form_data):
    client = Client()
    before = Letter.objects.count()
    first = client.post(URL, form_data())
    second = client.post(URL, form_data())
    assert first.status_code == second.status_code == 302
    assert Letter.objects.count() == before + 1
    done = client.get("/gui-kien-nghi-phan-anh/da-gui/")
    letter = Letter.objects.order_by("-id").first()
    assert letter.lookup_code in done.content.decode()
    assert letter.channel == "public_form" and letter.cases.get().stage == "classifying"


def test_idempotency_key_header(form_data):
    client = Client()
    before = Letter.objects.count()
    for _ in range(2):
        client.post(URL, form_data(form_token=""), headers={"Idempotency-Key": "abc-123"})
    assert Letter.objects.count() == before + 1


def test_honeypot_creates_nothing(form_data):
    before = Letter.objects.count()
    response = Client().post(URL, form_data(website="http://spam.example", form_token="t2"))
    assert response.status_code == 302 and Letter.objects.count() == before


def test_hourly_limit(form_data):
    client = Client()
    limit = Policy.current().public_hourly_limit
    for i in range(limit):
        assert client.post(URL, form_data(form_token=f"t-{i}")).status_code == 302
    refused = client.post(URL, form_data(form_token="t-over"))
    assert refused.status_code == 429
    assert "Xin thử lại" in refused.content.decode()


def test_complaints_are_guided_not_taken(form_data):
    response = Client().post(URL, form_data(kind=Kind.COMPLAINT))
    assert response.status_code == 422
    page = Client().get(URL).content.decode()
    assert "Luật Khiếu nại" in page and "Luật Tố cáo" in page


def test_bad_input_is_a_vietnamese_message(form_data):
    response = Client().post(URL, form_data(summary="ngắn", phone="12"))
    assert response.status_code == 422
    assert "Nhập số điện thoại hợp lệ" in response.content.decode()


def test_lookup_shows_stage_body_and_published_answer_only(form_data, persona):
    Client().post(URL, form_data(form_token="lookup-1"))
    letter = Letter.objects.order_by("-id").first()
    case = letter.cases.get()
    officer = persona("tiepdan.xa")
    services.assign(by=persona("chutich.xa"), case=case, handler=officer)
    case = services.act(by=officer, case=case, action="answer", note="Ghi chú nội bộ: chưa báo cáo lãnh đạo.")
    services.publish_answer(by=officer, case=case, text="UBND xã đã bố trí kinh phí khắc phục trong tháng.")
    lookup = Client().post("/tra-cuu-don/", {"code": letter.lookup_code.lower(), "phone": "+84 933 444 555"})
    text = lookup.content.decode()
    assert "UBND xã đã bố trí kinh phí" in text and "Ủy ban nhân dân xã Thịnh Minh" in text
    assert "Ghi chú nội bộ" not in text and officer.get_full_name() not in text
    wrong = Client().post("/tra-cuu-don/", {"code": letter.lookup_code, "phone": "0900000000"})
    assert "Không tìm thấy đơn" in wrong.content.decode()


def test_public_api(org):
    client = Client()
    payload = {
        "organisation_id": org("PT-UBND-04897").pk,
        "kind": "petition",
        "name": "Lường Thị API",
        "phone": "0944555666",
        "summary": "Đề nghị bố trí thêm điểm thu gom rác thải sinh hoạt ở xóm Thịnh Lang.",
    }
    assert (
        client.post("/api/v1/citizens/public/letters", payload, content_type="application/json").status_code
        == 422
    )
    first = client.post(
        "/api/v1/citizens/public/letters",
        payload,
        content_type="application/json",
        headers={"Idempotency-Key": "k1"},
    )
    again = client.post(
        "/api/v1/citizens/public/letters",
        payload,
        content_type="application/json",
        headers={"Idempotency-Key": "k1"},
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["lookup_code"] == again.json()["lookup_code"]
    found = client.post(
        "/api/v1/citizens/public/lookup",
        {"code": first.json()["lookup_code"], "phone": "0944555666"},
        content_type="application/json",
    )
    assert found.status_code == 200 and found.json()["stage"]


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="anh-hien-truong.pdf", size=0):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PDF + b"0" * size, content_type="application/pdf")


def test_public_form_takes_files_with_the_letter(form_data, client_for):
    from dvk.attachments.models import Attachment
    from dvk.attachments.services import attachments_of
    from dvk.audit.models import AuditEvent

    response = Client().post(URL, {**form_data(form_token="files-1"), "uploads": [_pdf(), _pdf("b.pdf")]})
    assert response.status_code == 302
    letter = Letter.objects.get(
        summary__startswith="Đường vào xóm", intake_token__isnull=False, channel="public_form"
    )
    files = list(attachments_of(letter))
    assert [f.original_name for f in files] == ["anh-hien-truong.pdf", "b.pdf"]
    assert all(f.uploaded_by_id is None and f.kind == "evidence" for f in files)
    assert (
        AuditEvent.objects.filter(action="attachments.upload", actor=None, changes__public=True).count() == 2
    )
    page = client_for("tiepdan.xa").get(f"/tiep-cong-dan/don/{letter.pk}/")
    assert "anh-hien-truong.pdf" in page.content.decode()
    assert client_for("tiepdan.xa").get(f"/tep/{files[0].pk}/tai-ve/").status_code == 200
    assert Attachment.objects.count() == 2


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (lambda: [_pdf(f"{i}.pdf") for i in range(4)], "Tối đa 3 tệp"),
        (lambda: [_pdf("big.pdf", size=6 * 1024 * 1024)], "quá lớn"),
        (lambda: [_docx()], "PDF, JPEG hoặc PNG"),
        (lambda: [_pdf("fake.png")], "không khớp"),
    ],
)
def test_public_files_are_few_small_and_of_safe_types(files, message, form_data):
    from dvk.attachments.models import Attachment

    before = Letter.objects.count(), Attachment.objects.count()
    response = Client().post(URL, {**form_data(form_token=f"bad-{message}"), "uploads": files()})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert (Letter.objects.count(), Attachment.objects.count()) == before  # nothing sent at all


def _docx():
    import io
    import zipfile

    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile("thu.docx", buffer.getvalue())


def test_public_files_have_an_hourly_budget(form_data):
    from dvk.public.citizens import FILES_PER_HOUR

    client = Client()
    sent = 0
    statuses = []
    for i in range(FILES_PER_HOUR // 3 + 2):
        response = client.post(
            URL, {**form_data(form_token=f"budget-{i}"), "uploads": [_pdf(), _pdf(), _pdf()]}
        )
        statuses.append(response.status_code)
        sent += 3
    assert 429 in statuses and statuses[0] == 302


def test_attach_public_takes_only_a_record_created_in_the_same_transaction(letter):
    from django.core.exceptions import PermissionDenied
    from django.db import transaction

    from dvk.attachments.services import attach_public

    existing = letter(Kind.REFLECTION)
    with pytest.raises(PermissionDenied), transaction.atomic():
        attach_public(target=existing, uploads=[_pdf()], kind="evidence")  # an existing letter: never
    with transaction.atomic():
        fresh = letter(Kind.REFLECTION)  # created inside this transaction
        assert len(attach_public(target=fresh, uploads=[_pdf()], kind="evidence")) == 1
    with pytest.raises(PermissionDenied), transaction.atomic():
        attach_public(target=fresh, uploads=[_pdf()], kind="evidence")  # a later transaction: no


# --- one province's bodies at a time ----------------------------------------------------------


@pytest.fixture
def second_province(db):
    """Another province on the same platform: its People's Committee and one commune's."""
    from dvk.organisations.models import AdministrativeUnit, Organisation

    K = Organisation.Kind
    unit = AdministrativeUnit.objects.create(code="98", name="Tỉnh Kiểm Thử", level="province")
    root = Organisation.objects.create(name="Tỉnh ủy Kiểm Thử", kind=K.PARTY_COMMITTEE, unit=unit)
    Organisation.objects.create(
        name="Ủy ban nhân dân tỉnh Kiểm Thử", kind=K.PEOPLES_COMMITTEE, unit=unit, parent=root
    )
    commune = AdministrativeUnit.objects.create(
        code="98001", name="Xã Thử Nghiệm", level="commune", parent=unit
    )
    ward = Organisation.objects.create(
        name="Ủy ban nhân dân xã Thử Nghiệm", kind=K.PEOPLES_COMMITTEE, unit=commune, parent=root
    )
    return root, ward


def test_one_province_needs_no_choice_and_lists_its_bodies(client, org):
    page = client.get(URL).content.decode()
    assert 'type="hidden" name="province"' in page
    assert "Ủy ban nhân dân xã Thịnh Minh" in page


def test_with_several_provinces_the_list_waits_for_the_province(client, org, second_province):
    _root, ward = second_province
    page = client.get(URL).content.decode()
    assert "Tỉnh Kiểm Thử" in page and "Tỉnh Phú Thọ" in page  # the province choice, by name
    assert "Ủy ban nhân dân xã Thịnh Minh" not in page and ward.name not in page
    assert "Chọn tỉnh trước" in page  # the list says why it is empty, in Vietnamese

    theirs = client.get(URL, {"province": ward.path[:4]}).content.decode()
    assert ward.name in theirs and "Ủy ban nhân dân xã Thịnh Minh" not in theirs
    ours = client.get(URL, {"province": org("PT-UBND-04897").path[:4]}).content.decode()
    assert "Ủy ban nhân dân xã Thịnh Minh" in ours and ward.name not in ours
    # an unknown province is no province (never a server error)
    assert client.get(URL, {"province": "'; DROP"}).status_code == 200


def test_a_body_of_another_province_than_the_one_chosen_is_refused(client, org, form_data, second_province):
    _root, ward = second_province
    before = Letter.objects.count()
    answer = client.post(URL, form_data(province=org("PT-UBND-04897").path[:4], organisation=ward.pk))
    assert answer.status_code == 422 and Letter.objects.count() == before
    assert "Quách Văn Công Khai" in answer.content.decode()  # the form again, with what was typed
    # posted without the province (an older page): the body's own province, accepted
    assert client.post(URL, form_data(organisation=ward.pk)).status_code == 302
    assert Letter.objects.filter(organisation=ward).count() == 1


def test_without_script_the_button_shows_the_province_bodies_keeping_what_was_typed(
    client, form_data, second_province
):
    _root, ward = second_province
    before = Letter.objects.count()
    data = form_data(province=ward.path[:4], organisation="", choose_province="1")
    answer = client.post(URL, data)
    page = answer.content.decode()
    assert answer.status_code == 200 and Letter.objects.count() == before
    assert ward.name in page and "Quách Văn Công Khai" in page and "0933444555" in page
    assert "invalid-feedback" not in page  # nothing was checked yet
