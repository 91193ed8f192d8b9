"""The home widget's exemplar figures read the stock by stage kept as counts (dvk.stats) and the
outstanding models' partial index, not the models: the figures equal a direct count of what the
user sees (the Ban, a commune officer, council members), follow workflow actions, the outstanding
choice, bulk creation and deletion, equal a recount, and the home page's queries stay constant."""

from __future__ import annotations

import datetime as dt
import importlib
import random
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dvk.core.workflow import DomainError, WorkflowError
from dvk.exemplars import selectors
from dvk.exemplars.factories import ExemplarFactory
from dvk.exemplars.figures import DOMAIN, STOCK
from dvk.exemplars.models import Cycle, Exemplar, FieldOfWork
from dvk.exemplars.services import advance_exemplar
from dvk.exemplars.services.recognition import set_outstanding
from dvk.exemplars.services.registration import create_exemplars
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation
from dvk.stats import counters
from dvk.stats.models import Counter

pytestmark = pytest.mark.django_db

PERSONAS = ("tinh.bdv", "lanhdao.bdv", "xa.a", "xa.b", "hoidong.1", "hoidong.3")


def direct(user) -> dict[str, int]:
    """What the widget showed before the counters: one aggregate over `visible_to(user)`."""
    return Exemplar.objects.visible_to(user).aggregate(
        drafts=Count("id", filter=~selectors.STAGE_FIGURES["total"]),
        **{key: Count("id", filter=condition) for key, condition in selectors.STAGE_FIGURES.items()},
    )


def stock_rows() -> dict[tuple, int]:
    return {
        (c.metric, c.node_path, c.field): c.n
        for c in Counter.objects.filter(domain=DOMAIN, metric__startswith=STOCK).exclude(n=0)
    }


def build(persona, org_code: str = "PT-DU-04897") -> Exemplar:
    return ExemplarFactory(
        stage=Stage.DRAFT,
        organisation=Organisation.objects.get(code=org_code),
        cycle=Cycle.current(),
        field=FieldOfWork.objects.get(code="kinh-te"),
        started_on=timezone.localdate() - dt.timedelta(days=800),
        created_by=persona("xa.a"),
    )


@pytest.mark.parametrize("username", PERSONAS)
def test_the_widget_figures_equal_a_direct_count_on_the_demo_data(username, persona, client_for):
    user = persona(username)
    expected = direct(user)
    assert selectors.stage_counts(user=user) == expected
    widgets = client_for(username).get("/").context["widgets"]
    widget = next((w for w in widgets if str(w.title) == "Mô hình Dân vận khéo"), None)
    if widget is None:  # a persona without a body in scope has no exemplars widget
        assert not Exemplar.objects.visible_to(user).exists()
        return
    assert widget.value == expected["total"]
    assert [n for _label, n in widget.rows] == [
        expected[k] for k in ("building", "waiting", "review", "recognised", "outstanding")
    ]


def test_the_demo_has_what_the_comparison_needs(persona):
    """The comparison above is not vacuous: the Ban sees every stage and outstanding models, and
    the commune officers see fewer models than the Ban."""
    ban = direct(persona("tinh.bdv"))
    assert ban["building"] and ban["recognised"] and ban["outstanding"] and ban["drafts"]
    assert 0 < direct(persona("xa.a"))["total"] < ban["total"]


def test_a_council_members_nominations_outside_the_scope_are_counted(make, persona):
    """The council grant opens nominations under review outside the member's own subtree: they
    are counted from the rows, on top of the scope's counters."""
    from dvk.organisations.scoping import scope_for

    exemplar = make(Stage.UNDER_REVIEW)
    members = [
        persona(u) for u in ("hoidong.1", "hoidong.2", "hoidong.3") if _in_council(persona(u), exemplar)
    ]
    outside = [m for m in members if not scope_for(m).covers(exemplar.org_path)]
    for member in members:
        assert selectors.stage_counts(user=member) == direct(member)
    assert outside  # hoidong.1 and hoidong.2 sit on the provincial council, outside xa.a's body
    for member in outside:
        granted = Exemplar.objects.visible_to(member).exclude(scope_for(member).q("org_path", "org_root"))
        assert granted.filter(pk=exemplar.pk).exists()


def _in_council(user, exemplar) -> bool:
    from dvk.exemplars.models import CouncilMember

    return CouncilMember.objects.filter(user=user, council_id=exemplar.current_nomination.council_id).exists()


def test_the_stock_follows_actions_outstanding_bulk_creation_and_deletion(persona):
    rng = random.Random(7)
    actors = [persona(u) for u in ("xa.a", "xa.b", "tinh.bdv", "lanhdao.bdv")]
    records = [build(persona, rng.choice(["PT-DU-04897", "PT-DU-05089"])) for _ in range(10)]
    actions = ["register", "accept_registration", "return_for_changes", "withdraw", "register"]
    applied = 0
    for _ in range(40):
        exemplar = Exemplar.objects.get(pk=rng.choice(records).pk)
        try:
            advance_exemplar(exemplar=exemplar, action=rng.choice(actions), by=rng.choice(actors), note="Thử")
            applied += 1
        except (WorkflowError, DomainError, PermissionDenied, ValidationError):
            pass
    assert applied > 5
    ban = persona("tinh.bdv")
    recognised = Exemplar.objects.visible_to(ban).filter(stage=Stage.RECOGNISED, outstanding=False).first()
    assert recognised is not None
    set_outstanding(exemplar=recognised, by=ban, outstanding=True, event="Hội nghị thử")
    body = Organisation.objects.get(code="PT-DU-04897")
    data = {
        "kind": "collective",
        "title": "Mô hình nhập hàng loạt thử",
        "field": FieldOfWork.objects.get(code="kinh-te"),
        "level": "xa",
        "started_on": timezone.localdate() - dt.timedelta(days=400),
    }
    create_exemplars(
        by=persona("xa.a"), items=[(body, dict(data, title=f"{data['title']} {i}")) for i in range(3)]
    )
    Exemplar.objects.get(pk=records[0].pk).delete()
    for username in PERSONAS:
        assert selectors.stage_counts(user=persona(username)) == direct(persona(username)), username
    kept = stock_rows()
    counters.rebuild([DOMAIN])
    assert stock_rows() == kept


def test_the_migration_counts_the_same_stock_as_a_recount(persona):
    advance_exemplar(exemplar=build(persona), action="register", by=persona("xa.a"))
    counters.rebuild([DOMAIN])
    recounted = stock_rows()
    migration = importlib.import_module("dvk.exemplars.migrations.0012_home_stock_outstanding")
    migration.count_stock(apps, SimpleNamespace(connection=connection))
    assert stock_rows() == recounted and recounted


@pytest.mark.parametrize("username", ["tinh.bdv", "xa.a"])
def test_the_home_page_queries_do_not_grow_with_the_models(username, persona, client_for):
    client = client_for(username)
    client.get("/")  # warm per-process caches
    with CaptureQueriesContext(connection) as first:
        assert client.get("/").status_code == 200
    for _ in range(5):
        advance_exemplar(exemplar=build(persona), action="register", by=persona("xa.a"))
    with CaptureQueriesContext(connection) as second:
        assert client.get("/").status_code == 200
    assert len(second) == len(first), [q["sql"][:120] for q in second.captured_queries]
    # the stages come from the counters: no aggregate over the models any more
    assert not any(
        'FROM "exemplars_exemplar"' in q["sql"] and "FILTER (WHERE" in q["sql"]
        for q in second.captured_queries
    )
