"""Reads of citizen reception and cases for pages, the API, exports and the public lookup.

Every staff read starts from `visible_to(user)` (the body's scope, plus the forwarding body that
follows a linked case); rows come with `select_related`, so a page costs the same number of
queries for one row as for fifty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, DateField, F, Func, Q, QuerySet
from django.utils import timezone

from dvk.citizens.models import (
    Case,
    CaseEvent,
    DuplicateSuggestion,
    Field,
    Letter,
    ReceptionDuty,
    ReceptionSession,
    Visit,
)
from dvk.citizens.workflow import CASE_KINDS, FINAL_STAGES, OPEN_STAGES, Stage
from dvk.core.search import search
from dvk.organisations.models import SEGMENT, Membership, Organisation
from dvk.organisations.scoping import scope_for

FLAG_FILTERS = ("crowd", "complex", "prolonged", "overdue")


@dataclass
class CaseFilters:
    kind: str = ""
    stage: str = ""
    field: int | None = None
    organisation: int | None = None
    crowd: bool = False
    complex: bool = False
    prolonged: bool = False
    overdue: bool = False
    open: bool = False
    mine: bool = False
    q: str = ""

    @classmethod
    def from_query(cls, params: Any) -> CaseFilters:
        def flag(name: str) -> bool:
            return params.get(name) in ("1", "true", "on", True)

        def number(name: str) -> int | None:
            value = str(params.get(name) or "")
            return int(value) if value.isdigit() and len(value) < 12 else None

        return cls(
            kind=str(params.get("kind") or "")[:16],
            stage=str(params.get("stage") or "")[:16],
            field=number("field"),
            organisation=number("organisation"),
            crowd=flag("crowd"),
            complex=flag("complex"),
            prolonged=flag("prolonged"),
            overdue=flag("overdue"),
            open=flag("open"),
            mine=flag("mine"),
            q=str(params.get("q") or "")[:200],
        )


def index_hint(user: Any, field: str = "org_path", *, with_grants: bool = True) -> Q:
    """The user's scope again, as path ranges the database reads from an index (redundant with
    visible_to: it narrows nothing, it only lets a small body's list start from its own rows).
    The forwarded grant's rows (outside these ranges) stay visible through their ids."""
    from dvk.citizens.models import path_range

    scope = scope_for(user)
    if scope.everything or not scope.prefixes or all(len(p) <= SEGMENT for p in scope.prefixes):
        return Q()  # province-wide: the (org_root, due_on) index serves the list in order
    hint = Q()
    for prefix in scope.prefixes:
        hint |= path_range(field, prefix)
    from dvk.citizens.models import FORWARDED
    from dvk.organisations.scoping import grant_q

    return hint | grant_q(user, FORWARDED) if with_grants else hint


def _equal_filters(f: CaseFilters) -> dict[str, Any]:
    """The list's choice filters (kind, stage, field, body) that were given."""
    given = {"kind": f.kind, "stage": f.stage, "field_id": f.field, "organisation_id": f.organisation}
    return {name: value for name, value in given.items() if value}


def _flag_filters(f: CaseFilters) -> dict[str, bool]:
    """The flags asked for (đông người, phức tạp, kéo dài): only True narrows the list."""
    return {name: True for name in ("crowd", "complex", "prolonged") if getattr(f, name)}


def cases(user: Any, filters: CaseFilters | None = None, today: dt.date | None = None) -> QuerySet[Case]:
    """The cases the user may see (its bodies' and those its bodies forwarded), filtered."""
    f = filters or CaseFilters()
    today = today or timezone.localdate()
    qs = Case.objects.visible_to(user).filter(index_hint(user))
    if f.mine:
        qs = qs.filter(handler=user)
    qs = qs.filter(**_equal_filters(f), **_flag_filters(f))
    if f.open or f.overdue:
        qs = qs.filter(stage__in=OPEN_STAGES)
    if f.overdue:
        qs = qs.filter(due_on__lt=today)
    qs = search(qs, f.q)
    return qs.select_related("letter", "organisation", "handler", "field").order_by("due_on", "id")


def case_detail(user: Any, pk: int) -> Case:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Case.objects.visible_to(user).select_related(
            "letter",
            "letter__field",
            "organisation",
            "handler",
            "field",
            "matter",
            "forwarded_from__organisation",
        ),
        pk=pk,
    )


def history(case: Case) -> QuerySet[CaseEvent]:
    return case.events.select_related("actor").order_by("at", "id")


def linked_cases(user: Any, case: Case) -> dict[str, Any]:
    """The records linked by forwarding or appeal: what the case came from, where it went. Only
    the stage and the body are shown of a record the user cannot open."""
    visible = Case.objects.visible_to(user)
    sent = list(
        Case.objects.filter(forwarded_from=case)
        .select_related("organisation")
        .only("pk", "stage", "round", "organisation__name", "due_on", "org_path", "sender_path", "kind")
    )
    ids = set(visible.filter(pk__in=[c.pk for c in sent]).values_list("pk", flat=True)) if sent else set()
    for c in sent:
        c.can_open = c.pk in ids
    source = case.forwarded_from
    source_visible = bool(source and visible.filter(pk=source.pk).exists())
    return {"sent": sent, "source": source, "source_visible": source_visible}


def letters(user: Any, q: str = "", kind: str = "") -> QuerySet[Letter]:
    qs = Letter.objects.visible_to(user).filter(index_hint(user, with_grants=False))
    if kind:
        qs = qs.filter(kind=kind)
    return search(qs, q).select_related("organisation", "field").order_by("-received_on", "-id")


def duplicate_suggestions(letter: Letter) -> QuerySet[DuplicateSuggestion]:
    return (
        DuplicateSuggestion.objects.filter(letter=letter, candidate__org_root=letter.org_root)
        .select_related("candidate", "candidate__organisation")
        .order_by("status", "-score")
    )


def sessions(user: Any) -> QuerySet[ReceptionSession]:
    return (
        ReceptionSession.objects.visible_to(user)
        .filter(index_hint(user, with_grants=False))
        .select_related("organisation", "duty")
        .annotate(visit_count=Count("visits"), crowd_count=Count("visits", filter=Q(visits__crowd=True)))
        .order_by("-held_on", "-id")
    )


def visits(session: ReceptionSession) -> QuerySet[Visit]:
    return session.visits.select_related("letter", "field").order_by("id")


@dataclass
class DutyStatus:
    duty: ReceptionDuty
    period: tuple[dt.date, dt.date]
    held: int
    required: int
    missed_previous: bool

    @property
    def due_now(self) -> int:
        return max(0, self.required - self.held)


def reception_status(user: Any, today: dt.date | None = None) -> list[DutyStatus]:
    """Each active duty in scope: sessions held this period against the legal frequency, and
    whether the previous period was missed (fewer sessions than the law asks). Three queries."""
    today = today or timezone.localdate()
    duties = list(
        ReceptionDuty.objects.visible_to(user).filter(active=True).select_related("frequency", "organisation")
    )
    if not duties:
        return []
    earliest = min(
        d.frequency.period_of(d.frequency.period_of(today)[0] - dt.timedelta(days=1))[0] for d in duties
    )
    held = list(
        ReceptionSession.objects.filter(
            duty__in=duties, held_on__gte=earliest, held_on__lte=today
        ).values_list("duty_id", "held_on")
    )
    out = []
    for duty in duties:
        current = duty.frequency.period_of(today)
        previous = duty.frequency.period_of(current[0] - dt.timedelta(days=1))
        days = [d for duty_id, d in held if duty_id == duty.pk]
        now = sum(1 for d in days if current[0] <= d <= current[1])
        before = sum(1 for d in days if previous[0] <= d <= previous[1])
        started = duty.created_at.date() <= previous[0]
        out.append(
            DutyStatus(
                duty=duty,
                period=current,
                held=now,
                required=duty.frequency.times,
                missed_previous=started and before < duty.frequency.times,
            )
        )
    return out


def handlers_for(case: Case) -> QuerySet:
    from dvk.accounts.models import User

    return (
        User.objects.filter(
            memberships__organisation_id=case.organisation_id,
            memberships__role__in=Membership.Role.WORK,
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )


# --- monitoring ------------------------------------------------------------------------------------


def _monitored(user: Any) -> QuerySet[Case]:
    """The cases the Ban follows: its scope (whole provinces read on `org_root` alone)."""
    scope = scope_for(user)
    if scope.everything:
        return Case.objects.all()
    if scope.prefixes and all(len(p) <= SEGMENT for p in scope.prefixes):
        return Case.objects.filter(org_root__in=scope.prefixes)  # whole provinces: the same rows, index-only
    return Case.objects.filter(scope.q("org_path", "org_root")).filter(index_hint(user, with_grants=False))


COUNTS = ("n", "open", "finished", "late_finished", "crowd", "prolonged", "complex")
BODY_SHOWN = ("n", "open", "overdue", "crowd", "prolonged")


@dataclass
class _Tally:
    """The monitoring figures being summed: totals, per kind, per field id, per body path (the
    counters' rows) and per body id (the index's, until `_named_bodies` merges them)."""

    totals: dict[str, int]
    kinds: dict[str, int]
    fields: dict[int | None, int]
    bodies: dict[str, dict[str, int]]
    by_id: dict[int, dict[str, int]]

    @classmethod
    def empty(cls) -> _Tally:
        return cls(dict.fromkeys(COUNTS, 0), {}, {}, {}, {})

    def body(self, path: str) -> dict[str, int]:
        return self.bodies.setdefault(path, dict.fromkeys(BODY_SHOWN, 0))


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _days_held(first: dt.date, last: dt.date, today: dt.date) -> int:
    """The days of [first, last] that can hold received cases (none after today)."""
    return max(0, (min(last, today) - first).days + 1)


@dataclass(frozen=True)
class _Plan:
    """How a period is read: the months [first, last] from the counts kept on write (None: none),
    the ranges added from the monitoring index (`plus`) and those taken off (`minus`, the days of
    a counted month outside the period)."""

    months: tuple[dt.date, dt.date] | None
    plus: tuple[tuple[dt.date, dt.date], ...]
    minus: tuple[tuple[dt.date, dt.date], ...]


def _plan(since: dt.date, until: dt.date, today: dt.date) -> _Plan:
    """Each month the period touches is read from the counters when that reads fewer days from the
    index than counting the month's part in the period: the month whole, less its days outside
    the period (a period ending today takes nothing off: no case is received after today). At
    most one index range at either end, whatever the data."""
    day = dt.timedelta(days=1)
    head, tail = since.replace(day=1), _month_end(until)
    if (since.year, since.month) == (until.year, until.month):
        outside = tuple(r for r in ((head, since - day), (until + day, tail)) if r[0] <= r[1])
        if _days_held(since, until, today) <= sum(_days_held(*r, today) for r in outside):
            return _Plan(None, ((since, until),), ())
        return _Plan((head, tail), (), outside)
    first, last = head, tail
    plus: list[tuple[dt.date, dt.date]] = []
    minus: list[tuple[dt.date, dt.date]] = []
    if since > head:  # the first month: its days in the period, or the month less those before
        inside = (since, _month_end(since))
        if _days_held(*inside, today) <= _days_held(head, since - day, today):
            plus.append(inside)
            first = inside[1] + day
        else:
            minus.append((head, since - day))
    if until < tail:  # the last month: the same
        inside = (until.replace(day=1), until)
        if _days_held(*inside, today) <= _days_held(until + day, tail, today):
            plus.append(inside)
            last = inside[0] - day
        else:
            minus.append((until + day, tail))
    return _Plan((first, last) if first <= last else None, tuple(plus), tuple(minus))


def _counter_scope(prefixes: tuple[str, ...]) -> Q:
    """The counter rows of the scope's own nodes: a province's as (root, depth 1), which
    stats_counter_level_cover answers alone; a body's by its node path."""
    where = Q()
    for prefix in prefixes:
        where |= Q(root=prefix, depth=1) if len(prefix) == SEGMENT else Q(node_path=prefix)
    return where


def _counter_rows(prefixes: tuple[str, ...], first: dt.date, last: dt.date) -> list[tuple[str, str, int]]:
    """(metric, field, sum) over the months of the scope's counters. A province's own rows are
    read as (root, depth 1), which stats_counter_level_cover answers alone, already in (field,
    metric) order; the rows come back through the cursor (a few thousand: no model converters)."""
    from django.db import connections
    from django.db.models import Sum

    from dvk.citizens import monitor
    from dvk.stats.models import Counter

    if not prefixes:
        return []
    qs = (
        Counter.objects.filter(
            _counter_scope(prefixes), domain=monitor.DOMAIN, bucket__gte=first, bucket__lte=last
        )
        .values_list("metric", "field")
        .annotate(s=Sum("n"))
        .values_list("metric", "field", "s")
        .order_by()
    )
    sql, params = qs.query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _from_counters(tally: _Tally, prefixes: tuple[str, ...], first: dt.date, last: dt.date) -> None:
    """The whole months from the counts kept on write (dvk.citizens.monitor): a few rows per
    metric and body, summed in the database. One query."""
    from dvk.citizens import monitor
    from dvk.stats.counters import ALL

    final = {f"state:{s}" for s in FINAL_STAGES}
    t = tally.totals
    for metric, field, n in _counter_rows(prefixes, first, last):
        n = int(n or 0)
        if field != ALL:
            if field and metric in monitor.BODY_METRICS:
                tally.body(field)[metric] += n
            continue
        kind, _sep, rest = metric.partition(":")
        if metric in final:
            t["finished"] += n
        elif kind == "kind":
            tally.kinds[rest] = tally.kinds.get(rest, 0) + n
        elif kind == "f":
            key = int(rest) if rest.isdigit() else None
            tally.fields[key] = tally.fields.get(key, 0) + n
        elif metric in ("n", "open", "crowd", "prolonged", "complex"):
            t[metric] += n
        elif metric == "late":
            t["late_finished"] += n


def _from_index(tally: _Tally, received: QuerySet[Case], sign: int = 1) -> None:
    """A partial month from the monitoring index alone: one grouped pass per body id (an index
    column; its path is not) and field, added (`sign` 1) or taken off a counted month (-1)."""
    counts = {
        "n": Count("id"),
        "open": Count("id", filter=Q(stage__in=OPEN_STAGES)),
        "finished": Count("id", filter=Q(stage__in=FINAL_STAGES)),
        "late_finished": Count("id", filter=Q(stage__in=FINAL_STAGES, finished_late=True)),
        "crowd": Count("id", filter=Q(crowd=True)),
        "prolonged": Count("id", filter=Q(prolonged=True)),
        "complex": Count("id", filter=Q(complex=True)),
    }
    per_kind = {f"kind_{i}": Count("id", filter=Q(kind=k)) for i, k in enumerate(CASE_KINDS)}
    rows = received.order_by().values_list("organisation_id", "field_id").annotate(**counts, **per_kind)
    for body_id, field_id, *values in rows:
        named = {c: sign * n for c, n in zip(COUNTS, values, strict=False)}
        for c, n in named.items():
            tally.totals[c] += n
        for k, n in zip(CASE_KINDS, values[len(COUNTS) :], strict=True):
            if n:
                tally.kinds[k] = tally.kinds.get(k, 0) + sign * n
        tally.fields[field_id] = tally.fields.get(field_id, 0) + named["n"]
        body = tally.by_id.setdefault(body_id, dict.fromkeys(BODY_SHOWN, 0))
        for c in ("n", "open", "crowd", "prolonged"):
            body[c] += named[c]


def _named_bodies(tally: _Tally) -> dict[str, tuple[int, str]]:
    """Path -> (id, name) of the bodies counted (one query); the index's rows, by body id, are
    added to the counters', by path (a case's path is its body's, which never moves)."""
    rows = Organisation.objects.filter(Q(path__in=list(tally.bodies)) | Q(pk__in=list(tally.by_id)))
    orgs: dict[str, tuple[int, str]] = {}
    for path, pk, name in rows.values_list("path", "pk", "name"):
        orgs[path] = (pk, name)
        counted = tally.by_id.pop(pk, None)
        if counted:
            body = tally.body(path)
            for c, n in counted.items():
                body[c] += n
    return orgs


def _by_body(
    tally: _Tally, orgs: dict[str, tuple[int, str]], overdue: dict[str, int], limit: int = 50
) -> list[dict[str, Any]]:
    """The `limit` bodies that received most, with their names and overdue cases."""
    bodies = {p: b for p, b in tally.bodies.items() if b["n"]}
    rows: list[dict[str, Any]] = [
        {
            "organisation_id": orgs[p][0],
            "organisation__name": orgs[p][1],
            **{c: b[c] for c in BODY_SHOWN},
            "overdue": overdue.get(p, 0),
        }
        for p, b in bodies.items()
        if p in orgs
    ]
    return sorted(rows, key=lambda r: (-r["n"], r["organisation__name"], r["organisation_id"]))[:limit]


def _by_field(per_field: dict[int | None, int], limit: int = 20) -> list[dict[str, Any]]:
    """Cases per field, most first; None for the unclassified (one query for the names)."""
    names = dict(Field.objects.filter(pk__in=[f for f in per_field if f]).values_list("pk", "name"))
    rows: list[dict[str, Any]] = [
        {"field__name": names.get(f) if f else None, "n": n} for f, n in per_field.items() if n
    ]
    return sorted(rows, key=lambda r: (-r["n"], r["field__name"] or ""))[:limit]


class _NoSeek(Func):
    """The column as it is; on SQLite written `+column`, which its planner seeks no index on."""

    arity = 1
    template = "%(expressions)s"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)


def _in_period(monitored: QuerySet[Case], since: dt.date, until: dt.date) -> QuerySet[Case]:
    """The monitored cases received in [since, until], the days written so that SQLite seeks no
    index on them: for the reads that walk a partial index carrying `received_on` (its planner
    would rather range over the period in cit_case_monitor, which does not weigh a LIMIT nor the
    table rows it then reads). The same rows; on PostgreSQL the plain column."""
    day = _NoSeek(F("received_on"), output_field=DateField())
    return monitored.alias(received_day=day).filter(received_day__gte=since, received_day__lte=until)


def open_literal() -> Any:
    """`stage IN ('accepted', …)`, the open stages as literals in the order of the condition of
    cit_case_open_due (models.OPEN_IN_ORDER): SQLite takes a partial index only for a query that
    writes its condition the same way, and parameters never match it."""
    from django.db.models import BooleanField
    from django.db.models.expressions import RawSQL

    from dvk.citizens.models import OPEN_IN_ORDER

    values = ", ".join(f"'{s}'" for s in OPEN_IN_ORDER)  # the workflow's stage codes (a test checks them)
    sql = f'"citizens_case"."stage" IN ({values})'
    return RawSQL(sql, (), output_field=BooleanField())  # noqa: S611 (constants of the code, no input)


def in_time(in_period: QuerySet[Case], today: dt.date) -> QuerySet[Any, tuple[str, int]]:
    """(body path, n) of the open cases of the period still in time today: those with a deadline
    from today on, then those with none (two ranges of cit_case_open_due; their OR reads it all)."""
    open_cases = in_period.filter(open_literal()).order_by()
    later, no_deadline = (
        qs.values_list("org_path").annotate(n=Count("id"))
        for qs in (open_cases.filter(due_on__gte=today), open_cases.filter(due_on__isnull=True))
    )
    return later.union(no_deadline, all=True)


def open_now(prefixes: tuple[str, ...], today: dt.date) -> dict[str, int]:
    """The open cases under the prefixes (as dvk.stats.counters.prefixes_for gives them) whatever
    month they came in: "open", "crowd" and "prolonged" (open and đông người / kéo dài) from the
    counts kept on write (all months of the scope's own counter rows), "overdue" as the open cases
    less those still in time (two short ranges of cit_case_open_due). Three queries, whatever the
    number of cases; exact (the home widget and the dashboards' "overdue now")."""
    from django.db.models import Sum

    from dvk.citizens import monitor
    from dvk.stats.counters import ALL, path_q
    from dvk.stats.models import Counter

    out = {"open": 0, "crowd": 0, "prolonged": 0, "overdue": 0}
    if not prefixes:
        return out
    names = {"open": "open", "open_crowd": "crowd", "open_prolonged": "prolonged"}
    rows = (
        Counter.objects.filter(_counter_scope(prefixes), domain=monitor.DOMAIN, metric__in=names, field=ALL)
        .values_list("metric")
        .annotate(s=Sum("n"))
        .order_by()
    )
    for metric, n in rows:
        out[names[metric]] = int(n or 0)
    open_cases = Case.objects.filter(path_q(prefixes)).filter(open_literal()).order_by()
    in_time = open_cases.filter(due_on__gte=today).count() + open_cases.filter(due_on__isnull=True).count()
    out["overdue"] = max(0, out["open"] - in_time)
    return out


def _overdue(tally: _Tally, in_period: QuerySet[Case], today: dt.date) -> dict[str, int]:
    """Open and past the deadline today, per body path: a state that changes with the date, so not
    a count kept on write. It is the open cases (counted) less those still in time (no deadline,
    or one from today on), read from the partial index cit_case_open_due: the open cases in
    time are a few weeks of intake, however many overdue ones the years have left."""
    not_due: dict[str, int] = {}
    for path, n in in_time(in_period, today):
        not_due[path] = not_due.get(path, 0) + n
    out = {path: body["open"] - not_due.get(path, 0) for path, body in tally.bodies.items()}
    tally.totals["overdue"] = tally.totals["open"] - sum(not_due.values())
    return out


def _prolonged(in_period: QuerySet[Case], limit: int = 20) -> list[Case]:
    """The first kéo dài cases of the period in deadline order. The ids come from the partial
    index cit_case_prolonged_period alone, walked in deadline order until `limit` rows of the
    period (the period's days are its last column); only those rows are read."""
    ids = in_period.filter(prolonged=True).order_by("due_on", "id").values("pk")[:limit]
    return list(
        Case.objects.filter(pk__in=ids).select_related("letter", "organisation").order_by("due_on", "id")
    )


def monitoring(user: Any, *, since: dt.date, until: dt.date, today: dt.date | None = None) -> dict[str, Any]:
    """The Ban's figures across the bodies in scope for letters received in [since, until]: the
    months from the counts kept on write, the days of a month at either end from the monitoring
    index (added, or taken off a counted month, whichever reads fewer), "overdue" from the open
    cases still in time. The queries do not depend on the cases."""
    from dvk.stats.counters import prefixes_for

    today = today or timezone.localdate()
    monitored = _monitored(user)
    tally = _Tally.empty()
    plan = _plan(since, until, today)
    if plan.months is not None:
        _from_counters(tally, prefixes_for(user), *plan.months)
    for sign, ranges in ((1, plan.plus), (-1, plan.minus)):
        for first, last in ranges:
            _from_index(tally, monitored.filter(received_on__gte=first, received_on__lte=last), sign)
    orgs = _named_bodies(tally)
    in_period = _in_period(monitored, since, until)
    overdue = _overdue(tally, in_period, today)
    totals = dict(tally.totals)
    totals["total"] = totals.pop("n")
    totals["on_time"] = max(0, totals["finished"] - totals["late_finished"])
    crowd_visits = (
        Visit.objects.visible_to(user)
        .filter(crowd=True, session__held_on__gte=since, session__held_on__lte=until)
        .select_related("session", "organisation")
        .order_by("-session__held_on", "-id")[:20]
    )
    return {
        "totals": totals,
        "by_kind": [{"kind": str(k), "n": n} for k, n in sorted(tally.kinds.items()) if n],
        "by_field": _by_field(tally.fields),
        "by_body": _by_body(tally, orgs, overdue),
        "crowd_visits": list(crowd_visits),
        "prolonged": _prolonged(in_period),
    }


# --- public lookup ---------------------------------------------------------------------------------


@dataclass
class PublicStatus:
    receipt_number: str
    received_on: dt.date
    kind_label: str
    stage_label: str
    body: str
    answer: str
    answered_at: dt.datetime | None


def public_status(code: str, phone: str) -> PublicStatus | None:
    """What the citizen may see of a letter with its lookup code and phone: the stage, the body
    handling it now (after forwarding) and the published answer. Nothing else."""
    from dvk.citizens.services import phone_index

    code = (code or "").strip().upper()[:16]
    index = phone_index(phone)
    if not code or not index:
        return None
    letter = Letter.objects.filter(lookup_code=code, phone_index=index).select_related("organisation").first()
    if letter is None:
        return None
    case = letter.cases.select_related("organisation").order_by("id").first()
    # Follow the forwarding chain to the body handling it now (a few hops at most).
    hops = 0
    while case is not None and case.stage in (Stage.FORWARDED, Stage.APPEALED) and hops < 5:
        nxt = Case.objects.filter(forwarded_from=case).select_related("organisation").order_by("id").first()
        if nxt is None:
            break
        case, hops = nxt, hops + 1
    if case is None:
        return None
    return PublicStatus(
        receipt_number=letter.receipt_number,
        received_on=letter.received_on,
        kind_label=str(letter.get_kind_display()),
        stage_label=str(case.get_stage_display()),
        body=case.organisation.name,
        answer=case.published_answer,
        answered_at=case.published_at,
    )
