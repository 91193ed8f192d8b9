"""The released statistics page: anonymous, only what is already public, each chart with its table."""

from __future__ import annotations

import datetime as dt
import re

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dvk.exemplars.factories import ExemplarFactory
from dvk.exemplars.models import Cycle, Exemplar, FieldOfWork, Kind
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation

URL = "/so-lieu/"


def page(client: Client) -> str:
    cache.clear()  # the figures are cached for ten minutes; each check reads them afresh
    return client.get(URL).content.decode()


def shown(html: str, key: str) -> int:
    m = re.search(rf'data-figure="{re.escape(key)}">(.*?)</div>', html, re.S)
    assert m, key
    return int(re.sub(r"<[^>]+>|\.", "", m.group(1)).strip() or 0)


def make(persona, stage: str, **fields) -> Exemplar:
    return ExemplarFactory(
        stage=stage,
        organisation=Organisation.objects.get(code="PT-DU-04897"),
        cycle=Cycle.current(),
        field=FieldOfWork.objects.get(code="kinh-te"),
        started_on=timezone.localdate() - dt.timedelta(days=800),
        created_by=persona("xa.a"),
        **fields,
    )


def test_only_released_figures_are_counted(persona):
    client = Client()
    before = shown(page(client), "exemplars.recognised_public")
    for stage in (Stage.DRAFT, Stage.REGISTERED, Stage.UNDER_REVIEW, Stage.NOT_RECOGNISED, Stage.SUSPENDED):
        make(persona, stage)
    make(persona, Stage.RECOGNISED, kind=Kind.INDIVIDUAL, person_name="Bùi Thị Thử", consent_public=False)
    assert shown(page(client), "exemplars.recognised_public") == before
    make(persona, Stage.RECOGNISED)
    make(persona, Stage.RECOGNISED, kind=Kind.INDIVIDUAL, person_name="Bùi Văn Đồng Ý", consent_public=True)
    html = page(client)
    assert shown(html, "exemplars.recognised_public") == before + 2
    assert shown(html, "exemplars.recognised_public") == Exemplar.objects.public().count()
    # nothing of the staff side: no citizens' cases, no plans
    assert 'id="section-citizens"' not in html and 'id="section-plans"' not in html


def test_each_chart_has_its_table_and_no_inline_script(db):
    html = Client().get(URL).content.decode()
    assert 'data-table="exemplars.public_by_field"' in html
    assert html.index('id="chart-exemplars-public_by_field"') < html.index(
        'data-table="exemplars.public_by_field"'
    )
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_drill_down_links_open_and_queries_stay_constant(persona):
    client = Client()
    html = page(client)
    main = html[html.index('id="section-exemplars"') :]
    for link in set(re.findall(r'href="(/[^"]+)"', main)):
        if link.startswith("/static/"):
            continue
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        client.get(URL)
    for _ in range(5):
        make(persona, Stage.RECOGNISED)
    cache.clear()
    with CaptureQueriesContext(connection) as second:
        client.get(URL)
    assert len(second) == len(first)
    with CaptureQueriesContext(connection) as cached:
        client.get(URL)
    assert len(cached) < len(first)  # the figures come from the cache
