"""Reads for the voters pages and API: scoped (visible_to), with their relations loaded so the
number of queries does not grow with the rows shown."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from dvk.core.search import search
from dvk.core.text import search_terms
from dvk.voters.models import CarryOver, Forward, Level, Meeting, Petition, PetitionField, Session, Term
from dvk.voters.similarity import Suggestion, suggest
from dvk.voters.workflow import ForwardStage, Outcome, PetitionStage


def sessions(*, user: Any) -> QuerySet[Session]:
    return Session.objects.visible_to(user).select_related("term", "organisation")


def terms(*, user: Any) -> QuerySet[Term]:
    return Term.objects.visible_to(user).select_related("organisation", "delegation")


def meetings(*, user: Any, session: Session | None = None) -> QuerySet[Meeting]:
    qs = (
        Meeting.objects.visible_to(user)
        .select_related("session", "front")
        .annotate(n_petitions=Count("petitions"))
    )
    if session is not None:
        qs = qs.filter(session=session)
    return qs.order_by("-held_on", "-id")


@dataclass
class PetitionFilters:
    session: int | None = None
    stage: str = ""
    field: str = ""
    level: str = ""
    body: int | None = None
    kind: str = ""
    overdue: bool = False
    carried: bool = False
    q: str = ""
    # the dashboard's drill-down (dvk.voters.figures): the petitions of a body's subtree (with the
    # bodies merged into it) that were recorded at a meeting held in the period (`step`
    # "recorded") or reached a stage for the first time in it (`step` a stage), days inclusive
    under: int | None = None
    step: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


STEPS = ("recorded", PetitionStage.FORWARDED, PetitionStage.ANSWERED, PetitionStage.CLOSED)


def _drill(qs: QuerySet[Petition], f: PetitionFilters) -> QuerySet[Petition]:
    from django.db.models import Exists, OuterRef

    from dvk.stats import drill
    from dvk.voters.models import PetitionEvent

    if f.under:
        qs = qs.filter(drill.under_q(f.under))
    if f.step == "recorded":
        qs = qs.filter(drill.day_q("meeting__held_on", f.start, f.end))
    elif f.step:
        # the petitions that reached the stage for the first time in the period (as counted)
        events = PetitionEvent.objects.filter(petition=OuterRef("pk"), to_stage=f.step)
        qs = qs.filter(Exists(events.filter(drill.moment_q("at", f.start, f.end))))
        if f.start:
            qs = qs.exclude(Exists(events.filter(drill.moment_q("at", None, f.start - dt.timedelta(days=1)))))
    return qs


def petition_list(
    *, user: Any, filters: PetitionFilters | None = None, today: dt.date | None = None
) -> QuerySet[Petition]:
    f = filters or PetitionFilters()
    today = today or timezone.localdate()
    qs = Petition.objects.visible_to(user)
    if f.session:
        qs = qs.filter(Q(due_session_id=f.session) | Q(session_id=f.session))
    if f.stage:
        qs = qs.filter(stage=f.stage) if f.stage in PetitionStage.values else qs.filter(outcome=f.stage)
    if f.field:
        qs = qs.filter(field=f.field)
    if f.level:
        qs = qs.filter(level=f.level)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.carried:
        qs = qs.filter(carried_over__gt=0)
    if f.body:
        qs = qs.filter(pk__in=Forward.objects.filter(organisation_id=f.body).values("petition_id"))
    if f.overdue:
        qs = qs.filter(pk__in=Forward.objects.overdue(today).values("petition_id"))
    qs = _drill(qs, f)
    qs = search(qs, f.q)
    # Only the relation the worklist, its export and the API read (the session's title).
    return qs.select_related("due_session").order_by("-id")


def with_labels(petitions: list[Petition]) -> list[Petition]:
    """Set `p.labels` (stage, outcome, kind, field, level → display text) from choice tables
    translated once per call: `get_FOO_display()` per row and column costs more than the page's SQL."""
    choices = {
        "stage": PetitionStage.choices,
        "outcome": Outcome.choices,
        "kind": Petition.Kind.choices,
        "field": PetitionField.choices,
        "level": Level.choices,
    }
    tables = {name: {str(k): str(v) for k, v in pairs} for name, pairs in choices.items()}
    forward_stages = {str(k): str(v) for k, v in ForwardStage.choices}
    for p in petitions:
        p.labels = {name: table.get(getattr(p, name), "") for name, table in tables.items()}  # type: ignore[attr-defined]
        for f in getattr(p, "forward_list", ()):
            f.stage_label = forward_stages.get(f.stage, "")
    return petitions


def with_forwards(petitions: list[Petition]) -> list[Petition]:
    """Attach each petition's forwards (with bodies) in one query: `p.forward_list`."""
    by_petition: dict[int, list[Forward]] = defaultdict(list)
    for f in Forward.objects.filter(petition_id__in=[p.pk for p in petitions]).select_related("organisation"):
        by_petition[f.petition_id].append(f)
    for p in petitions:
        p.forward_list = by_petition.get(p.pk, [])  # type: ignore[attr-defined]
    return petitions


@dataclass
class ForwardFilters:
    stage: str = ""
    overdue: bool = False
    session: int | None = None
    q: str = ""


def forwarded_to(
    *, user: Any, filters: ForwardFilters | None = None, today: dt.date | None = None
) -> QuerySet[Forward]:
    """What was forwarded to the user's bodies (its own scope, not the HĐND's view of it)."""
    from dvk.organisations.scoping import scope_for

    f = filters or ForwardFilters()
    today = today or timezone.localdate()
    scope = scope_for(user)
    qs = (
        Forward.objects.filter(scope.q("org_path", "org_root"))
        if not scope.everything
        else Forward.objects.all()
    )
    if f.stage in ForwardStage.values:
        qs = qs.filter(stage=f.stage)
    if f.overdue:
        qs = qs.filter(stage=ForwardStage.SENT, due_on__lt=today)
    if f.session:
        qs = qs.filter(petition__due_session_id=f.session)
    if f.q:
        qs = qs.filter(*[Q(petition__search_text__contains=term) for term in search_terms(f.q)])
    return qs.select_related("petition", "petition__due_session", "organisation").order_by(
        "stage", "due_on", "id"
    )


def petition_detail(*, user: Any, pk: int) -> Petition | None:
    return (
        Petition.objects.visible_to(user)
        .select_related(
            "meeting", "meeting__front", "session", "due_session", "organisation", "repeat_of", "term"
        )
        .filter(pk=pk)
        .first()
    )


def repeat_suggestions(
    *, user: Any, session: Session, limit: int = 100
) -> list[tuple[Suggestion, Petition, Petition]]:
    """Likely repeats among the petitions followed at `session` (not yet grouped or forwarded)."""
    rows = list(
        Petition.objects.visible_to(user)
        .filter(due_session=session, stage__in=(PetitionStage.RECORDED, PetitionStage.CLASSIFIED))
        .select_related("meeting")
        .order_by("id")[:3000]
    )
    by_id = {p.pk: p for p in rows}
    found = suggest([(p.pk, p.text) for p in rows], limit=limit)
    return [(s, by_id[s.first], by_id[s.second]) for s in found]


# --- The per-session report -----------------------------------------------------------------


STATUS_ORDER = (
    "recorded",
    "classified",
    "forwarded",
    Outcome.RESOLVED,
    Outcome.ROADMAP,
    Outcome.CANNOT,
    Outcome.EXPLAINED,
    "repeat",
)


def status_of(stage: str, outcome: str) -> str:
    """One status per petition for the report: its stage until answered, then the result."""
    if stage in (PetitionStage.ANSWERED, PetitionStage.CLOSED):
        return outcome or Outcome.RESOLVED
    return stage


@dataclass
class BodyRow:
    organisation_id: int
    name: str
    forwarded: int = 0
    answered: int = 0
    on_time: int = 0
    late: int = 0  # answered after the due date
    overdue: int = 0  # still open past the due date

    @property
    def on_time_rate(self) -> float | None:
        counted = self.answered + self.overdue
        return round(100 * self.on_time / counted, 1) if counted else None


@dataclass
class SessionReport:
    session: Session
    total: int = 0
    petitions: int = 0
    opinions: int = 0
    raised_here: int = 0
    carried_in: int = 0
    carried_out: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_field: dict[str, int] = field(default_factory=dict)
    by_level: dict[str, int] = field(default_factory=dict)
    bodies: list[BodyRow] = field(default_factory=list)
    forwarded: int = 0
    answered: int = 0
    on_time: int = 0
    overdue: int = 0
    satisfied: int = 0
    unsatisfied: int = 0
    meetings: int = 0
    voters_present: int = 0

    @property
    def on_time_rate(self) -> float | None:
        counted = self.answered + self.overdue
        return round(100 * self.on_time / counted, 1) if counted else None


def report_petitions(session: Session) -> QuerySet[Petition]:
    """The petitions a session reports on: raised for it, or carried into it from earlier sessions."""
    carried_in = CarryOver.objects.filter(to_session=session).values("petition_id")
    return Petition.objects.filter(Q(session=session) | Q(pk__in=carried_in))


def session_report(session: Session, today: dt.date | None = None) -> SessionReport:
    """Counts for one session in a fixed number of queries (grouped in the database)."""
    today = today or timezone.localdate()
    rep = SessionReport(session=session)
    base = report_petitions(session)
    statuses: Counter[str] = Counter()
    by_field: Counter[str] = Counter()
    by_level: Counter[str] = Counter()
    # One grouped scan of the session's petitions gives every count by status, kind, satisfaction,
    # field and level (three scans before; the groups are bounded by the choice tables, not the rows).
    grouped_petitions = base.values(
        "stage", "outcome", "kind", "satisfaction", "session_id", "field", "level"
    ).annotate(n=Count("id"))
    for row in grouped_petitions.order_by():
        n = row["n"]
        if row["field"]:
            by_field[row["field"]] += n
        if row["level"]:
            by_level[row["level"]] += n
        rep.total += n
        statuses[status_of(row["stage"], row["outcome"])] += n
        if row["kind"] == Petition.Kind.OPINION:
            rep.opinions += n
        else:
            rep.petitions += n
        if row["satisfaction"] == Petition.Satisfaction.SATISFIED:
            rep.satisfied += n
        elif row["satisfaction"] == Petition.Satisfaction.UNSATISFIED:
            rep.unsatisfied += n
        if row["session_id"] == session.pk:
            rep.raised_here += n
    rep.by_status = {k: statuses.get(k, 0) for k in STATUS_ORDER}
    rep.by_field = dict(sorted(by_field.items()))
    rep.by_level = dict(sorted(by_level.items()))
    rep.carried_in = CarryOver.objects.filter(to_session=session).count()
    rep.carried_out = CarryOver.objects.filter(from_session=session).count()
    bodies: dict[int, BodyRow] = {}
    forwards = Forward.objects.filter(petition__in=base.values("pk"))
    grouped = forwards.values("organisation_id", "organisation__name").annotate(
        n=Count("id"),
        answered=Count("id", filter=Q(stage=ForwardStage.ANSWERED)),
        on_time=Count("id", filter=Q(stage=ForwardStage.ANSWERED, answered_on__lte=F("due_on"))),
        overdue=Count("id", filter=Q(stage=ForwardStage.SENT, due_on__lt=today)),
    )
    for row in grouped.order_by("organisation__name"):
        b = BodyRow(
            organisation_id=row["organisation_id"],
            name=row["organisation__name"],
            forwarded=row["n"],
            answered=row["answered"],
            on_time=row["on_time"],
            late=row["answered"] - row["on_time"],
            overdue=row["overdue"],
        )
        bodies[b.organisation_id] = b
        rep.forwarded += b.forwarded
        rep.answered += b.answered
        rep.on_time += b.on_time
        rep.overdue += b.overdue
    rep.bodies = list(bodies.values())
    agg = Meeting.objects.filter(session=session).aggregate(n=Count("id"), v=Sum("voters_present"))
    rep.meetings, rep.voters_present = agg["n"], agg["v"] or 0
    return rep


# --- Public answers ---------------------------------------------------------------------------


def published_sessions() -> QuerySet[Session]:
    return (
        Session.objects.filter(answers_published_at__isnull=False)
        .select_related("organisation")
        .order_by("-opens_on")
    )


def published_answers(*, session: Session, q: str = "") -> QuerySet[Petition]:
    """Answered petitions of a session whose answers were released (anonymous page)."""
    qs = report_petitions(session).filter(
        stage__in=(PetitionStage.ANSWERED, PetitionStage.CLOSED), kind=Petition.Kind.PETITION
    )
    return search(qs, q).order_by("id")
