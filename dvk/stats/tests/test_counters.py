"""Counters kept on write: they move with the workflow change (and roll back with it), equal a
recount from the rows after random workflow actions, and the figures built on them match
independent counts of the rows, scoped, with closed bodies counted under their successors."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from dvk.core.figures import Period
from dvk.core.workflow import DomainError, WorkflowError
from dvk.exemplars import figures as exemplar_figures
from dvk.exemplars.factories import ExemplarFactory
from dvk.exemplars.models import Cycle, Exemplar, ExemplarEvent, FieldOfWork
from dvk.exemplars.services import advance_exemplar
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation, OrganisationSuccession
from dvk.organisations.scoping import scope_for
from dvk.stats import counters
from dvk.stats.models import Counter

THIS_YEAR = Period.year(timezone.localdate().year)


def snapshot() -> dict[tuple, int]:
    return {
        (c.domain, c.metric, c.node_path, c.bucket, c.field): c.n
        for c in Counter.objects.exclude(n=0).order_by()
    }


def build(persona, org_code: str = "PT-DU-04897", **fields) -> Exemplar:
    fields.setdefault("field", FieldOfWork.objects.get(code="kinh-te"))
    return ExemplarFactory(
        stage=Stage.DRAFT,
        organisation=Organisation.objects.get(code=org_code),
        cycle=Cycle.current(),
        started_on=timezone.localdate() - dt.timedelta(days=800),
        created_by=persona("xa.a"),
        **fields,
    )


def registered(user, unit=None, field=None) -> int:
    section = exemplar_figures.section(user, THIS_YEAR, unit=unit, field=field)
    figure = section.figure("registered")
    assert figure is not None
    return int(figure.value or 0)


def test_counters_equal_a_recount_after_random_workflow_actions(persona):
    rng = random.Random(11)
    actors = [persona(u) for u in ("xa.a", "xa.b", "tinh.bdv", "lanhdao.bdv")]
    records = [build(persona, rng.choice(["PT-DU-04897", "PT-DU-05089"])) for _ in range(14)]
    actions = [
        "register",
        "accept_registration",
        "return_for_changes",
        "withdraw",
        "register",
        "accept_registration",
    ]
    applied = 0
    for _ in range(60):
        exemplar = Exemplar.objects.get(pk=rng.choice(records).pk)
        action = rng.choice(actions)
        try:
            advance_exemplar(exemplar=exemplar, action=action, by=rng.choice(actors), note="Lý do thử")
            applied += 1
        except (WorkflowError, DomainError, PermissionDenied, ValidationError):
            pass  # refused: the transaction rolled back, and the counters with it
    assert applied > 10
    kept = snapshot()
    call_command("rebuild_counters", verbosity=0)
    assert snapshot() == kept
    # and the province's count is the number of event rows, counted independently
    q = scope_for(persona("tinh.bdv")).q(
        "exemplar__org_path"
    )  # the province and the provinces merged into it
    events = ExemplarEvent.objects.filter(q, action="register", at__year=THIS_YEAR.start.year).count()
    assert registered(persona("tinh.bdv")) == events


def test_a_refused_or_rolled_back_action_leaves_the_counters_alone(persona):
    exemplar = build(persona)
    before = snapshot()
    with pytest.raises(RuntimeError), transaction.atomic():
        advance_exemplar(exemplar=exemplar, action="register", by=persona("xa.a"))
        assert snapshot() != before  # counted inside the transaction...
        raise RuntimeError("roll back")
    assert snapshot() == before  # ...and gone with it
    with pytest.raises(PermissionDenied):
        advance_exemplar(exemplar=Exemplar.objects.get(pk=exemplar.pk), action="register", by=persona("xa.b"))
    assert snapshot() == before


def test_one_event_counts_for_the_body_and_every_body_above_it(persona):
    exemplar = build(persona)
    body = exemplar.organisation
    advance_exemplar(exemplar=exemplar, action="register", by=persona("xa.a"))
    rows = Counter.objects.filter(
        domain="exemplars", metric="register", bucket=timezone.localdate().replace(day=1)
    )
    assert set(counters.nodes(body.path)) <= set(rows.values_list("node_path", flat=True))
    assert len(counters.nodes(body.path)) == body.depth


def test_a_sibling_body_never_counts_another_bodys_rows(persona):
    xa_a, xa_b, province = persona("xa.a"), persona("xa.b"), persona("tinh.bdv")
    before = (registered(xa_a), registered(xa_b), registered(province))
    advance_exemplar(exemplar=build(persona), action="register", by=xa_a)
    assert (registered(xa_a), registered(xa_b), registered(province)) == (
        before[0] + 1,
        before[1],
        before[2] + 1,
    )
    # a sibling's body as the unit filter: nothing (out of scope)
    assert registered(xa_b, unit=Organisation.objects.get(code="PT-DU-04897").pk) == 0


def test_figures_match_independent_counts_of_the_rows(persona):
    user = persona("tinh.bdv")
    q = scope_for(user).q("exemplar__org_path")
    year = THIS_YEAR.start.year
    section = exemplar_figures.section(user, THIS_YEAR)
    for metric, key, _label, _stage in exemplar_figures.FUNNEL:
        expected = ExemplarEvent.objects.filter(q, action=metric, at__year=year).count()
        assert section.figure(key).value == expected, key
    # by field: the top-level field of each model
    table = section.table("recognised_by_field")
    by_name = {row[0]: row[2] for row in table.rows}
    for root in FieldOfWork.objects.filter(parent__isnull=True):
        expected = (
            ExemplarEvent.objects.filter(q, action="recognise", at__year=year)
            .filter(exemplar__field__in=[root.pk, *root.children.values_list("pk", flat=True)])
            .count()
        )
        assert by_name.get(root.name, 0) == expected, root.code
    # the field filter narrows the funnel to that field
    economy = FieldOfWork.objects.get(code="kinh-te")
    expected = (
        ExemplarEvent.objects.filter(q, action="register", at__year=year)
        .filter(exemplar__field__in=[economy.pk, *economy.children.values_list("pk", flat=True)])
        .count()
    )
    assert registered(user, field="kinh-te") == expected


def test_history_of_a_closed_body_is_counted_under_its_successor(persona):
    link = (
        OrganisationSuccession.objects.select_related("old", "new")
        .filter(old__valid_to__isnull=False, is_primary=True)
        .first()
    )
    assert link is not None, "the demo province has a reorganisation"
    old, new = link.old, link.new
    exemplar = build(persona, org_code=old.code)
    user = persona("tinh.bdv")
    before_new = registered(user, unit=new.pk)
    ExemplarEvent.objects.create(
        exemplar=exemplar, action="register", from_stage="draft", to_stage="registered"
    )
    assert registered(user, unit=new.pk) == before_new + 1  # the successor carries the old body's history
    rows = counters.by_child(
        "exemplars", counters.scope_prefixes(user), THIS_YEAR.start, THIS_YEAR.end, metrics=["register"]
    )
    merged = {body.pk for body, _c in counters.merge_under_successors(rows)}
    assert old.pk not in merged  # a closed body never appears as a row of its own


def test_periods_count_only_their_months(persona):
    exemplar = build(persona)
    advance_exemplar(exemplar=exemplar, action="register", by=persona("xa.a"))
    today = timezone.localdate()
    this_month = Period.month(today.year, today.month)
    last_year = Period.year(today.year - 1)
    user = persona("xa.a")
    now = exemplar_figures.section(user, this_month).figure("registered").value
    assert now >= 1
    before = exemplar_figures.section(user, last_year).figure("registered").value
    advance_exemplar(exemplar=build(persona), action="register", by=user)
    assert exemplar_figures.section(user, this_month).figure("registered").value == now + 1
    assert exemplar_figures.section(user, last_year).figure("registered").value == before


def test_periods_parse_and_refuse_in_vietnamese():
    assert Period.from_code("2026-Q2").start == dt.date(2026, 4, 1)
    assert Period.from_code("2026-H2").end == dt.date(2026, 12, 31)
    assert Period.from_code("2026-M02").end == dt.date(2026, 2, 28)
    assert Period.from_code("20200101-20201231").label == "Từ 01/01/2020 đến 31/12/2020"
    for bad in ("2026-Q5", "2026-M13", "20260231-20260301", "x", "20261231-20260101"):
        with pytest.raises(ValueError, match="không phải là một kỳ báo cáo"):
            Period.from_code(bad)


def test_the_grouped_recount_equals_the_row_by_row_recount(persona):
    """rebuild() groups in SQL where every Track gives its expressions; reading the rows one by
    one through the Python functions (what the receiver uses) gives the same counters."""
    advance_exemplar(exemplar=build(persona), action="register", by=persona("xa.a"))
    counters.rebuild(grouped=False)
    one_by_one = snapshot()
    counters.rebuild()
    assert snapshot() == one_by_one
    assert {d for d, *_rest in one_by_one} == {
        "exemplars",
        "plans",
        "citizens",
        "citizens_mon",
        "voters",
        "front",
    }


def test_a_state_kept_as_counts_follows_creation_stage_changes_and_deletion(db):
    """Plans keep "reports due in a month, by stage" as counts: a new report adds one, each
    ReportEvent moves one from the old stage to the new, a deleted report takes its one off; a
    recount from the reports' current stage gives the same."""
    from dvk.plans.models import Assignment, Report, ReportEvent
    from dvk.plans.workflow import ReportStage

    assignment = Assignment.objects.filter(organisation__code="PT-DU-04897").first()
    assert assignment is not None
    due = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    report = Report.objects.create(
        assignment=assignment, organisation=assignment.organisation, period="adhoc-test", due_on=due
    )
    for old, new, action in (
        (ReportStage.DUE, ReportStage.SUBMITTED, "submit"),
        (ReportStage.SUBMITTED, ReportStage.RETURNED, "return"),
        (ReportStage.RETURNED, ReportStage.SUBMITTED, "submit"),
    ):
        report.stage = new
        report.save()
        ReportEvent.objects.create(report=report, action=action, from_stage=old, to_stage=new)
    kept = snapshot()
    counters.rebuild(["plans"])
    assert snapshot() == kept
    report.delete()  # its events go with it (cascade): the state is taken off at once...

    def states() -> dict:
        return {k: n for k, n in snapshot().items() if k[1].startswith("state:")}

    kept = states()
    counters.rebuild(["plans"])
    assert states() == kept  # ...its history stays counted until the next rebuild
