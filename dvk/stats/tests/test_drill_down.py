"""Drill-down from the dashboard to the lists: a figure or a unit row opens the exemplar list
filtered to what was counted — the unit's subtree (with the bodies merged into it), the step, the
whole months of the period and the field — so the number on the dashboard is the number of rows of
the list it links to, for a unit with children."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone

from dvk.organisations.models import Organisation
from dvk.stats.tests.test_dashboards import OVERVIEW, register_some

PT_COMMUNE = "PT-DU-04897"  # Đảng ủy xã Thịnh Minh; register_some registers models there


def _count(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["listing"].qs.count()


def _rows(html: str, table: str) -> list[tuple[str, list[int]]]:
    """(link, numbers) of each row of a dashboard table."""
    body = re.search(rf'data-table="{re.escape(table)}">(.*?)</table>', html, re.S)
    assert body, table
    out = []
    for row in re.findall(r"<tr>(.*?)</tr>", body[1], re.S):
        link = re.search(r'href="([^"]+)"', row)
        numbers = [
            int(re.sub(r"\D", "", n) or 0) for n in re.findall(r'<td class="text-end">(.*?)</td>', row)
        ]
        if link:
            out.append((link[1].replace("&amp;", "&"), numbers))
    return out


def _figure_link(html: str, key: str) -> tuple[str, int]:
    m = re.search(rf'data-figure="{re.escape(key)}"><a class="text-reset" href="([^"]+)">([^<]*)</a>', html)
    assert m, key
    return m[1].replace("&amp;", "&"), int(re.sub(r"\D", "", m[2]) or 0)


def test_the_figures_of_a_unit_with_children_equal_the_rows_of_their_lists(client_for, persona):
    commune = Organisation.objects.get(code=PT_COMMUNE)
    parent = commune.parent
    assert parent is not None and parent.children.exists()
    register_some(persona, 3)  # in the commune, i.e. below `parent`
    client = client_for("tinh.bdv")
    html = client.get(OVERVIEW, {"unit": parent.pk}).content.decode()
    checked = 0
    for key in ("registered", "accepted", "nominated", "recognised", "not_recognised"):
        link, number = _figure_link(html, f"exemplars.{key}")
        query = parse_qs(urlsplit(link).query)
        assert query["under"] == [str(parent.pk)] and "organisation" not in query
        year = timezone.localdate().year
        assert query["from"] == [f"01/01/{year}"] and query["to"] == [f"31/12/{year}"]
        assert _count(client, link) == number, (key, link)
        checked += number
    assert checked >= 3
    # the same figure of the commune alone, a child: fewer or equal, and equal to its own list
    child = client.get(OVERVIEW, {"unit": commune.pk}).content.decode()
    link, number = _figure_link(child, "exemplars.registered")
    assert number >= 3 and _count(client, link) == number


def test_each_unit_row_opens_the_list_of_what_it_counts(client_for, persona):
    register_some(persona, 2)
    register_some(persona, 1, "PT-DU-05089")
    client = client_for("tinh.bdv")
    html = client.get(OVERVIEW).content.decode()
    rows = _rows(html, "exemplars.recognised_by_unit")
    assert rows
    with_children = 0
    for link, (registered, recognised) in rows:
        query = parse_qs(urlsplit(link).query)
        assert query["step"] == ["recognise"], link
        body = Organisation.objects.get(pk=int(query["under"][0]))
        with_children += body.children.exists()
        assert _count(client, link) == recognised, (body.name, link)
        registered_link = link.replace("step=recognise", "step=register")
        assert _count(client, registered_link) == registered, (body.name, registered_link)
    assert with_children


def test_the_list_reads_the_period_and_ignores_a_bad_one(client_for, persona):
    register_some(persona, 2)
    client = client_for("tinh.bdv")
    commune = Organisation.objects.get(code=PT_COMMUNE)
    year = timezone.localdate().year
    base = f"/mo-hinh/?step=register&under={commune.pk}"
    this_year = _count(client, f"{base}&from=01/01/{year}&to=31/12/{year}")
    assert this_year >= 2
    assert _count(client, f"{base}&from=01/01/{year - 30}&to=31/12/{year - 30}") == 0
    assert _count(client, f"{base}&to=31/12/{year - 30}") == 0
    # a malformed day is ignored (the step alone), never an error page
    assert _count(client, f"{base}&from=31/02/{year}&to=xx") == _count(client, base)
    assert _count(client, f"{base}&from={year}-01-01") == this_year  # ISO is read too
    assert _count(client, f"{base}&from=01/01/0001&to=31/12/9999") == _count(client, base)  # out of range
