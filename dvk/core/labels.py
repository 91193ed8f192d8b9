"""`Key`: how an app names a key of an audit event's `changes` (its labels module's FIELDS).

Kept in the kernel so that every app, whatever its layer, can declare its labels; the registry
that reads them is `dvk.audit.labels`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Key:
    """A key of `changes` that is not (or not only) a field of the target model."""

    label: Any
    model: str = ""  # the values are ids of this model ("app_label.Model", "self": the target's)
    pair: bool | None = None  # True: the value is [before, after]; None: a field decides, else no
