"""Bench routes of voter petitions: the standing office's worklist, the answering body's list
and the per-session report. Personas are generated usernames (s01.hdnd: officer of the HĐND
tỉnh; s01.snv: officer of Sở Nội vụ), looked up by ProbeContext.user()."""

from __future__ import annotations

from typing import Any

from benchmarks.routes import Route, first, import_or_skip, need, url


def _session(ctx: Any) -> int:
    session = need("voters", "Session")
    return first(
        ctx,
        "voters-session",
        lambda: session.objects.filter(org_path__startswith=ctx.root_path, stage="open").order_by(
            "-opens_on"
        ),
        "no open HĐND session in the generated province",
    )


def _worklist_query(ctx: Any) -> Any:
    petition_list = import_or_skip("dvk.voters.selectors.petition_list")
    filters = import_or_skip("dvk.voters.selectors.PetitionFilters")
    return petition_list(user=ctx.user("s01.hdnd"), filters=filters(session=_session(ctx)))[:51]


def _forwarded_query(ctx: Any) -> Any:
    forwarded_to = import_or_skip("dvk.voters.selectors.forwarded_to")
    return forwarded_to(user=ctx.user("s01.snv"))[:51]


VOTERS = [
    Route(
        "voter petitions worklist ?session (HĐND office)",
        "voters",
        "s01.hdnd",
        "list",
        150,
        lambda ctx: url("voters:worklist", query=f"session={_session(ctx)}"),
        main_query=_worklist_query,
        admin=lambda ctx: f"/quan-tri/voters/petition/?due_session__id__exact={_session(ctx)}",
    ),
    Route(
        "voter petitions worklist overdue (HĐND office)",
        "voters",
        "s01.hdnd",
        "list",
        150,
        lambda ctx: url("voters:worklist", query="overdue=1"),
    ),
    Route(
        "petitions forwarded to us (answering body)",
        "voters",
        "s01.snv",
        "list",
        150,
        lambda ctx: url("voters:forwarded"),
        main_query=_forwarded_query,
    ),
    Route(
        "session report (HĐND office)",
        "voters",
        "s01.hdnd",
        "detail",
        150,
        lambda ctx: url("voters:session_report", _session(ctx)),
    ),
    Route(
        "API voter petitions ?session",
        "voters",
        "s01.hdnd",
        "api",
        100,
        lambda ctx: f"/api/v1/voters/petitions?session={_session(ctx)}&limit=50",
        api=True,
    ),
]


def _published_session(ctx: Any) -> int:
    selectors = import_or_skip("dvk.voters.selectors")
    return first(
        ctx,
        "voters-published-session",
        lambda: selectors.published_sessions().filter(org_path__startswith=ctx.root_path).order_by("-id"),
        "no session with released answers in the generated province",
    )


VOTERS_PUBLIC = [
    Route(
        "public voter sessions",
        "voters",
        "public",
        "public",
        100,
        lambda ctx: url("public:voter_sessions"),
    ),
    Route(
        "public answers of a session",
        "voters",
        "public",
        "public",
        100,
        lambda ctx: url("public:voter_answers", _published_session(ctx)),
    ),
    Route(
        "public answers ?q",
        "voters",
        "public",
        "public",
        100,
        lambda ctx: url("public:voter_answers", _published_session(ctx), query="q=duong"),
    ),
]
