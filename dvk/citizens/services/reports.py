"""Periodic reports and reminder letters (dvk.documents)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.citizens.models import (
    Case,
)
from dvk.citizens.services.deadlines import _today
from dvk.core.access import require
from dvk.core.types import AuthenticatedUser
from dvk.notifications.services import notify
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.selectors import members_by_body

# --- reports and reminder letters (dvk.documents) ---------------------------------------------------


def _issuing_body(by: AuthenticatedUser) -> Organisation:
    """The body a coordinator or leader issues documents for: its first coordinating or leading membership."""
    membership = (
        Membership.objects.filter(user=by, role__in=Membership.Role.COORDINATE | Membership.Role.LEAD)
        .select_related("organisation")
        .order_by("organisation__path")
        .first()
    )
    if membership is None:
        raise PermissionDenied(_("You are not allowed to perform this action."))
    return membership.organisation


@transaction.atomic
def issue_report(*, by: AuthenticatedUser, since: dt.date, until: dt.date, data: dict) -> tuple[Any, bytes]:
    """The periodic report (BC) of the monitoring figures, numbered in the issuer's register."""
    from dvk.citizens.documents import report_docx
    from dvk.documents.services import issue

    require(by, "citizens.monitor")
    body = _issuing_body(by)
    document = issue(
        organisation=body,
        doc_type="BC",
        title=_("Citizen reception and the resolution of letters from %(since)s to %(until)s")
        % {"since": since.strftime("%d/%m/%Y"), "until": until.strftime("%d/%m/%Y")},
        by=by,
        signer=by,
    )
    return document, report_docx(document, data, since, until)


@transaction.atomic
def urge_overdue(*, by: AuthenticatedUser, cases: Iterable[Case]) -> tuple[Any, bytes]:
    """The reminder letter (công văn đôn đốc) to the bodies of the selected overdue cases."""
    from dvk.citizens.documents import urge_docx
    from dvk.documents.services import issue

    require(by, "citizens.urge")
    today = _today()
    chosen = [c for c in cases if c.is_overdue(today)]
    if not chosen:
        raise ValidationError({"cases": [_("Select at least one overdue case.")]})
    body = _issuing_body(by)
    document = issue(
        organisation=body,
        doc_type="CV",
        title=_("V/v urging the resolution of overdue citizens' cases"),
        by=by,
        signer=by,
        recipients=sorted({c.organisation.name for c in chosen}),
    )
    record(
        actor=by,
        action="citizens.urge",
        target=document,
        organisation=body,
        changes={"cases_urged": [c.pk for c in chosen], "number": document.number},
    )
    staff: set[int] = set()
    leaders = members_by_body((c.organisation_id for c in chosen), Membership.Role.LEAD)
    for c in chosen:
        staff.update(leaders.get(c.organisation_id, []))
        if c.handler_id:
            staff.add(c.handler_id)
    if staff:
        notify(
            staff,
            title=_("Reminder letter %(number)s: overdue citizens' cases") % {"number": document.number},
            url=reverse("citizens:worklist") + "?overdue=1",
            kind="citizens.urge",
        )
    return document, urge_docx(document, chosen)
