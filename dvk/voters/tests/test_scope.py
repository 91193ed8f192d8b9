"""Scope and permissions on every route of the app: 404 for other bodies' records (the routes are
read from the URLconf, so a new route is covered without editing this file), a role × action
matrix, the report's figures against independent counts, and constant query counts on lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, reverse

from dvk.voters import urls as voter_urls
from dvk.voters.models import CarryOver, Forward, Meeting, Petition, Session
from dvk.voters.workflow import ForwardStage, Outcome, PetitionStage

PUBLIC: set[str] = set()  # anonymous pages live in dvk/public (public:voter_answers)
# Which model a route's <pk> is, read from the first segment of its path.
KIND_BY_SEGMENT = {
    "khoa": "term",
    "ky-hop": "session",
    "tiep-xuc": "meeting",
    "kien-nghi": "petition",
    "chuyen-den": "forward",
}


def _routes() -> list[URLPattern]:
    return [p for p in voter_urls.urlpatterns if isinstance(p, URLPattern)]


def _objects(demo_session: Session) -> dict[str, int]:
    """Records of the provincial HĐND in xã Thịnh Minh, forwarded to Sở Nội vụ / UBND tỉnh only."""
    meeting = Meeting.objects.filter(session=demo_session, front__code="PT-MTTQ-04897").order_by("id").first()
    petition = (
        Petition.objects.filter(meeting=meeting)
        .exclude(forwards__organisation__code__in=["PT-UBND-05089", "PT-UBND-04897"])
        .order_by("id")
        .first()
    )
    forward = Forward.objects.filter(organisation__code="PT-UBND").order_by("id").first()
    return {
        "term": demo_session.term_id,
        "session": demo_session.pk,
        "meeting": meeting.pk,
        "petition": petition.pk,
        "forward": forward.pk,
    }


def _url_for(pattern: URLPattern, pk: int) -> str:
    kwargs = {"pk": pk}
    if "<slug:action>" in str(pattern.pattern):
        kwargs["action"] = "close" if "kien-nghi" in str(pattern.pattern) else "open"
    return reverse(f"voters:{pattern.name}", kwargs=kwargs)


@pytest.mark.parametrize("username", ["xa.b", "so.a", "mttq.tinh"])
def test_other_bodies_records_are_404_on_every_route(client_for, demo_session, username):
    """xa.b (Cao Phong), so.a (Sở Nội vụ) and mttq.tinh see nothing of the meeting held in Thịnh Minh
    or of what was forwarded to UBND tỉnh; so.a sees the forwards made to its own body only."""
    ids = _objects(demo_session)
    client = client_for(username)
    checked = 0
    for pattern in _routes():
        if pattern.name in PUBLIC or "<int:pk>" not in str(pattern.pattern):
            continue
        kind = KIND_BY_SEGMENT[str(pattern.pattern).split("/")[0]]
        url = _url_for(pattern, ids[kind])
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in (404, 405), (username, method, url, response.status_code)
            checked += response.status_code == 404
    assert checked >= len([p for p in _routes() if "<int:pk>" in str(p.pattern)]) - len(PUBLIC)


def test_unpublished_session_is_404_on_the_public_page(db, client, demo_session):
    assert client.get(reverse("public:voter_answers", args=[demo_session.pk])).status_code == 404
    published = Session.objects.filter(answers_published_at__isnull=False).first()
    assert client.get(reverse("public:voter_answers", args=[published.pk])).status_code == 200


def test_public_answers_search_folds_accents(db, client):
    published = Session.objects.filter(answers_published_at__isnull=False).first()
    url = reverse("public:voter_answers", args=[published.pk])
    body = client.get(url, {"q": "GIAY CHUNG NHAN quyen su dung dat"}).content.decode()
    assert "giấy chứng nhận quyền sử dụng đất" in body
    assert "khai thác cát" not in body


def test_api_404_for_other_bodies(api_for, demo_session):
    ids = _objects(demo_session)
    api = api_for("xa.b")
    for path in (
        f"/api/v1/voters/sessions/{ids['session']}",
        f"/api/v1/voters/sessions/{ids['session']}/report",
        f"/api/v1/voters/meetings/{ids['meeting']}",
        f"/api/v1/voters/petitions/{ids['petition']}",
    ):
        assert api.get(path).status_code == 404, path
    r = api.post(
        f"/api/v1/voters/forwards/{ids['forward']}/answer",
        {"outcome": "resolved", "answer": "x"},
        content_type="application/json",
    )
    assert r.status_code == 404
    assert api_for("so.a").get(f"/api/v1/voters/petitions/{ids['petition']}").status_code in (200, 404)


# --- role × action ------------------------------------------------------------------------------

PERSONAS = ["hdnd.tinh", "daibieu.1", "so.a", "xa.a", "tinh.bdv", "admin"]
# expected status per action and persona: 2xx/3xx allowed, 403 visible but refused, 404 not in scope
MATRIX = {
    "worklist": {"hdnd.tinh": 200, "daibieu.1": 200, "so.a": 200, "xa.a": 200, "tinh.bdv": 200, "admin": 200},
    "session_detail": {
        "hdnd.tinh": 200,
        "daibieu.1": 200,
        "so.a": 404,
        "xa.a": 404,
        "tinh.bdv": 200,
        "admin": 200,
    },
    "report": {"hdnd.tinh": 200, "daibieu.1": 200, "so.a": 404, "xa.a": 404, "tinh.bdv": 200, "admin": 200},
    "new_meeting": {
        "hdnd.tinh": 200,
        "daibieu.1": 200,
        "so.a": 404,
        "xa.a": 404,
        "tinh.bdv": 403,
        "admin": 200,
    },
    "bulk_entry": {
        "hdnd.tinh": 200,
        "daibieu.1": 200,
        "so.a": 404,
        "xa.a": 403,
        "tinh.bdv": 403,
        "admin": 200,
    },
    "classify": {"hdnd.tinh": 302, "daibieu.1": 403, "so.a": 404, "xa.a": 403, "tinh.bdv": 403, "admin": 302},
    "assess": {"hdnd.tinh": 302, "daibieu.1": 302, "so.a": 404, "xa.a": 403, "tinh.bdv": 403, "admin": 302},
    # the HĐND sees the forwards of its petitions (403), the body answers (302)
    "answer": {"hdnd.tinh": 403, "daibieu.1": 403, "so.a": 302, "xa.a": 404, "tinh.bdv": 403, "admin": 302},
    "forwarded_list": {
        "hdnd.tinh": 200,
        "daibieu.1": 403,
        "so.a": 200,
        "xa.a": 200,
        "tinh.bdv": 403,
        "admin": 200,
    },
}


@pytest.mark.parametrize("username", PERSONAS)
def test_role_action_matrix(client_for, demo_session, username, persona, org):
    c = client_for(username)
    s = demo_session
    meeting = Meeting.objects.filter(session=s, front__code="PT-MTTQ-04897").order_by("id").first()
    recorded = Petition.objects.filter(due_session=s, stage=PetitionStage.RECORDED, meeting=meeting).first()
    answered = (
        Petition.objects.filter(due_session=s, stage=PetitionStage.ANSWERED, meeting=meeting)
        .exclude(forwards__organisation__code="PT-SNV")
        .first()
    )
    open_forward = Forward.objects.filter(organisation__code="PT-SNV", stage=ForwardStage.SENT).first()
    if open_forward is None:  # every demo forward to Sở Nội vụ answered: make one more
        from dvk.voters import services

        p = Petition.objects.filter(due_session=s, stage=PetitionStage.CLASSIFIED).first()
        services.forward(by=persona("hdnd.tinh"), petition=p, bodies=[org("PT-SNV")])
        open_forward = Forward.objects.get(petition=p, organisation__code="PT-SNV")
    got = {
        "worklist": c.get(reverse("voters:worklist")).status_code,
        "session_detail": c.get(reverse("voters:session_detail", args=[s.pk])).status_code,
        "report": c.get(reverse("voters:session_report", args=[s.pk])).status_code,
        "new_meeting": c.get(reverse("voters:meeting_create", args=[s.pk])).status_code,
        "bulk_entry": c.get(reverse("voters:bulk_entry", args=[meeting.pk])).status_code,
        "classify": c.post(
            reverse("voters:petition_classify", args=[recorded.pk]), {"field": "other", "level": "province"}
        ).status_code,
        "assess": c.post(
            reverse("voters:petition_assess", args=[answered.pk]), {"satisfied": "1"}
        ).status_code,
        "answer": c.post(
            reverse("voters:forward_detail", args=[open_forward.pk]),
            {"outcome": "explained", "answer": "Đã giải thích."},
        ).status_code,
        "forwarded_list": c.get(reverse("voters:forwarded")).status_code,
    }
    expected = {action: row[username] for action, row in MATRIX.items()}
    assert got == expected


def test_bad_input_is_a_message_never_a_5xx(client_for, demo_session):
    c = client_for("hdnd.tinh")
    meeting = Meeting.objects.filter(session=demo_session).first()
    r = c.post(
        reverse("voters:bulk_entry", args=[meeting.pk]),
        {"text": ["bad\x07text", "fine"], "kind": ["petition", "nonsense"], "form_token": "x1"},
    )
    assert r.status_code == 400
    body = r.content.decode()
    assert 'value="fine"' in body and "bad" in body  # what was typed is shown again, with the row's error
    assert "Chọn một trong các giá trị cho phép." in body
    assert not Petition.objects.filter(meeting=meeting, text="fine").exists()  # all or nothing
    assert c.post(reverse("voters:bulk_entry", args=[meeting.pk]), {"text": ["", ""]}).status_code == 400
    for q in (
        "?session=abc&body=-1&page=x",
        "?session=99999999999999999999&stage=<x>",
        "?overdue=1&carried=1&q=%00",
    ):
        assert c.get(reverse("voters:worklist") + q).status_code == 200
    f = Forward.objects.filter(stage=ForwardStage.SENT).first()
    r = client_for("admin").post(
        reverse("voters:forward_detail", args=[f.pk]), {"outcome": "cannot", "answer": "x"}
    )
    assert r.status_code == 400 and "lý do" in r.content.decode()


# --- the report against independent counts -----------------------------------------------------


def test_session_report_figures_match_independent_counts(client_for, api_for, demo_session):
    s = demo_session
    today = dt.date.today()
    carried_in_ids = set(CarryOver.objects.filter(to_session=s).values_list("petition_id", flat=True))
    population = [p for p in Petition.objects.all() if p.session_id == s.pk or p.pk in carried_in_ids]
    status = {}
    for p in population:
        key = (p.outcome or "resolved") if p.stage in ("answered", "closed") else p.stage
        status[key] = status.get(key, 0) + 1
    ids = {p.pk for p in population}
    forwards = [f for f in Forward.objects.all() if f.petition_id in ids]
    answered = [f for f in forwards if f.stage == "answered"]
    on_time = [f for f in answered if f.answered_on <= f.due_on]
    overdue = [f for f in forwards if f.stage == "sent" and f.due_on < today]
    rep = api_for("hdnd.tinh").get(f"/api/v1/voters/sessions/{s.pk}/report").json()
    assert rep["total"] == len(population)
    assert rep["opinions"] == sum(p.kind == "opinion" for p in population)
    assert {k: v for k, v in rep["by_status"].items() if v} == status
    assert rep["carried_in"] == len(carried_in_ids) > 0
    assert rep["carried_out"] == CarryOver.objects.filter(from_session=s).count()
    assert rep["forwarded"] == len(forwards)
    assert rep["answered"] == len(answered)
    assert rep["on_time"] == len(on_time)
    assert rep["overdue"] == len(overdue) > 0
    assert rep["on_time_rate"] == round(100 * len(on_time) / (len(answered) + len(overdue)), 1)
    assert rep["satisfied"] == sum(p.satisfaction == "satisfied" for p in population)
    by_body = {}
    for f in forwards:
        by_body[f.organisation_id] = by_body.get(f.organisation_id, 0) + 1
    assert {b["organisation_id"]: b["forwarded"] for b in rep["bodies"]} == by_body
    # Every status of the workflow and every result occurs in the demo session.
    assert set(rep["by_status"]) >= {"recorded", "classified", "forwarded", "repeat", *Outcome.values}
    assert all(
        rep["by_status"][k] > 0 for k in ("recorded", "classified", "forwarded", "repeat", *Outcome.values)
    )

    office = client_for("hdnd.tinh")
    docx = office.get(reverse("voters:session_report_docx", args=[s.pk]))
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    import io

    from docx import Document
    from openpyxl import load_workbook

    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    cells = [c.text for t in Document(io.BytesIO(docx.content)).tables for r in t.rows for c in r.cells]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in "\n".join(cells) and "BÁO CÁO" in text.upper()
    assert str(len(population)) in cells
    xlsx = office.get(reverse("voters:session_report_xlsx", args=[s.pk]))
    wb = load_workbook(io.BytesIO(xlsx.content))
    rows = {r[0]: r[1] for r in wb.worksheets[0].iter_rows(values_only=True) if r and r[0]}
    assert str(len(population)) in {str(v) for v in rows.values()}
    assert wb.worksheets[1].max_row == len(rep["bodies"]) + 1


# --- constant queries on lists --------------------------------------------------------------------


def _queries(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode().count("<tr")


def test_list_queries_do_not_grow_with_rows(client_for, demo_session, persona, org):
    from dvk.voters import services

    office = client_for("hdnd.tinh")
    few = _queries(office, reverse("voters:worklist") + f"?session={demo_session.pk}&stage=closed")
    many = _queries(office, reverse("voters:worklist"))
    assert many[1] > few[1] + 5 and many[0] == few[0]
    so = client_for("so.a")
    before = _queries(so, reverse("voters:forwarded"))
    # Forward five more petitions to Sở Nội vụ: the list shows more rows with the same queries.
    for p in Petition.objects.filter(stage__in=["classified", "forwarded"]).exclude(
        forwards__organisation__code="PT-SNV"
    )[:5]:
        if p.stage == "classified" or p.stage == "forwarded":
            services.forward(by=persona("hdnd.tinh"), petition=p, bodies=[org("PT-SNV")])
    after = _queries(so, reverse("voters:forwarded"))
    assert after[1] > before[1] and after[0] == before[0]
    r1 = _queries(office, reverse("voters:session_report", args=[demo_session.pk]))
    other = Session.objects.filter(term=demo_session.term, number=28).get()
    r2 = _queries(office, reverse("voters:session_report", args=[other.pk]))
    assert r1[0] == r2[0]
    m_few = _queries(office, reverse("voters:session_detail", args=[other.pk]))
    m_many = _queries(office, reverse("voters:session_detail", args=[demo_session.pk]))
    assert m_few[0] == m_many[0]
