"""Drill-down from the dashboards' voters panel: each figure and each row of the by-field and
by-unit tables opens the petition worklist filtered to exactly the petitions it counts (the unit's
subtree with the bodies merged into it, the step taken, the whole months of the period, the field)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.utils import timezone

from dvk.organisations.models import SEGMENT, Organisation
from dvk.stats.tests.test_drill_down import _count, _figure_link, _rows
from dvk.voters.models import Petition

OVERVIEW = "/thong-ke/"
FLOW = ("recorded", "forwarded", "answered", "closed")


def _busiest_year() -> int:
    years = [p.meeting.held_on.year for p in Petition.objects.select_related("meeting")]
    assert years, "the demo has voters' petitions"
    return max(set(years), key=years.count)


def test_each_voters_figure_and_row_opens_the_list_of_what_it_counts(client_for):
    client = client_for("tinh.bdv")
    year = _busiest_year()
    html = client.get(OVERVIEW, {"period": str(year)}).content.decode()
    counted = 0
    for key in FLOW:
        link, number = _figure_link(html, f"voters.{key}")
        query = parse_qs(urlsplit(link).query)
        assert query["from"] == [f"01/01/{year}"] and query["to"] == [f"31/12/{year}"], link
        assert _count(client, link) == number, (key, link)
        counted += number
    assert counted > 0
    for table in ("voters.recorded_by_field", "voters.recorded_by_unit"):
        rows = _rows(html, table)
        assert rows, table
        for link, (number,) in rows:
            assert _count(client, link) == number, (table, link)


def test_a_unit_with_children_counts_what_its_list_holds(client_for):
    client = client_for("tinh.bdv")
    year = _busiest_year()
    paths = Petition.objects.filter(meeting__held_on__year=year).values_list("org_path", flat=True)
    above = {p[:k] for p in paths for k in range(SEGMENT, len(p), SEGMENT)}  # the bodies above them
    district = (
        Organisation.objects.filter(path__in=above, children__isnull=False)
        .distinct()
        .order_by("-depth")
        .first()
    )
    assert district is not None and district.children.exists()
    html = client.get(OVERVIEW, {"period": str(year), "unit": district.pk}).content.decode()
    link, number = _figure_link(html, "voters.recorded")
    assert parse_qs(urlsplit(link).query)["under"] == [str(district.pk)]
    assert number > 0 and _count(client, link) == number
    # a field chosen on the dashboard narrows the list the same way
    field = (
        Petition.objects.filter(org_path__startswith=district.path, meeting__held_on__year=year)
        .exclude(field="")
        .values_list("field", flat=True)
        .first()
    )
    assert field
    html = client.get(OVERVIEW, {"period": str(year), "unit": district.pk, "field": field}).content.decode()
    link, number = _figure_link(html, "voters.recorded")
    assert parse_qs(urlsplit(link).query)["field"] == [field]
    assert _count(client, link) == number


def test_the_worklist_ignores_a_malformed_drill_down(client_for):
    client = client_for("tinh.bdv")
    base = "/cu-tri/"
    plain = _count(client, base)
    assert _count(client, f"{base}?step=nonsense&from=31/02/2026&to=xx&under=abc") == plain
    assert _count(client, f"{base}?step=recorded&from=01/01/1901&to=31/12/1901") == 0
    today = timezone.localdate()
    assert _count(client, f"{base}?step=recorded&to={today:%d/%m/%Y}") <= plain
