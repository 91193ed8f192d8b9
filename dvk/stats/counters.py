"""Counters kept on write, in the same transaction as the workflow change that causes them.

A domain declares what it counts as `Track`s (its AppConfig's `counters`, a dotted path to a tuple):
each new row of `model` (typically the workflow's event model, written by
`dvk.core.workflow.advance()` inside the service's transaction) adds one to
(domain, metric(row), body, month(day(row)), field(subject)) for the owning body and every body
above it. A `post_save` receiver does it, so the counter moves or rolls back with the change.

Reads (`totals`, `by_field`, `by_child`) sum a few rows per month: the body's own rows, not the
records below it. Whole months: a period that starts or ends inside a month counts that month.
`rebuild()` (manage.py rebuild_counters) recounts everything from the rows, after bulk loads that
bypass `save()` (the scale generator) or to repair drift.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connections, transaction
from django.db.models import Count, DateField, F, Q, Sum, Value
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from dvk.organisations.models import SEGMENT, Organisation, OrganisationSuccession
from dvk.organisations.scoping import province_root, scope_for
from dvk.stats.models import Counter


def _action(row: Any) -> str | None:
    return row.action


def _event_day(row: Any) -> dt.date | None:
    at = row.at or timezone.now()
    return timezone.localdate(at) if timezone.is_aware(at) else at.date()


def _no_field(subject: Any) -> str:
    return ""


@dataclass(frozen=True)
class Track:
    """One kind of row a domain counts.

    `subject` names the foreign key from the row to the OrgOwned record it is about (the event's
    `exemplar`); empty when the row is itself OrgOwned. `metric(row)` names what is counted (by
    default the workflow action; None: not counted), `day(row)` when it happened (by default the
    event time, local date), `field(subject)` the field of work code ("" when none). `related`
    are the select_related paths `rebuild()` needs for `field`.

    `metric_sql`, `day_sql`, `field_sql` are the same three as ORM expressions on the row (the
    defaults have theirs: the action, the event's month, ""). When every one is known, `rebuild()`
    groups in the database and only expands the grouped rows to the bodies above in Python; the
    recount test checks both ways agree."""

    domain: str
    model: str  # "app_label.ModelName"
    subject: str = ""
    metric: Callable[[Any], str | None] = _action
    day: Callable[[Any], dt.date | None] = _event_day
    field: Callable[[Any], str] = _no_field
    related: tuple[str, ...] = ()
    metric_sql: Any = None
    day_sql: Any = None  # an expression giving a date in the month (e.g. F("received_on"))
    field_sql: Any = None
    # A state kept as counts ("how many reports due in March are still due"): `delta(row)` gives
    # (metric, ±n) pairs (a stage change: -1 on the old stage, +1 on the new) instead of one +1;
    # such a track is not recounted (`recount=False`): the track on the records themselves
    # recounts the state from their current stage, with `deletes=True` taking a deleted record off.
    delta: Callable[[Any], Iterable[tuple[str, int]]] | None = None
    recount: bool = True
    deletes: bool = False
    # False: no post_save receiver; the domain writes the changes itself (`add_changes`, e.g. from
    # a snapshot of the record's counted state taken when it was loaded) and `rebuild()` recounts.
    receiver: bool = True

    def grouped(self) -> dict[str, Any] | None:
        """The ORM expressions for a grouped recount, or None when one is only known in Python."""
        metric = (
            self.metric_sql
            if self.metric_sql is not None
            else (F("action") if self.metric is _action else None)
        )
        day = self.day_sql
        if day is None and self.day is _event_day:
            day = TruncMonth("at", output_field=DateField())
        elif day is not None:
            day = TruncMonth(day, output_field=DateField())
        field = (
            self.field_sql if self.field_sql is not None else (Value("") if self.field is _no_field else None)
        )
        if metric is None or day is None or field is None:
            return None
        prefix = f"{self.subject}__" if self.subject else ""
        return {"m": metric, "b": day, "f": field, "p": F(f"{prefix}org_path")}

    def subject_of(self, row: Any) -> Any:
        return getattr(row, self.subject) if self.subject else row

    def key(self, row: Any) -> tuple[str, str, dt.date, str] | None:
        """(metric, owner path, month, field) of a row, or None when it is not counted."""
        metric = self.metric(row)
        day = self.day(row)
        if not metric or day is None:
            return None
        subject = self.subject_of(row)
        path = getattr(subject, "org_path", "") or ""
        if not path:
            return None
        return metric, path, day.replace(day=1), (self.field(subject) or "")[:60]


_TRACKS: list[Track] = []
ALL = "*"  # the field value of the all-fields total kept beside each field's own row


def tracks() -> list[Track]:
    return list(_TRACKS)


def connect_all() -> None:
    """Connect a receiver for every domain's declared tracks (called from StatsConfig.ready)."""
    from dvk.core.plugins import contributions

    _TRACKS.clear()
    for declared in contributions("counters"):
        for i, track in enumerate(declared):
            _TRACKS.append(track)
            if not track.receiver:
                continue
            model = apps.get_model(track.model)
            uid = f"dvk_stats_{track.domain}_{track.model}_{i}"
            post_save.connect(_receiver(track), sender=model, weak=False, dispatch_uid=uid)
            if track.deletes:
                post_delete.connect(_on_delete(track), sender=model, weak=False, dispatch_uid=uid)


def _receiver(track: Track) -> Callable[..., None]:
    def on_save(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
        if not created or raw:
            return
        using = kwargs.get("using") or "default"
        for domain, metric, path, bucket, field, n in _changes(track, instance):
            add(domain, metric, path, bucket, field, n, using=using)

    return on_save


def _on_delete(track: Track) -> Callable[..., None]:
    def on_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
        key = track.key(instance)
        if key is not None:
            add(track.domain, *key, n=-1, using=kwargs.get("using") or "default")

    return on_delete


def nodes(path: str) -> list[str]:
    """The body's path and the paths of every body above it (the province first)."""
    return [path[:k] for k in range(SEGMENT, len(path) + 1, SEGMENT)]


_UPSERT = (
    "INSERT INTO stats_counter (domain, metric, node_path, depth, root, bucket, field, n) VALUES {values} "
    "ON CONFLICT (domain, metric, node_path, bucket, field) DO UPDATE SET n = stats_counter.n + excluded.n"
)


def add(
    domain: str,
    metric: str,
    path: str,
    bucket: dt.date,
    field: str = "",
    n: int = 1,
    *,
    using: str = "default",
) -> None:
    """Add `n` to the counter of the body at `path` and of every body above it: one statement."""
    rows = [
        (domain, metric, node, len(node) // SEGMENT, province_root(node), bucket, f, n)
        for node in nodes(path)
        for f in {field, ALL}
    ]
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(rows))
    params: list[Any] = [v for row in rows for v in row]
    with connections[using].cursor() as cursor:
        cursor.execute(_UPSERT.format(values=values), params)


Change = tuple[str, str, str, dt.date, str, int]  # (domain, metric, owner path, month, field, n)


def add_changes(changes: Iterable[Change], *, using: str = "default") -> None:
    """Add each change to its body and the bodies above (and to the all-fields row), summed per
    counter, in one statement per 500 counters (none when they cancel out)."""
    sums: dict[tuple[str, str, str, dt.date, str], int] = defaultdict(int)
    for domain, metric, path, bucket, field, n in changes:
        for node in nodes(path):
            for f in {field, ALL}:
                sums[(domain, metric, node, bucket, f)] += n
    items = [(k, n) for k, n in sums.items() if n]
    for start in range(0, len(items), 500):
        chunk = items[start : start + 500]
        values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(chunk))
        params: list[Any] = []
        for (domain, metric, node, bucket, f), n in chunk:
            params += [domain, metric, node, len(node) // SEGMENT, province_root(node), bucket, f, n]
        with connections[using].cursor() as cursor:
            cursor.execute(_UPSERT.format(values=values), params)


def count_created(rows: Sequence[Any], *, using: str = "default") -> None:
    """What the `post_save` receivers do for each of `rows` (new rows of one tracked model, written
    by `bulk_create`, which sends no signal), summed per counter and written in one statement per
    500 counters: for the services that create many records at once (an Excel import). Call it in
    the same transaction as the insert."""
    if not rows:
        return
    label = rows[0]._meta.label
    add_changes(
        (
            change
            for track in _TRACKS
            if track.model == label and track.receiver
            for row in rows
            for change in _changes(track, row)
        ),
        using=using,
    )


def _changes(track: Track, row: Any) -> list[tuple[str, str, str, dt.date, str, int]]:
    """(domain, metric, owner path, month, field, n) the receiver would add for a new `row`."""
    if track.delta is None:
        key = track.key(row)
        return [] if key is None else [(track.domain, *key, 1)]
    subject = track.subject_of(row)
    day = track.day(row)
    path = getattr(subject, "org_path", "") or ""
    if day is None or not path:
        return []
    field = (track.field(subject) or "")[:60]
    return [(track.domain, metric, path, day.replace(day=1), field, n) for metric, n in track.delta(row)]


Sums = dict[tuple[str, str, dt.date, str], int]


def _expand(sums: Sums, metric: str, path: str, bucket: dt.date, field: str, n: int) -> None:
    """Add `n` to the body at `path` and every body above it, for its field and the all-fields row."""
    for node in nodes(path):
        for f in {field, ALL}:
            sums[(metric, node, bucket, f)] += n


def _recount_grouped(model: Any, exprs: dict[str, Any], sums: Sums, chunk: int, using: str) -> int:
    """Grouped in the database, expanded to the bodies above here; returns the rows counted."""
    rows = (
        model.objects.using(using)
        .order_by()
        .values(**exprs)
        .annotate(n=Count("pk"))
        .values_list("m", "p", "b", "f", "n")
    )
    read = 0
    for metric, path, bucket, field, n in rows.iterator(chunk_size=chunk):
        read += n
        if not metric or not path or bucket is None:
            continue
        if isinstance(bucket, dt.datetime):
            bucket = bucket.date()
        _expand(sums, metric, path, bucket.replace(day=1), (field or "")[:60], n)
    return read


def _recount_rows(track: Track, model: Any, sums: Sums, chunk: int, using: str) -> int:
    """Row by row, through the track's Python functions; returns the rows read."""
    qs = model.objects.using(using).all()
    related = tuple(r for r in ((track.subject,) if track.subject else ()) + track.related if r)
    if related:
        qs = qs.select_related(*related)
    read = 0
    for row in qs.order_by("pk").iterator(chunk_size=chunk):
        read += 1
        key = track.key(row)
        if key is not None:
            _expand(sums, *key, 1)
    return read


def _replace(domain: str, sums: Sums, chunk: int, using: str) -> None:
    with transaction.atomic(using=using):
        Counter.objects.using(using).filter(domain=domain).delete()
        Counter.objects.using(using).bulk_create(
            (
                Counter(
                    domain=domain,
                    metric=metric,
                    node_path=node,
                    depth=len(node) // SEGMENT,
                    root=province_root(node),
                    bucket=bucket,
                    field=field,
                    n=n,
                )
                for (metric, node, bucket, field), n in sums.items()
            ),
            batch_size=chunk,
        )


def rebuild(
    domains: Iterable[str] | None = None, chunk: int = 5000, using: str = "default", grouped: bool = True
) -> dict[str, int]:
    """Recount every (or the named) domain's counters from its rows; returns rows read per domain."""
    wanted = set(domains) if domains else {t.domain for t in _TRACKS}
    read: dict[str, int] = defaultdict(int)
    for domain in sorted(wanted):
        sums: Sums = defaultdict(int)
        for track in (t for t in _TRACKS if t.domain == domain and t.recount):
            model = apps.get_model(track.model)
            exprs = track.grouped() if grouped else None
            if exprs is not None:
                read[domain] += _recount_grouped(model, exprs, sums, chunk, using)
            else:
                read[domain] += _recount_rows(track, model, sums, chunk, using)
        _replace(domain, sums, chunk, using)
    return dict(read)


# --- reads --------------------------------------------------------------------------------------


def _minimal(prefixes: Iterable[str]) -> tuple[str, ...]:
    """The prefixes not under another one, sorted. In sorted order every path under a prefix
    follows it directly, so one pass keeps the minimal ones (a province body's history is
    thousands of paths: no pairwise comparison)."""
    out: list[str] = []
    for prefix in sorted(set(prefixes)):
        if not out or not prefix.startswith(out[-1]):
            out.append(prefix)
    return tuple(out)


_LINEAGE = """
WITH RECURSIVE lin(root, path) AS (
    VALUES {seeds}
    UNION
    SELECT lin.root, CAST(o_old.path AS TEXT)
    FROM lin, {link} s
    JOIN {org} o_new ON o_new.id = s.new_id
    JOIN {org} o_old ON o_old.id = s.old_id
    WHERE o_new.path LIKE lin.path || '%%'
)
SELECT root, path FROM lin
"""


def lineage(path: str) -> set[str]:
    """The body's path and the paths of every body that was merged into it (or into a body
    below it), transitively: the history a successor carries on. One query."""
    return lineages([path])[path]


def lineages(paths: Iterable[str]) -> dict[str, set[str]]:
    """`lineage` of many bodies at once: one query (a recursive walk of the successions back to
    the bodies merged in), whatever the number of bodies and of reorganisations."""
    roots = sorted(set(paths))
    if not roots:
        return {}
    org, link = Organisation._meta.db_table, OrganisationSuccession._meta.db_table
    seeds = ", ".join(["(CAST(%s AS TEXT), CAST(%s AS TEXT))"] * len(roots))
    params = [p for root in roots for p in (root, root)]
    result: dict[str, set[str]] = {root: {root} for root in roots}
    with connections[OrganisationSuccession.objects.db].cursor() as cursor:
        cursor.execute(_LINEAGE.format(seeds=seeds, org=org, link=link), params)
        for root, found in cursor.fetchall():
            result[root].add(found)
    return result


def by_bodies(
    domain: str,
    bodies: Sequence[Organisation],
    start: dt.date,
    end: dt.date,
    *,
    field: str | None = None,
    metrics: Iterable[str] | None = None,
) -> dict[int, dict[str, int]]:
    """body id → metric → count over each body's subtree and history (`subtree_prefixes`): what
    the dashboard filtered to that body shows and what its drill-down list holds. One query for the
    counters whatever the number of bodies, plus one per generation of successions."""
    found = lineages({b.path for b in bodies})
    prefixes = {b.pk: _minimal(found[b.path]) for b in bodies}
    wanted = {p for ps in prefixes.values() for p in ps}
    if not wanted:
        return {}
    qs = Counter.objects.filter(
        _months(start, end), domain=domain, node_path__in=sorted(wanted), field=field or ALL
    )
    if metrics is not None:
        qs = qs.filter(metric__in=list(metrics))
    node: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for path, m, n in (
        qs.values_list("node_path", "metric").annotate(s=Sum("n")).values_list("node_path", "metric", "s")
    ):
        node[path][m] += int(n or 0)
    out: dict[int, dict[str, int]] = {}
    for pk, ps in prefixes.items():
        acc: dict[str, int] = defaultdict(int)
        for p in ps:
            for m, n in node.get(p, {}).items():
                acc[m] += n
        out[pk] = dict(acc)
    return out


def subtree_prefixes(body: Organisation) -> tuple[str, ...]:
    """The node paths of one body's subtree and of the bodies merged into it (its history), whatever
    the user: what a list filtered to "this unit" reads (`path_q`), as the counters count it."""
    return _minimal(lineage(body.path))


def prefixes_for(user: Any, unit: Organisation | None = None) -> tuple[str, ...]:
    """The node paths whose counters make up what `user` sees (optionally narrowed to one body and
    its predecessors). Disjoint subtrees, so their counters add up without double counting."""
    scope = scope_for(user)
    if unit is not None:
        if not scope.covers(unit.path):
            return ()
        return subtree_prefixes(unit)
    if scope.everything:
        return tuple(Organisation.objects.filter(depth=1).order_by("path").values_list("path", flat=True))
    return scope.prefixes


def _months(start: dt.date, end: dt.date) -> Q:
    return Q(bucket__gte=start.replace(day=1), bucket__lte=end)


def totals(
    domain: str,
    prefixes: Sequence[str],
    start: dt.date,
    end: dt.date,
    *,
    field: str | None = None,
    metrics: Iterable[str] | None = None,
) -> dict[str, int]:
    """metric → count over the period, summed over the prefixes' own rows. One query."""
    if not prefixes:
        return {}
    qs = Counter.objects.filter(
        _months(start, end), domain=domain, node_path__in=list(prefixes), field=field or ALL
    )
    if metrics is not None:
        qs = qs.filter(metric__in=list(metrics))
    return {
        m: int(n or 0) for m, n in qs.values_list("metric").annotate(s=Sum("n")).values_list("metric", "s")
    }


def by_field(
    domain: str,
    prefixes: Sequence[str],
    start: dt.date,
    end: dt.date,
    *,
    metrics: Iterable[str] | None = None,
) -> dict[str, dict[str, int]]:
    """field → metric → count. One query."""
    if not prefixes:
        return {}
    qs = Counter.objects.filter(_months(start, end), domain=domain, node_path__in=list(prefixes)).exclude(
        field=ALL
    )
    if metrics is not None:
        qs = qs.filter(metric__in=list(metrics))
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for f, m, s in qs.values_list("field", "metric").annotate(s=Sum("n")).values_list("field", "metric", "s"):
        out[f][m] = int(s or 0)
    return dict(out)


def by_child(
    domain: str,
    prefixes: Sequence[str],
    start: dt.date,
    end: dt.date,
    *,
    field: str | None = None,
    metrics: Iterable[str] | None = None,
) -> dict[str, dict[str, int]]:
    """node path one level below each prefix → metric → count (the rows of the bodies directly
    under the scope's own: districts or communes for a province). One query."""
    if not prefixes:
        return {}
    condition = Q()
    for p in prefixes:
        condition |= Q(root=province_root(p), depth=len(p) // SEGMENT + 1, node_path__under=p)
    qs = Counter.objects.filter(condition, _months(start, end), domain=domain, field=field or ALL)
    if metrics is not None:
        qs = qs.filter(metric__in=list(metrics))
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for path, m, s in (
        qs.values_list("node_path", "metric").annotate(s=Sum("n")).values_list("node_path", "metric", "s")
    ):
        out[path][m] = int(s or 0)
    return dict(out)


_SUCCESSORS = """
WITH RECURSIVE walk(start_id, cur_id, hops) AS (
    SELECT o.id, o.id, 0 FROM {org} o WHERE o.path IN ({marks})
    UNION ALL
    SELECT w.start_id, s.new_id, w.hops + 1
    FROM walk w
    JOIN {link} s ON s.id = (
        SELECT s2.id FROM {link} s2 WHERE s2.old_id = w.cur_id ORDER BY s2.is_primary DESC, s2.id LIMIT 1
    )
    WHERE w.hops < 20
      AND (w.hops > 0 OR EXISTS (SELECT 1 FROM {org} c WHERE c.id = w.cur_id AND c.valid_to IS NOT NULL))
)
SELECT st.path, w.hops, o.id, o.name, o.path, o.valid_to, o.depth
FROM walk w JOIN {org} o ON o.id = w.cur_id JOIN {org} st ON st.id = w.start_id
"""


_BODY_FIELDS = ("id", "name", "path", "valid_to", "depth")  # the columns _SUCCESSORS selects


def successors(paths: Iterable[str]) -> dict[str, Organisation]:
    """path → the body that carries it on today: itself, or for a body closed by a reorganisation
    its primary successor (followed transitively, at most 20 hops). One query (a recursive walk
    of the successions), whatever the number of paths and of reorganisations they went through:
    also when there are no paths, so that a dashboard costs the same queries with or without rows
    in its "by unit" tables."""
    paths = sorted(set(paths))
    org, link = Organisation._meta.db_table, OrganisationSuccession._meta.db_table
    sql = _SUCCESSORS.format(org=org, link=link, marks=", ".join(["%s"] * len(paths)) or "NULL")
    using = Organisation.objects.db
    final: dict[str, tuple[int, tuple[Any, ...]]] = {}
    with connections[using].cursor() as cursor:
        cursor.execute(sql, paths)
        for start, hops, *values in cursor.fetchall():
            if start not in final or hops > final[start][0]:
                final[start] = (hops, tuple(values))
    # from_db takes the values in the model's field order
    names = [f.attname for f in Organisation._meta.concrete_fields if f.attname in _BODY_FIELDS]
    out: dict[str, Organisation] = {}
    for start, (_hops, values) in final.items():
        row = dict(zip(_BODY_FIELDS, values, strict=True))
        if isinstance(row["valid_to"], str):  # SQLite gives the date as text through a raw cursor
            row["valid_to"] = dt.date.fromisoformat(row["valid_to"])
        out[start] = Organisation.from_db(using, names, [row[n] for n in names])
    return out


UNIT_ROWS = 15  # rows of a "by unit" table: the units with the most, largest first


def merge_under_successors(
    rows: dict[str, dict[str, int]], limit: int | None = None
) -> list[tuple[Organisation, dict[str, int]]]:
    """Group node rows under the bodies that carry them on (history of closed bodies counted under
    their successors), largest first by the sum of their counts (the first `limit` of them)."""
    current = successors(rows)
    merged: dict[int, tuple[Organisation, dict[str, int]]] = {}
    for path, counts in rows.items():
        body = current.get(path)
        if body is None:
            continue
        _body, acc = merged.setdefault(body.pk, (body, defaultdict(int)))
        for m, n in counts.items():
            acc[m] += n
    ordered = sorted(
        ((b, dict(c)) for b, c in merged.values()), key=lambda bc: (-sum(bc[1].values()), bc[0].name)
    )
    return ordered[:limit] if limit else ordered


_MEMO: ContextVar[dict[tuple[Any, ...], tuple[str, ...]] | None] = ContextVar("dvk_stats_memo", default=None)


@contextmanager
def one_read() -> Iterator[None]:
    """Within the block, `scope_prefixes` answers each (user, body) once: a dashboard composes
    five domains' sections that each ask for the same scope (a body lookup and its history, two
    queries per domain otherwise). For one request's reads only: outside the block, nothing is
    remembered (a reorganisation is seen by the next read)."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def scope_prefixes(user: Any, unit: int | None = None) -> tuple[str, ...]:
    """`prefixes_for` from a body id (as the figures contract passes it): () when the body does
    not exist or lies outside the user's scope."""
    memo = _MEMO.get()
    key = (getattr(user, "pk", None), unit or None)
    if memo is not None and key in memo:
        return memo[key]
    if not unit:
        found = prefixes_for(user)
    else:
        body = Organisation.objects.filter(pk=unit).only("pk", "path").first()
        found = prefixes_for(user, body) if body is not None else ()
    if memo is not None:
        memo[key] = found
    return found


def rebuild_after_demo(ctx: Any) -> None:
    """The demo seeder and the scale generator write rows in bulk (no post_save): recount last."""
    rebuild(using=getattr(ctx, "using", "default"))


def path_q(prefixes: Sequence[str], path_field: str = "org_path", root_field: str = "org_root") -> Q:
    """Rows of an OrgOwned model under the prefixes (as `prefixes_for` returns them)."""
    condition = Q(pk__in=[])
    for p in prefixes:
        condition |= Q(**{f"{path_field}__under": p, root_field: province_root(p)})
    return condition
