"""Drill-down from the dashboards' citizens panel: each figure and each row of the by-kind,
by-field and by-unit tables opens the case worklist filtered to exactly the cases it counts (the
unit's subtree with the bodies merged into it, the field with its sub-fields, the step taken for
the first time in the whole months of the period)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from dvk.citizens.models import Case, CaseEvent
from dvk.organisations.models import SEGMENT, Organisation
from dvk.stats.tests.test_drill_down import _count, _figure_link, _rows

OVERVIEW = "/thong-ke/"
FIGURES = ("received", "accepted", "settled", "overdue")
TABLES = ("citizens.received_by_kind", "citizens.received_by_field", "citizens.received_by_unit")


def _busiest_year() -> int:
    years = list(CaseEvent.objects.values_list("at__year", flat=True))
    assert years, "the demo has citizens' cases"
    return max(set(years), key=years.count)


def _check(client, params: dict) -> int:
    html = client.get(OVERVIEW, params).content.decode()
    counted = 0
    for key in FIGURES:
        link, number = _figure_link(html, f"citizens.{key}")
        assert _count(client, link) == number, (key, link)
        counted += number
    for table in TABLES:
        for link, (number,) in _rows(html, table):
            assert _count(client, link) == number, (table, link)
    return counted


def test_each_citizens_figure_and_row_opens_the_list_of_what_it_counts(client_for):
    client = client_for("tinh.bdv")
    year = _busiest_year()
    assert _check(client, {"period": str(year)}) > 0
    html = client.get(OVERVIEW, {"period": str(year)}).content.decode()
    link, _n = _figure_link(html, "citizens.settled")
    query = parse_qs(urlsplit(link).query)
    assert query["step"] == ["settled"] and query["from"] == [f"01/01/{year}"]
    assert all(_rows(html, t) for t in TABLES)


def test_a_unit_with_children_and_a_field(client_for):
    client = client_for("tinh.bdv")
    year = _busiest_year()
    cases = Case.objects.filter(received_on__year=year)
    above = {p[:k] for p in cases.values_list("org_path", flat=True) for k in range(SEGMENT, len(p), SEGMENT)}
    unit = Organisation.objects.filter(path__in=above, depth__gt=1, children__isnull=False).distinct().first()
    assert unit is not None
    assert _check(client, {"period": str(year), "unit": unit.pk}) > 0
    field = cases.filter(org_path__startswith=unit.path, field__isnull=False).select_related("field__parent")
    root = field.first().field
    root = root.parent or root
    assert _check(client, {"period": str(year), "unit": unit.pk, "field": root.code}) > 0
