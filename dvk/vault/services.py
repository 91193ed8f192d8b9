"""The identity vault: seal, unseal (permission-checked, access-logged), match, redact.

Luật Tố cáo 2018 Điều 47–48, 56 and QĐ 774/QĐ-TTg (the denouncer's identity is "Mật"):
- the identity is stored only as a Fernet token (keys from DVK_VAULT_KEYS, not SECRET_KEY) plus
  keyed blind indexes (HMAC-SHA256 with DVK_VAULT_INDEX_KEY) for matching the same person;
- reading it needs the owning domain's `<app_label>.read_identity` object permission on the
  owner record and a reason; every read writes an `IdentityAccess` row and an audit event;
- no plaintext goes to a column, an audit entry, a log line, an exception message or a repr;
- with DVK_VAULT_ENABLED=false nothing is stored but an opaque reference to the paper register.

The identity is a dict; the usual keys are `name`, `id_number`, `phone`, `address`, `email`
(others, e.g. `date_of_birth`, are kept encrypted but not indexed or redacted).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import unicodedata
from functools import partial
from typing import Any

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.conf import settings
from django.contrib import auth
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.context import current_ip
from dvk.audit.services import record
from dvk.core.text import fold, nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError
from dvk.vault.keys import enabled, keyring
from dvk.vault.models import IdentityAccess, SealedFile, SealedIdentity

logger = logging.getLogger(__name__)

INDEXED = ("name", "id_number", "phone", "address")
REDACTED = ("name", "id_number", "phone", "address", "email")
MAX_REASON = 1000
MAX_VALUE = 2000
_NON_ALNUM = re.compile(r"[^0-9A-Za-z]")
_NON_DIGIT = re.compile(r"\D")


class Identity(dict):
    """The unsealed identity: a plain dict whose repr/str never show the values (so a stray
    log line or an error page prints no plaintext)."""

    def __repr__(self) -> str:
        return f"<Identity: {len(self)} field(s), hidden>"

    __str__ = __repr__


OwnerRef = models.Model | tuple[str, str, Any]


# --- normalisation and blind indexes -------------------------------------------------------------


def _normalise(field: str, value: Any) -> str:
    text = nfc(str(value)) if value is not None else ""
    if field in ("name", "address"):
        return fold(text)
    if field == "id_number":
        return _NON_ALNUM.sub("", text).upper()
    if field == "phone":
        digits = _NON_DIGIT.sub("", text)
        if digits.startswith("0084"):
            digits = "0" + digits[4:]
        elif digits.startswith("84") and len(digits) >= 11:
            digits = "0" + digits[2:]
        return digits
    return text


def blind_index(field: str, value: Any) -> str:
    """Keyed HMAC-SHA256 of the normalised value ("" for an empty one), separated per field so the
    same string in two fields gives two different indexes."""
    normalised = _normalise(field, value)
    if not normalised or not enabled():  # switched off: nothing derived from the identity is kept
        return ""
    message = f"{field}\x00{normalised}".encode()
    return hmac.new(keyring().index_key, message, hashlib.sha256).hexdigest()


def _indexes(data: dict[str, Any]) -> dict[str, str]:
    return {f"{field}_index": blind_index(field, data.get(field)) for field in INDEXED}


# --- owners ------------------------------------------------------------------------------------


def _owner_key(owner: OwnerRef) -> tuple[str, str]:
    if isinstance(owner, models.Model):
        if owner.pk is None:
            raise DomainError(_("Save the record before sealing an identity for it."))
        return owner._meta.label_lower, str(owner.pk)
    app_label, model_name, pk = owner
    return f"{app_label}.{model_name}".lower(), str(pk)


def owner_of(sealed: SealedIdentity | SealedFile) -> models.Model:
    """The record the identity (or sealed file) belongs to (DomainError if it no longer exists)."""
    try:
        model = apps.get_model(sealed.owner_type)
        return model._default_manager.get(pk=sealed.owner_id)
    except (LookupError, ValueError, models.ObjectDoesNotExist):
        raise DomainError(_("The record this identity belongs to no longer exists.")) from None


def _organisation(owner: models.Model) -> Any:
    if owner._meta.label_lower == "organisations.organisation":
        return owner
    org = getattr(owner, "organisation", None)
    return org if isinstance(org, models.Model) else None


def identities_of(owner: models.Model):
    """The sealed identities of a record (QuerySet, oldest first). Reading it reveals nothing."""
    return SealedIdentity.objects.for_owner(owner)


# --- writing -----------------------------------------------------------------------------------


def _clean_data(data: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise DomainError(_("The identity must be given as named fields."))
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if not isinstance(key, str) or not key or len(key) > 50:
            raise DomainError(_("The identity has a field without a valid name."))
        if value is None or value == "":
            continue
        if isinstance(value, str):
            value = nfc(value)
            if len(value) > MAX_VALUE:
                raise ValidationError({key: _("This value is too long.")})
        elif isinstance(value, list | tuple):
            value = [nfc(str(v)) for v in value if v not in (None, "")]
        elif not isinstance(value, int | float | bool):
            raise DomainError(_("The identity may only contain text, numbers and lists of text."))
        clean[key] = value
    return clean


def seal(
    owner: OwnerRef, data: dict[str, Any], by: AuthenticatedUser, *, paper_reference: str = ""
) -> SealedIdentity:
    """Encrypt `data` for `owner` and return the new SealedIdentity (audited as "identity sealed",
    without any value). With the vault switched off, `data` is discarded and only the paper-register
    reference is kept (a random opaque one is made when none is given)."""
    owner_type, owner_id = _owner_key(owner)
    reference = nfc(paper_reference)[:100]
    if enabled():
        clean = _clean_data(data)
        token = keyring().primary.encrypt(json.dumps(clean, ensure_ascii=False, sort_keys=True).encode())
        values = {"ciphertext": token.decode(), **_indexes(clean)}
    else:
        values = {}
        reference = reference or "SG-" + secrets.token_hex(5).upper()
    with transaction.atomic():
        sealed = SealedIdentity.objects.create(
            owner_type=owner_type,
            owner_id=owner_id,
            paper_reference=reference,
            created_by=by if getattr(by, "is_authenticated", False) else None,
            **values,
        )
        target_owner = owner if isinstance(owner, models.Model) else None
        record(
            actor=by,
            action="vault.seal",
            target=sealed,
            changes={
                "identity": str(_("sealed")) if enabled() else str(_("kept in the paper register")),
                "owner": f"{owner_type}#{owner_id}",
            },
            organisation=_organisation(target_owner) if target_owner is not None else None,
        )
    logger.info("vault: identity #%s sealed for %s#%s", sealed.pk, owner_type, owner_id)
    return sealed


def unseal(sealed: SealedIdentity, by: AuthenticatedUser, reason: str) -> Identity:
    """Decrypt and return the identity, after checking `by.has_perm("<owner app>.read_identity",
    owner)` (PermissionDenied otherwise) and requiring a reason (ValidationError). Every read writes
    one IdentityAccess row and one audit event."""
    reason = _clean_reason(reason)
    owner = _check_read(sealed, by)
    if not sealed.ciphertext:
        raise DomainError(
            _("This identity is kept in the paper register (reference %(ref)s), not in the application.")
            % {"ref": sealed.paper_reference or "—"}
        )
    try:
        payload = json.loads(keyring().fernet.decrypt(sealed.ciphertext.encode()))
    except (InvalidToken, ImproperlyConfigured):
        logger.error("vault: identity #%s cannot be decrypted with the configured keys", sealed.pk)
        raise DomainError(_("This identity cannot be decrypted with the configured keys.")) from None
    _log_read(sealed, owner, by, reason)
    logger.info("vault: identity #%s read by %s", sealed.pk, by.get_username())
    return Identity(payload)


def _clean_reason(reason: Any) -> str:
    text = nfc(reason)
    if not text:
        raise ValidationError({"reason": _("Give the reason for reading this identity.")})
    if len(text) > MAX_REASON:
        raise ValidationError({"reason": _("This value is too long.")})
    return text


def _check_read(sealed: SealedIdentity | SealedFile, by: AuthenticatedUser) -> models.Model:
    """The owner record, if `by` holds `<owner app>.read_identity` on it; PermissionDenied (and a
    `vault.read_denied` audit event) otherwise."""
    owner = owner_of(sealed)
    permission = f"{owner._meta.app_label}.read_identity"
    authenticated = getattr(by, "is_authenticated", False)
    if authenticated and _holds(by, permission, owner):
        return owner
    if authenticated:
        record(
            actor=by,
            action="vault.read_denied",
            target=sealed,
            changes={"owner": f"{sealed.owner_type}#{sealed.owner_id}"},
            organisation=_organisation(owner),
        )
    raise PermissionDenied(_("You are not allowed to read this identity."))


def _holds(by: AuthenticatedUser, permission: str, owner: models.Model) -> bool:
    """`permission` on `owner` as the authentication backends answer it. Unlike `User.has_perm`
    there is no pass for superusers: the law names who may read an identity (Luật Tố cáo Điều 47–48)
    and a system administrator is not among them."""
    if not by.is_active or by.is_superuser:
        return False
    for backend in auth.get_backends():
        try:
            if hasattr(backend, "has_perm") and backend.has_perm(by, permission, owner):
                return True
        except PermissionDenied:
            return False
    return False


def _log_read(
    sealed: SealedIdentity | SealedFile, owner: models.Model, by: AuthenticatedUser, reason: str
) -> None:
    target: dict[str, Any] = {"sealed_file": sealed} if isinstance(sealed, SealedFile) else {"sealed": sealed}
    with transaction.atomic():
        IdentityAccess.objects.create(
            **target,
            user=by,
            user_name=by.get_username(),
            reason=reason,
            owner_type=sealed.owner_type,
            owner_id=sealed.owner_id,
            ip_address=current_ip.get(),
        )
        record(
            actor=by,
            action="vault.read",
            target=sealed,
            changes={"owner": f"{sealed.owner_type}#{sealed.owner_id}", "reason": reason},
            organisation=_organisation(owner),
        )


# --- sealed files (scans bearing the identity) ------------------------------------------------


def _content_bytes(content: bytes | File) -> bytes:
    if isinstance(content, bytes | bytearray):
        return bytes(content)
    if hasattr(content, "chunks"):
        return b"".join(content.chunks())
    return content.read()


def seal_file(
    owner: OwnerRef, content: bytes | File, by: AuthenticatedUser, *, label: str = "", content_type: str = ""
) -> SealedFile:
    """Encrypt a scan that bears the identity (signed letter, handwriting) and store it under a
    random name; the upload's own file name is not kept (it often holds the person's name). Audited
    as `vault.seal`. Refused when the vault is switched off: the scan stays in the paper register."""
    if not enabled():
        raise DomainError(_("The identity vault is switched off: keep the scan in the paper register."))
    owner_type, owner_id = _owner_key(owner)
    data = _content_bytes(content)
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    limit = int(getattr(settings, "ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
    if len(data) > limit:
        raise ValidationError({"file": _("The file is too large.")})
    kind = (content_type or getattr(content, "content_type", "") or "application/octet-stream")[:100]
    token = keyring().primary.encrypt(data)
    name = default_storage.save(f"vault/{secrets.token_hex(16)}.bin", ContentFile(token))
    try:
        with transaction.atomic():
            sealed = SealedFile.objects.create(
                owner_type=owner_type,
                owner_id=owner_id,
                label=nfc(label)[:200],
                content_type=kind,
                size=len(data),
                storage_name=name,
                created_by=by if getattr(by, "is_authenticated", False) else None,
            )
            target_owner = owner if isinstance(owner, models.Model) else None
            record(
                actor=by,
                action="vault.seal",
                target=sealed,
                changes={"identity": str(_("sealed")), "owner": f"{owner_type}#{owner_id}"},
                organisation=_organisation(target_owner) if target_owner is not None else None,
            )
    except BaseException:
        default_storage.delete(name)
        raise
    logger.info("vault: file #%s sealed for %s#%s", sealed.pk, owner_type, owner_id)
    return sealed


def open_file(sealed_file: SealedFile, by: AuthenticatedUser, reason: str) -> tuple[bytes, str]:
    """(content, content type) of a sealed scan, under the same rule as `unseal`: the owner's
    `read_identity` permission, a reason, one IdentityAccess row per read."""
    reason = _clean_reason(reason)
    owner = _check_read(sealed_file, by)
    try:
        with default_storage.open(sealed_file.storage_name, "rb") as fh:
            token = fh.read()
        data = keyring().fernet.decrypt(token)
    except (OSError, InvalidToken, ImproperlyConfigured):
        logger.error("vault: file #%s cannot be opened with the configured keys", sealed_file.pk)
        raise DomainError(_("This identity cannot be decrypted with the configured keys.")) from None
    _log_read(sealed_file, owner, by, reason)
    return data, sealed_file.content_type


def files_of(owner: models.Model):
    """The sealed scans of a record (QuerySet, oldest first)."""
    return SealedFile.objects.for_owner(owner)


# --- matching ------------------------------------------------------------------------------------


def matches(data: dict[str, Any]):
    """Sealed identities that are probably the same person, found through the blind indexes without
    decrypting anything: the same ID number, or the same phone, or the same name and address; a name
    alone counts only when nothing else is given. NFC/NFD, case, marks and spacing do not matter."""
    indexes = _indexes(data if isinstance(data, dict) else {})
    query = Q()
    if indexes["id_number_index"]:
        query |= Q(id_number_index=indexes["id_number_index"])
    if indexes["phone_index"]:
        query |= Q(phone_index=indexes["phone_index"])
    if indexes["name_index"] and indexes["address_index"]:
        query |= Q(name_index=indexes["name_index"], address_index=indexes["address_index"])
    elif indexes["name_index"] and not (indexes["id_number_index"] or indexes["phone_index"]):
        query |= Q(name_index=indexes["name_index"])
    if not query:
        return SealedIdentity.objects.none()
    return SealedIdentity.objects.filter(query)


# --- redaction -----------------------------------------------------------------------------------


def _fold_char(ch: str) -> str:
    folded = fold(ch)
    return folded[:1] if folded else (" " if ch.isspace() else ch.lower())


def _folded_spans(text: str, needle: str) -> list[tuple[int, int]]:
    """Spans of `text` whose folded form is the folded `needle`, on word boundaries. Folding is done
    character by character so positions in the folded text are positions in `text`."""
    target = fold(needle)
    if len(target) < 2:
        return []
    folded = "".join(_fold_char(ch) for ch in text)
    words = [re.escape(w) for w in target.split(" ") if w]
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")
    return [m.span() for m in pattern.finditer(folded)]


def _digit_spans(text: str, digits: str) -> list[tuple[int, int]]:
    if len(digits) < 6:
        return []
    variants = {digits}
    if digits.startswith("0"):
        variants |= {"84" + digits[1:]}
    spans = []
    for variant in variants:
        pattern = r"(?<!\d)\+?" + r"[\s.\-]?".join(re.escape(d) for d in variant) + r"(?!\d)"
        spans += [m.span() for m in re.finditer(pattern, text)]
    return spans


def _spans_of(text: str, field: str, item: Any) -> list[tuple[int, int]]:
    """Where one identity value stands in `text`: numbers (ID, phone) whatever their spacing."""
    if field in ("id_number", "phone"):
        normalised = _normalise(field, item)
        return _digit_spans(text, normalised) if normalised.isdigit() else _folded_spans(text, normalised)
    return _folded_spans(text, str(item))


def _identity_spans(text: str, data: dict[str, Any]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for field in REDACTED:
        value = data.get(field)
        for item in value if isinstance(value, list | tuple) else [value]:
            if item not in (None, ""):
                spans += _spans_of(text, field, item)
    for alias in data.get("aliases") or []:
        spans += _folded_spans(text, str(alias))
    return spans


def _merged(spans: list[tuple[int, int]]) -> list[list[int]]:
    """Overlapping or touching spans joined, in order."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def redact(text: str, data: dict[str, Any], *, placeholder: str | None = None) -> str:
    """`text` with the identity's name, ID number, phone, address and e-mail replaced by
    "[đã lược bỏ]" (Luật Tố cáo Điều 56 k2): for published conclusions and forwarded copies.
    Matches ignore case, marks, NFC/NFD and the spacing of numbers."""
    if not text:
        return text or ""
    text = unicodedata.normalize("NFC", text)
    mark = placeholder if placeholder is not None else str(_("[removed]"))
    spans = _identity_spans(text, data if isinstance(data, dict) else {})
    if not spans:
        return text
    out, last = [], 0
    for start, end in _merged(spans):
        out += [text[last:start], mark]
        last = end
    out.append(text[last:])
    return "".join(out)


# --- key rotation -------------------------------------------------------------------------------


def rotate(batch_size: int = 500) -> int:
    """Re-encrypt every sealed identity with the first key and recompute its blind indexes with
    the current index key. Returns the number of rows rewritten. Safe to run again."""
    ring = keyring()
    done = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            rows = list(
                SealedIdentity.objects.select_for_update()
                .filter(pk__gt=last_pk)
                .exclude(ciphertext="")
                .order_by("pk")[:batch_size]
            )
            if not rows:
                break
            now = timezone.now()
            for row in rows:
                token = row.ciphertext.encode()
                try:
                    payload = json.loads(ring.fernet.decrypt(token))
                except InvalidToken:
                    raise DomainError(
                        _("Identity #%(pk)s cannot be decrypted with the configured keys: rotation stopped.")
                        % {"pk": row.pk}
                    ) from None
                row.ciphertext = ring.fernet.rotate(token).decode()
                for name, value in _indexes(payload).items():
                    setattr(row, name, value)
                row.rotated_at = now
            SealedIdentity.objects.bulk_update(
                rows, ["ciphertext", *[f"{f}_index" for f in INDEXED], "rotated_at"]
            )
            done += len(rows)
            last_pk = rows[-1].pk
    done += _rotate_files(ring)
    logger.info("vault: %s identities and files re-encrypted with the first key", done)
    return done


def _rotate_files(ring: Any) -> int:
    done = 0
    for pk in list(SealedFile.objects.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            row = SealedFile.objects.select_for_update().get(pk=pk)
            with default_storage.open(row.storage_name, "rb") as fh:
                token = fh.read()
            try:
                rotated = ring.fernet.rotate(token)
            except InvalidToken:
                raise DomainError(
                    _("Identity #%(pk)s cannot be decrypted with the configured keys: rotation stopped.")
                    % {"pk": f"F{row.pk}"}
                ) from None
            old_name = row.storage_name
            row.storage_name = default_storage.save(
                f"vault/{secrets.token_hex(16)}.bin", ContentFile(rotated)
            )
            row.rotated_at = timezone.now()
            row.save(update_fields=["storage_name", "rotated_at"])
            transaction.on_commit(partial(default_storage.delete, old_name))
        done += 1
    return done
