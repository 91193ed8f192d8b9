"""Bench routes of citizen reception: the handler's worklist, the Ban's province-wide worklist
(open and overdue), a case page, the monitoring view and the public lookup. Personas are the
generated ones (officer: s01.x001.canbo1 of a commune's Party committee, whose body receives
generated cases; coordinator: s01.bdv1 of the Ban)."""

from __future__ import annotations

from typing import Any

from benchmarks.routes import Route, first, import_or_skip, need, url

LOOKUP_PHONE = "0900000007"  # generated letter n has phone 09{n:08d} (dvk/citizens/generate.py)


def _filters(**kw: Any) -> Any:
    return import_or_skip("dvk.citizens.selectors.CaseFilters")(**kw)


def _cases(ctx: Any, persona: str, **kw: Any) -> Any:
    cases = import_or_skip("dvk.citizens.selectors.cases")
    return cases(ctx.user(persona), _filters(**kw))[:51]


def _case(ctx: Any) -> int:
    case = need("citizens", "Case")
    return first(
        ctx,
        "citizens-case",
        lambda: case.objects.visible_to(ctx.user("officer")).order_by("-id"),
        "no citizens' case in the officer's body",
    )


def _past_period(ctx: Any) -> str:
    """A period starting and ending inside months (the 15th two months back to the 20th of last
    month): the monitoring reads its end months' days from the index, not the counters alone."""
    import datetime as dt

    from django.utils import timezone

    month = timezone.localdate().replace(day=1)
    last = (month - dt.timedelta(days=1)).replace(day=20)
    first = (last.replace(day=1) - dt.timedelta(days=1)).replace(day=15)
    return url("citizens:monitoring", query=f"since={first:%d/%m/%Y}&until={last:%d/%m/%Y}")


def _lookup_query(ctx: Any) -> Any:
    letter = need("citizens", "Letter")
    phone_index = import_or_skip("dvk.citizens.services.phone_index")
    return letter.objects.filter(phone_index=phone_index(LOOKUP_PHONE)).select_related("organisation")[:1]


CITIZENS = [
    Route(
        "citizens' cases worklist (handler)",
        "citizens",
        "officer",
        "list",
        150,
        lambda ctx: url("citizens:worklist"),
        main_query=lambda ctx: _cases(ctx, "officer", open=True),
    ),
    Route(
        "citizens' cases worklist province-wide (Ban)",
        "citizens",
        "coordinator",
        "list",
        150,
        lambda ctx: url("citizens:worklist"),
        main_query=lambda ctx: _cases(ctx, "coordinator", open=True),
    ),
    Route(
        "citizens' cases overdue đông người (Ban)",
        "citizens",
        "coordinator",
        "list",
        150,
        lambda ctx: url("citizens:worklist", query="overdue=1&crowd=1"),
        main_query=lambda ctx: _cases(ctx, "coordinator", overdue=True, crowd=True),
    ),
    Route(
        "citizens' case detail",
        "citizens",
        "officer",
        "detail",
        150,
        lambda ctx: url("citizens:case_detail", _case(ctx)),
    ),
    Route(
        "citizens monitoring (Ban)",
        "citizens",
        "coordinator",
        "dashboard",
        150,
        lambda ctx: url("citizens:monitoring"),
    ),
    Route(
        "citizens monitoring past period (Ban)",
        "citizens",
        "coordinator",
        "dashboard",
        150,
        _past_period,
        notes="15th two months back to the 20th of last month: partial months from the index",
    ),
    Route(
        "API citizens' cases (Ban)",
        "citizens",
        "coordinator",
        "api",
        100,
        lambda ctx: "/api/v1/citizens/cases?open=true&limit=50",
        api=True,
    ),
    Route(
        "public letter lookup (form; lookup query as its main query)",
        "citizens",
        "public",
        "public",
        100,
        lambda ctx: url("public:citizen_lookup"),
        main_query=_lookup_query,
        notes="the lookup itself is a POST (code + phone never in a URL); its query is timed as main query",
    ),
    Route(
        "public letter form (kiến nghị, phản ánh)",
        "citizens",
        "public",
        "public",
        100,
        lambda ctx: url("public:citizen_intake"),
        notes="several provinces: the province choice, the bodies' list empty until one is chosen",
    ),
    Route(
        "public letter form, one province's bodies",
        "citizens",
        "public",
        "public",
        100,
        lambda ctx: url("public:citizen_intake", query="province=" + _province(ctx)),
    ),
]


def _province(ctx: Any) -> str:
    """The first province the public form offers (its tree root)."""
    return ctx.memo("citizens-province", lambda: _first_province())


def _first_province() -> str:
    provinces = import_or_skip("dvk.citizens.forms.public_provinces")()
    return provinces[0][0] if provinces else ""
