"""Recognition: the numbered, verifiable decision; renewal in a later cycle; tiêu biểu and commendations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import diff, record, snapshot
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError
from dvk.documents import selectors as register
from dvk.documents import services as documents
from dvk.exemplars.models import (
    Commendation,
    Cycle,
    Decision,
    Exemplar,
    Kind,
    Nomination,
)
from dvk.exemplars.services.nomination import _current_nomination_id
from dvk.exemplars.services.scoring import ScoreSummary, summarise
from dvk.organisations.models import Membership, Organisation


def register_minutes(nomination: Nomination, by: AuthenticatedUser) -> Any:
    """The council's minutes (biên bản, BB) entered in the council body's register when its
    review closes (recognised or not), once per nomination; the minutes DOCX prints that number."""
    if nomination.council_id is None or nomination.review_opened_at is None:
        return None
    existing = register.for_subject(nomination).filter(doc_type="BB").first()
    if existing is not None:
        return existing
    council = nomination.council
    exemplar = nomination.exemplar
    return documents.issue(
        organisation=council.organisation,  # type: ignore[union-attr]
        doc_type="BB",
        title=f"họp xét công nhận “Dân vận khéo” {nomination.cycle.name}: {exemplar.display_title}"[:500],
        by=by,
        subject=nomination,
        place=council.place,  # type: ignore[union-attr]
    )


@transaction.atomic
def issue_decision(
    *,
    exemplar: Exemplar,
    issuing_body: Organisation,
    level: str,
    cycle: Cycle,
    signed_on: dt.date,
    by: AuthenticatedUser,
    nomination: Nomination | None = None,
    summary: ScoreSummary | None = None,
    doc_type: str = "QĐ",
    signer: AuthenticatedUser | None = None,
    sequence: int | None = None,
) -> Decision:
    """The recognition decision, numbered in the deciding body's register (dvk.documents) and
    publicly verifiable through its register row's code."""
    what = "điển hình" if exemplar.kind == Kind.INDIVIDUAL else "mô hình"
    document = documents.issue(
        organisation=issuing_body,
        doc_type=doc_type,
        title=f"Công nhận {what} “Dân vận khéo” {cycle.name}: {exemplar.display_title}"[:500],
        by=by,
        issued_on=signed_on,
        signer=signer or by,
        sequence=sequence,
        recipients=[exemplar.organisation.name],
        verifiable=True,
    )
    decision = Decision.objects.create(
        exemplar=exemplar,
        nomination=nomination,
        issuing_body=issuing_body,
        document=document,
        number=document.number,
        verification_code=document.verification_code or "",  # verifiable=True: always set
        signed_on=signed_on,
        signed_by=(signer or by) if getattr(signer or by, "is_authenticated", False) else None,
        level=level,
        cycle=cycle,
        average=summary.average if summary else None,
        percent_agreeing=summary.percent_agreeing if summary else None,
    )
    documents.link(document, decision)
    record(
        actor=by,
        action="exemplars.decision",
        target=decision,
        changes={"number": decision.number, "exemplar": exemplar.pk},
        organisation=issuing_body,
    )
    return decision


def _recognise(exemplar: Exemplar, by: AuthenticatedUser, choice: dict[str, Any] | None = None) -> Decision:
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("criteria_set", "council__deciding_body")
        .get(pk=_current_nomination_id(exemplar))
    )
    summary = summarise(nomination)
    if not summary.quorum_met:
        raise DomainError(
            _(
                "Quorum not met: %(submitted)d of %(members)d members have scored; the criteria set requires "
                "%(quorum)d."
            )
            % {"submitted": summary.submitted, "members": summary.members, "quorum": summary.quorum}
        )
    if not summary.passed:
        raise DomainError(
            _(
                "Pass mark not reached: the average score is %(average)s%% against a pass mark of %(pass_mark)s%%."
            )
            % {"average": summary.average, "pass_mark": summary.pass_mark}
        )
    nomination.closed_at = timezone.now()
    nomination.outcome = Nomination.Outcome.RECOGNISED
    nomination.save(update_fields=["closed_at", "outcome", "updated_at"])
    register_minutes(nomination, by)
    choice = choice or {}
    issuing_body = nomination.council.deciding_body  # type: ignore[union-attr]
    signed_on = choice.get("signed_on") or timezone.localdate()
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": [_("A decision cannot be signed in the future.")]})
    signer = choice.get("signer") or by
    if signer != by and signer.pk not in dict(decision_signers(issuing_body)):
        raise ValidationError({"signer": [_("The signer is one of the deciding body's leaders.")]})
    return issue_decision(
        exemplar=exemplar,
        nomination=nomination,
        issuing_body=issuing_body,
        level=nomination.level,
        cycle=nomination.cycle,
        signed_on=signed_on,
        by=by,
        summary=summary,
        signer=signer,
        sequence=choice.get("sequence"),
    )


def decision_signers(body: Organisation) -> list[tuple[int, str]]:
    """Who may sign a recognition decision of `body`: its leaders (the Ban's leaders; the Bí thư,
    Phó Bí thư of a Đảng ủy xã), as (user id, "name, position")."""
    rows = (
        Membership.objects.filter(organisation=body, role__in=Membership.Role.DECIDE | Membership.Role.LEAD)
        .select_related("user")
        .order_by("user__full_name")
    )
    return [(m.user_id, f"{m.user.get_full_name()}{', ' + m.position if m.position else ''}") for m in rows]


def proposed_decision(nomination: Nomination) -> tuple[int, str] | None:
    """The next free number of the deciding body's register, as proposed on the recognition form."""
    if nomination.council_id is None:
        return None
    body = nomination.council.deciding_body  # type: ignore[union-attr]
    return documents.proposed_number(organisation=body, doc_type="QĐ", year=timezone.localdate().year)


def _renew(exemplar: Exemplar, cycle: Cycle | None) -> None:
    if cycle is None:
        raise ValidationError({"cycle": [_("Choose the later cycle in which the model continues.")]})
    if cycle.start_year <= exemplar.cycle.start_year:
        raise DomainError(
            _("Recognition is per cycle: choose a cycle later than %(cycle)s.") % {"cycle": exemplar.cycle}
        )
    exemplar.cycle = cycle
    exemplar.outstanding = False
    exemplar.outstanding_event = ""


@transaction.atomic
def set_outstanding(
    *, exemplar: Exemplar, by: AuthenticatedUser, outstanding: bool = True, event: str = ""
) -> Exemplar:
    """Select (or unselect) a recognised model as tiêu biểu."""
    exemplar = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    if not by.has_perm("exemplars.commend", exemplar):
        raise PermissionDenied(_("Only the coordinating level selects outstanding recognised models."))
    before = snapshot(exemplar, ["outstanding", "outstanding_event"])
    exemplar.outstanding, exemplar.outstanding_event = outstanding, nfc(event) if outstanding else ""
    changes = diff(before, snapshot(exemplar, ["outstanding", "outstanding_event"]))
    if not changes:
        return exemplar  # the same choice sent again
    exemplar.save(update_fields=["outstanding", "outstanding_event"])
    record(
        actor=by,
        action="exemplars.outstanding",
        target=exemplar,
        changes=changes,
        organisation=exemplar.organisation,
    )
    return exemplar


@transaction.atomic
def commend(
    *,
    exemplar: Exemplar,
    by: AuthenticatedUser,
    form: str,
    authority: str,
    decision_number: str,
    awarded_on: dt.date,
    event: str = "",
) -> Commendation:
    """Record a giấy khen / bằng khen for a recognised model; a commended model is tiêu biểu."""
    exemplar = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    if not by.has_perm("exemplars.commend", exemplar):
        raise PermissionDenied(_("Only the coordinating level records commendations."))
    if form not in Commendation.Form.values:
        raise ValidationError({"form": [_("Choose one of the allowed values.")]})
    if not nfc(authority) or not nfc(decision_number):
        raise ValidationError({"authority": [_("Give the deciding authority and the decision number.")]})
    commendation = Commendation.objects.create(
        exemplar=exemplar,
        form=form,
        authority=nfc(authority),
        decision_number=nfc(decision_number),
        awarded_on=awarded_on,
        event=nfc(event),
        created_by=by,
    )
    if not exemplar.outstanding:
        exemplar.outstanding = True
        exemplar.outstanding_event = exemplar.outstanding_event or nfc(event)
        exemplar.save(update_fields=["outstanding", "outstanding_event"])
    record(
        actor=by,
        action="exemplars.commend",
        target=exemplar,
        changes={"form": form, "decision_number": commendation.decision_number},
        organisation=exemplar.organisation,
    )
    return commendation
