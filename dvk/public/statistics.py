"""Released statistics (/so-lieu/, no login): only figures of what the domains already publish —
recognised models shown in the showcase (individuals only with consent), the answers released
for voters' petitions, the published social critiques. Nothing under review, no drafts, no
citizens' cases. Cached for ten minutes (CACHE_SECONDS). Drawn like the staff dashboards: each chart from a JSON island above its table."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dvk.core.figures import Figure, Section, Table
from dvk.exemplars import selectors as exemplars
from dvk.exemplars.models import FieldOfWork, Level
from dvk.front import selectors as front
from dvk.front.workflow import CritiqueStage
from dvk.voters import selectors as voters
from dvk.voters.models import Petition
from dvk.voters.workflow import PetitionStage


def _showcase(**params: object) -> str:
    query = urlencode({k: v for k, v in params.items() if v})
    return reverse("public:showcase") + (f"?{query}" if query else "")


def exemplar_section() -> Section:
    # one grouped pass over the public models: total, by field, by level and outstanding together
    fields = {f.pk: f for f in FieldOfWork.objects.filter(parent__isnull=True).only("id", "name")}
    per_field: dict[int, int] = {}
    by_level: dict[str, int] = {}
    total = outstanding = 0
    grouped = (
        exemplars.public_list()
        .order_by()
        .values_list("field_id", "field__parent_id", "level", "outstanding")
        .annotate(n=Count("id"))
    )
    for own, parent, level, is_outstanding, n in grouped:
        total += n
        outstanding += n if is_outstanding else 0
        root = parent or own
        per_field[root] = per_field.get(root, 0) + n
        by_level[level] = by_level.get(level, 0) + n
    field_rows = sorted(
        ((fields[k].name, n, k) for k, n in per_field.items() if k in fields), key=lambda r: -r[1]
    )
    levels = dict(Level.choices)
    per_level = sorted(by_level.items())
    return Section(
        "exemplars",
        _("Recognised Dân vận khéo models"),
        figures=[
            Figure("recognised_public", _("Recognised models shown publicly"), total, drill_url=_showcase()),
            Figure(
                "outstanding_public", _("Outstanding models"), outstanding, drill_url=_showcase(outstanding=1)
            ),
        ],
        tables=[
            Table(
                "public_by_field",
                _("Recognised models by field"),
                [_("Field"), _("Models")],
                [[name, n] for name, n, _pk in field_rows],
                chart="bar",
                drill_urls=[_showcase(field=pk) for _n, _c, pk in field_rows],
            ),
            Table(
                "public_by_level",
                _("Recognised models by level"),
                [_("Level"), _("Models")],
                [[levels.get(code, code), n] for code, n in per_level],
                chart="doughnut",
                drill_urls=[_showcase(level=code) for code, _n in per_level],
            ),
        ],
    )


def voters_section() -> Section:
    sessions = list(voters.published_sessions()[:10])
    counts = {
        sid: (n, answered)
        for sid, n, answered in Petition.objects.filter(
            session__in=[s.pk for s in sessions], kind=Petition.Kind.PETITION
        )
        .values("session_id")
        .annotate(
            n=Count("id"),
            answered=Count("id", filter=Q(stage__in=(PetitionStage.ANSWERED, PetitionStage.CLOSED))),
        )
        .values_list("session_id", "n", "answered")
    }
    rows = [[str(s), *counts.get(s.pk, (0, 0))] for s in sessions]
    return Section(
        "voters",
        _("Answers to voters' petitions"),
        figures=[
            Figure(
                "sessions_published",
                _("Sessions with released answers"),
                len(sessions),
                drill_url=reverse("public:voter_sessions"),
            ),
            Figure("answers_published", _("Petitions answered"), sum(r[2] for r in rows)),
        ],
        tables=[
            Table(
                "answers_by_session",
                _("Petitions and answers by session"),
                [_("Session"), _("Petitions"), _("Answered")],
                rows,
                chart="bar",
                drill_urls=[reverse("public:voter_answers", args=[s.pk]) for s in sessions],
            )
        ],
    )


def front_section() -> Section:
    published = front.public_critiques().filter(stage=CritiqueStage.PUBLISHED).count()
    return Section(
        "front",
        _("Social critique"),
        figures=[
            Figure(
                "critiques_published",
                _("Social critiques published"),
                published,
                drill_url=reverse("public:critiques"),
            )
        ],
    )


CACHE_SECONDS = 600  # released figures change when something is published: ten minutes is fresh enough


def released_sections() -> list[Section]:
    """The page's sections, computed at most once per CACHE_SECONDS (one grouped pass each)."""
    key = f"dvk:public-statistics:{translation.get_language()}"
    found = cache.get(key)
    if found is None:
        found = [exemplar_section(), voters_section(), front_section()]
        cache.set(key, found, CACHE_SECONDS)
    return found


def statistics(request: HttpRequest) -> HttpResponse:
    found = released_sections()
    charts = [
        t.chart_data() | {"id": f"chart-{s.key}-{t.key}"}
        for s in found
        for t in s.tables
        if t.chart and t.rows
    ]
    return render(request, "public/statistics.html", {"sections": found, "charts": charts})
