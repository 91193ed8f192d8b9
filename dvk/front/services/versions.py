"""Social critique: requests, draft versions and which comments changed which unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import IO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError
from dvk.front import drafts
from dvk.front.models import (
    Critique,
    DraftUnit,
    DraftVersion,
)
from dvk.front.services.common import K, required_text, same_province, users_of
from dvk.front.workflow import (
    CritiqueStage,
)
from dvk.notifications.services import notify
from dvk.organisations.models import Organisation

# --- Social critique: requests, versions -------------------------------------------------------------


def _parse(text: str = "", docx: IO[bytes] | None = None) -> tuple[drafts.ParsedDraft, str]:
    if docx is not None:
        return drafts.parse_docx(docx), "docx"
    return drafts.parse_text(text), "text"


def _store_version(
    critique: Critique, parsed: drafts.ParsedDraft, *, by: AuthenticatedUser, note: str, source: str
) -> DraftVersion:
    number = (critique.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = DraftVersion.objects.create(
        critique=critique, number=number, note=nfc(note), source=source, created_by=by
    )
    by_key: dict[str, DraftUnit] = {}
    for order, unit in enumerate(parsed.units, start=1):
        row = DraftUnit.objects.create(
            version=version,
            parent=by_key.get(unit.parent_key),
            article=by_key.get(unit.article_key) if unit.article_key != unit.key else None,
            kind=unit.kind,
            key=unit.key[:120],
            number=unit.number[:20],
            label=unit.label[:160],
            heading=unit.heading[:500],
            text=unit.text,
            order=order,
            depth=unit.depth,
        )
        by_key[unit.key] = row
    return version


@transaction.atomic
def request_critique(
    *,
    by: AuthenticatedUser,
    drafting_body: Organisation,
    front: Organisation,
    title: str,
    explanatory_note: str = "",
    text: str = "",
    docx: IO[bytes] | None = None,
    publish_required: bool = True,
    received_on: dt.date | None = None,
    token: str = "",
) -> Critique:
    """The drafting body sends a draft (pasted or .docx) with its explanatory note to a Front committee.
    `token` (the form's one-time token) makes a repeated post return the critique it created."""
    require(by, "front.submit_draft", drafting_body)
    if token:
        repeated = Critique.objects.filter(created_by=by, form_token=token[:64]).first()
        if repeated is not None:
            return repeated
    if front.kind != K.FRONT or not same_province(front, drafting_body):
        raise ValidationError({"front": [_("Choose a Fatherland Front committee of the same province.")]})
    title = required_text(title, "title", _("Give the title of the draft."))
    try:
        parsed, source = _parse(text, docx)
    except ValidationError as exc:
        raise ValidationError({"text": exc.messages}) from exc
    critique = Critique.objects.create(
        organisation=front,
        drafting_body=drafting_body,
        title=title,
        explanatory_note=explanatory_note,
        received_on=received_on or timezone.localdate(),
        publish_required=publish_required,
        created_by=by,
        form_token=token[:64],
    )
    version = _store_version(critique, parsed, by=by, note="", source=source)
    record(
        actor=by,
        action="front.critique.request",
        target=critique,
        organisation=front,
        changes={"title": title, "drafting_body": drafting_body.pk, "units": version.units.count()},
    )
    notify(
        users_of(front.pk),
        title=_("Request for social critique: %(title)s") % {"title": title},
        body=drafting_body.name,
        url=reverse("front:critique_detail", args=[critique.pk]),
        kind="front.critique",
    )
    return critique


@transaction.atomic
def add_version(
    *,
    by: AuthenticatedUser,
    critique: Critique,
    text: str = "",
    docx: IO[bytes] | None = None,
    note: str = "",
    form_token: str = "",
) -> DraftVersion:
    """A new version of the draft (after the answers); `link_changes` records which comments changed
    it. A repeated `form_token` (the form posted twice) returns the version it created."""
    critique = Critique.objects.select_for_update().get(pk=critique.pk)
    require(by, "front.submit_draft", critique)
    if form_token and (repeated := critique.versions.filter(form_token=form_token).first()):
        return repeated
    if critique.stage in (CritiqueStage.DECLINED, CritiqueStage.PUBLISHED):
        raise DomainError(_("No new version can be added at this stage."))
    try:
        parsed, source = _parse(text, docx)
    except ValidationError as exc:
        raise ValidationError({"text": exc.messages}) from exc
    version = _store_version(critique, parsed, by=by, note=note, source=source)
    if form_token:
        DraftVersion.objects.filter(pk=version.pk).update(form_token=form_token)
    record(
        actor=by,
        action="front.critique.version",
        target=critique,
        organisation=critique.organisation,
        changes={"version": version.number, "units": version.units.count()},
    )
    return version


@transaction.atomic
def link_changes(*, by: AuthenticatedUser, version: DraftVersion, links: Mapping[int, Iterable[int]]) -> int:
    """Record which comments changed which unit of `version`: {unit id: [comment ids]} (replaces)."""
    critique = version.critique
    require(by, "front.submit_draft", critique)
    units = {u.pk: u for u in version.units.filter(pk__in=list(links))}
    if len(units) != len(set(links)):
        raise ValidationError({"links": [_("A unit does not belong to this version.")]})
    allowed = set(critique.comments.filter(version__number__lt=version.number).values_list("pk", flat=True))
    total = 0
    for unit_id, comment_ids in links.items():
        ids = {int(c) for c in comment_ids}
        if not ids <= allowed:
            raise ValidationError({"links": [_("Choose comments made on an earlier version of this draft.")]})
        units[unit_id].changed_by.set(ids)
        total += len(ids)
    record(
        actor=by,
        action="front.critique.links",
        target=critique,
        organisation=critique.organisation,
        changes={
            "version": version.number,
            "links": {str(k): sorted(int(c) for c in v) for k, v in links.items()},
        },
    )
    return total
