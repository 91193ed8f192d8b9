"""Who sees and does what, on the demo records.

- Every route of dvk/front/urls.py that takes a record id answers 404 to a user whose scope does
  not reach the record (generated from the URLconf, GET and POST, so a new route is covered).
- Role × action matrices for supervision recommendations and critiques.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver

from dvk.front import services
from dvk.front.models import Comment, Critique, Recommendation, Supervision
from dvk.front.workflow import CRITIQUE_WORKFLOW, RECOMMENDATION_WORKFLOW, SUPERVISION_WORKFLOW

# The demo cast (conftest + dvk/front/demo.py):
#   mttq.tinh      officer of the provincial Front (PT-MTTQ): runs supervision and critique
#   so.a           officer of Sở Nội vụ: answers the recommendations addressed to it
#   duthao.so      officer of Sở Nông nghiệp và Môi trường: the drafting body
#   hoiphunu.tinh  officer of Hội LHPN tỉnh: an invited member organisation
#   tinh.bdv       province coordinator of the Ban: sees the province, acts on none of it
#   xa.b           officer of another commune: sees none of it


def _front_routes() -> list[tuple[str, URLPattern]]:
    resolver = get_resolver()
    found = []
    for pattern in resolver.url_patterns:
        if getattr(pattern, "namespace", None) == "front":
            for sub in pattern.url_patterns:
                found.append((str(pattern.pattern) + str(sub.pattern), sub))
    return found


ROUTES = _front_routes()


def _record_for(route: str) -> str:
    """Which demo record a route's <pk> names: by its first path segment."""
    head = route.split("/")[1]
    return {
        "giam-sat": "supervision",
        "kien-nghi": "recommendation",
        "phan-bien": "critique",
        "gop-y": "comment",
    }[head]


def _url(route: str, ids: dict[str, int]) -> str:
    kind = "programme" if "chuong-trinh" in route else _record_for(route)
    url = "/" + route.replace("<int:pk>", str(ids[kind]))
    url = url.replace("<slug:action>", "x").replace("<slug:decision>", "approve").replace("<int:number>", "1")
    return url


@pytest.fixture
def ids(db):
    from dvk.front.models import Programme

    critique = Critique.objects.get(stage="published")
    return {
        "programme": Programme.objects.get(organisation__code="PT-MTTQ").pk,
        "supervision": Supervision.objects.get(stage="closed", supervised__code="PT-SNV").pk,
        "recommendation": Recommendation.objects.filter(addressee__code="PT-SNV").first().pk,
        "critique": critique.pk,
        "comment": critique.comments.first().pk,
    }


def test_the_urlconf_has_record_routes_to_check():
    with_ids = [r for r, _p in ROUTES if "<int:pk>" in r]
    assert len(with_ids) >= 18


@pytest.mark.parametrize("route", [r for r, _p in ROUTES if "<int:pk>" in r])
@pytest.mark.parametrize("username", ["xa.b", "hoidong.1"])
def test_records_of_other_bodies_are_404_on_every_route(client_for, ids, route, username):
    client = client_for(username)
    url = _url(route, ids)
    assert client.get(url).status_code in (404, 405), url
    assert client.post(url, {}).status_code == 404, url


API_ROUTES = [
    ("get", "/api/v1/front/supervisions/{supervision}"),
    ("post", "/api/v1/front/supervisions/{supervision}/actions/close"),
    ("put", "/api/v1/front/supervisions/{supervision}/team"),
    ("get", "/api/v1/front/recommendations/{recommendation}"),
    ("post", "/api/v1/front/recommendations/{recommendation}/answer"),
    ("post", "/api/v1/front/recommendations/{recommendation}/actions/accept"),
    ("get", "/api/v1/front/critiques/{critique}"),
    ("post", "/api/v1/front/critiques/{critique}/decide"),
    ("post", "/api/v1/front/critiques/{critique}/conference"),
    ("post", "/api/v1/front/critiques/{critique}/document"),
    ("post", "/api/v1/front/critiques/{critique}/actions/publish"),
    ("get", "/api/v1/front/critiques/{critique}/comments"),
    ("post", "/api/v1/front/critiques/{critique}/comments"),
    ("post", "/api/v1/front/critiques/{critique}/versions"),
    ("get", "/api/v1/front/critiques/{critique}/versions/2/diff"),
    ("put", "/api/v1/front/critiques/{critique}/versions/2/links"),
    ("get", "/api/v1/front/critiques/{critique}/table"),
    ("post", "/api/v1/front/comments/{comment}/answer"),
    ("post", "/api/v1/front/comments/{comment}/moderate"),
]


@pytest.mark.parametrize(("method", "path"), API_ROUTES)
def test_api_records_of_other_bodies_are_404(api_for, ids, method, path):
    client = api_for("xa.b")
    url = path.format(**ids)
    body = {
        "response": "x",
        "text": "Điều 1. X",
        "approve": True,
        "answer": "accepted",
        "form": "written",
        "lead_id": 1,
        "window_closes": "2030-01-01",
        "held_on": "2030-01-01",
        "chair": "x",
        "minutes": "x",
        "steps": [{"done": True}] * 7,
        "links": {},
    }
    response = getattr(client, method)(
        url, [] if path.endswith("/team") else body, content_type="application/json"
    )
    assert response.status_code == 404, (url, response.content)


def test_lists_show_other_bodies_nothing(client_for, api_for):
    for path in ("/mat-tran/giam-sat/", "/mat-tran/kien-nghi/", "/mat-tran/phan-bien/"):
        response = client_for("xa.b").get(path)
        assert response.status_code == 200
        assert len(response.context["page"]) == 0, path
    api = api_for("xa.b")
    for path in ("/api/v1/front/supervisions", "/api/v1/front/recommendations", "/api/v1/front/critiques"):
        assert api.get(path).json()["count"] == 0, path
    assert api.get("/api/v1/front/programmes").json() == []


SUPERVISION_MATRIX = {
    # username: may manage the Front's supervision, may answer the recommendation, may review it
    "mttq.tinh": (True, False, True),
    "so.a": (False, True, False),
    "tinh.bdv": (False, False, False),
    "hoiphunu.tinh": (False, False, False),
    "admin": (True, True, True),
}


@pytest.mark.parametrize("username", list(SUPERVISION_MATRIX))
def test_supervision_role_action_matrix(persona, username):
    user = persona(username)
    rec = Recommendation.objects.filter(addressee__code="PT-SNV").first()
    manage, answer, review = SUPERVISION_MATRIX[username]
    assert user.has_perm("front.manage_supervision", rec.supervision) is manage
    assert user.has_perm("front.answer_recommendation", rec) is answer
    assert user.has_perm("front.review_recommendation", rec) is review


def test_supervision_actions_offered_follow_the_matrix(persona, org_of):
    mttq, so, tinh = persona("mttq.tinh"), persona("so.a"), persona("tinh.bdv")
    s = services.create_supervision(
        by=mttq, organisation=org_of("PT-MTTQ"), supervised=org_of("PT-SNV"), title="Ma trận"
    )
    assert SUPERVISION_WORKFLOW.available_actions(mttq, s) == ["form_team"]
    assert SUPERVISION_WORKFLOW.available_actions(so, s) == []
    assert SUPERVISION_WORKFLOW.available_actions(tinh, s) == []
    s.kind = "documents"
    s.save()
    assert SUPERVISION_WORKFLOW.available_actions(mttq, s) == ["form_team", "record"]
    services.act_on_supervision(
        by=mttq, supervision=s, action="record", findings="x", recommendations=["Một"]
    )
    rec = s.recommendations.get()
    assert RECOMMENDATION_WORKFLOW.available_actions(so, rec) == ["answer"]
    assert RECOMMENDATION_WORKFLOW.available_actions(mttq, rec) == ["escalate"]
    assert RECOMMENDATION_WORKFLOW.available_actions(tinh, rec) == []
    services.answer_recommendation(by=so, recommendation=rec, response="Đã làm.")
    rec.refresh_from_db()
    assert RECOMMENDATION_WORKFLOW.available_actions(so, rec) == []
    assert RECOMMENDATION_WORKFLOW.available_actions(mttq, rec) == ["accept", "reopen"]


CRITIQUE_MATRIX = {
    # username: (sees it, manages it, comments, moderates, answers comments)
    "mttq.tinh": (True, True, True, True, False),
    "duthao.so": (True, False, False, False, True),
    "hoiphunu.tinh": (True, False, True, False, False),
    "tinh.bdv": (True, False, False, False, False),
    "so.a": (False, False, False, False, False),
    "xa.b": (False, False, False, False, False),
}


@pytest.mark.parametrize("username", list(CRITIQUE_MATRIX))
def test_critique_role_action_matrix(persona, username):
    user = persona(username)
    critique = Critique.objects.get(stage="published")
    sees, manages, comments, moderates, answers = CRITIQUE_MATRIX[username]
    assert Critique.objects.visible_to(user).filter(pk=critique.pk).exists() is sees
    fresh = Critique.objects.get(pk=critique.pk)  # no cached invitations
    assert user.has_perm("front.manage_critique", fresh) is manages
    assert user.has_perm("front.comment", fresh) is comments
    assert user.has_perm("front.moderate", fresh) is moderates
    assert user.has_perm("front.answer_comments", fresh) is answers


def test_critique_actions_offered_by_stage(persona):
    mttq, drafter = persona("mttq.tinh"), persona("duthao.so")
    open_one = Critique.objects.get(stage="collecting")
    assert CRITIQUE_WORKFLOW.available_actions(mttq, open_one) == ["hold_conference", "send"]
    assert CRITIQUE_WORKFLOW.available_actions(drafter, open_one) == []
    published = Critique.objects.get(stage="published")
    assert CRITIQUE_WORKFLOW.available_actions(mttq, published) == []


def test_an_invited_body_comments_only_within_the_window_and_as_itself(persona):
    import datetime as dt

    from django.utils import timezone

    from dvk.core.workflow import DomainError

    critique = Critique.objects.get(stage="collecting")
    phunu = persona("hoiphunu.tinh")
    comment = services.add_comment(
        by=phunu, critique=critique, text="Ý kiến", source="expert", author_name="Giả danh"
    )
    assert (
        comment.source == Comment.Source.MEMBER
        and comment.organisation.code == "PT-HLHPN"
        and not comment.author_name
    )
    Critique.objects.filter(pk=critique.pk).update(window_closes=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(DomainError):
        services.add_comment(by=phunu, critique=Critique.objects.get(pk=critique.pk), text="Muộn")
    # The Front still records opinions (e.g. from the conference) after the window.
    services.add_comment(
        by=persona("mttq.tinh"),
        critique=Critique.objects.get(pk=critique.pk),
        text="Hội nghị",
        source="conference",
    )


def test_comments_awaiting_moderation_are_404_to_the_drafting_body(client_for):
    pending = Comment.objects.get(moderation="pending")
    assert (
        client_for("duthao.so")
        .post(f"/mat-tran/gop-y/{pending.pk}/tra-loi/", {"answer": "accepted"})
        .status_code
        == 404
    )
    assert (
        client_for("mttq.tinh").post(f"/mat-tran/gop-y/{pending.pk}/kiem-duyet/approve/").status_code == 302
    )


@pytest.fixture
def org_of(db):
    from dvk.organisations.models import Organisation

    return lambda code: Organisation.objects.get(code=code)


@pytest.mark.parametrize("suffix", ["", "bang-tiep-thu/"])
def test_public_pages_show_only_open_or_published_critiques(client, db, suffix):
    published = Critique.objects.get(stage="published")
    open_one = Critique.objects.get(stage="collecting", public_comments=True)
    Critique.objects.filter(pk=open_one.pk).update(public_comments=False)  # no longer open to the public
    assert client.get(f"/phan-bien-xa-hoi/{published.pk}/{suffix}").status_code == 200
    assert client.get(f"/phan-bien-xa-hoi/{open_one.pk}/{suffix}").status_code == 404
    assert client.post(f"/phan-bien-xa-hoi/{open_one.pk}/gop-y/", {"text": "x"}).status_code == 404
