"""Matching what a register says against the organisations data, for every importer.

- Communes by folded name without the level word ("Xã Hợp Thành", "xa hop thanh", "Hợp Thành"),
  among the units valid on the row's date (a 2020 register names 2020 communes), then followed
  to the unit that carries it on today (`selectors.current_units`): "Hợp Thành" of 2020 → today's
  "Thịnh Minh". Units where the user has bodies win over homonyms elsewhere in the country.
- Bodies by folded name (or abbreviation) among the bodies the user may see, also as "name +
  commune" ("Đảng ủy xã" in the commune column's "Thịnh Minh"), followed to the body that carries
  a closed one on; close names are offered as suggestions when nothing matches.

`Lookup.load(user)` runs a constant number of queries (bodies, units, two succession maps).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.core.text import fold
from dvk.imports.spec import Issue, folded_index, suggestions, unit_key
from dvk.organisations.models import AdministrativeUnit, Organisation
from dvk.organisations.scoping import visible_organisations
from dvk.organisations.selectors import current_organisations, current_units


@dataclass
class Lookup:
    today: dt.date
    bodies: dict[int, Organisation]
    body_index: dict[str, list[Organisation]]
    body_successor: dict[int, int]
    units: dict[int, AdministrativeUnit]
    unit_index: dict[str, list[AdministrativeUnit]]
    unit_successor: dict[int, int]
    scoped_units: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, user: Any) -> Lookup:
        bodies_qs = visible_organisations(user) if user is not None else Organisation.objects.all()
        bodies = {o.pk: o for o in bodies_qs.select_related("unit")}
        units = {u.pk: u for u in AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE)}
        return cls(
            today=timezone.localdate(),
            bodies=bodies,
            body_index=folded_index(bodies.values(), lambda o: o.name, lambda o: o.short_name),
            body_successor=current_organisations(bodies),
            units=units,
            unit_index=_unit_index(units.values()),
            unit_successor=current_units(units),
            scoped_units={o.unit_id for o in bodies.values()},
        )

    # --- communes ---

    def commune(self, written: str, on: dt.date | None) -> tuple[AdministrativeUnit | None, list[Issue]]:
        """Today's unit for the commune `written` as it stood on `on` (None, [] when blank)."""
        if not written:
            return None, []
        candidates = self.unit_index.get(unit_key(written), [])
        day = on or self.today
        valid = [u for u in candidates if u.is_current(day)] or candidates
        scoped = [
            u
            for u in valid
            if u.pk in self.scoped_units or self.unit_successor.get(u.pk) in self.scoped_units
        ]
        chosen = (scoped or valid)[:1]
        if not chosen:
            hints = suggestions(unit_key(written), self.unit_index, lambda u: u.name)
            return None, [
                Issue(
                    "unknown_commune",
                    _("No commune named “%(name)s” existed on %(date)s.")
                    % {"name": written, "date": day.strftime("%d/%m/%Y")}
                    + _hint(hints),
                    {"value": written, "suggestions": hints},
                )
            ]
        unit = chosen[0]
        return self.units.get(self.unit_successor.get(unit.pk, unit.pk), unit), []

    # --- bodies ---

    def body(
        self, written: str, commune: AdministrativeUnit | None = None, commune_written: str = ""
    ) -> tuple[Organisation | None, list[Issue]]:
        """The body in force for `written` (None, [] when blank)."""
        if not written:
            return None, []
        candidates = list(self.body_index.get(fold(written), []))
        if not candidates and (commune is not None or commune_written):
            for place in {
                commune_written,
                commune.name if commune else "",
                unit_key(commune.name) if commune else "",
            }:
                if place:
                    candidates = self.body_index.get(fold(f"{written} {place}"), [])
                    if candidates:
                        break
        if not candidates:
            hints = suggestions(written, self.body_index, lambda o: o.name)
            return None, [
                Issue(
                    "unknown_organisation",
                    _("No body named “%(name)s” in your scope.") % {"name": written} + _hint(hints),
                    {"value": written, "suggestions": hints},
                )
            ]
        if len(candidates) > 1 and commune is not None:
            here = [o for o in candidates if self.unit_successor.get(o.unit_id, o.unit_id) == commune.pk]
            candidates = here or candidates
        current = [o for o in candidates if o.is_current(self.today)]
        body = (current or candidates)[0]
        successor = self.bodies.get(self.body_successor.get(body.pk, body.pk))
        if successor is None:
            successor = Organisation.objects.filter(pk=self.body_successor.get(body.pk, body.pk)).first()
        body = successor or body
        if not body.is_current(self.today):
            return None, [
                Issue(
                    "closed_organisation",
                    _("%(name)s was closed on %(date)s and nothing carries it on.")
                    % {
                        "name": body.name,
                        "date": body.valid_to.strftime("%d/%m/%Y") if body.valid_to else "",
                    },
                    {"value": written},
                )
            ]
        return body, []


def _hint(hints: list[str]) -> str:
    if not hints:
        return ""
    return " " + _("Did you mean: %(names)s?") % {"names": "; ".join(hints)}


def _unit_index(units: Any) -> dict[str, list[AdministrativeUnit]]:
    index: dict[str, list[AdministrativeUnit]] = {}
    for unit in units:
        index.setdefault(unit_key(unit.name), []).append(unit)
    return index


def out_of_scope(written: str) -> Issue:
    return Issue(
        "out_of_scope",
        _("You cannot import records for %(name)s: it is not a body you work for.") % {"name": written},
        {"value": written},
    )
