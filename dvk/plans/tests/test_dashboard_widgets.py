"""The home widgets of the plans read the counters kept on write (the reports due this year by
state, the bodies with overdue reports), and their numbers equal a recount of the reports."""

from __future__ import annotations

import datetime as dt
from collections import Counter as Tally

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dvk.organisations.models import SEGMENT, Organisation
from dvk.plans import dashboard, services
from dvk.plans.models import Assignment, Report
from dvk.plans.workflow import ReportStage


def _widgets(user) -> dict[str, object]:
    return {str(w.title): w for w in dashboard.widgets(user)}


def _recount(today: dt.date) -> dict[str, object]:
    year = Report.objects.filter(due_on__year=today.year)
    late = year.filter(stage__in=(ReportStage.DUE, ReportStage.RETURNED), due_on__lt=today)
    by_body = Tally(path[: 2 * SEGMENT] for path in late.values_list("org_path", flat=True))
    names = dict(Organisation.objects.filter(path__in=by_body).values_list("path", "name"))
    return {
        "due": year.count(),
        "accepted": year.filter(stage=ReportStage.ACCEPTED).count(),
        "waiting": year.filter(stage=ReportStage.SUBMITTED).count(),
        "late": late.count(),
        # the five with the most, as the widget lists them
        "late_bodies": sorted(
            sorted(((names[p], n) for p, n in by_body.items()), key=lambda r: (-r[1], r[0]))[:5]
        ),
    }


def _shown(user) -> dict[str, object]:
    found = _widgets(user)
    reports, late = found["Báo cáo kế hoạch đến hạn trong năm"], found["Đơn vị chậm tiến độ"]
    (_a, accepted), (_w, waiting), (_o, overdue) = reports.rows  # accepted, awaiting review, overdue
    return {
        "due": int(str(reports.detail).split()[0]),
        "accepted": accepted,
        "waiting": waiting,
        "late": overdue,
        "late_bodies": sorted(late.rows),
        "rate": reports.value,
    }


def test_the_report_widgets_equal_a_recount_and_read_no_rows(persona, issued_plan):
    tinh = persona("tinh.bdv")
    today = timezone.localdate()
    plan = issued_plan(due_in=10)
    assignments = list(Assignment.objects.filter(plan=plan).select_related("organisation"))
    # overdue reports of two bodies this year (written through save(): the counters move)
    for i, a in enumerate(assignments[:2]):
        for k in range(i + 1):
            Report.objects.create(
                assignment=a,
                organisation=a.organisation,
                org_path=a.org_path,
                period=f"adhoc-late-{k}",
                due_on=max(today.replace(month=1, day=1), today - dt.timedelta(days=1 + k)),
            )
    officer = persona("xa.a")
    mine = next(a for a in assignments if a.organisation.code == "PT-DU-04897")
    services.submit_report(by=officer, assignment=mine, summary="Đã triển khai", progress_percent=60)
    expected = _recount(today)
    shown = _shown(tinh)
    assert {k: shown[k] for k in expected} == expected
    assert expected["late"] >= 3 and expected["waiting"] >= 1
    assert shown["rate"] == f"{round(100 * (expected['accepted'] + expected['waiting']) / expected['due'])}%"
    # no scan: the assignments are not read, the reports only this month's (the index's range)
    with CaptureQueriesContext(connection) as captured:
        _widgets(tinh)
    month_start = today.replace(day=1).isoformat()
    for query in captured.captured_queries:
        sql = query["sql"]
        assert '"plans_assignment"' not in sql, sql
        if 'FROM "plans_report"' in sql:
            assert f"\"due_on\" >= '{month_start}'" in sql, sql
