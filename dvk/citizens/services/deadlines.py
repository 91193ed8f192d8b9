"""Statutory deadlines of a case, computed by dvk.deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dvk.citizens.models import (
    Case,
    CaseDeadline,
    Competence,
)
from dvk.citizens.workflow import Kind, Stage
from dvk.core.workflow import DomainError
from dvk.organisations.models import Organisation

# Luật 136/2025/QH15 (in force 1/7/2026) adds the suspension of complaint resolution.
COMPLAINT_SUSPENSION_FROM = dt.date(2026, 7, 1)


def _today() -> dt.date:
    return timezone.localdate()


# --- deadlines (dvk.deadlines) --------------------------------------------------------------------


def _compute(case: Case, rule: str, start: dt.date, *, extensions: int | None = None) -> Any:
    from dvk.deadlines.services import DeadlineError, compute

    # Extensions and suspended days lengthen the resolution period only.
    resolving = rule == resolution_rule(case)
    try:
        return compute(
            rule,
            start,
            complex=case.complex,
            remote_area=case.remote_area,
            multi_location=case.multi_location,
            extensions=(case.extensions if extensions is None else extensions) if resolving else 0,
            paused_days=case.paused_days if resolving else 0,
        )
    except DeadlineError as exc:
        raise DomainError(str(exc)) from exc


def set_deadline(case: Case, rule: str, start: dt.date, *, current: bool = True) -> Any:
    """Compute `rule` from `start` for the case, keep it in the case's deadline history and,
    when `current`, make it the case's deadline (the caller saves the case)."""
    deadline = _compute(case, rule, start)
    if case.pk:
        CaseDeadline.objects.create(
            case=case,
            rule=deadline.rule,
            start=deadline.start,
            due=deadline.due,
            legal_ref=deadline.legal_ref,
            moved_from=deadline.moved_from,
        )
    if current:
        if case.due_on and _today() > case.due_on:
            case.finished_late = True  # the step it replaces was done late
        case.due_on, case.due_rule, case.due_ref = deadline.due, deadline.rule, deadline.legal_ref
    return deadline


def _open_case(case: Case, rule: str, start: dt.date) -> Case:
    """Save a new case, then give it the deadline of its first step (kept in its history)."""
    case.save()
    if rule:
        set_deadline(case, rule, start)
        case.save(update_fields=["due_on", "due_rule", "due_ref"])
    return case


def _clear_deadline(case: Case) -> None:
    """The step with a time limit is done: remember whether it was late, then stop the clock."""
    if case.due_on and _today() > case.due_on:
        case.finished_late = True
    case.due_on, case.due_rule, case.due_ref = None, "", ""


def classification_rule(case: Case, organisation: Organisation | None = None) -> str:
    """The time limit of the first step (xử lý đơn) for the case's kind and body."""
    if case.kind == Kind.COMPLAINT:
        return "KN.THU_LY_L2" if case.round == 2 else "KN.THU_LY_L1"
    if case.kind == Kind.DENUNCIATION:
        # Not ours: forwarded within 5 working days (Điều 24 k2); ours: 7 (10) working days (k1).
        return "TC.CHUYEN_DON" if case.letter.competence == Competence.FORWARD else "TC.XU_LY_BAN_DAU"
    organisation = organisation or case.organisation
    if organisation.kind == Organisation.Kind.PARTY_COMMITTEE:
        return "QD11.THONG_BAO"  # the committee head notifies the citizen (QĐ 11-QĐi/TW)
    return "XLD.XU_LY_DON"


def resolution_rule(case: Case) -> str | None:
    if case.kind == Kind.COMPLAINT:
        return "KN.GIAI_QUYET_L2" if case.round == 2 else "KN.GIAI_QUYET_L1"
    if case.kind == Kind.DENUNCIATION:
        return "TC.GIAI_QUYET"
    return None  # petitions and reflections keep the answer deadline of the first step


def _restart(case: Case) -> None:
    """Recompute the deadline of the step the case is in (after a flag, a pause or an extension)."""
    if case.stage == Stage.CLASSIFYING:
        set_deadline(case, classification_rule(case), case.received_on)
    elif case.accepted_on and (rule := resolution_rule(case)):
        set_deadline(case, rule, case.accepted_on)
