"""Every transition of every workflow, generated from the workflow tables: allowed where the
table says (reaching its target), refused everywhere else (WorkflowError), and refused to a user
who may not act on the case (PermissionDenied)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dvk.citizens import services
from dvk.citizens.models import Case
from dvk.citizens.workflow import WORKFLOWS, Stage
from dvk.core.workflow import DomainError, WorkflowError

# One workflow per name (petitions and reflections share one): (kind, workflow) pairs.
TABLES = sorted({w.name: (k, w) for k, w in WORKFLOWS.items()}.values(), key=lambda kw: kw[1].name)
GRID = [(kind, stage) for kind, _w in TABLES for stage in Stage.values]


def _prepare(case: Case, stage: str) -> Case:
    """Put the case in `stage` with the facts that stage implies (accepted, suspended, decided)."""
    today = timezone.localdate()
    fields = {"stage": stage}
    if stage not in (Stage.CLASSIFYING, Stage.INFORMATION):
        fields["accepted_on"] = today - dt.timedelta(days=3)
    if stage == Stage.SUSPENDED:
        fields["paused_since"] = today - dt.timedelta(days=2)
    if stage in (Stage.DECIDED, Stage.ENFORCING, Stage.CLOSED, Stage.ANSWERED):
        fields["decided_on"] = today - dt.timedelta(days=1)
    Case.objects.filter(pk=case.pk).update(**fields)
    return Case.objects.get(pk=case.pk)


def _params(action: str, org) -> dict:
    return {"to": org("PT-SNNMT")} if action in ("forward", "assign_verification", "appeal") else {}


@pytest.mark.parametrize(("kind", "stage"), GRID)
def test_transition_table(kind, stage, bare_case, persona, org):
    """From `stage`, each action of the table reaches its target; every other action is refused."""
    workflow = WORKFLOWS[kind]
    actor = persona("chutich.xa")  # the body's leader may run every action of the body's cases
    idle = _prepare(bare_case(kind), stage)
    for action in sorted(workflow.actions):
        allowed = [t for t in workflow.transitions if t.action == action and stage in t.sources]
        if not allowed:
            with pytest.raises(WorkflowError):
                services.act(by=actor, case=idle, action=action, note="Lý do")
            assert Case.objects.get(pk=idle.pk).stage == stage
            continue
        subject = _prepare(bare_case(kind), stage)
        done = services.act(by=actor, case=subject, action=action, note="Lý do", **_params(action, org))
        assert done.stage == allowed[0].target, (action, stage)
        assert done.events.filter(action=action, from_stage=stage, to_stage=allowed[0].target).count() == 1


@pytest.mark.parametrize("kind", [k for k, _w in TABLES])
def test_another_body_may_not_act(kind, case, persona, org):
    """Users of another commune or of a department may run no action of the commune's cases."""
    subject = case(kind)
    for transition in WORKFLOWS[kind].transitions:
        subject = _prepare(subject, sorted(transition.sources)[0])
        for outsider in ("xa.b", "so.a"):
            with pytest.raises(PermissionDenied):
                services.act(
                    by=persona(outsider),
                    case=subject,
                    action=transition.action,
                    note="Lý do",
                    **_params(transition.action, org),
                )


def test_assigned_handler_only(case, persona):
    subject = case()
    services.assign(by=persona("chutich.xa"), case=subject, handler=persona("tiepdan.xa"))
    from dvk.accounts.factories import UserFactory
    from dvk.organisations.models import Membership, Organisation

    other = UserFactory(username="tiepdan.khac")
    Membership.objects.create(
        user=other, organisation=Organisation.objects.get(code="PT-UBND-04897"), role="officer"
    )
    with pytest.raises(PermissionDenied):
        services.act(by=other, case=subject, action="accept")
    assert services.act(by=persona("tiepdan.xa"), case=subject, action="accept").stage == Stage.ACCEPTED


def test_refusal_needs_reasons(case, persona):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.act(by=persona("tiepdan.xa"), case=case(), action="refuse", note="")


def test_second_round_needs_dialogue(case, persona, org):
    first = case()
    officer = persona("tiepdan.xa")
    for action in ("accept", "verify"):
        first = services.act(by=officer, case=first, action=action)
    first = services.act(by=officer, case=first, action="decide", note="Giữ nguyên quyết định.")
    services.act(by=officer, case=first, action="appeal", note="Không đồng ý.", to=org("PT-UBND"))
    second = Case.objects.get(forwarded_from=first)
    assert second.round == 2 and second.due_rule == "KN.THU_LY_L2"
    assert second.organisation.code == "PT-UBND"
    from dvk.accounts.factories import UserFactory
    from dvk.organisations.models import Membership

    province = UserFactory(username="tiepdan.tinh")
    Membership.objects.create(user=province, organisation=org("PT-UBND"), role="officer")
    second = services.act(by=province, case=second, action="accept")
    assert second.due_rule == "KN.GIAI_QUYET_L2"
    second = services.act(by=province, case=second, action="verify")
    with pytest.raises(DomainError):
        services.act(by=province, case=second, action="decide", note="Quyết định lần hai.")
    second = services.act(by=province, case=second, action="dialogue", note="Đối thoại.")
    assert (
        services.act(by=province, case=second, action="decide", note="Quyết định lần hai.").stage
        == Stage.DECIDED
    )


def test_double_click_is_one_step(case, persona):
    subject = case()
    officer = persona("tiepdan.xa")
    services.act(by=officer, case=subject, action="accept")
    services.act(by=officer, case=subject, action="accept")  # repeated: harmless
    assert subject.events.filter(action="accept").count() == 1


@pytest.mark.parametrize("kind", ["complaint", "denunciation", "petition"])
def test_verification_can_be_assigned_after_acceptance(kind, case, persona, org):
    """Past the first step the resolver may still hand verification to another body (Luật Khiếu nại
    Điều 29 k1, Luật Tố cáo Điều 31 k1): the receiver gets a linked record without the identity, the
    case stays with its body on the same deadline; the same body twice is refused."""
    officer = persona("tiepdan.xa")
    subject = services.act(by=officer, case=case(kind), action="accept")
    subject = services.act(by=officer, case=subject, action="verify")
    due = subject.due_on
    done = services.act(
        by=officer, case=subject, action="assign_verification", note="Giao xác minh", to=org("PT-TTT")
    )
    assert done.stage == Stage.VERIFYING and done.due_on == due and done.closed_on is None
    linked = Case.objects.get(forwarded_from=done)
    assert linked.organisation.code == "PT-TTT" and linked.letter.identity_withheld
    assert linked.letter.petitioner_name == "" and linked.letter.phone_index == ""
    with pytest.raises(DomainError):
        services.act(by=officer, case=done, action="assign_verification", note="Lần nữa", to=org("PT-TTT"))
    assert Case.objects.filter(forwarded_from=done).count() == 1
    assert done.events.filter(action="assign_verification").count() == 1
