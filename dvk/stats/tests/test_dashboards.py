"""The dashboards through the test client: who sees which, each chart with its table, filters kept
in the URL, drill-down links that open, no inline script, constant queries in the data size."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import timezone

from dvk.exemplars.factories import ExemplarFactory
from dvk.exemplars.models import Cycle, FieldOfWork
from dvk.exemplars.services import advance_exemplar
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation

OVERVIEW, MINE = "/thong-ke/", "/thong-ke/cua-toi/"


OFFICER = {"PT-DU-04897": "xa.a", "PT-DU-05089": "xa.b"}


def register_some(persona, n: int, org_code: str = "PT-DU-04897") -> None:
    body, officer = Organisation.objects.get(code=org_code), persona(OFFICER[org_code])
    for _ in range(n):
        exemplar = ExemplarFactory(
            stage=Stage.DRAFT,
            organisation=body,
            cycle=Cycle.current(),
            field=FieldOfWork.objects.get(code="kinh-te"),
            started_on=timezone.localdate() - dt.timedelta(days=800),
            created_by=officer,
        )
        advance_exemplar(exemplar=exemplar, action="register", by=officer)


def figure(html: str, key: str) -> str:
    m = re.search(rf'data-figure="{re.escape(key)}">(.*?)</div>', html, re.S)
    assert m, key
    return re.sub(r"<[^>]+>", "", m.group(1)).strip()


def test_the_ban_sees_every_domain_with_each_chart_over_its_table(client_for):
    response = client_for("tinh.bdv").get(OVERVIEW)
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("exemplars", "plans", "citizens", "voters", "front"):
        assert f'id="section-{key}"' in html
    charts = json.loads(
        re.search(r'<script id="dvk-charts" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    assert charts
    for chart in charts:
        # the canvas, then the table with the same figures for people who cannot see the chart
        canvas = html.index(f'id="{chart["id"]}"')
        section, table = chart["id"].removeprefix("chart-").split("-", 1)
        assert html.index(f'data-table="{section}.{table}"') > canvas
        assert 'role="img"' in html[canvas - 200 : canvas + 400]
    # no inline script or handler: scripts come from files, the data from a JSON island
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert "/static/vendor/chartjs/chart.umd.min.js" in html and "/static/stats/dashboard.js" in html


def test_an_officer_gets_their_own_dashboard_not_the_overview(client_for):
    client = client_for("xa.a")
    assert client.get(OVERVIEW).status_code == 403
    response = client.get(MINE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Việc đến hạn của tôi" in html and "Đảng ủy xã Thịnh Minh" in html


def test_filters_are_kept_in_the_url_and_bad_ones_explained(client_for):
    client = client_for("tinh.bdv")
    year = timezone.localdate().year
    html = client.get(OVERVIEW, {"period": f"{year}-Q1", "field": "kinh-te"}).content.decode()
    assert f'<option value="{year}-Q1" selected>' in html
    assert '<option value="kinh-te" selected>' in html
    custom = client.get(OVERVIEW, {"period": f"{year}0115-{year}0214"}).content.decode()
    assert f"Từ 15/01/{year} đến 14/02/{year}" in custom
    for bad in ({"period": "2026-Q9"}, {"period": "\x00"}, {"unit": "abc"}, {"field": "x" * 500}):
        response = client.get(OVERVIEW, bad)
        assert response.status_code == 200, bad
    assert "không phải là một kỳ báo cáo" in client.get(OVERVIEW, {"period": "2026-Q9"}).content.decode()


def test_a_body_out_of_scope_is_a_404(client_for):
    sibling = Organisation.objects.get(code="PT-DU-04897")
    assert client_for("xa.b").get(MINE, {"unit": sibling.pk}).status_code == 404
    assert client_for("tinh.bdv").get(OVERVIEW, {"unit": sibling.pk}).status_code == 200
    assert client_for("tinh.bdv").get(OVERVIEW, {"unit": 10**9}).status_code == 404


def test_the_unit_filter_counts_that_body_only(client_for, persona):
    client = client_for("tinh.bdv")
    body = Organisation.objects.get(code="PT-DU-04897")
    other = Organisation.objects.get(code="PT-DU-05089")
    before = figure(client.get(OVERVIEW, {"unit": body.pk}).content.decode(), "exemplars.registered")
    before_other = figure(client.get(OVERVIEW, {"unit": other.pk}).content.decode(), "exemplars.registered")
    register_some(persona, 2)
    after = figure(client.get(OVERVIEW, {"unit": body.pk}).content.decode(), "exemplars.registered")
    assert int(after.replace(".", "")) == int(before.replace(".", "")) + 2
    assert (
        figure(client.get(OVERVIEW, {"unit": other.pk}).content.decode(), "exemplars.registered")
        == before_other
    )


def test_every_drill_down_link_opens_its_list(client_for):
    client = client_for("tinh.bdv")
    html = client.get(OVERVIEW).content.decode()
    start = html.index('id="section-exemplars"')
    links = set(re.findall(r'href="([^"]+)"', html[start:]))
    links = {link.replace("&amp;", "&") for link in links if not link.startswith(("#", "/static/"))}
    assert len(links) >= 5
    for link in sorted(links):
        resolve(urlsplit(link).path)
        assert client.get(link).status_code == 200, link


@pytest.mark.parametrize("url,user", [(OVERVIEW, "tinh.bdv"), (MINE, "xa.a")])
def test_queries_do_not_grow_with_the_data(url, user, client_for, persona):
    client = client_for(user)
    client.get(url)  # warm per-process caches
    with CaptureQueriesContext(connection) as first:
        assert client.get(url).status_code == 200
    register_some(persona, 6)
    register_some(persona, 4, "PT-DU-05089")
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).status_code == 200
    assert len(second) == len(first), [q["sql"][:120] for q in second.captured_queries]
