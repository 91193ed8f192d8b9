"""Routes of the domain apps (exemplars, plans); see routes.py for the fields. Every lookup of
the database goes through `need()` / `import_or_skip()` so a missing app or URL is a skip."""

from __future__ import annotations

from typing import Any

from benchmarks.routes import Route, first, import_or_skip, need, url

Q_EXEMPLARS = "rac thai"  # "Phân loại rác thải tại nguồn": about 1 title in 30


def _exemplar_filters(**kw: Any) -> Any:
    filters = import_or_skip("dvk.exemplars.selectors.Filters")
    return filters(**kw)


def _exemplars(persona: str, rows: int, **filters: Any) -> Any:
    """Main query of an exemplar list (page or API): `rows` rows as `persona` sees them."""

    def query(ctx: Any) -> Any:
        exemplar_list = import_or_skip("dvk.exemplars.selectors.exemplar_list")
        return exemplar_list(user=ctx.user(persona), filters=_exemplar_filters(**filters))[:rows]

    return query


def _public_exemplars(rows: int) -> Any:
    """Main query of the public showcase (page or API): its first `rows` rows."""

    def query(ctx: Any) -> Any:
        public_list = import_or_skip("dvk.exemplars.selectors.public_list")
        return public_list(filters=_exemplar_filters())[:rows]

    return query


def _recognised(ctx: Any, public: bool = False) -> int:
    exemplar = need("exemplars", "Exemplar")

    def rows() -> Any:
        qs = exemplar.objects.filter(
            org_path__startswith=ctx.root_path, stage="recognised", level="tinh", kind="collective"
        )
        if public:
            qs = qs.filter(replication_count__gt=0) or qs
        return qs.order_by("id")

    return first(ctx, f"recognised-{public}", rows, "no recognised exemplar in the generated province")


def _queue_query(ctx: Any) -> Any:
    council_queue = import_or_skip("dvk.exemplars.selectors.council_queue")
    return council_queue(user=ctx.user("council"))[:51]


def _plan(ctx: Any) -> int:
    plan = need("plans", "Plan")
    return first(
        ctx,
        "plan",
        lambda: plan.objects.filter(org_path__startswith=ctx.root_path, stage="issued").order_by(
            "-issued_on", "id"
        ),
        "no issued plan in the generated province",
    )


def _matrix_query(ctx: Any) -> Any:
    matrix_queryset = import_or_skip("dvk.plans.selectors.matrix_queryset")
    plan = need("plans", "Plan").objects.get(pk=_plan(ctx))
    base = matrix_queryset(user=ctx.user("coordinator"), plan=plan)
    return base.values_list("org_path", "organisation_id").distinct().order_by("org_path")[:51]


def _my_assignments_query(ctx: Any) -> Any:
    my_assignments = import_or_skip("dvk.plans.selectors.my_assignments")
    return my_assignments(ctx.user("officer"))[:51]


def _plan_list_query(ctx: Any) -> Any:
    plan_list = import_or_skip("dvk.plans.selectors.plan_list")
    return plan_list(user=ctx.user("coordinator"), q="", stage="")[:51]


def _api_assignments_query(ctx: Any) -> Any:
    assignment_list = import_or_skip("dvk.plans.selectors.assignment_list")
    return assignment_list(user=ctx.user("coordinator"), stage="submitted")[:50]


def _verification_code(ctx: Any) -> str:
    document = need("documents", "Document")
    return first(
        ctx,
        "documents-verification-code",
        lambda: document.objects.filter(
            org_path__startswith=ctx.root_path, verification_code__isnull=False
        ).order_by("-id"),
        "no document with a verification code in the generated province",
        column="verification_code",
    )


DOMAIN = [
    Route(
        "exemplar list ?stage&q",
        "exemplars",
        "coordinator",
        "list",
        150,
        lambda ctx: url("exemplars:list", query=f"stage=in_progress&q={Q_EXEMPLARS.replace(' ', '+')}"),
        main_query=_exemplars("coordinator", 51, stage="in_progress", q=Q_EXEMPLARS),
        admin=lambda ctx: (
            f"/quan-tri/exemplars/exemplar/?stage__exact=in_progress&q={Q_EXEMPLARS.replace(' ', '+')}"
        ),
    ),
    Route(
        "exemplar list (commune officer)",
        "exemplars",
        "officer",
        "list",
        150,
        lambda ctx: url("exemplars:list"),
        main_query=_exemplars("officer", 51),
        admin=lambda ctx: "/quan-tri/exemplars/exemplar/",
    ),
    Route(
        "exemplar detail",
        "exemplars",
        "coordinator",
        "detail",
        150,
        lambda ctx: url("exemplars:detail", _recognised(ctx)),
    ),
    Route(
        "council queue",
        "exemplars",
        "council",
        "list",
        150,
        lambda ctx: url("exemplars:queue"),
        main_query=_queue_query,
        admin=lambda ctx: "/quan-tri/exemplars/exemplar/?stage__exact=under_review",
    ),
    Route(
        "public showcase",
        "exemplars",
        "public",
        "public",
        100,
        lambda ctx: url("public:showcase"),
        main_query=_public_exemplars(25),
        notes="several provinces: the provinces with their numbers of models, no map until one is chosen",
    ),
    Route(
        "public showcase, one province's map",
        "exemplars",
        "public",
        "public",
        100,
        lambda ctx: url("public:showcase", query=f"tinh={_province_unit(ctx)}"),
    ),
    Route(
        "public exemplar page",
        "exemplars",
        "public",
        "public",
        100,
        lambda ctx: url("public:showcase_detail", _recognised(ctx, public=True)),
    ),
    Route(
        "plan list",
        "plans",
        "coordinator",
        "list",
        150,
        lambda ctx: url("plans:list"),
        main_query=_plan_list_query,
        admin=lambda ctx: "/quan-tri/plans/plan/",
    ),
    Route(
        "assignment matrix",
        "plans",
        "coordinator",
        "list",
        150,
        lambda ctx: url("plans:matrix", query=f"plan={_plan(ctx)}"),
        main_query=_matrix_query,
        admin=lambda ctx: f"/quan-tri/plans/assignment/?plan__id__exact={_plan(ctx)}",
    ),
    Route(
        "my assignments (commune officer)",
        "plans",
        "officer",
        "list",
        150,
        lambda ctx: url("plans:my_assignments"),
        main_query=_my_assignments_query,
    ),
    Route(
        "API exemplars ?stage",
        "exemplars",
        "coordinator",
        "api",
        100,
        lambda ctx: "/api/v1/exemplars?stage=recognised&limit=50",
        main_query=_exemplars("coordinator", 50, stage="recognised"),
        api=True,
        admin=lambda ctx: "/quan-tri/exemplars/exemplar/?stage__exact=recognised",
    ),
    Route(
        "API assignments ?stage",
        "plans",
        "coordinator",
        "api",
        100,
        lambda ctx: "/api/v1/assignments?stage=submitted&limit=50",
        main_query=_api_assignments_query,
        api=True,
        admin=lambda ctx: "/quan-tri/plans/assignment/?stage__exact=submitted",
    ),
    Route(
        "API public exemplars",
        "exemplars",
        "public",
        "api",
        100,
        lambda ctx: "/api/v1/public/exemplars?limit=50",
        main_query=_public_exemplars(50),
    ),
    Route(
        "public document verification",
        "documents",
        "public",
        "public",
        100,
        lambda ctx: url("public:verify", _verification_code(ctx)),
    ),
]


def _province_unit(ctx: Any) -> int:
    """The administrative unit of the generated province (its map on the showcase)."""
    from dvk.organisations.models import Organisation

    return ctx.memo(
        "province-unit",
        lambda: Organisation.objects.filter(path=ctx.root_path).values_list("unit_id", flat=True)[0],
    )
