"""The public package: the showcase and verification pages keep their URLs, need no login, read
through selectors and never show a non-public record."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from dvk.exemplars.models import Decision, Exemplar
from dvk.exemplars.workflow import Stage

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "args", "path"),
    [
        ("public:showcase", [], "/dien-hinh/"),
        ("public:showcase_detail", [7], "/dien-hinh/7/"),
        ("public:verify", ["ABC123"], "/xac-minh/ABC123/"),
    ],
)
def test_the_public_urls_stay_the_same_and_live_in_dvk_public(name, args, path):
    assert reverse(name, args=args) == path
    assert resolve(path).func.__module__ == "dvk.public.views"


def test_the_showcase_shows_only_public_models_without_login():
    page = Client().get("/dien-hinh/")
    assert page.status_code == 200
    shown = {e.pk for e in page.context["page"]}
    assert shown and shown <= set(Exemplar.objects.public().values_list("pk", flat=True))


def test_a_non_public_model_is_not_found_publicly():
    hidden = Exemplar.objects.exclude(stage=Stage.RECOGNISED).first()
    assert Client().get(f"/dien-hinh/{hidden.pk}/").status_code == 404
    public = Exemplar.objects.public().first()
    assert Client().get(f"/dien-hinh/{public.pk}/").status_code == 200


def test_the_showcase_query_count_does_not_grow_with_the_page():
    client = Client()

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    assert Exemplar.objects.public().count() > 3
    assert count("/dien-hinh/?q=zzzz-khong-co") <= count("/dien-hinh/")  # sanity: both render
    first = Exemplar.objects.public().order_by("pk").first()
    assert count(f"/dien-hinh/?q={first.title[:6]}") == count("/dien-hinh/")


def test_verification_renders_the_selectors_rows_and_404s_unknown_codes():
    decision = Decision.objects.filter(exemplar__stage=Stage.RECOGNISED, exemplar__kind="collective").first()
    page = Client().get(f"/xac-minh/{decision.verification_code.lower()}/")
    assert page.status_code == 200
    html = page.content.decode()
    found = page.context["found"]
    assert found.code == decision.verification_code
    for label, value in found.rows:
        assert str(label) in html and (str(value) in html or str(value).replace("&", "&amp;") in html)
    assert decision.number in html
    assert Client().get("/xac-minh/KHONG-CO-MA/").status_code == 404


def test_the_verification_source_is_one_selector():
    from dvk.public import views

    assert callable(views.find_verification)
    assert views.find_verification("KHONG-CO-MA") is None
