"""Campaigns, the activities bodies record under them, and events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.organisations.models import Organisation
from dvk.organisations.scoping import require_current, scope_for
from dvk.plans.models import (
    Activity,
    Campaign,
    Event,
    Theme,
)
from dvk.plans.services.reports import clean_indicators


@transaction.atomic
def create_campaign(
    *,
    by: AuthenticatedUser,
    organisation: Organisation,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    description: str = "",
    theme: Theme | None = None,
) -> Campaign:
    require(by, "plans.manage_campaigns", organisation)
    require_current(organisation, on=starts_on)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end date cannot be before the start date.")]})
    campaign = Campaign.objects.create(
        organisation=organisation,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        description=nfc(description),
        theme=theme,
    )
    record(
        actor=by,
        action="plans.campaign.create",
        target=campaign,
        organisation=organisation,
        changes={"name": campaign.name},
    )
    return campaign


def record_activity(
    *,
    by: AuthenticatedUser,
    campaign: Campaign,
    organisation: Organisation,
    title: str,
    held_on: dt.date,
    place: str = "",
    participants: int = 0,
    results: str = "",
    figures: dict[str, Any] | None = None,
    token: str = "",
) -> tuple[Activity, bool]:
    require(by, "plans.record_activity", organisation)
    if not scope_for(by).covers(organisation.path):
        raise PermissionDenied(_("You are not allowed to perform this action."))
    require_current(organisation, on=held_on)
    if not campaign.starts_on <= held_on <= campaign.ends_on:
        raise ValidationError(
            {
                "held_on": [
                    _("The date must fall within the campaign (%(start)s – %(end)s).")
                    % {
                        "start": campaign.starts_on.strftime("%d/%m/%Y"),
                        "end": campaign.ends_on.strftime("%d/%m/%Y"),
                    }
                ]
            }
        )
    values = clean_indicators(figures)
    if token:
        found = Activity.objects.filter(created_by=by, token=token).first()
        if found:
            return found, False
    try:
        with transaction.atomic():
            activity = Activity.objects.create(
                campaign=campaign,
                organisation=organisation,
                title=title,
                held_on=held_on,
                place=place,
                participants=participants,
                results=results,
                figures=values,
                created_by=by,
                token=token[:64],
            )
            record(
                actor=by,
                action="plans.activity.create",
                target=activity,
                organisation=organisation,
                changes={"campaign": campaign.pk, "title": activity.title, "participants": participants},
            )
    except IntegrityError:
        return Activity.objects.get(created_by=by, token=token), False
    return activity, True


@transaction.atomic
def save_event(
    *,
    by: AuthenticatedUser,
    organisation: Organisation,
    event: Event | None = None,
    invited: Iterable[Organisation] = (),
    **fields: Any,
) -> Event:
    require(by, "plans.manage_campaigns", organisation)
    creating = event is None
    if creating:
        require_current(organisation, on=fields.get("held_on"))
    event = event or Event(organisation=organisation)
    for key, value in fields.items():
        setattr(event, key, value)
    event.save()
    event.invited.set(list(invited))
    record(
        actor=by,
        action="plans.event.create" if creating else "plans.event.update",
        target=event,
        organisation=organisation,
        changes={k: str(v) for k, v in fields.items() if k in ("title", "held_on")},
    )
    return event
