"""Public intake: a reflection or petition sent without an account."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from dvk.attachments.services import attach_public
from dvk.citizens.models import (
    Channel,
    Letter,
)
from dvk.citizens.services.deadlines import _today
from dvk.citizens.services.identity import _digits
from dvk.citizens.services.letters import register_letter
from dvk.citizens.workflow import Kind
from dvk.core.actors import SYSTEM
from dvk.core.text import nfc
from dvk.notifications.services import notify
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.selectors import members_by_body

# --- public intake ---------------------------------------------------------------------------------


PUBLIC_KINDS = (Kind.PETITION, Kind.REFLECTION)


def submit_public(
    *,
    organisation: Organisation,
    kind: str,
    summary: str,
    name: str,
    phone: str,
    address: str = "",
    email: str = "",
    token: str,
    files: Sequence[UploadedFile] = (),
) -> tuple[Letter, bool]:
    """A kiến nghị or phản ánh sent from the public page. Returns (letter, created): the same
    `token` (Idempotency-Key or form token) gives back the first letter, so a double click
    creates one letter. `files` are stored with the letter in the same transaction
    (dvk.attachments.services.attach_public: few, small, PDF/JPEG/PNG); a refused file sends nothing."""
    if kind not in PUBLIC_KINDS:
        raise ValidationError(
            {"kind": [_("Complaints and denunciations must be filed through the legal channels.")]}
        )
    if not _digits(phone) or len(_digits(phone)) < 9:
        raise ValidationError({"phone": [_("Enter a valid phone number.")]})
    if not nfc(name):
        raise ValidationError({"name": [_("This field is required.")]})
    if not token or len(token) > 64:
        raise ValidationError({"token": [_("The form has expired; reload the page.")]})
    # The key is bound to the sender's phone: another sender's key never returns their letter.
    token = hashlib.sha256(f"{token}:{_digits(phone)}".encode()).hexdigest()[:64]
    found = Letter.objects.filter(intake_token=token).first()
    if found:
        return found, False
    try:
        with transaction.atomic():
            letter = register_letter(
                by=SYSTEM,
                organisation=organisation,
                received_on=_today(),
                channel=Channel.PUBLIC_FORM,
                kind=kind,
                summary=summary,
                name=name,
                phone=phone,
                address=address,
                intake_token=token,
            )
            if files:
                attach_public(target=letter, uploads=list(files), kind="evidence")
    except IntegrityError:
        return Letter.objects.get(intake_token=token), False
    staff = members_by_body([organisation.pk], Membership.Role.WORK)[organisation.pk]
    if staff:
        notify(
            staff,
            title=_("New letter from the public form: %(number)s") % {"number": letter.receipt_number},
            url=reverse("citizens:letter_detail", args=[letter.pk]),
            kind="citizens.public",
        )
    return letter, True
