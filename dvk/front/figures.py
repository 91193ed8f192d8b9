"""The Front's figures for a period (dvk.core.figures contract): supervisions closed,
recommendations made and answered, social critiques sent and answered.

Counted on write in dvk.stats: each new Recommendation adds one to "recommendation:made" in the
month it was made, each workflow event one to "<record>:<stage>" in the month it happened.
Overdue recommendations are a state, read from the (org_path, stage, due_on) index."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import CharField, F, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.core.figures import Figure, Period, Section, Table
from dvk.front.models import Recommendation
from dvk.front.workflow import CritiqueStage, RecommendationStage, SupervisionStage
from dvk.stats import counters
from dvk.stats.counters import Track

DOMAIN = "front"


def _made_on(rec: Any) -> dt.date | None:
    return timezone.localdate(rec.created_at) if rec.created_at else timezone.localdate()


COUNTERS = (
    Track(
        DOMAIN,
        "front.Recommendation",
        metric=lambda rec: "recommendation:made",
        day=_made_on,
        metric_sql=Value("recommendation:made", output_field=CharField()),
        day_sql=F("created_at"),
    ),
    Track(
        DOMAIN,
        "front.RecommendationEvent",
        subject="recommendation",
        metric=lambda e: f"recommendation:{e.to_stage}",
        metric_sql=Concat(Value("recommendation:"), F("to_stage"), output_field=CharField()),
    ),
    Track(
        DOMAIN,
        "front.SupervisionEvent",
        subject="supervision",
        metric=lambda e: f"supervision:{e.to_stage}",
        metric_sql=Concat(Value("supervision:"), F("to_stage"), output_field=CharField()),
    ),
    Track(
        DOMAIN,
        "front.CritiqueEvent",
        subject="critique",
        metric=lambda e: f"critique:{e.to_stage}",
        metric_sql=Concat(Value("critique:"), F("to_stage"), output_field=CharField()),
    ),
)
OPEN = (RecommendationStage.OPEN, RecommendationStage.ESCALATED)


def _url(name: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse(f"front:{name}") + (f"?{query}" if query else "")


def section(
    user: Any, period: Period, unit: int | None = None, field: str | None = None, today: dt.date | None = None
) -> Section:
    today = today or timezone.localdate()
    prefixes = counters.scope_prefixes(user, unit)
    totals = counters.totals(DOMAIN, prefixes, period.start, period.end)
    overdue_qs = Recommendation.objects.filter(counters.path_q(prefixes), stage__in=OPEN, due_on__lt=today)
    overdue = overdue_qs.order_by().count()  # exact: a report copies it (a few thousand a province at most)
    recs = _url("recommendation_list")
    rows = [
        (
            "supervisions_closed",
            _("Supervisions closed"),
            totals.get(f"supervision:{SupervisionStage.CLOSED}", 0),
            _url("supervision_list"),
        ),
        ("recommendations_made", _("Recommendations made"), totals.get("recommendation:made", 0), recs),
        (
            "recommendations_answered",
            _("Recommendations answered"),
            totals.get(f"recommendation:{RecommendationStage.ANSWERED}", 0),
            recs,
        ),
        (
            "recommendations_escalated",
            _("Recommendations escalated"),
            totals.get(f"recommendation:{RecommendationStage.ESCALATED}", 0),
            recs,
        ),
        (
            "critiques_sent",
            _("Social critiques sent"),
            totals.get(f"critique:{CritiqueStage.SENT}", 0),
            _url("critique_list"),
        ),
        (
            "critiques_answered",
            _("Social critiques answered"),
            totals.get(f"critique:{CritiqueStage.EXPLAINED}", 0),
            _url("critique_list"),
        ),
    ]
    figures = [Figure(key, label, value, drill_url=url) for key, label, value, url in rows]
    figures.append(
        Figure(
            "recommendations_overdue",
            _("Recommendations overdue now"),
            overdue,
            drill_url=_url("recommendation_list", open=1),
        )
    )
    table = Table(
        "front_flow",
        _("Supervision and social critique in the period"),
        [_("Step"), _("Number")],
        [[label, value] for _k, label, value, _u in rows],
        chart="bar",
        drill_urls=[url for *_r, url in rows],
    )
    return Section(
        DOMAIN, _("Fatherland Front supervision and critique"), figures=figures, tables=[table], order=60
    )
