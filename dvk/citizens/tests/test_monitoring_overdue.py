"""The monitoring view at province scale (issue 12): "overdue" read as the open cases less those
still in time (cit_case_open_due), the months at either end of a period read as counted months
less their days outside it when that reads fewer days, the kéo dài list from its partial index.
Every figure equals a count of the rows, for the Ban and a commune, whatever the period and the
day; the queries do not depend on the cases."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dvk.citizens import monitor, selectors
from dvk.citizens.models import OPEN_IN_ORDER, Case
from dvk.citizens.selectors import _month_end, _Plan, _plan
from dvk.citizens.tests.test_monitoring import _assert_same, _varied_cases
from dvk.citizens.workflow import OPEN_STAGES, Stage

D = dt.date


def test_plan_reads_the_fewest_days_from_the_index():
    today = D(2026, 12, 2)
    # a period ending today: every month counted, the days after today (no cases) taken off
    assert _plan(D(2026, 1, 1), today, today) == _Plan(
        (D(2026, 1, 1), D(2026, 12, 31)), (), ((D(2026, 12, 3), D(2026, 12, 31)),)
    )
    # whole months: the counters only
    assert _plan(D(2026, 1, 1), D(2026, 11, 30), today) == _Plan((D(2026, 1, 1), D(2026, 11, 30)), (), ())
    # a late start adds its days, an end late in a month takes the rest of the month off
    assert _plan(D(2026, 1, 25), D(2026, 11, 20), today) == _Plan(
        (D(2026, 2, 1), D(2026, 11, 30)),
        ((D(2026, 1, 25), D(2026, 1, 31)),),
        ((D(2026, 11, 21), D(2026, 11, 30)),),
    )
    # an early start takes the month's first days off, an early end adds its days
    assert _plan(D(2026, 3, 3), D(2026, 5, 4), today) == _Plan(
        (D(2026, 3, 1), D(2026, 4, 30)), ((D(2026, 5, 1), D(2026, 5, 4)),), ((D(2026, 3, 1), D(2026, 3, 2)),)
    )
    # inside one month: its days, or the month less the days around them
    assert _plan(D(2026, 11, 10), D(2026, 11, 12), today) == _Plan(
        None, ((D(2026, 11, 10), D(2026, 11, 12)),), ()
    )
    assert _plan(D(2026, 11, 2), D(2026, 11, 29), today) == _Plan(
        (D(2026, 11, 1), D(2026, 11, 30)),
        (),
        ((D(2026, 11, 1), D(2026, 11, 1)), (D(2026, 11, 30), D(2026, 11, 30))),
    )
    assert _plan(D(2026, 12, 1), today, today) == _Plan(
        (D(2026, 12, 1), D(2026, 12, 31)), (), ((D(2026, 12, 3), D(2026, 12, 31)),)
    )
    # a period inside two months whose parts are both shorter than the rest: index only
    assert _plan(D(2026, 10, 28), D(2026, 11, 3), today) == _Plan(
        None, ((D(2026, 10, 28), D(2026, 10, 31)), (D(2026, 11, 1), D(2026, 11, 3))), ()
    )


def _edge_cases(case) -> dict[str, Case]:
    """Cases on the edges the reads split on: received on a month's first and last days and after
    today, due yesterday (overdue), today (in time) and never (an open stage with no deadline),
    all moved through monitor.update_cases so the counters follow."""
    today = timezone.localdate()
    month = today.replace(day=1)
    last_month = (month - dt.timedelta(days=1)).replace(day=1)
    made = {
        "first_of_last_month": (last_month, today - dt.timedelta(days=1), Stage.ACCEPTED),
        "end_of_last_month": (month - dt.timedelta(days=1), today, Stage.VERIFYING),
        "mid_last_month": (last_month + dt.timedelta(days=13), None, Stage.DECIDED),
        "first_of_month": (month, today - dt.timedelta(days=3), Stage.CLASSIFYING),
        "after_today": (today + dt.timedelta(days=2), today + dt.timedelta(days=20), Stage.CLASSIFYING),
        "end_of_month": (_month_end(today), None, Stage.DECIDED),
        "closed_late": (last_month + dt.timedelta(days=20), today - dt.timedelta(days=9), Stage.CLOSED),
    }
    out = {}
    for name, (received, due, stage) in made.items():
        c = case(summary=f"Khiếu nại kiểm thử {name} về đất đai của hộ gia đình.")
        monitor.update_cases(Case.objects.filter(pk=c.pk), received_on=received, due_on=due, stage=stage)
        out[name] = Case.objects.get(pk=c.pk)
    return out


def _periods(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    month = today.replace(day=1)
    last_month = (month - dt.timedelta(days=1)).replace(day=1)
    two_back = (last_month - dt.timedelta(days=1)).replace(day=1)
    starts = [two_back, two_back + dt.timedelta(days=5), last_month, last_month + dt.timedelta(days=1),
              last_month + dt.timedelta(days=20), month]  # fmt: skip
    ends = [last_month + dt.timedelta(days=2), month - dt.timedelta(days=2), month - dt.timedelta(days=1),
            today, today + dt.timedelta(days=1), _month_end(today)]  # fmt: skip
    return [(a, b) for a in starts for b in ends if a <= b]


def test_figures_equal_the_rows_for_every_period_and_day(letter, persona, case):
    _varied_cases(letter, persona)
    edges = _edge_cases(case)
    ban, chair = persona("tinh.bdv"), persona("chutich.xa")
    today = timezone.localdate()
    overdue_seen = False
    for day in (today, today + dt.timedelta(days=1), _month_end(today), today - dt.timedelta(days=1)):
        for since, until in _periods(today):
            want = _assert_same(ban, since, until, day)
            _assert_same(chair, since, until, day)
            overdue_seen |= want["totals"]["overdue"] > 0
    assert overdue_seen
    # the edges were counted where expected: due today is in time, due yesterday overdue, no deadline never
    data = selectors.monitoring(ban, since=edges["first_of_last_month"].received_on, until=today, today=today)
    ids = [c.pk for c in Case.objects.overdue(today)]
    assert edges["first_of_last_month"].pk in ids and edges["first_of_month"].pk in ids
    assert edges["end_of_last_month"].pk not in ids and edges["mid_last_month"].pk not in ids
    assert (
        data["totals"]["overdue"]
        == Case.objects.overdue(today)
        .filter(received_on__gte=edges["first_of_last_month"].received_on, received_on__lte=today)
        .count()
    )


def test_a_commune_sees_only_its_overdue(letter, persona, case):
    _varied_cases(letter, persona)
    _edge_cases(case)
    letter(body="PT-TTT", by="thanhtra.tinh", days_ago=45, summary="Kiến nghị gửi Thanh tra tỉnh quá hạn.")
    today = timezone.localdate()
    since = today - dt.timedelta(days=120)
    chair, inspector = persona("chutich.xa"), persona("thanhtra.tinh")
    mine = selectors.monitoring(chair, since=since, until=today, today=today)
    theirs = selectors.monitoring(inspector, since=since, until=today, today=today)
    ban = selectors.monitoring(persona("tinh.bdv"), since=since, until=today, today=today)
    assert mine["totals"]["overdue"] > 0
    assert mine["totals"]["overdue"] + theirs["totals"]["overdue"] <= ban["totals"]["overdue"]
    for user, data in ((chair, mine), (inspector, theirs)):
        assert data["totals"] == _assert_same(user, since, today, today)["totals"]


def test_queries_do_not_grow_with_the_cases_for_any_period_shape(letter, persona, case):
    """Two sizes of the same spread of cases (a period without any case, or without a classified
    one, skips the name lookups it has nothing for: that depends on the period, not the size)."""
    ban = persona("tinh.bdv")
    today = timezone.localdate()
    _varied_cases(letter, persona)
    _edge_cases(case)

    def counts() -> list[int]:
        out = []
        for since, until in _periods(today):
            with CaptureQueriesContext(connection) as ctx:
                selectors.monitoring(ban, since=since, until=until, today=today)
            out.append(len(ctx.captured_queries))
        return out

    counts()  # the user's scope, read once
    few = counts()
    for _ in range(2):
        _varied_cases(letter, persona)
        _edge_cases(case)
    assert counts() == few
    assert max(few) <= 8


def test_the_in_time_read_writes_the_index_condition():
    """SQLite serves a partial index only to a query that writes its condition alike (values as
    literals, same order): the query's literal list is the index's."""
    index = next(i for i in Case._meta.indexes if i.name == "cit_case_open_due")
    assert index.condition.children == [("stage__in", OPEN_IN_ORDER)]
    assert list(OPEN_IN_ORDER) == sorted(OPEN_STAGES) and all(s.isidentifier() for s in OPEN_IN_ORDER)
    sql, params = selectors.open_literal().as_sql(None, connection)
    assert params == () and "IN (" + ", ".join(f"'{s}'" for s in OPEN_IN_ORDER) + ")" in sql


def test_sqlite_reads_the_in_time_cases_from_the_partial_index(db, persona):
    if connection.vendor != "sqlite":
        return  # PostgreSQL plans by its statistics
    ban = persona("tinh.bdv")
    today = timezone.localdate()
    in_period = selectors._in_period(selectors._monitored(ban), today - dt.timedelta(days=300), today)
    plan = selectors.in_time(in_period, today).explain()
    assert plan.count("COVERING INDEX cit_case_open_due") == 2, plan
