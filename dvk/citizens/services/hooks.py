"""Workflow hooks named in workflow.py: each step's deadline, forwarding and appeals."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.citizens.models import (
    Case,
    Channel,
    Policy,
)
from dvk.citizens.services.deadlines import (
    COMPLAINT_SUSPENSION_FROM,
    _clear_deadline,
    _compute,
    _open_case,
    _restart,
    _today,
    classification_rule,
    resolution_rule,
    set_deadline,
)
from dvk.citizens.services.letters import _new_letter
from dvk.citizens.workflow import OPEN_STAGES, Kind, Stage
from dvk.core.workflow import DomainError, Step
from dvk.notifications.services import notify
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.selectors import members_by_body

# --- workflow hooks (named in workflow.py) ---------------------------------------------------------


def on_accept(step: Step) -> None:
    case: Case = step.obj
    case.accepted_on = step.params.get("on") or _today()
    rule = resolution_rule(case)
    if rule:
        set_deadline(case, rule, case.accepted_on)
    if case.kind == Kind.DENUNCIATION:
        # The denouncer is told of the acceptance (Luật Tố cáo 2018, Điều 29): a second clock.
        notice = set_deadline(case, "TC.THONG_BAO_THU_LY", case.accepted_on, current=False)
        step.audit["notice_due_on"] = notice.due


def on_finish(step: Step) -> None:
    case: Case = step.obj
    case.closed_on = _today()
    if step.action in ("refuse", "guide", "store", "archive", "refer", "lawsuit"):
        case.outcome = step.note
    _clear_deadline(case)


def on_decide(step: Step) -> None:
    case: Case = step.obj
    if case.kind == Kind.COMPLAINT and case.round == 2 and step.from_stage != Stage.DIALOGUE:
        # Dialogue is mandatory in the second round (Luật Khiếu nại 2011, Điều 39).
        raise DomainError(_("A second-round complaint needs a dialogue before the decision."))
    case.decided_on = _today()
    case.outcome = step.note
    _clear_deadline(case)
    if case.kind == Kind.COMPLAINT and case.round == 1:
        window = set_deadline(case, "KN.HAN_KHIEU_NAI_L2", case.decided_on, current=False)
        step.audit["second_complaint_until"] = window.due


def on_answer(step: Step) -> None:
    case: Case = step.obj
    case.outcome = step.note
    case.decided_on = _today()
    _clear_deadline(case)


def on_extend(step: Step) -> None:
    case: Case = step.obj
    if not case.accepted_on:
        raise DomainError(_("Only an accepted denunciation can be extended."))
    deadline = _compute(case, "TC.GIAI_QUYET", case.accepted_on, extensions=case.extensions + 1)
    case.extensions += 1
    set_deadline(case, deadline.rule, case.accepted_on)


def on_suspend(step: Step) -> None:
    case: Case = step.obj
    today = _today()
    if case.kind == Kind.COMPLAINT and today < COMPLAINT_SUSPENSION_FROM:
        raise DomainError(_("Suspending a complaint is possible from 01/07/2026 (Luật 136/2025/QH15)."))
    rule = resolution_rule(case)
    if rule and case.accepted_on:
        # Only where the rule in force stops the clock (Luật Tố cáo Điều 31; Luật 136/2025 for
        # complaints accepted from 01/7/2026): otherwise the case could never resume on time.
        from dvk.deadlines.services import DeadlineError, compute

        try:
            compute(rule, case.accepted_on, paused_days=case.paused_days + 1)
        except DeadlineError as exc:
            raise DomainError(str(exc)) from exc
    case.paused_since = today


def on_resume(step: Step) -> None:
    case: Case = step.obj
    if case.paused_since:
        case.paused_days += max(0, (_today() - case.paused_since).days)
    case.paused_since = None
    case.stage = Stage.VERIFYING  # the deadline of the step being resumed
    _restart(case)


def on_reopen(step: Step) -> None:
    case: Case = step.obj
    policy = Policy.current()
    case.reopen_count += 1
    case.closed_on = case.decided_on = None
    case.received_on = _today()
    case.accepted_on = None
    case.extensions = case.paused_days = 0
    case.stage = Stage.CLASSIFYING
    set_deadline(case, classification_rule(case), case.received_on)
    if case.reopen_count >= policy.prolonged_reopen_count and not case.prolonged:
        case.prolonged = True
        case.prolonged_reason = _("Reopened %(n)s times.") % {"n": case.reopen_count}


def on_forward(step: Step) -> None:
    """Forwarding creates the receiving body's own letter and case, linked to the sender's."""
    case: Case = step.obj
    target = _receiving_body(case, step.params.get("to"))
    purpose = step.params.get("purpose", "resolution")
    linked = _linked_case(case, target, step.by, round_=case.round, strip=purpose == "verification")
    case.outcome = step.note
    case.closed_on = _today()
    _clear_deadline(case)
    step.audit.update({"forwarded_to": target.pk, "linked_case": linked.pk, "purpose": purpose})


def _receiving_body(case: Case, target: Organisation | None) -> Organisation:
    if target is None:
        raise ValidationError({"to": [_("Choose the receiving body.")]})
    if target.pk == case.organisation_id:
        raise ValidationError({"to": [_("Choose another body.")]})
    if not target.is_current():
        raise ValidationError({"to": [_("This body no longer exists.")]})
    return target


def on_assign_verification(step: Step) -> None:
    """Verification handed to another body at any step before the decision: the receiving body gets
    its own linked record without the identity; the case, its clock and its deadline stay here."""
    case: Case = step.obj
    target = _receiving_body(case, step.params.get("to"))
    if case.forwards.filter(organisation=target, stage__in=OPEN_STAGES).exists():
        raise DomainError(_("Verification is already with this body."))
    linked = _linked_case(case, target, step.by, round_=case.round, strip=True)
    step.audit.update({"forwarded_to": target.pk, "linked_case": linked.pk, "purpose": "verification"})


def on_appeal(step: Step) -> None:
    """Lần 2: the complainant takes the first decision to the next level, which opens its own case."""
    case: Case = step.obj
    if case.kind != Kind.COMPLAINT or case.round != 1:
        raise DomainError(_("Only a first-round complaint can go to a second round."))
    target: Organisation | None = step.params.get("to") or case.organisation.parent
    if target is None:
        raise ValidationError({"to": [_("Choose the receiving body.")]})
    if case.decided_on:
        window = _compute(case, "KN.HAN_KHIEU_NAI_L2", case.decided_on)
        step.audit["late_second_complaint"] = _today() > window.due
    linked = _linked_case(case, target, step.by, round_=2, strip=False)
    case.closed_on = _today()
    step.audit.update({"forwarded_to": target.pk, "linked_case": linked.pk})


def _linked_case(case: Case, target: Organisation, by: Any, *, round_: int, strip: bool) -> Case:
    letter = case.letter
    today = _today()
    carries_name = not strip and letter.kind != Kind.DENUNCIATION
    received = _new_letter(
        organisation=target,
        received_on=today,
        channel=Channel.TRANSFERRED,
        kind=case.kind,
        summary=case.summary,
        people_count=case.people_count,
        field=case.field,
        petitioner_name=letter.petitioner_name if carries_name else "",
        petitioner_address=letter.petitioner_address if carries_name else "",
        representatives=letter.representatives if carries_name else "",
        by=by,
    )
    received.forwarded_from = letter
    received.person_index = letter.person_index  # a keyed hash: matching, not identity
    # The identity never travels: the denouncer's stays sealed with the sender (Luật Tố cáo
    # 2018, Điều 56 k2: removed before the case is handed over for verification).
    received.identity_withheld = bool(letter.identity_ref) or letter.identity_withheld or strip
    received.phone_index = "" if strip else letter.phone_index
    received.save()
    linked = Case(
        organisation=target,
        letter=received,
        kind=case.kind,
        round=round_,
        field=case.field,
        summary=case.summary,
        received_on=today,
        people_count=case.people_count,
        complex=case.complex,
        remote_area=case.remote_area,
        multi_location=case.multi_location,
        forwarded_from=case,
        sender_path=case.org_path,
        stage=Stage.CLASSIFYING,
    )
    _open_case(linked, classification_rule(linked, target), today)
    record(
        actor=by,
        action="citizens.case.receive",
        target=linked,
        organisation=target,
        changes={"from_case": case.pk, "round": round_, "kind": case.kind},
    )
    staff = members_by_body([target.pk], Membership.Role.WORK)[target.pk]
    if staff:
        notify(
            staff,
            title=_("A case was forwarded to your body: %(number)s") % {"number": received.receipt_number},
            url=reverse("citizens:case_detail", args=[linked.pk]),
            kind="citizens.forwarded",
        )
    return linked
