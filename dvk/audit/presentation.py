"""Readable audit rows: labels instead of codes, names instead of ids, dates dd/mm/yyyy.

`describe(events)` turns a page of AuditEvents into rows for the audit page and the API. Ids are
resolved to names with one query per related model for the whole page, so the number of queries
does not grow with the rows shown.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from dvk.audit.labels import Key, action_label, registry
from dvk.audit.models import AuditEvent
from dvk.core.actors import SYSTEM_USERNAME

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")


@dataclass
class Change:
    label: str
    text: str


@dataclass
class Row:
    event: AuditEvent
    action: str
    actor: str
    object_type: str
    changes: list[Change] = field(default_factory=list)


@dataclass
class _Spec:
    label: str
    pair: bool
    model: type[models.Model] | None = None  # values are ids of this model
    field: models.Field | None = None


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    found: Any
    try:
        found = model._meta.get_field(key)
    except FieldDoesNotExist:
        found = next((f for f in model._meta.concrete_fields if f.attname == key), None)
    return found if isinstance(found, models.Field) else None


def _spec(target: type[models.Model] | None, key: str) -> _Spec:
    declared: Key | None = registry().fields.get(key)
    fld = _field(target, key)
    label = str(declared.label) if declared else (str(fld.verbose_name) if fld else key)
    related = None
    if declared and declared.model:
        related = target if declared.model == "self" else _model(declared.model)
    elif fld is not None and fld.is_relation:
        related = fld.related_model  # type: ignore[assignment]
    if declared and declared.pair is not None:
        pair = declared.pair
    else:
        pair = fld is not None and not fld.many_to_many
    return _Spec(label=label, pair=pair, model=related, field=None if related else fld)


def _iso_text(value: str) -> str:
    """A string value; ISO dates and times as dd/mm/yyyy (hh:mm dd/mm/yyyy)."""
    m = _ISO_DATE.match(value)
    if not m:
        return value
    day = f"{m.group(3)}/{m.group(2)}/{m.group(1)}"
    return f"{m.group(4)}:{m.group(5)} {day}" if m.group(4) else day


def _scalar(value: Any, spec: _Spec, names: dict[tuple[Any, str], str]) -> str:
    if value is None or value == "":
        return "—"
    if spec.model is not None and not isinstance(value, dict | list):
        return names.get((spec.model, str(value)), str(value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if spec.field is not None and spec.field.choices:
        display = dict(spec.field.flatchoices).get(value)
        if display is not None:
            return str(display)
    if isinstance(value, str):
        return _iso_text(value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_scalar(v, _Spec(str(k), False), names)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_scalar(v, spec, names) for v in value) or "—"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _text(value: Any, spec: _Spec, names: dict[tuple[Any, str], str]) -> str:
    if spec.pair and isinstance(value, list) and len(value) == 2:
        return f"{_scalar(value[0], spec, names)} → {_scalar(value[1], spec, names)}"
    return _scalar(value, spec, names)


def _ids(value: Any) -> Iterable[str]:
    if isinstance(value, list):
        for v in value:
            yield from _ids(v)
    elif value not in (None, "") and not isinstance(value, dict | bool):
        yield str(value)


def describe(events: Iterable[AuditEvent]) -> list[Row]:
    events = list(events)
    specs: dict[tuple[str, str], _Spec] = {}
    wanted: dict[type[models.Model], set[str]] = defaultdict(set)
    for event in events:
        target = _model(event.target_type)
        for key, value in (event.changes or {}).items():
            spec = specs.setdefault((event.target_type, key), _spec(target, key))
            if spec.model is not None:
                wanted[spec.model].update(_ids(value))
    names: dict[tuple[Any, str], str] = {}
    for model, ids in wanted.items():
        pks = [i for i in ids if i.isdigit()] if isinstance(model._meta.pk, models.AutoField) else list(ids)
        for obj in model._default_manager.filter(pk__in=pks):
            names[(model, str(obj.pk))] = str(obj)
    rows = []
    for event in events:
        target = _model(event.target_type)
        rows.append(
            Row(
                event=event,
                action=action_label(event.action),
                actor=_("System") if event.actor_name == SYSTEM_USERNAME else event.actor_name,
                object_type=str(target._meta.verbose_name) if target else event.target_type,
                changes=[
                    Change(
                        specs[(event.target_type, k)].label, _text(v, specs[(event.target_type, k)], names)
                    )
                    for k, v in (event.changes or {}).items()
                ],
            )
        )
    return rows


def change_label(target_type: str, key: str) -> str:
    return _spec(_model(target_type), key).label


def unlabelled_key(target_type: str, key: str) -> bool:
    """True when a key of `changes` would show as its code (no field, no declared label)."""
    return change_label(target_type, key) == key and key not in registry().fields
