from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dvk.exemplars.models import Exemplar

pytestmark = pytest.mark.django_db


def _draft_of_xa_a() -> Exemplar:
    return Exemplar.objects.filter(
        organisation__code__startswith="PT-", org_path__startswith=_path("PT-DU-04897")
    )[0]


def _path(code: str) -> str:
    from dvk.organisations.models import Organisation

    return Organisation.objects.get(code=code).path


def test_history_is_loaded_into_the_detail_page_and_scoped(client_for):
    exemplar = _draft_of_xa_a()
    detail = client_for("xa.a").get(f"/mo-hinh/{exemplar.pk}/").content.decode()
    assert f'hx-get="/mo-hinh/{exemplar.pk}/lich-su/"' in detail
    history = client_for("xa.a").get(f"/mo-hinh/{exemplar.pk}/lich-su/")
    assert history.status_code == 200 and 'id="history"' in history.content.decode()
    if not Exemplar.objects.public().filter(pk=exemplar.pk).exists():
        assert client_for("xa.b").get(f"/mo-hinh/{exemplar.pk}/lich-su/").status_code == 404


def test_detail_and_history_query_counts_do_not_grow_with_rows(client_for, persona):
    import datetime as dt

    from dvk.exemplars.models import ExemplarEvent, ProgressUpdate

    recognised = Exemplar.objects.filter(stage="recognised", org_path__startswith=_path("PT-TU")).first()
    client = client_for("tinh.bdv")
    urls = [f"/mo-hinh/{recognised.pk}/", f"/mo-hinh/{recognised.pk}/lich-su/"]

    def counts() -> list[int]:
        out = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx.captured_queries))
        return out

    before = counts()
    officer = persona("tinh.bdv")
    for i in range(40):
        ExemplarEvent.objects.create(
            exemplar=recognised,
            action="note",
            from_stage="recognised",
            to_stage="recognised",
            actor=officer,
            note=f"Ghi chú {i}",
        )
        ProgressUpdate.objects.create(
            exemplar=recognised,
            reported_on=dt.date(2026, 1, 1) + dt.timedelta(days=i),
            summary=f"Cập nhật {i}",
            figures={"Hộ tham gia": i},
            created_by=officer,
        )
    assert counts() == before
