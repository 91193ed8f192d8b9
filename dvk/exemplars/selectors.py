"""Scoped, prefetched reads of the exemplars domain: the list pages run a constant number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from dvk.core.search import search
from dvk.core.validation import parse_id
from dvk.core.verification import Verification
from dvk.exemplars.models import (
    Commendation,
    Council,
    CouncilMember,
    CriteriaSet,
    Decision,
    Exemplar,
    ExemplarEvent,
    FieldOfWork,
    Level,
    Nomination,
    Replication,
    ScoreSheet,
    council_ids_for,
)
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation
from dvk.stats import counters
from dvk.stats.drill import parse_day

LIST_RELATED = ("organisation", "field", "cycle")


@dataclass
class Filters:
    q: str = ""
    stage: str = ""
    kind: str = ""
    field: int | None = None
    organisation: int | None = None
    unit: int | None = None
    year: int | None = None
    level: str = ""
    cycle: int | None = None
    outstanding: bool | None = None
    under: int | None = None  # a body: its subtree and the bodies merged into it (the counters' scope)
    step: str = ""  # a workflow action (register, recognise, …): the models that took it (in the period)
    start: dt.date | None = None  # the period, dd/mm/yyyy in the URL (`from`, `to`), both inclusive
    end: dt.date | None = None

    @classmethod
    def from_query(cls, data: Any) -> Filters:
        def number(name: str) -> int | None:
            return parse_id(data.get(name) or "")

        outstanding = data.get("outstanding", "")
        return cls(
            q=data.get("q", "")[:200],
            stage=data.get("stage", ""),
            kind=data.get("kind", ""),
            field=number("field"),
            organisation=number("organisation"),
            unit=number("unit"),
            year=number("year"),
            level=data.get("level", ""),
            cycle=number("cycle"),
            outstanding=True if outstanding == "1" else None,
            under=number("under"),
            step=data.get("step", "") if data.get("step", "") in STEPS else "",
            start=parse_day(data.get("from", "")),
            end=parse_day(data.get("to", "")),
        )


# The workflow actions a list can be narrowed to ("reached this step in the period"): what the
# dashboard counts (dvk.exemplars.figures.FUNNEL and the by-field/by-unit tables).
STEPS = ("create", "register", "accept_registration", "nominate", "recognise", "decline")


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _period_filters(qs: QuerySet[Exemplar], f: Filters) -> QuerySet[Exemplar]:
    """The subtree of `under` (as the counters read it) and the period: the models that took `step`
    in it (its event's local date), else the models registered in the system in it."""
    if f.under:
        body = Organisation.objects.filter(pk=f.under).only("pk", "path").first()
        qs = qs.filter(counters.path_q(counters.subtree_prefixes(body) if body is not None else ()))
    when = Q()
    if f.start:
        when &= Q(at__gte=_day_start(f.start))
    if f.end:
        when &= Q(at__lt=_day_start(f.end + dt.timedelta(days=1)))
    if f.step:
        events = ExemplarEvent.objects.filter(when, exemplar=OuterRef("pk"), action=f.step)
        qs = qs.filter(Exists(events))
    elif f.start or f.end:
        created = Q()
        if f.start:
            created &= Q(created_at__gte=_day_start(f.start))
        if f.end:
            created &= Q(created_at__lt=_day_start(f.end + dt.timedelta(days=1)))
        qs = qs.filter(created)
    return qs


def apply_filters(qs: QuerySet[Exemplar], f: Filters) -> QuerySet[Exemplar]:
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.field:
        qs = qs.filter(Q(field_id=f.field) | Q(field__parent_id=f.field))
    if f.organisation:
        qs = qs.filter(organisation_id=f.organisation)
    if f.unit:
        qs = qs.filter(organisation__unit_id__in=unit_and_predecessors(f.unit))
    if f.year:
        qs = qs.filter(cycle__start_year__lte=f.year, cycle__end_year__gte=f.year)
    if f.level:
        qs = qs.filter(level=f.level)
    if f.cycle:
        qs = qs.filter(cycle_id=f.cycle)
    if f.outstanding:
        qs = qs.filter(outstanding=True)
    return search(_period_filters(qs, f), f.q)


def unit_and_predecessors(unit_id: int) -> set[int]:
    """A unit and the units whose records roll up into it (primary successions, followed back):
    the commune formed in 2025 lists the models of the communes merged into it, as the map counts."""
    from dvk.organisations.models import UnitSuccession

    found, frontier = {unit_id}, {unit_id}
    while frontier:
        frontier = (
            set(
                UnitSuccession.objects.filter(new_id__in=frontier, is_primary=True).values_list(
                    "old_id", flat=True
                )
            )
            - found
        )
        found |= frontier
    return found


def exemplar_list(*, user: Any, filters: Filters | None = None) -> QuerySet[Exemplar]:
    qs = Exemplar.objects.managed_by(user).select_related(*LIST_RELATED)
    return apply_filters(qs, filters or Filters())


def exemplar_detail_qs(user: Any) -> QuerySet[Exemplar]:
    return Exemplar.objects.visible_to(user).select_related(
        "organisation__unit",
        "field__parent",
        "cycle",
        "created_by",
        "current_nomination__council",
        "current_nomination__criteria_set",
    )


def public_list(*, filters: Filters | None = None) -> QuerySet[Exemplar]:
    f = filters or Filters()
    f.stage = ""
    qs = (
        Exemplar.objects.public().select_related(*LIST_RELATED).order_by("-outstanding", "-updated_at", "-id")
    )
    return apply_filters(qs, f)


def public_detail_qs() -> QuerySet[Exemplar]:
    return (
        Exemplar.objects.public()
        .select_related("organisation__unit", "field", "cycle")
        .prefetch_related(
            Prefetch("replications", queryset=Replication.objects.select_related("organisation__unit")),
            Prefetch("decisions", queryset=Decision.objects.select_related("issuing_body", "cycle")),
            Prefetch("commendations", queryset=Commendation.objects.all()),
        )
    )


def public_counts_by_unit(*, filters: Filters | None = None) -> tuple[dict[int, int], dict[int, int]]:
    """For the public map: recognised public models per administrative unit of their body, and
    replications of those models per unit of the adopting body (two grouped queries).

    The models are counted without reading their rows, from the small partial index of the
    recognised ones (`exemplar_showcase`: body, kind, consent and the filter columns); the
    replications (a few thousand a province) each look their model up by primary key (a correlated
    EXISTS: an IN over every public model's id first built the list of all of them)."""
    shown = public_list(filters=filters).order_by()
    models = dict(
        shown.values("organisation__unit_id")
        .annotate(n=Count("*"))  # not COUNT(id): PostgreSQL would read the heap for the id
        .values_list("organisation__unit_id", "n")
    )
    replications = dict(
        Replication.objects.filter(Exists(shown.filter(pk=OuterRef("exemplar_id")).values("pk")))
        .order_by()
        .values("organisation__unit_id")
        .annotate(n=Count("id"))
        .values_list("organisation__unit_id", "n")
    )
    return models, replications


def council_queue(*, user: Any) -> QuerySet[Exemplar]:
    """Nominations under review in the user's councils, with the user's own sheet (if any)."""
    councils = council_ids_for(user)
    return (
        Exemplar.objects.filter(stage=Stage.UNDER_REVIEW, current_nomination__council_id__in=councils)
        .select_related("organisation", "field", "cycle", "current_nomination__council")
        .prefetch_related(
            Prefetch(
                "current_nomination__score_sheets",
                queryset=ScoreSheet.objects.filter(member=user),
                to_attr="my_sheets",
            ),
            Prefetch("current_nomination__exclusions", to_attr="all_exclusions"),
        )
        .order_by("current_nomination__review_opened_at", "id")
    )


def exclusion_reason(*, user: Any, exemplar: Exemplar) -> str:
    """Why a member of the reviewing council may not score this nomination ("" when they may, or
    do not sit on its council): the exclusion decided when the review opened, or a membership of
    the nominating body found since."""
    from django.utils.translation import gettext as _

    from dvk.exemplars.services.councils import conflicting_membership

    nomination = exemplar.current_nomination
    if nomination is None or nomination.council_id not in council_ids_for(user):
        return ""
    exclusion = nomination.exclusions.filter(user=user).first()
    if exclusion is not None:
        return exclusion.reason
    conflict = conflicting_membership(user, exemplar, nomination.council)
    if conflict is not None:
        return _("Member of the nominating body: %(body)s") % {"body": conflict.name}
    return ""


def visible_sheets(*, user: Any, nomination: Nomination) -> list[ScoreSheet]:
    """A council member sees the other members' sheets only after submitting their own, or once
    the review is closed; the coordinating level sees them all."""
    sheets = list(
        nomination.score_sheets.select_related("member").prefetch_related("scores__criterion").order_by("id")
    )
    if nomination.closed_at is not None or user.has_perm("exemplars.manage_review", nomination.exemplar):
        return sheets
    if any(s.member_id == user.pk for s in sheets):
        return sheets
    return []


def criteria_sets() -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.prefetch_related("criteria")


def fields() -> QuerySet[FieldOfWork]:
    return (
        FieldOfWork.objects.filter(is_active=True)
        .select_related("parent")
        .order_by("parent_id", "order", "name")
    )


def councils(*, user: Any) -> QuerySet[Council]:
    """Councils of the bodies in the user's scope (the Ban: its province's; a commune Party
    committee: its commune's) and those the user sits on, with members, roles and declarations."""
    from dvk.organisations.scoping import scope_for

    return (
        Council.objects.filter(scope_for(user).q("organisation__path") | Q(pk__in=council_ids_for(user)))
        .select_related("organisation", "deciding_body", "cycle")
        .prefetch_related(
            Prefetch(
                "members",
                queryset=CouncilMember.objects.select_related("user").prefetch_related("declared_conflicts"),
            )
        )
        .annotate(
            under_review=Count(
                "nominations",
                filter=Q(nominations__closed_at__isnull=True, nominations__review_opened_at__isnull=False),
            )
        )
    )


FUNNEL_STEPS = ("registered", "in_progress", "nominated", "recognised", "outstanding", "commended")


@dataclass
class FunnelRow:
    label: str
    counts: dict[str, int] = field(default_factory=dict)


def funnel(
    *, user: Any, group: str = "field", filters: Filters | None = None
) -> tuple[dict[str, int], list[FunnelRow]]:
    """Counts reaching each step (registered → in progress → nominated → recognised → tiêu biểu →
    commended) overall and grouped by field, level, unit or year. A model counts at every step it
    has reached, so the bars form a funnel."""
    qs = apply_filters(Exemplar.objects.managed_by(user), filters or Filters())
    reached_progress = [
        Stage.IN_PROGRESS,
        Stage.NOMINATED,
        Stage.UNDER_REVIEW,
        Stage.RECOGNISED,
        Stage.NOT_RECOGNISED,
        Stage.SUSPENDED,
    ]
    reached_nominated = [
        Stage.NOMINATED,
        Stage.UNDER_REVIEW,
        Stage.RECOGNISED,
        Stage.NOT_RECOGNISED,
        Stage.SUSPENDED,
    ]
    group_field = {
        "field": "field__parent__name",
        "level": "level",
        "unit": "organisation__unit__name",
        "year": "cycle__name",
    }.get(group, "field__parent__name")
    rows = (
        qs.exclude(stage=Stage.DRAFT)
        .values(group_field, "field__name", "stage", "outstanding", "kind")
        .annotate(n=Count("id"))
    )
    totals: Counter[str] = Counter()
    grouped: dict[str, Counter[str]] = defaultdict(Counter)
    recognised_stages = {Stage.RECOGNISED, Stage.SUSPENDED}
    for row in rows:
        label = row[group_field] or row["field__name"] if group == "field" else row[group_field]
        if group == "level":
            label = dict(Level.choices).get(label, label)
        bucket = grouped[str(label or "—")]
        n = row["n"]
        steps = ["registered"]
        if row["stage"] in reached_progress:
            steps.append("in_progress")
        if row["stage"] in reached_nominated:
            steps.append("nominated")
        if row["stage"] in recognised_stages:
            steps.append("recognised")
            if row["outstanding"]:
                steps.append("outstanding")
        for step in steps:
            bucket[step] += n
            totals[step] += n
    commended = (
        qs.filter(commendations__isnull=False)
        .values(group_field, "field__name")
        .annotate(n=Count("id", distinct=True))
    )
    for row in commended:
        label = row[group_field] or row["field__name"] if group == "field" else row[group_field]
        if group == "level":
            label = dict(Level.choices).get(label, label)
        grouped[str(label or "—")]["commended"] += row["n"]
        totals["commended"] += row["n"]
    out = [
        FunnelRow(label=k, counts={s: v.get(s, 0) for s in FUNNEL_STEPS}) for k, v in sorted(grouped.items())
    ]
    return {s: totals.get(s, 0) for s in FUNNEL_STEPS}, out


# --- the figures every page shows (one definition each: dashboard, coordination page, queue) ---

STAGE_FIGURES = {
    "total": ~Q(stage=Stage.DRAFT),
    "registered": Q(stage=Stage.REGISTERED),
    "building": Q(stage=Stage.IN_PROGRESS),
    "waiting": Q(stage__in=[Stage.REGISTERED, Stage.NOMINATED]),
    "nominated": Q(stage=Stage.NOMINATED),
    "review": Q(stage=Stage.UNDER_REVIEW),
    "recognised": Q(stage=Stage.RECOGNISED),
    "outstanding": Q(stage=Stage.RECOGNISED, outstanding=True),
}


def stage_counts(*, user: Any) -> dict[str, int]:
    """How many models the user's lists hold in each current stage (drafts only in "drafts"):
    "Being built" is the models being built now, "Recognised" those recognised now — the same
    numbers on the dashboard and the coordination page, and the same as the list filtered on that
    stage. (The funnel page counts what reached each step, under its own labels.)
    The stages are read from the stock kept as counts in dvk.stats (`exemplars.figures`: a few
    counter rows for the scope whatever the number of models), "outstanding" from its partial
    index, and for a council member the nominations the council grant adds outside the scope
    (a council's open nominations) are counted from the rows: the same numbers as counting
    `visible_to(user)`, which the tests check."""
    from dvk.exemplars.figures import DOMAIN, STOCK, STOCK_MONTH
    from dvk.organisations.scoping import scope_for

    stock = counters.totals(
        DOMAIN,
        counters.prefixes_for(user),
        STOCK_MONTH,
        STOCK_MONTH,
        metrics=[STOCK + stage for stage in Stage.values],
    )
    by_stage: dict[str, int] = {stage: stock.get(STOCK + stage, 0) for stage in Stage.values}
    visible = Exemplar.objects.visible_to(user)
    outstanding = visible.filter(STAGE_FIGURES["outstanding"]).count()
    scope = scope_for(user)
    if council_ids_for(user) and not scope.everything:
        granted = visible.exclude(scope.q("org_path", "org_root"))
        for stage, n in granted.order_by().values_list("stage").annotate(n=Count("id")):
            by_stage[stage] = by_stage.get(stage, 0) + n
    return {
        "drafts": by_stage[Stage.DRAFT],
        "total": sum(n for stage, n in by_stage.items() if stage != Stage.DRAFT),
        "registered": by_stage[Stage.REGISTERED],
        "building": by_stage[Stage.IN_PROGRESS],
        "waiting": by_stage[Stage.REGISTERED] + by_stage[Stage.NOMINATED],
        "nominated": by_stage[Stage.NOMINATED],
        "review": by_stage[Stage.UNDER_REVIEW],
        "recognised": by_stage[Stage.RECOGNISED],
        "outstanding": outstanding,
    }


def commended_count(*, user: Any) -> int:
    return Exemplar.objects.visible_to(user).filter(commendations__isnull=False).distinct().count()


def to_score(*, user: Any) -> QuerySet[Exemplar]:
    """ "Nominations to score": under review in the user's councils, not yet scored by the user and
    not one the user is excluded from (the dashboard figure and the queue's "to score" rows)."""
    from dvk.exemplars.models import CouncilExclusion

    councils = council_ids_for(user)
    if not councils:
        return Exemplar.objects.none()
    return (
        Exemplar.objects.filter(stage=Stage.UNDER_REVIEW, current_nomination__council_id__in=councils)
        .exclude(current_nomination__score_sheets__member=user)
        .exclude(current_nomination__in=CouncilExclusion.objects.filter(user=user).values("nomination_id"))
    )


def replication_counts(*, user: Any) -> int:
    return Replication.objects.filter(exemplar__in=Exemplar.objects.managed_by(user)).count()


def registrations_to_review(*, user: Any) -> QuerySet[Exemplar]:
    return exemplar_list(user=user).filter(stage=Stage.REGISTERED).order_by("registered_on", "id")


def nominations_to_handle(*, user: Any) -> QuerySet[Exemplar]:
    return (
        exemplar_list(user=user)
        .filter(stage__in=[Stage.NOMINATED, Stage.UNDER_REVIEW])
        .select_related("current_nomination__council")
        .order_by("current_nomination__nominated_on", "id")
    )


def nomination_history(exemplar: Exemplar) -> QuerySet[Nomination]:
    return exemplar.nominations.select_related("cycle", "criteria_set", "council").prefetch_related(
        "exclusions__user"
    )


def verification(code: str) -> Verification | None:
    """What /xac-minh/<code>/ shows about a recognition decision (None: no decision has the code).
    An individual's name only with consent; the showcase link only while the model is public."""

    decision = (
        Decision.objects.select_related("exemplar__organisation", "exemplar__field", "issuing_body", "cycle")
        .filter(verification_code=(code or "").strip().upper()[:32])
        .first()
    )
    return decision_verification(decision) if decision is not None else None


def decision_verification(decision: Decision) -> Verification:
    """The public verification rows of one decision (the document register calls this through
    `Decision.public_verification()` for the register row's code)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from dvk.exemplars.models import Kind

    exemplar = decision.exemplar
    shown = exemplar.kind == Kind.COLLECTIVE or exemplar.consent_public
    subject = (
        exemplar.display_title
        if shown
        else f"{exemplar.get_kind_display()} ({_('name withheld without consent')})"
    )
    return Verification(
        code=decision.verification_code,
        rows=[
            (_("Decision"), f"{_('No.')} {decision.number}, {decision.signed_on:%d/%m/%Y}"),
            (_("Issued by"), decision.issuing_body.name),
            (_("Level"), f"{decision.get_level_display()} · {_('Cycle')} {decision.cycle.name}"),
            (_("Recognised"), subject),
            (_("Body"), exemplar.organisation.name),
            (_("Current status"), exemplar.get_stage_display()),
        ],
        link=reverse("public:showcase_detail", args=[exemplar.pk]) if exemplar.is_public else "",
        link_label=_("See the model in the showcase") if exemplar.is_public else "",
    )
