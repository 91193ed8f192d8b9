"""The public critique pages a page of comments at a time (issue 13): the page of a draft open to
public comment and the published table of acceptance and explanation show 50 shown (moderated)
comments, by article, with "1–50 / N" and page links; page 2 holds the rows page 1 did not; a
comment awaiting moderation or rejected is never shown; the queries of a page are the same with 3
comments and with 80."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dvk.front import services
from dvk.front.comment_pages import article_key
from dvk.front.models import Comment, Critique, DraftUnit

ROW = re.compile(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td>")
SHOWN = re.compile(r'<div class="small border-start ps-2[^"]*public-comment">[^<:]*: ([^<]*)</div>')


def _open_critique() -> Critique:
    critique = Critique.objects.get(stage="collecting", public_comments=True)
    assert critique.window_open(timezone.localdate())
    return critique


def _published() -> Critique:
    return Critique.objects.get(stage="published")


def _units(critique: Critique) -> list[DraftUnit]:
    version = critique.versions.order_by("-number").first()
    assert version is not None
    return list(version.units.order_by("order")[:6])


def _add_open(persona, critique: Critique, n: int, prefix: str = "Góp ý") -> list[Comment]:
    """n comments the Front records on the open draft (shown at once), over its first units."""
    units = _units(critique)
    return [
        services.add_comment(
            by=persona("mttq.tinh"),
            critique=critique,
            text=f"{prefix} {i}",
            unit_id=units[i % len(units)].pk,
            source="expert",
            author_name=f"Chuyên gia {i}",
        )
        for i in range(n)
    ]


def _add_published(critique: Critique, n: int, *, moderation: str = "approved", prefix: str = "Ý kiến"):
    """n answered comments on the published table (as they were when it was published)."""
    units = _units(critique)
    now = timezone.now()
    for i in range(n):
        unit = units[i % len(units)]
        Comment.objects.create(
            critique=critique,
            version=unit.version,
            unit=unit,
            source="expert",
            author_name=f"Chuyên gia {i}",
            text=f"{prefix} {i}",
            moderation=moderation,
            answer="accepted",
            explanation="Đã tiếp thu.",
            answered_at=now,
            order=unit.order,
        )


def _table_order(critique: Critique) -> list[int]:
    return list(
        critique.comments.filter(moderation="approved").order_by("order", "id").values_list("pk", flat=True)
    )


def _queries(client: Client, url: str) -> int:
    """The queries of a warm request; every read of comment rows is one page (a LIMIT), the others
    are the tallies (an aggregate)."""
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    for q in ctx.captured_queries:
        sql = q["sql"]
        if sql.startswith('SELECT "front_comment"."id"'):  # comment rows, not the tallies
            assert re.search(r"LIMIT \d+", sql), sql
    return len(ctx.captured_queries)


def _table_url(critique: Critique) -> str:
    return f"/phan-bien-xa-hoi/{critique.pk}/bang-tiep-thu/"


def test_the_public_table_pages_by_50_with_the_numbers_of_the_whole_table(client, db):
    critique = _published()
    _add_published(critique, 70)
    _add_published(critique, 4, moderation="rejected", prefix="Bị từ chối")
    _add_published(critique, 4, moderation="pending", prefix="Chờ duyệt")
    order = _table_order(critique)
    texts = dict(Comment.objects.filter(pk__in=order).values_list("pk", "text"))
    first = client.get(_table_url(critique)).content.decode()
    rows = ROW.findall(first)
    assert [int(n) for n, _u, _t in rows] == list(range(1, 51))
    assert [t for _n, _u, t in rows] == [texts[pk] for pk in order[:50]]
    assert f"1–50 / {len(order)}" in first and 'rel="next"' in first and "?page=2" in first
    second = client.get(_table_url(critique), {"page": "2"}).content.decode()
    rows_2 = ROW.findall(second)
    assert [int(n) for n, _u, _t in rows_2] == list(range(51, len(order) + 1))
    assert [t for _n, _u, t in rows_2] == [texts[pk] for pk in order[50:]]
    assert not {t for _n, _u, t in rows} & {t for _n, _u, t in rows_2}
    assert f"51–{len(order)} / {len(order)}" in second and 'rel="prev"' in second
    for html in (first, second):
        assert "Bị từ chối" not in html and "Chờ duyệt" not in html  # shown comments only


def test_the_public_table_filters_by_article_keeping_the_row_numbers(client, db):
    critique = _published()
    _add_published(critique, 30)
    order = _table_order(critique)
    number = {pk: i + 1 for i, pk in enumerate(order)}
    comments = Comment.objects.filter(pk__in=order).select_related("unit")
    key = article_key(next(c.unit.key for c in comments if c.unit is not None))
    on_article = [c.pk for c in comments if article_key(c.unit.key if c.unit else None) == key]
    html = client.get(_table_url(critique), {"unit": key}).content.decode()
    assert [int(n) for n, _u, _t in ROW.findall(html)] == sorted(number[pk] for pk in on_article)
    assert f'value="{key}" selected' in html and f"1–{len(on_article)} / {len(on_article)}" in html


@pytest.mark.parametrize("query", ["", "?unit={article}", "?answer=accepted"])
def test_the_public_table_costs_the_same_queries_with_3_and_80_comments(client, db, query):
    critique = _published()
    _add_published(critique, 3)
    key = article_key(_units(critique)[0].key)
    url = _table_url(critique) + query.replace("{article}", key)
    few = _queries(client, url)
    _add_published(critique, 77)
    many = _queries(client, url)
    assert many == few, (url, few, many)
    assert few <= 6


def test_the_public_table_page_2_costs_what_page_1_costs(client, db):
    critique = _published()
    _add_published(critique, 60)
    page_1 = _queries(client, _table_url(critique))
    assert _queries(client, _table_url(critique) + "?page=2") == page_1


def test_a_published_critique_page_links_to_its_table_without_reading_the_comments(client, db):
    critique = _published()
    _add_published(critique, 3)
    few = _queries(client, f"/phan-bien-xa-hoi/{critique.pk}/")
    _add_published(critique, 77)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/phan-bien-xa-hoi/{critique.pk}/")
    assert len(ctx.captured_queries) == few
    assert not any("front_comment" in q["sql"] for q in ctx.captured_queries)
    assert _table_url(critique) in response.content.decode()


def test_the_open_draft_shows_one_page_of_shown_comments_under_their_articles(client, persona):
    critique = _open_critique()
    _add_open(persona, critique, 55)
    Comment.objects.create(  # a visitor's comment awaiting moderation is not shown
        critique=critique,
        version=critique.versions.order_by("-number").first(),
        source="public",
        author_name="Khách",
        text="Chưa duyệt",
        moderation="pending",
    )
    url = f"/phan-bien-xa-hoi/{critique.pk}/"
    order = _table_order(critique)
    texts = dict(Comment.objects.filter(pk__in=order).values_list("pk", "text"))
    first = client.get(url).content.decode()
    second = client.get(url, {"page": "2"}).content.decode()
    on_1, on_2 = set(SHOWN.findall(first)), set(SHOWN.findall(second))
    assert on_1 == {texts[pk] for pk in order[:50]}
    assert on_2 == {texts[pk] for pk in order[50:]} and on_2 and not on_1 & on_2
    assert f"1–50 / {len(order)}" in first and 'rel="next"' in first
    assert "Chưa duyệt" not in first + second
    assert 'id="public-comment"' in first  # the comment form stays
    # an article's badge counts its comments (with its clauses) and links to them
    comments = Comment.objects.filter(pk__in=order).select_related("unit")
    key = article_key(next(c.unit.key for c in comments if c.unit and c.unit.kind == "article"))
    wanted = {c.text for c in comments if article_key(c.unit.key if c.unit else None) == key}
    assert f'href="?unit={key}#comments"' in first
    only = client.get(url, {"unit": key}).content.decode()
    assert set(SHOWN.findall(only)) == wanted


@pytest.mark.parametrize("query", ["", "?page=2", "?unit={article}"])
def test_the_open_draft_costs_the_same_queries_with_3_and_80_comments(client, persona, query):
    critique = _open_critique()
    _add_open(persona, critique, 53 if "page" in query else 3)  # page 2 has rows at both sizes
    key = article_key(_units(critique)[0].key)
    url = f"/phan-bien-xa-hoi/{critique.pk}/" + query.replace("{article}", key)
    few = _queries(client, url)
    _add_open(persona, critique, 77)
    many = _queries(client, url)
    assert many == few, (url, few, many)


@pytest.mark.parametrize(
    "params", [{"unit": "khong-co"}, {"answer": "maybe"}, {"page": "abc"}, {"page": "999"}]
)
def test_bad_public_page_parameters_are_ignored(client, persona, params):
    _add_open(persona, _open_critique(), 3)
    for url in (f"/phan-bien-xa-hoi/{_open_critique().pk}/", _table_url(_published())):
        assert client.get(url, params).status_code == 200, (url, params)
