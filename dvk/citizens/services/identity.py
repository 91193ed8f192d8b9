"""The denouncer's identity: sealed into dvk.vault, read back only through `read_identity`."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from dvk.citizens.models import (
    Letter,
)
from dvk.citizens.workflow import Kind
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError

# --- identity (dvk.vault) -------------------------------------------------------------------------


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("84") and len(digits) > 9:
        digits = "0" + digits[2:]
    return digits


def person_data(
    *, name: str = "", address: str = "", phone: str = "", id_number: str = "", email: str = ""
) -> dict:
    data = {
        "name": nfc(name),
        "address": nfc(address),
        "phone": _digits(phone),
        "id_number": re.sub(r"\s", "", id_number or ""),
        "email": nfc(email).lower(),
    }
    return {k: v for k, v in data.items() if v}


def person_index(data: dict) -> str:
    """The keyed blind index (dvk.vault) that matches the same person across letters: the ID
    number, else the phone, else name and address. Never the plaintext."""
    from dvk.vault.services import blind_index

    for key in ("id_number", "phone"):
        if data.get(key):
            return blind_index(key, data[key])
    if data.get("name"):
        return blind_index("name", f"{data['name']} | {data.get('address', '')}")
    return ""


def phone_index(phone: str) -> str:
    from dvk.vault.services import blind_index

    digits = _digits(phone)
    return blind_index("phone", digits) if digits else ""


def _seal(letter: Letter, data: dict, by: AuthenticatedUser) -> None:
    from dvk.vault import services as vault

    sealed = vault.seal(letter, data, by)
    letter.identity_ref = sealed.pk


def _sealed(letter: Letter):
    from dvk.vault.models import SealedIdentity

    return SealedIdentity.objects.get(pk=letter.identity_ref or 0)


def read_identity(*, by: AuthenticatedUser, letter: Letter, reason: str) -> dict:
    """The denouncer's identity, for the case's handler and the body's leader only; the vault
    checks `citizens.read_identity` and writes the access-log row with `reason`."""
    from dvk.vault import services as vault

    reason = nfc(reason)
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for reading the identity.")]})
    if not letter.identity_ref:
        raise DomainError(_("This letter holds no sealed identity."))
    if not may_read_identity(by, letter):
        # Checked here too: Django lets a superuser pass every has_perm(), the law does not.
        raise PermissionDenied(_("You are not allowed to read this identity."))
    return vault.unseal(_sealed(letter), by, reason)


def may_read_identity(user: Any, letter: Letter) -> bool:
    from dvk.citizens.rules import reads_identity

    return bool(letter.identity_ref) and bool(reads_identity(user, letter))


def petitioner_of(letter: Letter) -> dict:
    """What a page may show about who sent the letter (never a denouncer's identity)."""
    if letter.kind == Kind.DENUNCIATION or letter.identity_ref:
        return {}
    return {"name": letter.petitioner_name, "address": letter.petitioner_address}
