"""Every allowed and every forbidden transition, table-driven, through the one service."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dvk.audit.models import AuditEvent
from dvk.core.workflow import DomainError, WorkflowError
from dvk.exemplars.models import Cycle, Decision, Nomination
from dvk.exemplars.services import advance_exemplar, submit_scores
from dvk.exemplars.workflow import TRANSITIONS, WORKFLOW, Stage

ALLOWED = {(source, t.action): t.target for t in TRANSITIONS for source in t.sources}
ACTIONS = sorted({t.action for t in TRANSITIONS})
# Who performs each action in the demo province.
ACTOR = {
    "register": "xa.a",
    "accept_registration": "tinh.bdv",
    "return_for_changes": "tinh.bdv",
    "nominate": "xa.a",
    "return_nomination": "tinh.bdv",
    "open_review": "tinh.bdv",
    "recognise": "lanhdao.bdv",
    "decline": "lanhdao.bdv",
    "withdraw": "xa.a",
    "suspend": "tinh.bdv",
    "renew": "xa.a",
}


def test_the_table_matches_the_documented_contract():
    assert {s.value for s in Stage} == {
        "draft",
        "registered",
        "in_progress",
        "nominated",
        "under_review",
        "recognised",
        "not_recognised",
        "withdrawn",
        "suspended",
    }
    assert {
        "register",
        "accept_registration",
        "return_for_changes",
        "nominate",
        "open_review",
        "recognise",
        "decline",
        "withdraw",
        "suspend",
    } <= set(ACTIONS)


@pytest.mark.parametrize(("stage", "action"), [(s, a) for s in Stage.values for a in ACTIONS])
def test_transition_for_every_stage_and_action(stage, action):
    if (stage, action) in ALLOWED:
        assert WORKFLOW.transition_for(action, stage).target == ALLOWED[(stage, action)]
    else:
        with pytest.raises(WorkflowError):
            WORKFLOW.transition_for(action, stage)


@pytest.mark.parametrize(("source", "action"), sorted(ALLOWED))
def test_every_allowed_transition_through_the_service(source, action, make, persona, full_scores):
    exemplar = make(source)
    if action == "recognise":
        for member in ("hoidong.1", "hoidong.2"):
            submit_scores(exemplar=exemplar, by=persona(member), scores=full_scores(exemplar))
    later = Cycle.objects.filter(start_year__gt=exemplar.cycle.start_year).first() or Cycle.objects.create(
        name="2031–2035", start_year=2031, end_year=2035
    )
    result = advance_exemplar(
        exemplar=exemplar, action=action, by=persona(ACTOR[action]), note="Lý do cụ thể", cycle=later
    )
    assert result.stage == ALLOWED[(source, action)]
    event = result.events.get(action=action)
    assert (event.from_stage, event.to_stage, event.actor.username) == (source, result.stage, ACTOR[action])
    assert AuditEvent.objects.filter(action=f"exemplars.{action}", target_id=str(result.pk)).exists()
    if action == "recognise":
        assert Decision.objects.filter(exemplar=result).count() == 1
    if action == "renew":
        assert result.cycle == later


@pytest.mark.parametrize(
    ("stage", "action"), [(s, a) for s in Stage.values for a in ACTIONS if (s, a) not in ALLOWED]
)
def test_every_forbidden_transition_is_a_409_and_changes_nothing(stage, action, make, persona):
    exemplar = make(stage)
    with pytest.raises(WorkflowError):
        advance_exemplar(exemplar=exemplar, action=action, by=persona("admin"), note="x")
    exemplar.refresh_from_db()
    assert exemplar.stage == stage
    assert not exemplar.events.exists()


def test_unknown_action_is_refused(make, persona):
    with pytest.raises(WorkflowError):
        advance_exemplar(exemplar=make(), action="publish", by=persona("admin"))


def test_a_repeated_action_is_harmless(make, persona):
    exemplar = make(Stage.DRAFT)
    advance_exemplar(exemplar=exemplar, action="register", by=persona("xa.a"))
    again = advance_exemplar(exemplar=exemplar, action="register", by=persona("xa.a"))
    assert again.stage == Stage.REGISTERED
    assert again.events.filter(action="register").count() == 1


def test_actions_needing_a_reason_refuse_an_empty_note(make, persona):
    exemplar = make(Stage.REGISTERED)
    with pytest.raises(ValidationError):
        advance_exemplar(exemplar=exemplar, action="return_for_changes", by=persona("tinh.bdv"), note="  ")
    exemplar.refresh_from_db()
    assert exemplar.stage == Stage.REGISTERED


def test_the_wrong_person_gets_403(make, persona):
    exemplar = make(Stage.REGISTERED)
    with pytest.raises(PermissionDenied):
        advance_exemplar(exemplar=exemplar, action="accept_registration", by=persona("xa.a"))


def test_nomination_too_early_is_refused_with_the_reason(make, persona):
    from django.utils import timezone

    exemplar = make(Stage.IN_PROGRESS, started_on=timezone.localdate().replace(day=1))
    with pytest.raises(DomainError, match="12"):
        advance_exemplar(exemplar=exemplar, action="nominate", by=persona("xa.a"))


def test_nomination_with_an_incomplete_dossier_is_refused(make, persona):
    exemplar = make(Stage.IN_PROGRESS)
    exemplar.nominations.all().delete()
    from dvk.attachments.services import attachments_of

    attachments_of(exemplar).filter(kind="dossier.minutes").delete()
    with pytest.raises(DomainError) as refused:
        advance_exemplar(exemplar=exemplar, action="nominate", by=persona("xa.a"))
    assert "biên bản bình xét cấp dưới" in str(refused.value)


def test_nomination_keeps_the_criteria_set_version(make, persona):
    exemplar = advance_exemplar(exemplar=make(Stage.IN_PROGRESS), action="nominate", by=persona("xa.a"))
    nomination = Nomination.objects.get(pk=exemplar.current_nomination_id)
    assert nomination.criteria_set.version == 2 and nomination.criteria_set.applies_to == "collective"


def test_recognition_without_quorum_is_409_with_the_numbers(make, persona, full_scores):
    exemplar = make(Stage.UNDER_REVIEW)
    submit_scores(exemplar=exemplar, by=persona("hoidong.1"), scores=full_scores(exemplar))
    with pytest.raises(DomainError) as refused:
        advance_exemplar(exemplar=exemplar, action="recognise", by=persona("lanhdao.bdv"))
    assert "1/3" in str(refused.value) and "2 phiếu" in str(refused.value)


def test_recognition_below_the_pass_mark_is_409_with_the_numbers(make, persona, full_scores):
    exemplar = make(Stage.UNDER_REVIEW)
    for member in ("hoidong.1", "hoidong.2"):
        submit_scores(exemplar=exemplar, by=persona(member), scores=full_scores(exemplar, 0.5))
    with pytest.raises(DomainError) as refused:
        advance_exemplar(exemplar=exemplar, action="recognise", by=persona("lanhdao.bdv"))
    assert "50.00%" in str(refused.value) and "70.00%" in str(refused.value)
    exemplar.refresh_from_db()
    assert exemplar.stage == Stage.UNDER_REVIEW


def test_recognition_is_per_cycle_and_can_be_renewed(make, persona, full_scores):
    exemplar = make(Stage.RECOGNISED)
    with pytest.raises(DomainError):
        advance_exemplar(exemplar=exemplar, action="renew", by=persona("xa.a"), cycle=exemplar.cycle)
    later = Cycle.objects.create(name="2031–2035", start_year=2031, end_year=2035)
    renewed = advance_exemplar(exemplar=exemplar, action="renew", by=persona("xa.a"), cycle=later)
    assert renewed.stage == Stage.IN_PROGRESS and renewed.cycle == later
