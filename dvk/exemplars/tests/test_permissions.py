"""Role × action matrix with the demo personas, on a model of xa.a's commune."""

from __future__ import annotations

import pytest

from dvk.exemplars.models import CouncilExclusion, Exemplar
from dvk.exemplars.workflow import Stage

PERSONAS = ["xa.a", "xa.b", "tinh.bdv", "lanhdao.bdv", "so.a", "hoidong.1", "hoidong.3"]

# permission, stage of the exemplar, personas that hold it
MATRIX = [
    ("exemplars.change_exemplar", Stage.DRAFT, {"xa.a", "hoidong.3", "tinh.bdv", "lanhdao.bdv"}),
    ("exemplars.change_exemplar", Stage.REGISTERED, set()),
    ("exemplars.register", Stage.DRAFT, {"xa.a", "hoidong.3"}),
    ("exemplars.review_registration", Stage.REGISTERED, {"tinh.bdv", "lanhdao.bdv"}),
    ("exemplars.nominate", Stage.IN_PROGRESS, {"xa.a", "hoidong.3"}),
    ("exemplars.add_progress", Stage.IN_PROGRESS, {"xa.a", "hoidong.3"}),
    ("exemplars.add_progress", Stage.DRAFT, set()),
    ("exemplars.attach", Stage.IN_PROGRESS, {"xa.a", "hoidong.3", "tinh.bdv", "lanhdao.bdv"}),
    ("exemplars.manage_review", Stage.NOMINATED, {"tinh.bdv", "lanhdao.bdv"}),
    ("exemplars.decide", Stage.UNDER_REVIEW, {"lanhdao.bdv"}),
    ("exemplars.score", Stage.UNDER_REVIEW, {"hoidong.1"}),
    ("exemplars.view_scores", Stage.UNDER_REVIEW, {"tinh.bdv", "lanhdao.bdv", "hoidong.1"}),
    ("exemplars.suspend", Stage.RECOGNISED, {"tinh.bdv", "lanhdao.bdv"}),
    ("exemplars.commend", Stage.RECOGNISED, {"tinh.bdv", "lanhdao.bdv"}),
    (
        "exemplars.replicate",
        Stage.RECOGNISED,
        {"xa.a", "xa.b", "tinh.bdv", "lanhdao.bdv", "so.a", "hoidong.3"},
    ),
    ("exemplars.replicate", Stage.IN_PROGRESS, set()),
    ("exemplars.renew", Stage.RECOGNISED, {"xa.a", "hoidong.3"}),
]


@pytest.mark.parametrize(("permission", "stage", "holders"), MATRIX)
@pytest.mark.parametrize("username", PERSONAS)
def test_permission_matrix(permission, stage, holders, username, make, persona):
    exemplar = make(stage)
    if stage == Stage.UNDER_REVIEW:
        CouncilExclusion.objects.create(
            nomination=exemplar.current_nomination,
            user=persona("hoidong.3"),
            reason="Thành viên của đơn vị đề nghị",
        )
        exemplar = Exemplar.objects.select_related("current_nomination").get(pk=exemplar.pk)
    assert persona(username).has_perm(permission, exemplar) is (username in holders)


@pytest.mark.parametrize(
    ("permission", "holders"),
    [
        ("exemplars.add_exemplar", {"xa.a", "xa.b", "tinh.bdv", "lanhdao.bdv", "so.a", "hoidong.3"}),
        ("exemplars.view_funnel", {"tinh.bdv", "lanhdao.bdv"}),
        # the Ban, and the commune Party committees that form their commune councils
        ("exemplars.manage_councils", {"tinh.bdv", "lanhdao.bdv", "xa.a", "xa.b", "hoidong.3"}),
        # the province council and the demo's commune councils (xa.a, xa.b are their secretaries)
        ("exemplars.review_queue", {"hoidong.1", "hoidong.3", "xa.a", "xa.b"}),
    ],
)
@pytest.mark.parametrize("username", PERSONAS)
def test_global_permissions(permission, holders, username, persona):
    assert persona(username).has_perm(permission) is (username in holders)


@pytest.mark.parametrize(
    ("username", "visible"),
    [
        ("xa.a", True),
        ("hoidong.3", True),
        ("tinh.bdv", True),
        ("lanhdao.bdv", True),
        ("xa.b", False),
        ("so.a", False),
        ("hoidong.1", False),
        ("mttq.tinh", False),
    ],
)
def test_who_sees_a_draft(username, visible, make, persona):
    exemplar = make(Stage.DRAFT)
    assert Exemplar.objects.visible_to(persona(username)).filter(pk=exemplar.pk).exists() is visible


def test_council_members_see_nominations_under_review_in_their_council(make, persona):
    under_review = make(Stage.UNDER_REVIEW, org_code="PT-DU-05089")
    nominated = make(Stage.NOMINATED, org_code="PT-DU-05089")
    member = persona("hoidong.1")
    assert Exemplar.objects.visible_to(member).filter(pk=under_review.pk).exists()
    assert not Exemplar.objects.visible_to(member).filter(pk=nominated.pk).exists()


def test_the_public_sees_recognised_models_and_consenting_individuals_only(make):
    from django.contrib.auth.models import AnonymousUser

    shown = [make(Stage.RECOGNISED), make(Stage.RECOGNISED, kind="individual", consent_public=True)]
    hidden = [
        make(Stage.RECOGNISED, kind="individual", consent_public=False),
        make(Stage.UNDER_REVIEW),
        make(Stage.SUSPENDED),
        make(Stage.DRAFT),
    ]
    visible = set(Exemplar.objects.public().values_list("pk", flat=True))
    assert {e.pk for e in shown} <= visible
    assert not {e.pk for e in hidden} & visible
    # The public fields are the showcase's; the record and its dossier are nobody's without a scope.
    assert not Exemplar.objects.visible_to(AnonymousUser()).exists()
