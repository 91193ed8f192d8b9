"""Lists, the critique page and its table cost the same number of queries with 1 row and with many."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dvk.front import services
from dvk.front.models import Critique, DraftUnit
from dvk.organisations.models import Organisation


def _queries(client, url: str) -> int:
    client.get(url)  # warm up: the first call of a token may record its use
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def _add_supervisions(persona, n: int) -> None:
    mttq = persona("mttq.tinh")
    for i in range(n):
        s = services.create_supervision(
            by=mttq,
            organisation=_org("PT-MTTQ"),
            supervised=_org("PT-SNV"),
            title=f"Giám sát số {i}",
            kind="documents",
        )
        services.act_on_supervision(
            by=mttq,
            supervision=s,
            action="record",
            findings="Kết quả.",
            recommendations=[f"Kiến nghị {i}.1", f"Kiến nghị {i}.2"],
        )


@pytest.mark.parametrize(
    "url",
    [
        "/mat-tran/giam-sat/",
        "/mat-tran/kien-nghi/",
        "/mat-tran/kien-nghi/?mine=1&open=1",
        "/api/v1/front/recommendations?limit=50",
        "/api/v1/front/supervisions?limit=50",
    ],
)
def test_supervision_lists_do_not_grow_with_rows(client_for, api_for, persona, url):
    client = api_for("so.a") if url.startswith("/api/") else client_for("so.a")
    _add_supervisions(persona, 1)
    few = _queries(client, url)
    _add_supervisions(persona, 12)
    many = _queries(client, url)
    assert many == few, (url, few, many)


def _add_comments(persona, critique: Critique, n: int) -> None:
    mttq = persona("mttq.tinh")
    units = list(DraftUnit.objects.filter(version__critique=critique).order_by("order")[:5])
    for i in range(n):
        services.add_comment(
            by=mttq,
            critique=critique,
            text=f"Góp ý {i}",
            unit_id=units[i % len(units)].pk,
            source="expert",
            author_name=f"Chuyên gia {i}",
        )


def _add_critiques(persona, n: int) -> None:
    from dvk.front.demo import DRAFT_PUBLIC

    for i in range(n):
        critique = services.request_critique(
            by=persona("duthao.so"),
            drafting_body=_org("PT-SNNMT"),
            front=_org("PT-MTTQ"),
            title=f"Dự thảo {i}",
            text=DRAFT_PUBLIC,
        )
        services.decide_critique(
            by=persona("mttq.tinh"),
            critique=critique,
            form="written",
            lead=persona("mttq.tinh"),
            window_closes=timezone.localdate() + dt.timedelta(days=5),
            invite=[_org("PT-HLHPN")],
        )


@pytest.mark.parametrize("username", ["mttq.tinh", "duthao.so", "hoiphunu.tinh"])
@pytest.mark.parametrize("url", ["/mat-tran/phan-bien/", "/api/v1/front/critiques?limit=50"])
def test_critique_lists_do_not_grow_with_rows(client_for, api_for, persona, url, username):
    client = api_for(username) if url.startswith("/api/") else client_for(username)
    _add_critiques(persona, 1)
    few = _queries(client, url)
    _add_critiques(persona, 8)
    many = _queries(client, url)
    assert many == few, (url, few, many)


@pytest.mark.parametrize("username", ["mttq.tinh", "duthao.so"])
@pytest.mark.parametrize(
    "url",
    [
        "/mat-tran/phan-bien/",
        "/mat-tran/phan-bien/{pk}/",
        "/mat-tran/phan-bien/{pk}/bang-tiep-thu/",
        "/api/v1/front/critiques/{pk}/comments?limit=100",
        "/api/v1/front/critiques/{pk}/table",
    ],
)
def test_critique_pages_do_not_grow_with_comments(client_for, api_for, persona, url, username):
    critique = Critique.objects.get(stage="collecting")
    client = api_for(username) if url.startswith("/api/") else client_for(username)
    path = url.format(pk=critique.pk)
    _add_comments(persona, critique, 1)
    few = _queries(client, path)
    _add_comments(persona, critique, 20)
    many = _queries(client, path)
    assert many == few, (path, few, many)


def test_public_table_does_not_grow_with_comments(client, db):
    critique = Critique.objects.get(stage="published")
    few = _queries(client, f"/phan-bien-xa-hoi/{critique.pk}/bang-tiep-thu/")
    assert few <= 6
