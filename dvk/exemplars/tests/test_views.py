"""Real HTTP: screens work, scope gives 404, lists never leak, query counts stay constant,
search folds accents and đ."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dvk.exemplars.factories import ExemplarFactory
from dvk.exemplars.models import Cycle, Decision, Exemplar, FieldOfWork
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation

BODIES = {
    "scores": '{"scores": []}',
    "replications": '{"organisation_id": 1, "started_on": "2026-01-01"}',
    "progress": '{"reported_on": "2026-01-01", "summary": "x"}',
}


def _object_routes(e: Exemplar) -> list[tuple[str, str]]:
    decision_id = e.decisions.values_list("pk", flat=True).first() or 1
    return [
        ("get", f"/mo-hinh/{e.pk}/"),
        ("get", f"/mo-hinh/{e.pk}/sua/"),
        ("post", f"/mo-hinh/{e.pk}/hanh-dong/register/"),
        ("post", f"/mo-hinh/{e.pk}/tien-do/"),
        ("post", f"/mo-hinh/{e.pk}/tep/"),
        ("get", f"/mo-hinh/{e.pk}/cham-diem/"),
        ("get", f"/mo-hinh/{e.pk}/nhan-rong/"),
        ("post", f"/mo-hinh/{e.pk}/khen-thuong/"),
        ("post", f"/mo-hinh/{e.pk}/tieu-bieu/"),
        ("get", f"/mo-hinh/{e.pk}/bien-ban.docx"),
        ("get", f"/mo-hinh/{e.pk}/chung-nhan/{decision_id}.docx"),
        ("get", f"/dien-hinh/{e.pk}/"),
        ("get", f"/api/v1/exemplars/{e.pk}"),
        ("patch", f"/api/v1/exemplars/{e.pk}"),
        ("post", f"/api/v1/exemplars/{e.pk}/actions/register"),
        ("get", f"/api/v1/exemplars/{e.pk}/events"),
        ("post", f"/api/v1/exemplars/{e.pk}/scores"),
        ("get", f"/api/v1/exemplars/{e.pk}/scores"),
        ("get", f"/api/v1/exemplars/{e.pk}/scores/summary"),
        ("get", f"/api/v1/exemplars/{e.pk}/replications"),
        ("post", f"/api/v1/exemplars/{e.pk}/replications"),
        ("post", f"/api/v1/exemplars/{e.pk}/progress"),
        ("get", f"/api/v1/public/exemplars/{e.pk}"),
    ]


@pytest.mark.parametrize("stage", [Stage.DRAFT, Stage.UNDER_REVIEW])
def test_out_of_scope_is_404_on_every_object_route(stage, make, client_for, api_for):
    exemplar = make(stage)  # xa.a's commune
    web, api = client_for("xa.b"), api_for("xa.b")
    for method, url in _object_routes(exemplar):
        client = api if url.startswith("/api/") else web
        body = BODIES.get(url.rsplit("/", 1)[-1], "{}")
        kwargs = (
            {"content_type": "application/json", "data": body}
            if url.startswith("/api/") and method != "get"
            else {}
        )
        response = getattr(client, method)(url, **kwargs)
        assert response.status_code == 404, (method, url, response.status_code)


def test_lists_never_include_out_of_scope_rows(make, client_for, api_for):
    draft = make(Stage.DRAFT, title="Mô hình bí mật của xã Thịnh Minh")
    assert draft.title not in client_for("xa.b").get("/mo-hinh/?q=bi mat").content.decode()
    assert api_for("xa.b").get("/api/v1/exemplars?q=bi mat").json()["count"] == 0
    assert draft.title in client_for("xa.a").get("/mo-hinh/?q=bi mat").content.decode()
    assert Client().get("/dien-hinh/?q=bi mat").content.decode().count(draft.title) == 0
    assert Client().get("/api/v1/public/exemplars?q=bi mat").json()["count"] == 0


@pytest.mark.parametrize(
    "url",
    [
        "/mo-hinh/",
        "/mo-hinh/dang-ky/",
        "/mo-hinh/dieu-phoi/",
        "/mo-hinh/thong-ke/",
        "/mo-hinh/thong-ke/?group=unit",
        "/mo-hinh/thong-ke/?group=level",
        "/mo-hinh/thong-ke/?group=year",
        "/mo-hinh/hoi-dong/",
        "/",
    ],
)
def test_coordinator_screens_work(url, client_for):
    assert client_for("tinh.bdv").get(url).status_code == 200


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("xa.a", "/mo-hinh/dieu-phoi/"),
        ("xa.a", "/mo-hinh/thong-ke/"),
        ("hoidong.1", "/mo-hinh/dang-ky/"),
        ("so.a", "/mo-hinh/hoi-dong/"),
    ],
)
def test_screens_for_other_roles_are_403(username, url, client_for):
    assert client_for(username).get(url).status_code == 403


def test_funnel_counts_every_step(client_for):
    response = client_for("tinh.bdv").get("/mo-hinh/thong-ke/")
    totals = response.context["totals"]
    assert totals["registered"] >= totals["in_progress"] >= totals["nominated"] >= totals["recognised"]
    assert totals["recognised"] >= totals["outstanding"] >= totals["commended"] > 0


def test_dashboard_widget_has_real_counts(client_for, make):
    make(Stage.IN_PROGRESS)
    widgets = client_for("xa.a").get("/").context["widgets"]
    widget = next(w for w in widgets if str(w.title) == "Mô hình Dân vận khéo")
    scoped = Exemplar.objects.visible_to(client_for("xa.a").get("/").wsgi_request.user).exclude(
        stage=Stage.DRAFT
    )
    assert widget.value >= 1 and widget.value <= scoped.count()


def test_registration_form_rejects_bad_input_and_changes_nothing(client_for):
    before = Exemplar.objects.count()
    response = client_for("xa.a").post(
        "/mo-hinh/dang-ky/",
        {
            "organisation": Organisation.objects.get(code="PT-DU-04897").pk,
            "kind": "individual",
            "title": "",
            "field": FieldOfWork.objects.get(code="kinh-te").pk,
            "level": "xa",
            "started_on": "31/02/2024",
            "forces_rows-name": ["Chi bộ"],
            "forces_rows-role": [""],
            "timeline_rows-date": ["mai"],
            "timeline_rows-milestone": ["khởi động"],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "started_on", "forces_rows", "timeline_rows", "person_name"} <= set(errors)
    assert Exemplar.objects.count() == before


def test_edit_only_while_draft(make, client_for):
    assert client_for("xa.a").get(f"/mo-hinh/{make(Stage.DRAFT).pk}/sua/").status_code == 200
    assert client_for("xa.a").get(f"/mo-hinh/{make(Stage.REGISTERED).pk}/sua/").status_code == 403


def test_member_cannot_see_others_scores_before_submitting(make, client_for, persona, full_scores):
    from dvk.exemplars.services import submit_scores

    exemplar = make(Stage.UNDER_REVIEW, org_code="PT-DU-05089")
    submit_scores(exemplar=exemplar, by=persona("hoidong.1"), scores=full_scores(exemplar))
    page = client_for("hoidong.2").get(f"/mo-hinh/{exemplar.pk}/cham-diem/")
    assert page.context["sheets"] == []
    submit_scores(exemplar=exemplar, by=persona("hoidong.2"), scores=full_scores(exemplar, 0.8))
    page = client_for("hoidong.2").get(f"/mo-hinh/{exemplar.pk}/cham-diem/")
    assert len(page.context["sheets"]) == 2
    # a member may update their own score until the review closes
    sheet, created = submit_scores(
        exemplar=exemplar, by=persona("hoidong.2"), scores=full_scores(exemplar, 1)
    )
    assert not created and sheet.percent == 100


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("dan van", "Dân vận khéo ở xóm Đồng Tâm"),
        ("DÂN VẬN", "Dân vận khéo ở xóm Đồng Tâm"),
        ("dong tam", "Dân vận khéo ở xóm Đồng Tâm"),
        ("đồng tâm", "Dân vận khéo ở xóm Đồng Tâm"),
        ("duong lang", "Làm đường làng"),
    ],
)
def test_search_folds_accents_and_d(query, title, make, client_for, api_for):
    exemplar = make(Stage.RECOGNISED, title=title)
    assert exemplar.pk in [
        e.pk for e in client_for("tinh.bdv").get("/mo-hinh/", {"q": query}).context["page"]
    ]
    assert exemplar.pk in [
        i["id"] for i in api_for("tinh.bdv").get("/api/v1/exemplars", {"q": query}).json()["items"]
    ]
    assert exemplar.pk in [e.pk for e in Client().get("/dien-hinh/", {"q": query}).context["page"]]


def _rows(n: int, token: str, stage: str, org_code: str = "PT-DU-04897", **extra) -> None:
    org = Organisation.objects.get(code=org_code)
    field = FieldOfWork.objects.get(code="moi-truong")
    cycle = Cycle.current()
    for i in range(n):
        e = ExemplarFactory(
            title=f"{token} {i}",
            stage=stage,
            organisation=org,
            field=field,
            cycle=cycle,
            latitude="20.8",
            longitude="105.3",
            **extra,
        )
        if stage == Stage.RECOGNISED:
            from dvk.exemplars.services import issue_decision

            issue_decision(
                exemplar=e, issuing_body=org, level="xa", cycle=cycle, signed_on=cycle_day(), by=None
            )


def cycle_day():
    from django.utils import timezone

    return timezone.localdate()


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("who", "url", "stage"),
    [
        ("tinh.bdv", "/mo-hinh/?q=", Stage.IN_PROGRESS),
        (None, "/dien-hinh/?q=", Stage.RECOGNISED),
        ("tinh.bdv", "/api/v1/exemplars?limit=200&q=", Stage.IN_PROGRESS),
        (None, "/api/v1/public/exemplars?limit=200&q=", Stage.RECOGNISED),
    ],
)
def test_list_query_count_is_constant(who, url, stage, client_for, api_for, db):
    if who is None:
        client = Client()
    elif url.startswith("/api/"):
        client = api_for(who)
    else:
        client = client_for(who)
    _rows(1, "Hangmot", stage)
    _count(client, url + "hangmot")  # warm caches (content types, sessions)
    one = _count(client, url + "hangmot")
    _rows(49, "Hangnam", stage)
    _rows(1, "Hangnam", stage)
    fifty = _count(client, url + "hangnam")
    assert one == fifty


def test_council_queue_query_count_is_constant(make, client_for):
    client = client_for("hoidong.1")
    make(Stage.UNDER_REVIEW, org_code="PT-DU-05089")
    client.get("/mo-hinh/cham-diem/")
    one = _count(client, "/mo-hinh/cham-diem/")
    for _i in range(30):
        make(Stage.UNDER_REVIEW, org_code="PT-DU-05089")
    assert _count(client, "/mo-hinh/cham-diem/") == one


def test_verification_page_without_login(db):
    decision = Decision.objects.filter(exemplar__stage=Stage.RECOGNISED, exemplar__kind="collective").first()
    page = Client().get(f"/xac-minh/{decision.verification_code}/")
    assert page.status_code == 200 and decision.number in page.content.decode()
    assert Client().get("/xac-minh/KHONGCOMA/").status_code == 404


def test_verification_hides_names_without_consent(make):
    from dvk.exemplars.services import issue_decision

    exemplar = make(Stage.RECOGNISED, kind="individual", person_name="Lường Thị Kín", consent_public=False)
    decision = issue_decision(
        exemplar=exemplar,
        issuing_body=exemplar.organisation,
        level="xa",
        cycle=exemplar.cycle,
        signed_on=cycle_day(),
        by=None,
    )
    page = Client().get(f"/xac-minh/{decision.verification_code}/").content.decode()
    assert decision.number in page and "Lường Thị Kín" not in page


def test_login_page_links_to_the_showcase(db):
    assert 'href="/dien-hinh/"' in Client().get("/tai-khoan/dang-nhap/").content.decode()


def test_map_is_inline_svg_without_tiles(make):
    exemplar = make(Stage.RECOGNISED, latitude="20.8", longitude="105.3")
    page = Client().get(f"/dien-hinh/{exemplar.pk}/").content.decode()
    assert "<svg" in page and "<circle" in page and "tile" not in page
