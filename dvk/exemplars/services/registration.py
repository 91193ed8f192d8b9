"""Registering a model or individual exemplar: its structured content and its dossier kinds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dvk.attachments.services import kind_labels
from dvk.audit.services import diff, record, record_many, snapshot
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import WorkflowError
from dvk.exemplars.models import (
    Cycle,
    Exemplar,
    ExemplarEvent,
    Kind,
    Level,
    Nomination,
)
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation
from dvk.organisations.scoping import (
    require_current,
)
from dvk.stats import counters

# Kinds of file that make up the nomination dossier (hồ sơ). Every kind an exemplar takes, with
# its label, is declared on ExemplarsConfig.attachables.
DOSSIER_KINDS = ("dossier.proposal", "dossier.report", "dossier.minutes", "evidence")

CONTENT_FIELDS = (
    "title",
    "summary",
    "situation",
    "goals",
    "content_method",
    "area_beneficiaries",
    "forces",
    "resources",
    "timeline",
    "expected_outputs",
    "sustainability",
    "field",
    "level",
    "cycle",
    "started_on",
    "latitude",
    "longitude",
    "person_name",
    "person_position",
    "consent_public",
    "kind",
)
FORCE_ROLES = ("lead", "coordinate", "take_part")
RESOURCE_KEYS = ("funds", "facilities", "workdays", "socialised")


def dossier_labels() -> dict[str, str]:
    """Labels of the kinds of file an exemplar takes (declared on ExemplarsConfig.attachables)."""
    return kind_labels("exemplars.exemplar")


def _clean_forces(forces: Any, errors: dict[str, list[str]]) -> list[dict[str, str]]:
    clean = []
    for row in forces if isinstance(forces, list) else [None]:
        if not isinstance(row, dict) or not nfc(str(row.get("name", ""))):
            errors.setdefault("forces", []).append(_("Each force needs a name."))
        elif row.get("role") not in FORCE_ROLES:
            errors.setdefault("forces", []).append(_("A force's role must be lead, coordinate or take_part."))
        else:
            clean.append(
                {"name": nfc(str(row["name"])), "role": row["role"], "task": nfc(str(row.get("task", "")))}
            )
    return clean


def _clean_resources(resources: Any, errors: dict[str, list[str]]) -> Any:
    if not isinstance(resources, dict) or set(resources) - set(RESOURCE_KEYS):
        errors.setdefault("resources", []).append(
            _("Resources take the keys funds, facilities, workdays and socialised.")
        )
        return resources  # left as given: the error refuses it
    return {k: nfc(str(v)) for k, v in resources.items() if v not in (None, "")}


def _clean_timeline(timeline: Any, errors: dict[str, list[str]]) -> list[dict[str, str]]:
    clean = []
    for row in timeline if isinstance(timeline, list) else [None]:
        try:
            day = dt.date.fromisoformat(str(row["date"]))  # type: ignore[index]
            clean.append({"date": day.isoformat(), "milestone": nfc(str(row["milestone"]))})  # type: ignore[index]
        except (TypeError, KeyError, ValueError):
            errors.setdefault("timeline", []).append(
                _("Each milestone needs a date (YYYY-MM-DD) and a text.")
            )
    return sorted(clean, key=lambda r: r["date"])


# The structured parts of the content and how each is cleaned (errors collected by field).
STRUCTURED = (("forces", _clean_forces), ("resources", _clean_resources), ("timeline", _clean_timeline))


def validate_content(data: dict[str, Any], *, kind: str) -> dict[str, Any]:
    """Normalise the structured registration content; raise ValidationError (422) with clear messages."""
    errors: dict[str, list[str]] = {}
    for name, clean in STRUCTURED:
        if data.get(name) is not None:
            data[name] = clean(data[name], errors)
    for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        value = data.get(name)
        if value is not None and not (low <= Decimal(str(value)) <= high):
            errors.setdefault(name, []).append(_("The coordinate is out of range."))
    if "title" in data and not nfc(data.get("title")):
        errors.setdefault("title", []).append(_("This field is required."))
    if kind == Kind.INDIVIDUAL and "person_name" in data and not nfc(data.get("person_name")):
        errors.setdefault("person_name", []).append(_("An individual exemplar needs the person's name."))
    if errors:
        raise ValidationError(errors)
    return data


def _check_field_level(data: dict[str, Any]) -> None:
    field = data.get("field")
    if field is not None and not field.is_active:
        raise ValidationError({"field": [_("This field is no longer in use.")]})


def _checked(
    *, by: AuthenticatedUser, organisation: Organisation, data: dict[str, Any], form_token: str = ""
) -> Exemplar:
    """The unsaved draft, after the checks every registration passes (permission, a body in force,
    the content, a field in use, a cycle)."""
    if not by.has_perm("exemplars.add_exemplar", organisation):
        raise PermissionDenied(_("You can register models only for a body you work for."))
    require_current(organisation)
    kind = data.get("kind") or Kind.COLLECTIVE
    data = validate_content({k: v for k, v in data.items() if k in CONTENT_FIELDS}, kind=kind)
    _check_field_level(data)
    if data.get("cycle") is None:
        data["cycle"] = Cycle.current()
        if data["cycle"] is None:
            raise ValidationError({"cycle": [_("No recognition cycle covers today; choose one.")]})
    return Exemplar(organisation=organisation, created_by=by, form_token=form_token or None, **data)


@transaction.atomic
def create_exemplar(
    *, by: AuthenticatedUser, organisation: Organisation, data: dict[str, Any], form_token: str = ""
) -> Exemplar:
    """Register a draft model or individual exemplar for `organisation` (a body the user works for)."""
    if form_token:
        existing = Exemplar.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing  # the same form posted twice
    exemplar = _checked(by=by, organisation=organisation, data=data, form_token=form_token)
    exemplar.save()
    ExemplarEvent.objects.create(
        exemplar=exemplar, action="create", from_stage="", to_stage=exemplar.stage, actor=by
    )
    record(
        actor=by,
        action="exemplars.create",
        target=exemplar,
        changes={"title": exemplar.title},
        organisation=organisation,
    )
    return exemplar


class ItemRefused(ValidationError):
    """One item of `create_exemplars` was refused: `index` is its place in the list."""

    def __init__(self, index: int, error: ValidationError | PermissionDenied) -> None:
        super().__init__(getattr(error, "messages", None) or [str(error)])
        self.index = index


@transaction.atomic
def create_exemplars(
    *, by: AuthenticatedUser, items: Sequence[tuple[Organisation, dict[str, Any]]]
) -> list[Exemplar]:
    """`create_exemplar` for many drafts at once (an Excel import): the same checks for each item
    (a refused one raises `ItemRefused` with its index and nothing is written), then one insert of
    the drafts, one of their events (and their counters: `counters.count_created`) and one of their
    audit rows, whatever the number of items. The caller passes the cycle (else one query each)."""
    exemplars: list[Exemplar] = []
    for index, (organisation, data) in enumerate(items):
        try:
            exemplar = _checked(by=by, organisation=organisation, data=data)
        except (ValidationError, PermissionDenied) as exc:
            raise ItemRefused(index, exc) from exc
        exemplar.normalise()
        exemplars.append(exemplar)
    Exemplar.objects.bulk_create(exemplars, batch_size=500)
    events = ExemplarEvent.objects.bulk_create(
        [
            ExemplarEvent(exemplar=e, action="create", from_stage="", to_stage=e.stage, actor=by)
            for e in exemplars
        ],
        batch_size=500,
    )
    counters.count_created(exemplars)  # the stock by stage (exemplars.figures)
    counters.count_created(events)
    record_many(
        actor=by,
        action="exemplars.create",
        targets=exemplars,
        changes=lambda e: {"title": e.title},
        organisation=lambda e: e.organisation,
    )
    return exemplars


@transaction.atomic
def update_exemplar(*, by: AuthenticatedUser, exemplar: Exemplar, data: dict[str, Any]) -> Exemplar:
    """Change the registration content while the exemplar is still editable (a draft)."""
    exemplar = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    if not by.has_perm("exemplars.change_exemplar", exemplar):
        if exemplar.stage != Stage.DRAFT:
            raise WorkflowError(_("The registration can be changed only while it is a draft."))
        raise PermissionDenied(_("You are not allowed to perform this action."))
    changes = {k: v for k, v in data.items() if k in CONTENT_FIELDS}
    changes = validate_content(changes, kind=changes.get("kind", exemplar.kind))
    _check_field_level(changes)
    before = snapshot(exemplar, list(changes))
    for name, value in changes.items():
        setattr(exemplar, name, value)
    if exemplar.kind == Kind.INDIVIDUAL and not exemplar.person_name:
        raise ValidationError({"person_name": [_("An individual exemplar needs the person's name.")]})
    exemplar.save()
    record(
        actor=by,
        action="exemplars.update",
        target=exemplar,
        changes=diff(before, snapshot(exemplar, list(changes))),
        organisation=exemplar.organisation,
    )
    return exemplar


@transaction.atomic
def change_level(*, by: AuthenticatedUser, exemplar: Exemplar, level: str) -> Exemplar:
    """Correct the level (cấp xã / cấp tỉnh) at which a model will be reviewed, until its review
    opens: a nominated model's open nomination follows (its council is chosen when the review
    opens). One audit row; the same level again changes nothing."""
    exemplar = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    if level not in Level.values:
        raise ValidationError({"level": [_("Choose one of the allowed values.")]})
    if not by.has_perm("exemplars.change_level", exemplar):
        if exemplar.stage not in (Stage.DRAFT, Stage.REGISTERED, Stage.IN_PROGRESS, Stage.NOMINATED):
            raise WorkflowError(_("The level can be changed only before the council review opens."))
        raise PermissionDenied(_("You are not allowed to perform this action."))
    if exemplar.level == level:
        return exemplar
    before = exemplar.level
    exemplar.level = level
    exemplar.save(update_fields=["level"])
    if exemplar.stage == Stage.NOMINATED and exemplar.current_nomination_id:
        Nomination.objects.filter(pk=exemplar.current_nomination_id, review_opened_at__isnull=True).update(
            level=level
        )
    record(
        actor=by,
        action="exemplars.change_level",
        target=exemplar,
        changes={"level": [before, level]},
        organisation=exemplar.organisation,
    )
    return exemplar
