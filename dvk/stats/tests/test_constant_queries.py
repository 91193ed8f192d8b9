"""The dashboards cost the same number of queries with a little data as with more (the "by unit"
tables, empty or full, and the bodies closed by reorganisations resolved in one query), and the
successor of a body closed twice is the body that carries it on today."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dvk.organisations.models import Organisation, OrganisationSuccession
from dvk.stats import counters
from dvk.stats.tests.test_dashboards import MINE, OVERVIEW, register_some

PT_COMMUNE = "PT-DU-04897"


def _queries(client, url: str, params: dict) -> int:
    client.get(url, params)  # the first request fills the per-process caches (sessions, labels)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_due_from_me_and_the_overview_cost_the_same_queries_at_two_data_sizes(client_for, persona):
    district = Organisation.objects.get(code=PT_COMMUNE).parent  # the province: its communes below
    assert district is not None and district.children.count() > 1
    client = client_for("tinh.bdv")
    pages = [(MINE, {"unit": district.pk}), (MINE, {}), (OVERVIEW, {}), (OVERVIEW, {"unit": district.pk})]
    before = [_queries(client, url, params) for url, params in pages]
    officer = client_for("xa.a")
    before_officer = _queries(officer, MINE, {})
    # more data this month, in two communes: the "by unit" tables get rows of their own
    register_some(persona, 3)
    register_some(persona, 2, "PT-DU-05089")
    after = [_queries(client, url, params) for url, params in pages]
    assert after == before
    assert _queries(officer, MINE, {}) == before_officer


def _closed(body: Organisation, on: dt.date) -> Organisation:
    body.valid_to = on
    body.save(update_fields=["valid_to"])
    return body


def test_a_body_closed_twice_is_carried_on_by_the_last_successor(persona):
    link = OrganisationSuccession.objects.select_related("reorganisation").first()
    assert link is not None, "the demo province has a reorganisation"
    a, b, c = Organisation.objects.filter(valid_to__isnull=True, depth=3).order_by("path")[:3]
    on = dt.date(2024, 12, 31)
    _closed(a, on)
    _closed(b, on)
    OrganisationSuccession.objects.create(old=a, new=b, reorganisation=link.reorganisation)
    OrganisationSuccession.objects.create(old=b, new=c, reorganisation=link.reorganisation)
    with CaptureQueriesContext(connection) as captured:
        found = counters.successors([a.path, b.path, c.path, "9999"])
    assert len(captured.captured_queries) == 1
    assert {p: o.pk for p, o in found.items()} == {a.path: c.pk, b.path: c.pk, c.path: c.pk}
    assert found[a.path].name == c.name and found[a.path].valid_to is None
    # a secondary successor is followed only when there is no primary one
    d = Organisation.objects.filter(valid_to__isnull=True, depth=3).exclude(pk=c.pk).order_by("-path")[0]
    OrganisationSuccession.objects.create(old=a, new=d, reorganisation=link.reorganisation, is_primary=False)
    assert counters.successors([a.path])[a.path].pk == c.pk
    merged = counters.merge_under_successors({a.path: {"x": 2}, b.path: {"x": 1}, c.path: {"x": 4}})
    assert [(body.pk, counts) for body, counts in merged] == [(c.pk, {"x": 7})]
    with CaptureQueriesContext(connection) as captured:
        assert counters.successors([]) == {}
    assert len(captured.captured_queries) == 1  # the same cost as with rows: constant queries


def test_the_history_of_two_reorganisations_is_read_in_one_query(persona):
    link = OrganisationSuccession.objects.select_related("reorganisation").first()
    assert link is not None
    district = Organisation.objects.get(code=PT_COMMUNE).parent
    a, b = Organisation.objects.filter(valid_to__isnull=True, depth=3).exclude(parent=district)[:2]
    child = Organisation.objects.get(code=PT_COMMUNE)
    # b was merged into a commune of the district, and a into b before that: both are its history
    OrganisationSuccession.objects.create(old=b, new=child, reorganisation=link.reorganisation)
    OrganisationSuccession.objects.create(old=a, new=b, reorganisation=link.reorganisation)
    with CaptureQueriesContext(connection) as captured:
        found = counters.lineages([district.path, child.path, a.path])
    assert len(captured.captured_queries) == 1
    assert {a.path, b.path} <= found[district.path] and district.path in found[district.path]
    assert {a.path, b.path} <= found[child.path] and found[a.path] >= {a.path}
    assert b.path not in found[a.path]  # history runs backwards only
    assert counters.lineage(child.path) == found[child.path]
    prefixes = counters.subtree_prefixes(child)
    assert {child.path, a.path, b.path} <= set(prefixes)  # with its own earlier history
