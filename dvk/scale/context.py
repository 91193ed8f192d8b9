"""What every generator receives: the seed, the scale, the generated bodies and users, and a
bulk writer that uses COPY on PostgreSQL and batched multi-row INSERTs elsewhere.

A domain generator is one function `generate(ctx)` (DomainAppConfig.generator):

    def generate(ctx: GenerationContext) -> None:
        rng = ctx.rng_for("cases")                # its own stream: adding a domain changes no other data
        with ctx.writer(Case, ["organisation_id", "org_path", "title", ...]) as cases:
            for i in range(ctx.count("cases")):
                body = rng.choice(ctx.bodies)
                case_id = cases.add([body.id, body.path, ...])   # ids are assigned up front

Rows are plain lists in the order of the field names given (attnames, e.g. "organisation_id").
Nothing goes through Model.save(), so a generator fills what save() would (nfc text, folded
search_text, org_path, timestamps) itself; the province root `org_root` of an OrgOwned model
follows from the `org_path` given (unless the generator names it).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.management.color import no_style
from django.db import connections, models
from django.utils import timezone

from dvk.organisations.scoping import province_root
from dvk.scale.spec import ScaleSpec

BATCH = 20_000


@dataclass
class BodyRef:
    id: int
    path: str
    kind: str
    name: str
    unit_id: int
    province: int  # index into ctx.provinces
    commune: int | None  # index into ctx.communes, None for province-level bodies
    suffix: str  # "DU", "UBND", "CB", ... (the body's role in its commune or province)


@dataclass
class UserRef:
    id: int
    username: str
    full_name: str
    role: str
    body: BodyRef


@dataclass
class ProvinceRef:
    index: int
    name: str
    code: str
    unit_id: int
    bodies: dict[str, BodyRef] = field(default_factory=dict)  # by suffix: "TU", "BTGDV", "HDTD", ...
    communes: list[CommuneRef] = field(default_factory=list)

    @property
    def root(self) -> BodyRef:
        return self.bodies["TU"]


@dataclass
class CommuneRef:
    index: int
    name: str  # "xã Thịnh Minh"
    code: str
    unit_id: int
    province: int
    bodies: list[BodyRef] = field(default_factory=list)

    @property
    def party(self) -> BodyRef:
        return self.bodies[0]


class Progress:
    """One line per table, rewritten in place at most twice a second."""

    def __init__(self, stream: Any = None, enabled: bool = True):
        self.stream = stream or sys.stdout
        self.enabled = enabled
        self._last = time.monotonic()
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())

    def update(self, label: str, done: int, total: int | None, started: float, final: bool = False) -> None:
        now = time.monotonic()
        if not self.enabled or (not final and now - self._last < (0.5 if self.tty else 10)):
            return
        self._last = now
        elapsed = max(now - started, 1e-6)
        of = f"/{total:,}" if total else ""
        end = "\n" if final or not self.tty else "\r"
        self.stream.write(
            f"  {label:<28} {done:>11,}{of} rows  {elapsed:6.1f}s  {done / elapsed:>9,.0f}/s{end}"
        )
        self.stream.flush()

    def say(self, message: str) -> None:
        if self.enabled:
            self.stream.write(message + "\n")
            self.stream.flush()


def _concrete_field(model: type[models.Model], name: str) -> models.Field:
    """The model field `name` (a name or attname) that has a column of its own."""
    f = model._meta.get_field(name)
    if not isinstance(f, models.Field):
        raise TypeError(f"{model._meta.label}.{name} is not a concrete field")
    return f


class BulkWriter:
    """Buffered writer for one table. `add(row)` returns the row's id (assigned up front)."""

    def __init__(
        self,
        ctx: GenerationContext,
        model: type[models.Model],
        fields: Sequence[str],
        total: int | None = None,
        label: str | None = None,
        with_ids: bool = True,
        hold: bool = False,
    ):
        self.ctx = ctx
        self.hold = hold  # keep every row until close() (to patch rows after adding them)
        self.model = model
        self.with_ids = with_ids
        opts = model._meta
        self.fields = [_concrete_field(model, name) for name in fields]
        pk = opts.pk
        columns = [f.column for f in self.fields]
        self.converters = [ctx.converter_for(f) for f in self.fields]
        if with_ids:
            columns.insert(0, pk.column)
            self.converters.insert(0, None)
        # Columns the generator does not name get their model default (or NULL), so a field
        # added to a model later does not break its generator.
        given = {f.name for f in self.fields} | {pk.name}
        # OrgOwned.fill_owner() in one place: the province root follows from the org_path given.
        self.root_from: int | None = None
        derive_root = "org_path" in given and "org_root" not in given and hasattr(model, "fill_owner")
        if derive_root:
            self.root_from = [f.name for f in self.fields].index("org_path") + (1 if with_ids else 0)
        self.fillers: list[Any] = []
        for f in opts.concrete_fields:
            if f.name in given or f.generated or (derive_root and f.name == "org_root"):
                continue
            if f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            else:
                continue  # required: the INSERT fails and names it
            conv = ctx.converter_for(f)
            columns.append(f.column)
            self.fillers.append(conv(value) if conv is not None and value is not None else value)
        if derive_root:
            columns.append(_concrete_field(model, "org_root").column)
        self.columns = columns
        self.table = opts.db_table
        self.total = total
        self.label = label or opts.label
        self.buffer: list[list[Any]] = []
        self.count = 0
        self.started = ctx.progress._last = time.monotonic()

    def add(self, row: list[Any], row_id: int | None = None) -> int:
        """Buffer one row; `row_id` is an id reserved earlier with ctx.next_id() (to point at it first)."""
        if self.with_ids:
            if row_id is None:
                row_id = self.ctx.next_id(self.model)
            row = [row_id, *row]
        self.buffer.append(row)
        if len(self.buffer) >= BATCH and not self.hold:
            self.flush()
        return row_id or 0

    def flush(self) -> None:
        if not self.buffer:
            return
        converted = self._converted(self.buffer)
        self.ctx.write_rows(self.table, self.columns, converted)
        self.count += len(self.buffer)
        self.buffer = []
        self.ctx.progress.update(self.label, self.count, self.total, self.started)

    def _converted(self, rows: list[list[Any]]) -> Sequence[Sequence[Any]]:
        active = [(i, c) for i, c in enumerate(self.converters) if c is not None]
        fillers, root_from = self.fillers, self.root_from
        if not active and not fillers and root_from is None:
            return rows
        for row in rows:
            for i, conv in active:
                if row[i] is not None:
                    row[i] = conv(row[i])
            if fillers:
                row.extend(fillers)
            if root_from is not None:
                row.append(province_root(row[root_from]))
        return rows

    def close(self) -> None:
        self.flush()
        self.ctx.progress.update(self.label, self.count, self.total, self.started, final=True)
        self.ctx.counts[self.model._meta.label] = self.ctx.counts.get(self.model._meta.label, 0) + self.count

    def __enter__(self) -> BulkWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()


class GenerationContext:
    def __init__(
        self,
        spec: ScaleSpec,
        seed: int,
        using: str = "default",
        progress: Progress | None = None,
        now: dt.datetime | None = None,
    ):
        self.spec = spec
        self.seed = seed
        self.using = using
        self.connection = connections[using]
        self.vendor = self.connection.vendor
        self.rng = random.Random(seed)
        self.progress = progress or Progress()
        self.now = now or timezone.now().replace(microsecond=0)
        self.today = timezone.localdate(self.now)
        self.provinces: list[ProvinceRef] = []
        self.communes: list[CommuneRef] = []
        self.bodies: list[BodyRef] = []
        self.users: list[UserRef] = []
        self.counts: dict[str, int] = {}  # rows written per model label
        self._next_ids: dict[type[models.Model], int] = {}

    # --- randomness and sizes -------------------------------------------------------------
    def rng_for(self, name: str) -> random.Random:
        """An independent, reproducible stream per generator."""
        return random.Random(f"{self.seed}:{name}")

    def count(self, key: str) -> int:
        return self.spec.count(key)

    def users_with_role(self, role: str, province: int | None = None) -> list[UserRef]:
        return [u for u in self.users if u.role == role and (province is None or u.body.province == province)]

    def at(self, rng: random.Random, days_back_max: int, days_back_min: int = 0) -> dt.datetime:
        """A moment between `days_back_max` and `days_back_min` days before now, in office hours."""
        day = self.now - dt.timedelta(days=rng.randint(days_back_min, days_back_max))
        return day.replace(hour=rng.randint(1, 10), minute=rng.randint(0, 59), second=rng.randint(0, 59))

    # --- writing -----------------------------------------------------------------------------
    def writer(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        total: int | None = None,
        label: str | None = None,
        with_ids: bool = True,
        hold: bool = False,
    ) -> BulkWriter:
        return BulkWriter(self, model, fields, total=total, label=label, with_ids=with_ids, hold=hold)

    def insert(
        self,
        model: type[models.Model],
        fields: Sequence[str],
        rows: Iterable[list[Any]],
        total: int | None = None,
        label: str | None = None,
    ) -> list[int]:
        """Write all `rows`; return their ids."""
        with self.writer(model, fields, total=total, label=label) as w:
            return [w.add(row) for row in rows]

    def next_id(self, model: type[models.Model]) -> int:
        nxt = self._next_ids.get(model)
        if nxt is None:
            top = model._default_manager.using(self.using).aggregate(m=models.Max("pk"))["m"] or 0
            nxt = top + 1
        self._next_ids[model] = nxt + 1
        return nxt

    def converter_for(self, f: models.Field):
        ops = self.connection.ops
        if isinstance(f, models.JSONField):
            return lambda v: json.dumps(v, ensure_ascii=False)
        if isinstance(f, models.DecimalField):
            return str
        if self.vendor == "postgresql":
            return None
        if isinstance(f, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(f, models.DateField):
            return ops.adapt_datefield_value
        if isinstance(f, models.BooleanField):
            return int
        return None

    def write_rows(self, table: str, columns: list[str], rows: Sequence[Sequence[Any]]) -> None:
        qn = self.connection.ops.quote_name
        cols = ", ".join(qn(c) for c in columns)
        # The driver's own cursor: no debug wrapper keeping a copy of every statement.
        with self.connection.cursor() as wrapper:
            if self.vendor == "postgresql":
                with wrapper.cursor.copy(f"COPY {qn(table)} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            marks = ", ".join(["%s"] * len(columns))
            wrapper.cursor.executemany(f"INSERT INTO {qn(table)} ({cols}) VALUES ({marks})", rows)  # noqa: S608

    def finish(self) -> None:
        """Move PostgreSQL sequences past the ids assigned here."""
        if self.vendor != "postgresql" or not self._next_ids:
            return
        statements = self.connection.ops.sequence_reset_sql(no_style(), list(self._next_ids))
        with self.connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
