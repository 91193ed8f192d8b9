"""The public showcase at scale: the commune map counts the released models from an index-only
query (exemplar_showcase), the page runs the same queries whatever the number of models, and the
public sees only what is released (recognised; an individual only with consent)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dvk.exemplars.factories import ExemplarFactory
from dvk.exemplars.models import Cycle, Exemplar, FieldOfWork, Kind, Replication
from dvk.exemplars.selectors import unit_and_predecessors
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import AdministrativeUnit, Organisation

pytestmark = pytest.mark.django_db


def _commune_bodies(n: int) -> list[Organisation]:
    """Current bodies of `n` different current communes."""
    communes = AdministrativeUnit.objects.current().filter(level="commune", parent__isnull=False)
    bodies: dict[int, Organisation] = {}
    for body in Organisation.objects.current().filter(unit__in=communes).order_by("path"):
        bodies.setdefault(body.unit_id, body)
        if len(bodies) == n:
            break
    assert len(bodies) == n, "the demo province has enough communes with bodies"
    return list(bodies.values())


def _model(body: Organisation, stage: str = Stage.RECOGNISED, **kwargs) -> Exemplar:
    return ExemplarFactory(
        organisation=body,
        stage=stage,
        field=FieldOfWork.objects.filter(parent__isnull=True).first(),
        cycle=Cycle.objects.first(),
        **kwargs,
    )


def _tiles(url: str = "/dien-hinh/") -> dict[str, dict]:
    response = Client().get(url)
    assert response.status_code == 200
    return {t["label"]: t for m in response.context["maps"] for t in m["tiles"]}


def _queries(url: str) -> int:
    client = Client()
    client.get(url)  # warm: the first request may fill per-process caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/dien-hinh/", "/dien-hinh/?kind=collective&page=2"])
def test_the_query_count_is_the_same_at_two_data_sizes(url):
    before = _queries(url)
    bodies = _commune_bodies(12)
    for i, body in enumerate(bodies):
        for j in range(5):
            model = _model(body, outstanding=j == 0)
            Replication.objects.create(
                exemplar=model, organisation=bodies[(i + j + 1) % len(bodies)], started_on=dt.date(2025, 3, 1)
            )
    _model(bodies[0], kind=Kind.INDIVIDUAL, consent_public=True, person_name="Nguyễn Văn A")
    assert Exemplar.objects.public().count() >= 61
    assert _queries(url) == before


def test_the_public_sees_only_released_models_in_the_list_the_map_and_the_detail():
    body, other = _commune_bodies(2)
    label = body.unit.name
    start = _tiles()
    before, before_other = start[label], start[other.unit.name]
    hidden = [
        _model(body, kind=Kind.INDIVIDUAL, consent_public=False, person_name="Trần Thị Kín"),
        _model(body, stage=Stage.DRAFT),
        _model(body, stage=Stage.NOMINATED),
        _model(body, stage=Stage.SUSPENDED),
    ]
    for model in hidden:  # a replication of a model the public does not see is not counted either
        Replication.objects.create(exemplar=model, organisation=other, started_on=dt.date(2025, 3, 1))
    after_hidden = _tiles()
    assert after_hidden[label]["count"] == before["count"]
    assert after_hidden[other.unit.name]["replications"] == before_other["replications"]
    shown = [  # outstanding: listed first, on the tile's first page
        _model(body, outstanding=True),
        _model(
            body, kind=Kind.INDIVIDUAL, consent_public=True, person_name="Lê Văn Đồng Ý", outstanding=True
        ),
    ]
    Replication.objects.create(exemplar=shown[0], organisation=other, started_on=dt.date(2025, 3, 1))
    after = _tiles()
    assert after[label]["count"] == before["count"] + 2
    assert after[other.unit.name]["replications"] == before_other["replications"] + 1

    listed = Client().get(after[label]["url"])
    pks = {e.pk for e in listed.context["page"]}
    assert {m.pk for m in shown} <= pks and not pks & {m.pk for m in hidden}
    html = listed.content.decode()
    assert "Trần Thị Kín" not in html and "Lê Văn Đồng Ý" in html
    for model in hidden:
        assert Client().get(f"/dien-hinh/{model.pk}/").status_code == 404
    assert Client().get(f"/dien-hinh/{shown[1].pk}/").status_code == 200


@pytest.mark.parametrize("query", ["", "?kind=individual", "?level=xa&outstanding=1"])
def test_each_tile_counts_what_the_public_queryset_holds_for_its_commune(query):
    body = _commune_bodies(1)[0]
    _model(body, kind=Kind.INDIVIDUAL, consent_public=True, person_name="Phạm Văn B", outstanding=True)
    _model(body, kind=Kind.INDIVIDUAL, consent_public=False, person_name="Phạm Văn C", outstanding=True)
    response = Client().get("/dien-hinh/" + query)
    filters = response.context["filters"]
    assert response.context["maps"]
    for m in response.context["maps"]:
        communes = {
            u.name: u.pk
            for u in AdministrativeUnit.objects.current().filter(parent=m["province"], level="commune")
        }
        for tile in m["tiles"]:
            public = Exemplar.objects.public().filter(
                organisation__unit_id__in=unit_and_predecessors(communes[tile["label"]])
            )
            if filters.kind:
                public = public.filter(kind=filters.kind)
            if filters.level:
                public = public.filter(level=filters.level)
            if filters.outstanding:
                public = public.filter(outstanding=True)
            assert tile["count"] == public.count(), tile["label"]


def test_the_map_coordinates_are_not_localised_and_the_tooltips_are_translated():
    html = Client().get("/dien-hinh/").content.decode()  # Vietnamese: a decimal comma
    assert re.search(r'<text x="\d+(\.\d+)?" y="\d+(\.\d+)?"', html)
    assert not re.search(r' (x|y|cx|cy)="\d+,\d+"', html)
    assert re.search(r"<title>[^<]+: \d+ mô hình được công nhận, nhân rộng ở \d+ nơi</title>", html)


def test_with_several_provinces_the_page_lists_them_and_draws_the_one_chosen():
    """A country on one platform: no wall of every province's tiles, but the provinces with their
    numbers of models, each a link to its own map (the filters kept)."""
    ours = _commune_bodies(1)[0]
    _model(ours)
    unit = AdministrativeUnit.objects.create(code="97", name="Tỉnh Kiểm Thử", level="province")
    commune = AdministrativeUnit.objects.create(
        code="97001", name="Xã Thử Nghiệm", level="commune", parent=unit
    )
    body = Organisation.objects.create(
        name="Đảng ủy xã Thử Nghiệm", kind=Organisation.Kind.PARTY_COMMITTEE, unit=commune
    )
    _model(body)
    _model(body)
    response = Client().get("/dien-hinh/?kind=collective")
    assert response.status_code == 200 and response.context["maps"] == []
    listed = {p["name"]: p for p in response.context["map_provinces"]}
    assert listed["Tỉnh Kiểm Thử"]["models"] == 2
    assert listed[ours.unit.parent.name]["models"] >= 1
    assert "kind=collective" in listed["Tỉnh Kiểm Thử"]["url"]
    chosen = Client().get(listed["Tỉnh Kiểm Thử"]["url"])
    maps = chosen.context["maps"]
    assert [m["province"].name for m in maps] == ["Tỉnh Kiểm Thử"]
    assert [(t["label"], t["count"]) for t in maps[0]["tiles"]] == [("Xã Thử Nghiệm", 2)]
    assert 'aria-current="page"' in chosen.content.decode()
    for odd in ("abc", "99999999999999999999", str(commune.pk)):  # never a map of something else, never a 500
        answer = Client().get(f"/dien-hinh/?tinh={odd}")
        assert answer.status_code == 200 and answer.context["maps"] == []
