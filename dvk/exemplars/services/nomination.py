"""Nominating a model (criteria in force, minimum duration, complete dossier) and opening its review."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.attachments.services import attachments_of
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError
from dvk.exemplars.models import (
    CriteriaSet,
    Exemplar,
    Level,
    Nomination,
)
from dvk.exemplars.services.councils import (
    _exclude,
    commune_committee_name,
    conflicting_membership,
    declared_conflict,
    reviewing_council,
)
from dvk.exemplars.services.registration import DOSSIER_KINDS, dossier_labels


def months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def missing_dossier(exemplar: Exemplar) -> list[str]:
    """Dossier items not yet attached since the last closed nomination (labels, translated)."""
    last = (
        exemplar.nominations.filter(outcome__in=[Nomination.Outcome.RECOGNISED, Nomination.Outcome.DECLINED])
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    files = attachments_of(exemplar).filter(kind__in=list(DOSSIER_KINDS))
    if last:
        files = files.filter(created_at__gt=last)
    present = set(files.values_list("kind", flat=True))
    labels = dossier_labels()
    return [labels[k] for k in DOSSIER_KINDS if k not in present]


def _current_nomination_id(exemplar: Exemplar) -> int:
    """The open nomination's id; the stages that need one always have it (set by "nominate")."""
    if exemplar.current_nomination_id is None:
        raise Nomination.DoesNotExist("The exemplar has no current nomination.")
    return exemplar.current_nomination_id


def _close_nomination(exemplar: Exemplar, outcome: str) -> Nomination | None:
    if not exemplar.current_nomination_id:
        return None
    nomination = Nomination.objects.select_for_update().get(pk=exemplar.current_nomination_id)
    if nomination.closed_at is None:
        nomination.closed_at = timezone.now()
        nomination.outcome = outcome
        nomination.save(update_fields=["closed_at", "outcome", "updated_at"])
    return nomination


def _nominate(exemplar: Exemplar, by: AuthenticatedUser) -> None:
    today = timezone.localdate()
    criteria_set = CriteriaSet.in_force(exemplar.kind, today)
    if criteria_set is None:
        raise DomainError(_("No criteria set is in force for this kind of exemplar."))
    months = months_between(exemplar.started_on, today)
    if months < criteria_set.min_months:
        raise DomainError(
            _(
                "Too early to nominate: the model has run for %(months)d months since %(start)s; the criteria set "
                "requires at least %(required)d months."
            )
            % {
                "months": max(months, 0),
                "start": exemplar.started_on.strftime("%d/%m/%Y"),
                "required": criteria_set.min_months,
            }
        )
    missing = missing_dossier(exemplar)
    if missing:
        raise DomainError(_("The dossier is incomplete. Missing: %(items)s.") % {"items": ", ".join(missing)})
    nomination = Nomination.objects.create(
        exemplar=exemplar,
        cycle=exemplar.cycle,
        level=exemplar.level,
        criteria_set=criteria_set,
        nominated_by=by,
        nominated_on=today,
    )
    exemplar.current_nomination = nomination


def _open_review(exemplar: Exemplar, by: AuthenticatedUser) -> None:
    nomination = Nomination.objects.select_for_update().get(pk=_current_nomination_id(exemplar))
    council = reviewing_council(level=nomination.level, cycle=nomination.cycle, org_path=exemplar.org_path)
    if council is None:
        if nomination.level == Level.COMMUNE:
            committee = commune_committee_name(exemplar.org_path) or _("the commune Party committee")
            raise DomainError(
                _(
                    "No commune-level council has been formed for cycle %(cycle)s: %(committee)s forms it "
                    "on the Councils page (Hội đồng), then the review can open."
                )
                % {"cycle": nomination.cycle, "committee": committee}
            )
        raise DomainError(
            _("No council has been set up for the %(level)s in cycle %(cycle)s.")
            % {"level": exemplar.get_level_display().lower(), "cycle": nomination.cycle}
        )
    nomination.council = council
    nomination.review_opened_at = timezone.now()
    nomination.save(update_fields=["council", "review_opened_at", "updated_at"])
    for seat in council.members.select_related("user").prefetch_related("declared_conflicts"):
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
