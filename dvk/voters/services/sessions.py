"""Terms, regular sessions and deputies."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.actors import SYSTEM, SystemActor
from dvk.core.types import AuthenticatedUser
from dvk.core.validation import clean_model_text
from dvk.core.workflow import DomainError, Step, advance
from dvk.organisations.models import Organisation
from dvk.voters.models import (
    Deputy,
    Session,
    Term,
)
from dvk.voters.services.carry_over import carry_over_into
from dvk.voters.workflow import (
    SESSION_WORKFLOW,
    SessionStage,
)

if TYPE_CHECKING:
    from dvk.accounts.models import User

# --- Terms, sessions, deputies ---------------------------------------------------------------


@transaction.atomic
def create_term(
    *,
    by: AuthenticatedUser,
    organisation: Organisation,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    answer_lead_days: int | None = None,
    delegation: Organisation | None = None,
) -> Term:
    if organisation.kind != Organisation.Kind.PEOPLES_COUNCIL:
        raise DomainError(_("A term belongs to a People's Council."))
    probe = Term(organisation=organisation)
    probe.fill_owner()
    require(by, "voters.manage_session", probe)
    if ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end must not be before the start.")]})
    term = Term(
        organisation=organisation,
        name=clean_model_text(Term, "name", name),
        starts_on=starts_on,
        ends_on=ends_on,
        delegation=delegation,
    )
    if answer_lead_days is not None:
        term.answer_lead_days = answer_lead_days
    term.save()
    record(
        actor=by,
        action="voters.term.create",
        target=term,
        organisation=organisation,
        changes={"name": term.name},
    )
    return term


@transaction.atomic
def create_session(
    *,
    by: AuthenticatedUser,
    term: Term,
    number: int,
    opens_on: dt.date,
    kind: str = Session.Kind.REGULAR,
    closes_on: dt.date | None = None,
    form_token: str = "",
) -> Session:
    """A session of the term; a repeated `form_token` (the form posted twice) returns the first."""
    require(by, "voters.manage_session", term)
    if form_token and (repeated := Session.objects.filter(term=term, form_token=form_token).first()):
        return repeated
    if kind not in Session.Kind.values:
        raise ValidationError({"kind": [_("Choose one of the allowed values.")]})
    if closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": [_("The end must not be before the start.")]})
    if Session.objects.filter(term=term, number=number).exists():
        raise ValidationError({"number": [_("This term already has a session with this number.")]})
    session = Session.objects.create(
        term=term,
        organisation_id=term.organisation_id,
        number=number,
        kind=kind,
        opens_on=opens_on,
        closes_on=closes_on,
        form_token=form_token or None,
    )
    record(
        actor=by,
        action="voters.session.create",
        target=session,
        organisation=term.organisation,
        changes={"number": number, "kind": kind, "opens_on": opens_on},
    )
    return session


@transaction.atomic
def add_deputy(
    *,
    by: AuthenticatedUser,
    term: Term,
    full_name: str,
    constituency: str,
    position: str = "",
    user: User | None = None,
    form_token: str = "",
) -> Deputy:
    """A deputy in the term's register; a repeated `form_token` returns the first."""
    require(by, "voters.manage_session", term)
    if form_token and (repeated := Deputy.objects.filter(term=term, form_token=form_token).first()):
        return repeated
    full_name = clean_model_text(Deputy, "full_name", full_name)
    constituency = clean_model_text(Deputy, "constituency", constituency)
    if Deputy.objects.filter(term=term, full_name=full_name, constituency=constituency).exists():
        raise ValidationError({"full_name": [_("This deputy is already in the register.")]})
    deputy = Deputy.objects.create(
        term=term,
        organisation_id=term.organisation_id,
        full_name=full_name,
        constituency=constituency,
        position=clean_model_text(Deputy, "position", position),
        user=user,
        form_token=form_token or None,
    )
    record(
        actor=by,
        action="voters.deputy.add",
        target=deputy,
        organisation=term.organisation,
        changes={"full_name": full_name, "constituency": constituency},
    )
    return deputy


def open_session(*, by: AuthenticatedUser | SystemActor, session: Session, note: str = "") -> Session:
    """Open a session; a regular session takes over what is still unresolved (after_open_session)."""
    return advance(obj=session, workflow=SESSION_WORKFLOW, action="open", by=by, note=note)


def close_session(*, by: AuthenticatedUser, session: Session, note: str = "") -> Session:
    return advance(obj=session, workflow=SESSION_WORKFLOW, action="close", by=by, note=note)


def after_open_session(step: Step) -> None:
    carry_over_into(session=step.obj, by=step.by)


def open_due_sessions(today: dt.date | None = None) -> int:
    """The scheduler's job: open every planned session whose opening day has come (system actor)."""
    today = today or timezone.localdate()
    opened = 0
    for session in Session.objects.filter(stage=SessionStage.PLANNED, opens_on__lte=today).order_by(
        "opens_on", "id"
    ):
        open_session(by=SYSTEM, session=session, note=_("Opened on its scheduled day."))
        opened += 1
    return opened


@transaction.atomic
def publish_answers(*, by: AuthenticatedUser, session: Session) -> Session:
    require(by, "voters.publish", session)
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.answers_published_at is None:
        session.answers_published_at = timezone.now()
        session.save(update_fields=["answers_published_at", "updated_at"])
        record(actor=by, action="voters.session.publish", target=session, organisation=session.organisation)
    return session
