"""Drill-down from the dashboards' plans panel: each figure, each row of the progress table and
each late body opens the list of reports due (plans:report_list) filtered to exactly the reports
it counts: due in the whole months of the period, in the unit's subtree (with the bodies merged
into it), in the state counted."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone

from dvk.organisations.models import Organisation
from dvk.plans import services
from dvk.plans.models import Assignment, Report
from dvk.stats.tests.test_drill_down import _count, _figure_link, _rows

OVERVIEW = "/thong-ke/"
FIGURES = ("reports_due", "reports_done", "reports_accepted", "reports_late")


def _some_reports(persona, issued_plan) -> None:
    today = timezone.localdate()
    plan = issued_plan(due_in=10)
    for a in Assignment.objects.filter(plan=plan).select_related("organisation"):
        Report.objects.create(
            assignment=a,
            organisation=a.organisation,
            org_path=a.org_path,
            period="adhoc-late",
            due_on=max(today.replace(month=1, day=1), today - dt.timedelta(days=3)),
        )
        if a.organisation.code == "PT-DU-04897":
            services.submit_report(by=persona("xa.a"), assignment=a, summary="Đã làm", progress_percent=50)


def _check(client, params: dict) -> int:
    html = client.get(OVERVIEW, params).content.decode()
    counted = 0
    for key in FIGURES:
        link, number = _figure_link(html, f"plans.{key}")
        assert _count(client, link) == number, (key, link)
        counted += number
    for table in ("plans.report_progress", "plans.late_bodies"):
        for link, (number,) in _rows(html, table):
            assert _count(client, link) == number, (table, link)
    return counted


def test_each_plans_figure_and_row_opens_the_list_of_what_it_counts(client_for, persona, issued_plan):
    _some_reports(persona, issued_plan)
    client = client_for("tinh.bdv")
    year = timezone.localdate().year
    assert _check(client, {"period": str(year)}) > 0
    html = client.get(OVERVIEW, {"period": str(year)}).content.decode()
    link, number = _figure_link(html, "plans.reports_late")
    query = parse_qs(urlsplit(link).query)
    assert query["state"] == ["late"] and query["from"] == [f"01/01/{year}"] and number >= 3
    assert _rows(html, "plans.late_bodies")


def test_a_unit_with_children_counts_what_its_list_holds(client_for, persona, issued_plan):
    _some_reports(persona, issued_plan)
    client = client_for("tinh.bdv")
    district = Organisation.objects.get(code="PT-DU-04897").parent
    assert district is not None and district.children.exists()
    year = timezone.localdate().year
    assert _check(client, {"period": str(year), "unit": district.pk}) >= 2
    # and for the officer's own body on "what is due from me"
    officer = client_for("xa.a")
    html = officer.get("/thong-ke/cua-toi/", {"period": str(year)}).content.decode()
    link, number = _figure_link(html, "plans.reports_done")
    assert number >= 1 and _count(officer, link) == number


def test_the_report_list_ignores_a_malformed_filter(client_for, persona, issued_plan):
    _some_reports(persona, issued_plan)
    client = client_for("tinh.bdv")
    plain = _count(client, "/ke-hoach/bao-cao/")
    assert plain >= 3
    assert _count(client, "/ke-hoach/bao-cao/?state=nonsense&from=31/02/2026&to=x&under=abc") == plain
    assert _count(client, "/ke-hoach/bao-cao/?from=01/01/1901&to=31/12/1901") == 0
