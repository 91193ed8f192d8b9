"""Replication: another body adopting a recognised model."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError
from dvk.exemplars.models import (
    Exemplar,
    Replication,
)
from dvk.exemplars.services.registration import validate_content
from dvk.notifications.services import notify
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import (
    require_current,
    scope_for,
)


@transaction.atomic
def add_replication(
    *,
    exemplar: Exemplar,
    by: AuthenticatedUser,
    organisation: Organisation,
    started_on: dt.date,
    adaptations: str = "",
    results: str = "",
    latitude: Any = None,
    longitude: Any = None,
) -> Replication:
    """Record that `organisation` (a body the user works for) adopted a recognised model."""
    if not by.has_perm("exemplars.replicate", exemplar):
        raise PermissionDenied(_("Only recognised models can be replicated, by staff of a body."))
    if not scope_for(by).roles_for(organisation.path) & Membership.Role.STAFF:
        raise PermissionDenied(_("You can record replications only for a body you work for."))
    require_current(organisation, "organisation_id")
    if organisation.pk == exemplar.organisation_id:
        raise ValidationError({"organisation_id": [_("The body that built the model cannot replicate it.")]})
    if Replication.objects.filter(exemplar=exemplar, organisation=organisation).exists():
        raise DomainError(_("This body has already recorded adopting this model."))
    validate_content({"latitude": latitude, "longitude": longitude}, kind=exemplar.kind)
    replication = Replication.objects.create(
        exemplar=exemplar,
        organisation=organisation,
        started_on=started_on,
        adaptations=adaptations,
        results=results,
        latitude=latitude,
        longitude=longitude,
        created_by=by,
    )
    Exemplar.objects.filter(pk=exemplar.pk).update(replication_count=F("replication_count") + 1)
    record(
        actor=by,
        action="exemplars.replicate",
        target=exemplar,
        changes={"organisation": organisation.pk, "started_on": started_on},
        organisation=organisation,
    )
    if exemplar.created_by_id:
        notify(
            [exemplar.created_by_id],
            title=_("%(body)s adopted “%(title)s”") % {"body": organisation.name, "title": exemplar.title},
            url=reverse("exemplars:detail", args=[exemplar.pk]),
            kind="exemplars.replicate",
        )
    return replication
