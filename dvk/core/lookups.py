"""Lookups every app uses: integer lookups that never overflow, and the path-prefix lookup.

Django already turns `pk=10**20` into "no rows" (IntegerFieldOverflow on exact/gt/lt); it does not for
`__in` lists nor for lookups through a foreign key (`organisation_id=10**20`, `pk__in=[10**20]`), where
SQLite raises OverflowError and PostgreSQL a DataError: a 500 for a value that simply matches
nothing. These lookups drop the out-of-range values (an empty list matches nothing), the same answer
Django gives for the exact lookup. Input validation (dvk.core.validation) refuses such ids at the
edge; this is the floor under it, for every model of every app. `Under` (below) is the subtree
condition of the scoping kit. Registered by CoreConfig.ready().
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In, Lookup, StartsWith


def _range(field: Any, connection: Any) -> tuple[int | None, int | None]:
    while getattr(field, "target_field", None) is not None and field.is_relation:
        field = field.target_field
    if not isinstance(field, models.IntegerField):
        return None, None
    try:
        return connection.ops.integer_field_range(field.get_internal_type())
    except KeyError:
        return None, None


def _outside(value: Any, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    return (low is not None and value < low) or (high is not None and value > high)


class _InRange:
    rhs: Any

    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():  # type: ignore[attr-defined]
            low, high = _range(self.lhs.output_field, connection)  # type: ignore[attr-defined]
            self.rhs = [v for v in self.rhs if not _outside(v, low, high)]
        return super().process_rhs(compiler, connection)  # type: ignore[misc]


class IntegerIn(_InRange, In):
    pass


class ForeignKeyIn(_InRange, RelatedIn):
    pass


class ForeignKeyExact(RelatedExact):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if _outside(self.rhs, *_range(self.lhs.output_field, connection)):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


class Under(Lookup):
    """`path__under=prefix`: the materialised path lies in the subtree of `prefix`.

    The same rows as `startswith`, written so that each database reads them from an index. On
    PostgreSQL that is the LIKE 'prefix%' the pattern-opclass indexes serve. On SQLite a LIKE is
    case-insensitive, so it never uses an index on an ordinary (BINARY) column: every scoped
    query scanned its table. There the lookup is the range prefix <= path < successor(prefix),
    exact under SQLite's byte-wise comparison and read from any index that starts with the path.
    (The range is not used on PostgreSQL: under a linguistic collation such as en_US it is not
    equivalent to the prefix.)"""

    lookup_name = "under"

    def as_sql(self, compiler: Any, connection: Any) -> Any:
        return StartsWith(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_sqlite(self, compiler: Any, connection: Any) -> Any:
        prefix = self.rhs
        if not self.rhs_is_direct_value() or not isinstance(prefix, str) or not prefix:
            return self.as_sql(compiler, connection)
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        successor = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        return f"({lhs_sql} >= %s AND {lhs_sql} < %s)", (*lhs_params, prefix, *lhs_params, successor)


def register() -> None:
    models.CharField.register_lookup(Under)
    models.IntegerField.register_lookup(IntegerIn)
    models.ForeignKey.register_lookup(ForeignKeyIn)
    models.ForeignKey.register_lookup(ForeignKeyExact)
