"""Bench routes of the Front: the critique's comment-by-comment table (Front and drafting body),
the critique page, and the recommendation worklist (the supervised body's and the Front's
overdue list). Personas are generated usernames: s01.mttq (officer of the provincial Front),
s01.snnmt (officer of Sở Nông nghiệp và Môi trường, a drafting and a supervised body)."""

from __future__ import annotations

from typing import Any

from benchmarks.routes import Route, first, import_or_skip, need, url


def _critique(ctx: Any) -> int:
    """The generated critique of the province with the most comments, drafted by Sở NN&MT."""
    critique = need("front", "Critique")
    return first(
        ctx,
        "front-critique",
        lambda: _most_commented(
            critique.objects.filter(org_path__startswith=ctx.root_path, drafting_body__short_name="SNNMT")
        ),
        "no generated critique drafted by Sở NN&MT in the province",
    )


def _most_commented(critiques: Any) -> Any:
    from django.db.models import Count

    return critiques.annotate(n=Count("comments")).order_by("-n", "-id")


def _table_query(ctx: Any) -> Any:
    response_table = import_or_skip("dvk.front.selectors.response_table")
    critique = need("front", "Critique")
    return response_table(critique.objects.get(pk=_critique(ctx)))


def _worklist_query(ctx: Any) -> Any:
    worklist = import_or_skip("dvk.front.selectors.recommendation_worklist")
    return worklist(user=ctx.user("s01.snnmt"), open_only=True, addressed_to_me=True)[:51]


def _overdue_query(ctx: Any) -> Any:
    worklist = import_or_skip("dvk.front.selectors.recommendation_worklist")
    return worklist(user=ctx.user("s01.mttq"), overdue=True)[:51]


FRONT = [
    Route(
        "critique table (Front)",
        "front",
        "s01.mttq",
        "detail",
        150,
        lambda ctx: url("front:critique_table", _critique(ctx)),
        main_query=_table_query,
    ),
    Route(
        "critique table (drafting body)",
        "front",
        "s01.snnmt",
        "detail",
        150,
        lambda ctx: url("front:critique_table", _critique(ctx)),
        main_query=_table_query,
    ),
    Route(
        "critique page with comments (drafting body)",
        "front",
        "s01.snnmt",
        "detail",
        150,
        lambda ctx: url("front:critique_detail", _critique(ctx)),
    ),
    Route(
        "recommendation worklist, to answer (supervised body)",
        "front",
        "s01.snnmt",
        "list",
        150,
        lambda ctx: url("front:recommendation_list", query="mine=1&open=1"),
        main_query=_worklist_query,
        admin=lambda ctx: "/quan-tri/front/recommendation/?stage__exact=open",
    ),
    Route(
        "recommendation worklist overdue (Front)",
        "front",
        "s01.mttq",
        "list",
        150,
        lambda ctx: url("front:recommendation_list", query="overdue=1"),
        main_query=_overdue_query,
    ),
    Route(
        "API critique table",
        "front",
        "s01.mttq",
        "api",
        100,
        lambda ctx: f"/api/v1/front/critiques/{_critique(ctx)}/table",
        api=True,
    ),
    Route(
        "API recommendations ?mine&open",
        "front",
        "s01.snnmt",
        "api",
        100,
        lambda ctx: "/api/v1/front/recommendations?mine=true&open=true&limit=50",
        api=True,
    ),
]


def _public_critique(ctx: Any, published: bool | None) -> int:
    """The public critique with the most comments: published (True: its response table is public),
    any (False: open to public comment or published), or open to public comment today (None; a
    generated province may have none on the day of the run: the route is skipped)."""
    selectors = import_or_skip("dvk.front.selectors")
    critique = need("front", "Critique")

    def rows() -> Any:
        qs = critique.objects.published() if published else selectors.public_critiques()
        if published is None:
            qs = qs.exclude(stage="published")
        return _most_commented(qs.filter(org_path__startswith=ctx.root_path))

    missing = "no public critique" + (" open for comment today" if published is None else "")
    return first(ctx, f"front-public-critique-{published}", rows, missing + " in the generated province")


FRONT_PUBLIC = [
    Route(
        "public critiques list",
        "front",
        "public",
        "public",
        100,
        lambda ctx: url("public:critiques"),
    ),
    Route(
        "public critique page",
        "front",
        "public",
        "public",
        100,
        lambda ctx: url("public:critique_detail", _public_critique(ctx, published=False)),
    ),
    Route(
        "public critique page, draft open for comment",
        "front",
        "public",
        "public",
        100,
        lambda ctx: url("public:critique_detail", _public_critique(ctx, published=None)),
    ),
    Route(
        "public response table",
        "front",
        "public",
        "public",
        100,
        lambda ctx: url("public:critique_table", _public_critique(ctx, published=True)),
    ),
]
