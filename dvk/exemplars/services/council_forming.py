"""Forming and changing a council in the app, by the body it belongs to: the commune Party
committee for its commune council (it numbers that council's recognition decisions), the Ban for
the province council. Level, cycle, the decision forming it, members with their roles (one chair,
at most one secretary) and the conflicts of interest each member declared."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError
from dvk.exemplars.models import Council, CouncilMember, Cycle, Level, Nomination, forget_councils
from dvk.exemplars.services.councils import _exclude, conflicting_membership, declared_conflict
from dvk.organisations.models import Organisation


@dataclass
class Seat:
    user: AuthenticatedUser
    role: str = CouncilMember.Role.MEMBER
    declared: list[Organisation] = field(default_factory=list)
    note: str = ""


def _check_seats(seats: list[Seat]) -> None:
    errors: list[str] = []
    if not seats:
        errors.append(_("A council needs its members."))
    if any(s.role not in CouncilMember.Role.values for s in seats):
        errors.append(_("Choose one of the allowed values."))
    if len({s.user.pk for s in seats}) != len(seats):
        errors.append(_("Each member sits on the council once."))
    chairs = sum(1 for s in seats if s.role == CouncilMember.Role.CHAIR)
    secretaries = sum(1 for s in seats if s.role == CouncilMember.Role.SECRETARY)
    if seats and chairs != 1:
        errors.append(_("A council has exactly one chair."))
    if secretaries > 1:
        errors.append(_("A council has at most one secretary."))
    if errors:
        raise ValidationError({"members": errors})


def _seat_facts(seats: list[Seat]) -> list[str]:
    """What the audit row says about the seats: username, role and declared bodies."""
    return [
        f"{s.user.get_username()} ({s.role})"
        + (f": {', '.join(b.name for b in s.declared)}" if s.declared else "")
        for s in seats
    ]


@transaction.atomic
def save_council(
    *,
    by: AuthenticatedUser,
    council: Council | None = None,
    name: str,
    organisation: Organisation,
    level: str,
    cycle: Cycle,
    seats: list[Seat],
    deciding_body: Organisation | None = None,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    place: str = "",
) -> Council:
    """Form a council (`council` None) or change one. Checks "exemplars.manage_councils" on the
    council (its body and level), one council per body, level and cycle, the seats; records one
    audit row; a member's new declared conflicts exclude them from the reviews already open."""
    if level not in Level.values:
        raise ValidationError({"level": [_("Choose one of the allowed values.")]})
    if council is not None:
        council = Council.objects.select_for_update().get(pk=council.pk)
        if not by.has_perm("exemplars.manage_councils", council):
            raise PermissionDenied(_("Only the body that formed this council changes it."))
        organisation, level = council.organisation, council.level  # a council never changes hands
    candidate = council or Council(organisation=organisation, level=level, cycle=cycle)
    if not by.has_perm("exemplars.manage_councils", candidate):
        raise PermissionDenied(
            _("Province councils are formed by the Ban; a commune council by the commune Party committee.")
        )
    _check_heading(name, decision_date)
    _check_seats(seats)
    _check_unique(council, organisation, level, cycle)
    created = council is None
    if council is None:
        council = Council(organisation=organisation, level=level)
    before = [] if created else _seat_facts(_current_seats(council))
    council.name = nfc(name)
    council.cycle = cycle
    council.deciding_body = deciding_body or (
        organisation if created else council.deciding_body  # a commune council: its Đảng ủy decides
    )
    council.decision_number = nfc(decision_number)
    council.decision_date = decision_date
    council.place = nfc(place)
    council.save()
    _seat(council, seats)
    _exclude_declared(council, by)
    after = _seat_facts(seats)
    record(
        actor=by,
        action="exemplars.council" if created else "exemplars.council_update",
        target=council,
        changes={"members": after}
        if created
        else {"members": [before, after]}
        if before != after
        else {"name": council.name},
        organisation=organisation,
    )
    return council


def _check_heading(name: str, decision_date: dt.date | None) -> None:
    errors: dict[str, list[str]] = {}
    if not nfc(name):
        errors["name"] = [_("This field is required.")]
    if decision_date is not None and decision_date > dt.date.today() + dt.timedelta(days=1):  # noqa: DTZ011
        errors["decision_date"] = [_("The decision forming the council cannot be dated in the future.")]
    if errors:
        raise ValidationError(errors)


def _check_unique(council: Council | None, organisation: Organisation, level: str, cycle: Cycle) -> None:
    """One council per body, level and cycle."""
    same = Council.objects.filter(organisation=organisation, level=level, cycle=cycle)
    if council is not None:
        same = same.exclude(pk=council.pk)
    if same.exists():
        raise DomainError(
            _("%(body)s already has a %(level)s council for cycle %(cycle)s: change that one.")
            % {"body": organisation.name, "level": dict(Level.choices)[level].lower(), "cycle": cycle}
        )


def _seat(council: Council, seats: list[Seat]) -> None:
    """The council's members become `seats` (roles, notes and declared conflicts)."""
    council.members.exclude(user_id__in=[s.user.pk for s in seats]).delete()
    for seat in seats:
        member, _new = CouncilMember.objects.update_or_create(
            council=council, user=seat.user, defaults={"role": seat.role, "conflict_note": nfc(seat.note)}
        )
        member.declared_conflicts.set(seat.declared)
        forget_councils(seat.user)


def _current_seats(council: Council) -> list[Seat]:
    return [
        Seat(user=m.user, role=m.role, declared=list(m.declared_conflicts.all()), note=m.conflict_note)
        for m in council.members.select_related("user").prefetch_related("declared_conflicts")
    ]


def _exclude_declared(council: Council, by: AuthenticatedUser) -> None:
    """Reviews of the council already open: a seat with a conflict (membership or declared) is
    kept out of them, decided now and once (an exclusion row is never lifted by an edit)."""
    open_reviews = list(
        Nomination.objects.filter(council=council, closed_at__isnull=True, review_opened_at__isnull=False)
        .select_related("exemplar__organisation")
        .prefetch_related("exclusions")
    )
    if not open_reviews:
        return
    seats = list(council.members.select_related("user").prefetch_related("declared_conflicts"))
    for nomination in open_reviews:
        excluded = {e.user_id for e in nomination.exclusions.all()}
        exemplar = nomination.exemplar
        for seat in seats:
            if seat.user_id in excluded:
                continue
            conflict = conflicting_membership(seat.user, exemplar, council)
            declared = declared_conflict(seat, exemplar) if conflict is None else None
            if conflict is not None or declared is not None:
                _exclude(
                    nomination=nomination,
                    user=seat.user,
                    conflict=conflict,
                    declared=declared,
                    by=by,
                    exemplar=exemplar,
                )
