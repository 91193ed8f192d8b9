"""The critique's comments a page at a time (dvk.front.comment_pages) and the double-submit keys of
comments: the table of acceptance and explanation and the critique page show 50 comments, filtered
by article and by answer, with row numbers of the whole table; bad parameters are ignored; queries
do not grow with the comments; the API table holds exactly what the schema-validated comment list
holds; a public comment or an API comment posted twice (form token, Idempotency-Key) is one
comment."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dvk.core.forms import FORM_TOKEN
from dvk.front import services
from dvk.front.api import CommentOut
from dvk.front.comment_pages import article_key
from dvk.front.models import Comment, Critique, DraftUnit
from dvk.front.services.comments import public_token

ROW = re.compile(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td>")


def _open_critique() -> Critique:
    return Critique.objects.get(stage="collecting", public_comments=True)


def _add(persona, critique: Critique, n: int, *, answer_every: int = 0) -> list[Comment]:
    """n expert comments spread over the first units of the draft (articles and clauses), in the
    order the table shows them; every `answer_every`-th one answered by the drafting body."""
    mttq, drafter = persona("mttq.tinh"), persona("duthao.so")
    units = list(DraftUnit.objects.filter(version__critique=critique).order_by("order")[:6])
    made = []
    for i in range(n):
        made.append(
            services.add_comment(
                by=mttq,
                critique=critique,
                text=f"Góp ý kiểm thử số {i}",
                unit_id=units[i % len(units)].pk,
                source="expert",
                author_name=f"Chuyên gia {i}",
            )
        )
    if answer_every:
        Critique.objects.filter(pk=critique.pk).update(stage="sent")
        critique.refresh_from_db()
        for c in made[::answer_every]:
            services.answer_comment(by=drafter, comment=c, answer="accepted", explanation="")
    return made


def _table_order(critique: Critique) -> list[int]:
    return list(
        critique.comments.filter(moderation="approved").order_by("order", "id").values_list("pk", flat=True)
    )


def _rows(html: str) -> list[tuple[int, str, str]]:
    return [(int(n), unit, text) for n, unit, text in ROW.findall(html)]


def test_the_table_pages_by_50_with_the_numbers_of_the_whole_table(client_for, persona):
    critique = _open_critique()
    _add(persona, critique, 61)
    order = _table_order(critique)
    texts = dict(Comment.objects.filter(pk__in=order).values_list("pk", "text"))
    client = client_for("duthao.so")
    url = f"/mat-tran/phan-bien/{critique.pk}/bang-tiep-thu/"
    first = client.get(url)
    html = first.content.decode()
    rows = _rows(html)
    assert first.status_code == 200 and len(rows) == 50
    assert [n for n, _u, _t in rows] == list(range(1, 51))
    assert [t for _n, _u, t in rows] == [texts[pk] for pk in order[:50]]
    assert f"1–50 / {len(order)}" in html and 'rel="next"' in html
    # the whole table stays one file
    assert f"/mat-tran/phan-bien/{critique.pk}/bang-tiep-thu.docx" in html
    second = _rows(client.get(url + "?page=2").content.decode())
    assert [n for n, _u, _t in second] == list(range(51, len(order) + 1))
    assert [t for _n, _u, t in second] == [texts[pk] for pk in order[50:]]


def test_the_table_filters_by_article_and_answer_keeping_the_official_row_numbers(client_for, persona):
    critique = _open_critique()
    _add(persona, critique, 30, answer_every=3)
    order = _table_order(critique)
    number = {pk: i + 1 for i, pk in enumerate(order)}
    client = client_for("mttq.tinh")
    url = f"/mat-tran/phan-bien/{critique.pk}/bang-tiep-thu/"
    article = DraftUnit.objects.filter(version__critique=critique, kind="article").order_by("order").first()
    assert article is not None
    on_article = [
        c
        for c in Comment.objects.filter(pk__in=order).select_related("unit")
        if c.unit and (c.unit.key == article.key or c.unit.key.startswith(article.key + "/"))
    ]
    assert on_article, "the helper comments on the first article and its clauses"
    response = client.get(url, {"unit": article.key})
    rows = _rows(response.content.decode())
    assert sorted(n for n, _u, _t in rows) == sorted(number[c.pk] for c in on_article)
    assert all(u.startswith(article.label) for _n, u, _t in rows)
    # the dropdown offers the article with its count
    assert f'value="{article.key}" selected' in response.content.decode()

    unanswered = [pk for pk in order if not Comment.objects.get(pk=pk).answer]
    rows = _rows(client.get(url, {"answer": "none"}).content.decode())
    assert [n for n, _u, _t in rows] == [number[pk] for pk in unanswered]
    accepted = [pk for pk in order if Comment.objects.get(pk=pk).answer == "accepted"]
    rows = _rows(client.get(url, {"answer": "accepted", "unit": article.key}).content.decode())
    assert [n for n, _u, _t in rows] == [number[pk] for pk in accepted if pk in {c.pk for c in on_article}]


@pytest.mark.parametrize(
    "params",
    [
        {"unit": "khong-co"},
        {"answer": "maybe"},
        {"page": "abc"},
        {"page": "-3"},
        {"page": "99999999999999999999"},
        {"unit": "x" * 5000},
        {"unit": "d1' OR 1=1 --"},
    ],
)
def test_bad_table_and_page_parameters_are_ignored(client_for, persona, params):
    critique = _open_critique()
    _add(persona, critique, 3)
    for path in ("bang-tiep-thu/", ""):
        response = client_for("mttq.tinh").get(f"/mat-tran/phan-bien/{critique.pk}/{path}", params)
        assert response.status_code == 200, (path, params)


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path",
    [
        "bang-tiep-thu/",
        "bang-tiep-thu/?unit={article}&answer=accepted",
        "bang-tiep-thu/?page=2",
        "",
        "?answer=none&page=2",
    ],
)
def test_paged_comments_cost_the_same_queries_with_few_and_many_comments(client_for, persona, path):
    critique = _open_critique()
    client = client_for("mttq.tinh")
    made = _add(persona, critique, 52 if "page=2" in path else 1, answer_every=2)  # every page has rows
    assert made[0].unit is not None
    url = f"/mat-tran/phan-bien/{critique.pk}/{path}".replace("{article}", article_key(made[0].unit.key))
    few = _queries(client, url)
    Critique.objects.filter(pk=critique.pk).update(stage="collecting")
    critique.refresh_from_db()
    _add(persona, critique, 60, answer_every=2)
    many = _queries(client, url)
    assert many == few, (url, few, many)


def test_the_critique_page_shows_one_page_of_comments_under_their_articles(client_for, persona):
    critique = _open_critique()
    made = _add(persona, critique, 55)
    client = client_for("mttq.tinh")
    html = client.get(f"/mat-tran/phan-bien/{critique.pk}/").content.decode()
    shown = set(map(int, re.findall(r'id="comment-(\d+)"', html)))
    visible = list(critique.comments.order_by("order", "id").values_list("pk", flat=True))
    assert shown == set(visible[:50]) and 'rel="next"' in html
    page_2 = client.get(f"/mat-tran/phan-bien/{critique.pk}/?page=2").content.decode()
    assert set(map(int, re.findall(r'id="comment-(\d+)"', page_2))) == set(visible[50:])
    # an article's badge counts its comments (with its clauses) and links to them
    key = next(
        article_key(c.unit.key) for c in made if c.unit is not None and c.unit.kind in ("article", "clause")
    )
    only = client.get(f"/mat-tran/phan-bien/{critique.pk}/", {"unit": key}).content.decode()
    ids = set(map(int, re.findall(r'id="comment-(\d+)"', only)))
    expected = {
        c.pk for c in critique.comments.select_related("unit") if c.unit and c.unit.key.split("/")[0] == key
    }
    assert ids == expected and f'href="?unit={key}#comments"' in html


def test_the_api_table_is_the_comment_list_and_fits_its_schema(api_for, persona):
    critique = _open_critique()
    made = _add(persona, critique, 12, answer_every=4)
    unit = DraftUnit.objects.filter(version__critique=critique, kind="article").first()
    assert unit is not None
    unit.changed_by.add(made[0], made[4])  # "changed in" links, as version 2 records them
    client = api_for("duthao.so")  # not a moderator: both lists hold the shown comments only
    table = client.get(f"/api/v1/front/critiques/{critique.pk}/table")
    assert table.status_code == 200 and table["Content-Type"].startswith("application/json")
    rows = table.json()
    # the paged comment list serialises model instances one by one (_comment_out): the same rows
    assert rows == client.get(f"/api/v1/front/critiques/{critique.pk}/comments?limit=100").json()["items"]
    assert [r["id"] for r in rows] == _table_order(critique)
    assert {r["id"]: r["changed_units"] for r in rows}[made[0].pk] == [f"{unit.label} (v1)"]
    assert [CommentOut.model_validate(r).id for r in rows] == [r["id"] for r in rows]
    assert set(rows[0]) == set(CommentOut.model_fields)


# --- double-submit keys ------------------------------------------------------------------------


def _public_post(client: Client, critique: Critique, text: str, **extra) -> None:
    response = client.post(f"/phan-bien-xa-hoi/{critique.pk}/gop-y/", {"text": text, **extra})
    assert response.status_code == 302


def test_a_public_comment_posted_twice_with_its_form_token_is_one_comment(client, db):
    critique = _open_critique()
    page = client.get(f"/phan-bien-xa-hoi/{critique.pk}/").content.decode()
    token = re.search(rf'name="{FORM_TOKEN}" value="([^"]+)"', page)
    assert token, "the public form carries its one-time token"
    for _ in range(2):
        _public_post(client, critique, "Ý kiến gửi hai lần", **{FORM_TOKEN: token.group(1)})
    assert Comment.objects.filter(critique=critique, text="Ý kiến gửi hai lần").count() == 1
    # another token (another form) is another comment
    _public_post(client, critique, "Ý kiến gửi hai lần", **{FORM_TOKEN: "another-token"})
    assert Comment.objects.filter(critique=critique, text="Ý kiến gửi hai lần").count() == 2


def test_a_public_comment_retried_with_an_idempotency_key_is_one_comment(client, db):
    critique = _open_critique()
    for _ in range(3):
        response = client.post(
            f"/phan-bien-xa-hoi/{critique.pk}/gop-y/",
            {"text": "Ý kiến gửi lại"},
            headers={"Idempotency-Key": "key-123"},
        )
        assert response.status_code == 302
    comments = Comment.objects.filter(critique=critique, text="Ý kiến gửi lại")
    assert comments.count() == 1
    assert comments.get().moderation == "pending" and comments.get().form_token != "key-123"  # stored hashed


def test_a_public_token_never_returns_a_comment_on_another_draft(persona):
    critique = _open_critique()
    first = services.submit_public_comment(critique=critique, text="Một", token="same")
    assert services.submit_public_comment(critique=critique, text="Một lần nữa", token="same") == first
    other = Critique.objects.exclude(pk=critique.pk).first()
    assert other is not None
    assert public_token(other, "same") != first.form_token


def test_an_api_comment_retried_with_an_idempotency_key_is_one_comment(api_for):
    critique = _open_critique()
    client = api_for("mttq.tinh")
    url = f"/api/v1/front/critiques/{critique.pk}/comments"
    body = {"text": "Ý kiến qua API", "source": "expert", "author_name": "Chuyên gia A"}
    ids = []
    for _ in range(2):
        response = client.post(
            url, body, content_type="application/json", headers={"Idempotency-Key": "api-1"}
        )
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
    assert ids[0] == ids[1]
    assert Comment.objects.filter(critique=critique, text="Ý kiến qua API").count() == 1
    other = client.post(
        url, {**body, "text": "Khác"}, content_type="application/json", headers={"Idempotency-Key": "api-1"}
    )
    assert other.status_code == 422  # the same key with another body is refused, never replayed
    assert client.post(url, body, content_type="application/json").status_code == 201  # no key: a new one
    assert Comment.objects.filter(critique=critique, text="Ý kiến qua API").count() == 2
