"""A petition or a case counts once in a step, the first time it reaches it: a petition carried
over and forwarded or answered again, or a case answered and then closed, is one figure, as the
list the figure opens holds it once. Counted on write, the counters equal a recount."""

from __future__ import annotations

from django.utils import timezone

from dvk.citizens import figures as citizens_figures
from dvk.citizens.models import Case, CaseEvent
from dvk.citizens.workflow import Stage
from dvk.core.figures import Period
from dvk.stats import counters
from dvk.stats.tests.test_counters import snapshot
from dvk.stats.tests.test_drill_down import _count
from dvk.voters import figures as voters_figures
from dvk.voters.models import Petition, PetitionEvent
from dvk.voters.workflow import PetitionStage as P


def _month() -> Period:
    today = timezone.localdate()
    return Period.month(today.year, today.month)


def _of(domain: str) -> dict:
    return {k: n for k, n in snapshot().items() if k[0] == domain}


def _recounted(domain: str) -> dict:
    kept = _of(domain)
    counters.rebuild([domain])
    return kept, _of(domain)


def test_a_petition_carried_over_counts_once_per_step(client_for, persona):
    user, client = persona("tinh.bdv"), client_for("tinh.bdv")
    petition = Petition.objects.exclude(events__to_stage__in=[P.FORWARDED, P.ANSWERED]).first()
    assert petition is not None
    section = voters_figures.section(user, _month())
    before = {k: section.figure(k).value for k in ("forwarded", "answered")}
    steps = [
        (P.CLASSIFIED, P.FORWARDED, "forward"),
        (P.FORWARDED, P.ANSWERED, "answer"),
        (P.ANSWERED, P.FORWARDED, "carry_over"),
        (P.FORWARDED, P.FORWARDED, "carry_over"),
        (P.FORWARDED, P.ANSWERED, "answer"),
    ]
    for old, new, action in steps:
        PetitionEvent.objects.create(petition=petition, action=action, from_stage=old, to_stage=new)
    section = voters_figures.section(user, _month())
    for key in ("forwarded", "answered"):
        figure = section.figure(key)
        assert figure.value == before[key] + 1, key  # forwarded thrice, answered twice: one each
        assert _count(client, figure.drill_url) == figure.value, key
    kept, recount = _recounted("voters")
    assert kept == recount


def test_a_case_answered_then_closed_is_settled_once(client_for, persona):
    user, client = persona("tinh.bdv"), client_for("tinh.bdv")
    case = Case.objects.exclude(events__to_stage__in=citizens_figures.SETTLED).first()
    assert case is not None
    before = citizens_figures.section(user, _month()).figure("settled").value
    for old, new in ((case.stage, Stage.ANSWERED), (Stage.ANSWERED, Stage.CLOSED)):
        CaseEvent.objects.create(case=case, action="test", from_stage=old, to_stage=new)
    figure = citizens_figures.section(user, _month()).figure("settled")
    assert figure.value == before + 1
    assert _count(client, figure.drill_url) == figure.value
    kept, recount = _recounted("citizens")
    assert kept == recount
