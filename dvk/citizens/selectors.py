"""Reads of citizen reception and cases for pages, the API, exports and the public lookup.

Every staff read starts from `visible_to(user)` (the body's scope, plus the forwarding body that
follows a linked case); rows come with `select_related`, so a page costs the same number of
queries for one row as for fifty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import add
from typing import Any

from django.db.models import Count, Q, QuerySet
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


COUNTS = ("n", "open", "overdue", "finished", "late_finished", "crowd", "prolonged", "complex")


def _groups(received: QuerySet[Case], today: dt.date) -> list[tuple[Any, ...]]:
    """One row per handling body and field: (organisation_id, field_id, *COUNTS, *cases of each
    kind of CASE_KINDS), in one pass over the monitoring index. The rows are at most bodies ×
    fields (a few thousand in a province) whatever the number of cases; the totals and the three
    breakdowns are sums of these rows."""
    counts = {
        "n": Count("id"),
        "open": Count("id", filter=Q(stage__in=OPEN_STAGES)),
        "overdue": Count("id", filter=Q(stage__in=OPEN_STAGES, due_on__lt=today)),
        "finished": Count("id", filter=Q(stage__in=FINAL_STAGES)),
        "late_finished": Count("id", filter=Q(stage__in=FINAL_STAGES, finished_late=True)),
        "crowd": Count("id", filter=Q(crowd=True)),
        "prolonged": Count("id", filter=Q(prolonged=True)),
        "complex": Count("id", filter=Q(complex=True)),
    }
    per_kind = {f"kind_{i}": Count("id", filter=Q(kind=k)) for i, k in enumerate(CASE_KINDS)}
    return list(received.order_by().values_list("organisation_id", "field_id").annotate(**counts, **per_kind))


def _sums(rows: list[tuple[Any, ...]], key: int) -> dict[Any, list[int]]:
    """The rows' counts summed per column `key` (0: body, 1: field)."""
    out: dict[Any, list[int]] = {}
    for r in rows:
        acc = out.get(r[key])
        out[r[key]] = list(r[2:]) if acc is None else list(map(add, acc, r[2:]))
    return out


def _by_body(per_body: dict[int, list[int]], limit: int = 50) -> list[dict[str, Any]]:
    """The `limit` bodies that received most, with their names (one query)."""
    shown = ("n", "open", "overdue", "crowd", "prolonged")
    top = sorted(per_body.items(), key=lambda kv: -kv[1][0])[:limit]
    names = dict(Organisation.objects.filter(pk__in=[k for k, _v in top]).values_list("pk", "name"))
    out = []
    for pk, values in top:
        counts = dict(zip(COUNTS, values, strict=False))
        out.append(
            {"organisation_id": pk, "organisation__name": names.get(pk, ""), **{c: counts[c] for c in shown}}
        )
    return sorted(out, key=lambda r: (-r["n"], r["organisation__name"]))


def _by_field(per_field: dict[int | None, list[int]], limit: int = 20) -> list[dict[str, Any]]:
    """Cases per field, most first; None for the unclassified (one query for the names)."""
    names = dict(Field.objects.filter(pk__in=[f for f in per_field if f]).values_list("pk", "name"))
    rows: list[dict[str, Any]] = [
        {"field__name": names.get(f) if f else None, "n": v[0]} for f, v in per_field.items()
    ]
    return sorted(rows, key=lambda r: (-r["n"], r["field__name"] or ""))[:limit]


def _prolonged(received: QuerySet[Case], limit: int = 20) -> list[Case]:
    """The first kéo dài cases of the period in deadline order. The ids come from an index alone
    (the period's range and the flag are index columns); only those rows are read."""
    ids = received.filter(prolonged=True).order_by("due_on", "id").values("pk")[:limit]
    return list(
        Case.objects.filter(pk__in=ids).select_related("letter", "organisation").order_by("due_on", "id")
    )


def monitoring(user: Any, *, since: dt.date, until: dt.date, today: dt.date | None = None) -> dict[str, Any]:
    """The Ban's figures across the bodies in scope for letters received in [since, until]."""
    today = today or timezone.localdate()
    received = _monitored(user).filter(received_on__gte=since, received_on__lte=until)
    rows = _groups(received, today)
    width = len(COUNTS) + len(CASE_KINDS)
    sums = [sum(column) for column in zip(*(r[2:] for r in rows), strict=True)] if rows else [0] * width
    totals = dict(zip(COUNTS, sums, strict=False))
    totals["total"] = totals.pop("n")
    totals["on_time"] = max(0, totals["finished"] - totals["late_finished"])
    kinds = dict(zip(CASE_KINDS, sums[len(COUNTS) :], strict=True))
    crowd_visits = (
        Visit.objects.visible_to(user)
        .filter(crowd=True, session__held_on__gte=since, session__held_on__lte=until)
        .select_related("session", "organisation")
        .order_by("-session__held_on", "-id")[:20]
    )
    return {
        "totals": totals,
        "by_kind": [{"kind": str(k), "n": n} for k, n in sorted(kinds.items()) if n],
        "by_field": _by_field(_sums(rows, 1)),
        "by_body": _by_body(_sums(rows, 0)),
        "crowd_visits": list(crowd_visits),
        "prolonged": _prolonged(received),
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
