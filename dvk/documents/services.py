"""The register's only writer. Domains call `issue()` inside their own transaction after checking
their own permission; the number is taken from a counter row locked until that transaction ends,
so concurrent documents of one register queue up and get consecutive numbers: no gap, no
duplicate (PostgreSQL: SELECT … FOR UPDATE; SQLite: the IMMEDIATE transaction of config/settings.py
takes the database write lock when the transaction begins, which serialises writers)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError
from dvk.documents import numbering
from dvk.documents.models import Capacity, Counter, DocType, Document, Secrecy, Urgency, new_verification_code
from dvk.documents.selectors import may_release
from dvk.organisations.models import Organisation


class SecretDocumentError(DomainError):
    """Raised when something would e-mail, export or publish a document marked MẬT."""


def next_number(*, organisation: Organisation, doc_type: str, year: int, chosen: int | None = None) -> int:
    """Take the next number of one register (body × type × year). The counter row stays locked
    until the caller's transaction commits. `chosen` takes that number instead (an officer who
    keeps a number given on paper): refused when the register already holds it; the counter then
    continues after the highest number taken."""
    with transaction.atomic():
        Counter.objects.get_or_create(organisation=organisation, doc_type=doc_type, year=year)
        counter = Counter.objects.select_for_update().get(
            organisation=organisation, doc_type=doc_type, year=year
        )
        if chosen is not None:
            taken = Document.objects.filter(
                organisation=organisation, doc_type=doc_type, year=year, sequence=chosen
            ).exists()
            if chosen < 1 or taken:
                raise ValidationError(
                    {
                        "sequence": [
                            _("Number %(n)s of this register is already taken or invalid.") % {"n": chosen}
                        ]
                    }
                )
            if chosen > counter.last_number:
                counter.last_number = chosen
                counter.save(update_fields=["last_number"])
            return chosen
        counter.last_number = F("last_number") + 1
        counter.save(update_fields=["last_number"])
        counter.refresh_from_db(fields=["last_number"])
        return counter.last_number


def proposed_number(*, organisation: Organisation, doc_type: str, year: int) -> tuple[int, str]:
    """The next free number of a register and how it is written, without taking it (forms
    propose it; `issue()` takes it or the one chosen)."""
    last = (
        Counter.objects.filter(organisation=organisation, doc_type=doc_type, year=year)
        .values_list("last_number", flat=True)
        .first()
        or 0
    )
    form = numbering.form_for(organisation)
    sequence = last + 1
    return sequence, numbering.format_number(
        form, sequence, doc_type, numbering.abbreviation_for(organisation)
    )


def _lines(values: Iterable[Any]) -> list[str]:
    return [line for line in (nfc(str(v)) for v in values or ()) if line]


@transaction.atomic
def issue(
    *,
    organisation: Organisation,
    doc_type: str,
    title: str,
    by: AuthenticatedUser,
    issued_on: dt.date | None = None,
    subject: models.Model | None = None,
    signer: AuthenticatedUser | None = None,
    signer_name: str = "",
    signer_position: str | None = None,
    capacity: str | None = None,
    capacity_of: str | None = None,
    recipients: Iterable[str] = (),
    secrecy: str = Secrecy.NORMAL,
    urgency: str = Urgency.NORMAL,
    verifiable: bool = False,
    verification_code: str | None = None,
    place: str = "",
    drafting_unit: str = "",
    sequence: int | None = None,
) -> Document:
    """Number and record one outgoing document of `organisation`; returns the register row.

    `subject` links the row to the domain record it belongs to; `verifiable` gives it a public
    verification code (refused for a secret document, which is never published). Without
    `capacity`, the body's usual signature applies (numbering.signing_for: T/M BAN THƯỜNG VỤ for a
    party committee, K/T TRƯỞNG BAN for a Ban, …)."""
    if doc_type not in DocType.values:
        raise ValidationError({"doc_type": [_("Unknown document type.")]})
    if secrecy not in Secrecy.values or urgency not in Urgency.values:
        raise ValidationError({"secrecy": [_("Unknown secrecy or urgency mark.")]})
    title = nfc(title)
    if not title:
        raise ValidationError({"title": [_("Give the document's summary.")]})
    if secrecy != Secrecy.NORMAL and (verifiable or verification_code):
        raise SecretDocumentError(_("A document marked secret cannot be publicly verifiable."))
    if capacity is None:
        capacity, default_of, default_position = numbering.signing_for(organisation)
        capacity_of = default_of if capacity_of is None else capacity_of
        signer_position = default_position if signer_position is None else signer_position
    if capacity not in Capacity.values:
        raise ValidationError({"capacity": [_("Unknown signing capacity.")]})
    issued_on = issued_on or timezone.localdate()
    form = numbering.form_for(organisation)
    sequence = next_number(organisation=organisation, doc_type=doc_type, year=issued_on.year, chosen=sequence)
    signer_user = signer if getattr(signer, "is_authenticated", False) else None
    document = Document.objects.create(
        organisation=organisation,
        doc_type=doc_type,
        year=issued_on.year,
        sequence=sequence,
        number=numbering.format_number(
            form, sequence, doc_type, numbering.abbreviation_for(organisation), nfc(drafting_unit)
        ),
        form=form,
        issued_on=issued_on,
        place=nfc(place) or numbering.place_for(organisation),
        title=title,
        signer=signer_user,
        signer_name=nfc(signer_name) or (signer_user.get_full_name() if signer_user else ""),
        signer_position=signer_position or "",
        capacity=capacity,
        capacity_of=capacity_of or "",
        recipients=_lines(recipients),
        secrecy=secrecy,
        urgency=urgency,
        content_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        object_id=subject.pk if subject is not None else None,
        verification_code=(verification_code or new_verification_code()) if verifiable else None,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record(
        actor=by,
        action="documents.issue",
        target=document,
        changes={"number": document.number, "doc_type": doc_type, "secrecy": secrecy},
        organisation=organisation,
    )
    return document


def link(document: Document, subject: models.Model) -> Document:
    """Point a register row at the domain record created after it was numbered."""
    Document.objects.filter(pk=document.pk).update(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    )
    document.content_type = ContentType.objects.get_for_model(subject)
    document.object_id = subject.pk
    return document


def may_email(document: Document | None) -> bool:
    """Whether a notification about `document` may go out by e-mail (never for MẬT): domains pass
    it as `notify(..., email=may_email(document))`."""
    return may_release(document)


def ensure_releasable(document: Document, *, action: str = "send") -> None:
    """Refuse to e-mail ("send"), bulk-export ("export") or publish ("publish") a document marked
    MẬT or above: raises SecretDocumentError."""
    if not document.is_secret:
        return
    messages = {
        "send": _("Document %(number)s is marked %(mark)s: the system never sends it by e-mail."),
        "export": _("Document %(number)s is marked %(mark)s: it is left out of bulk exports."),
        "publish": _("Document %(number)s is marked %(mark)s: the system never publishes it."),
    }
    raise SecretDocumentError(
        messages.get(action, messages["publish"]) % {"number": document.number, "mark": document.secrecy_mark}
    )
