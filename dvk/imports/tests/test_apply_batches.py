"""Applying a register batch-wise: the lookups once per file, one bulk insert per batch through
the domain's service, so the queries of an import do not grow with its rows; every record is still
created as the service would create it one by one (event, counters, audit row), all or nothing,
and a second import of the same file creates nothing."""

from __future__ import annotations

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dvk.audit.models import AuditEvent
from dvk.exemplars.models import Exemplar, ExemplarEvent
from dvk.imports import engine
from dvk.imports.tests.builders import Sheet, xlsx
from dvk.stats import counters
from dvk.stats.models import Counter

pytestmark = pytest.mark.django_db

HEADER = ["STT", "Tên mô hình", "Đơn vị", "Xã", "Lĩnh vực", "Thời gian bắt đầu", "Kết quả", "Ghi chú"]
BODIES = ("Đảng ủy xã Thịnh Minh", "Trường Tiểu học Thịnh Minh", "Khu dân cư xóm Hợp Thành")
FIELDS = ("Kinh tế", "Giáo dục", "Môi trường", "Xây dựng hệ thống chính trị")


def workbook(n: int, prefix: str = "Mô hình") -> bytes:
    rows = [
        [
            i + 1,
            f"{prefix} số {i + 1}",
            BODIES[i % len(BODIES)],
            "Hợp Thành" if i % 2 else "Thịnh Minh",
            FIELDS[i % len(FIELDS)],
            f"{1 + i % 28:02d}/{1 + i % 12:02d}/2025",
            f"kết quả {i}",
            "ghi chú" if i % 3 == 0 else None,
        ]
        for i in range(n)
    ]
    return xlsx(Sheet("Danh sách", [["DANH SÁCH MÔ HÌNH"], HEADER, *rows, ["Tổng cộng"]], merges=["A1:H1"]))


def apply(content: bytes, user) -> engine.Report:
    return engine.run(engine.get_spec("exemplars"), content, user=user, apply=True)


def counted(content: bytes, user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        report = apply(content, user)
    assert report.errors == [] and report.created
    return len(ctx.captured_queries)


def inserts(n: int) -> int:
    """The INSERT statements bulk_create needs for n drafts, their events and audit rows: one per
    table on PostgreSQL; SQLite caps a statement at 999 parameters, so Django splits the rows of a
    wide table into several statements (a driver limit, not a round trip per row)."""
    total = 0
    for model in (Exemplar, ExemplarEvent, AuditEvent):
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        size = min(500, connection.ops.bulk_batch_size(fields, [None] * n))
        total += math.ceil(n / size)
    return total


def test_apply_queries_do_not_grow_with_rows(persona):
    officer = persona("xa.a")
    counted(workbook(3, "Làm nóng"), officer)  # warm the caches (scope, content types, permissions)
    small = counted(workbook(10, "Mười"), officer)
    large = counted(workbook(200, "Hai trăm"), officer)
    assert small - inserts(10) == large - inserts(200), (small, large)
    if connection.vendor == "postgresql":
        assert small == large


def test_batch_creates_what_the_service_creates_one_by_one(persona):
    officer = persona("xa.a")
    counters.rebuild(["exemplars"])
    report = apply(workbook(25), officer)
    assert len(report.created) == 25
    created = Exemplar.objects.filter(pk__in=report.created).order_by("pk")
    assert [e.title for e in created] == [f"Mô hình số {i + 1}" for i in range(25)]
    first = created[0]
    assert first.stage == "draft" and first.created_by_id == officer.pk
    assert first.org_path == first.organisation.path and first.search_text  # what save() fills
    assert first.summary == "kết quả 0\nGhi chú: ghi chú"
    events = ExemplarEvent.objects.filter(exemplar__in=created, action="create")
    assert events.count() == 25 and {e.actor_id for e in events} == {officer.pk}
    audits = AuditEvent.objects.filter(
        action="exemplars.create", target_id__in=[str(p) for p in report.created]
    )
    assert audits.count() == 25
    assert {a.organisation_id for a in audits} == {e.organisation_id for e in created}
    assert AuditEvent.objects.filter(action="exemplars.create", target_id=str(first.pk)).get().changes == {
        "title": first.title
    }
    # the counters moved as the post_save receiver would have moved them: equal to a recount
    kept = {
        (c.metric, c.node_path, c.bucket, c.field): c.n for c in Counter.objects.filter(domain="exemplars")
    }
    counters.rebuild(["exemplars"])
    recount = {
        (c.metric, c.node_path, c.bucket, c.field): c.n for c in Counter.objects.filter(domain="exemplars")
    }
    assert kept == recount
    assert (
        sum(n for (m, p, _b, f), n in kept.items() if m == "create" and f == "*" and p == first.org_path) >= 9
    )


def test_a_refused_row_in_a_later_batch_rolls_back_every_batch(persona, monkeypatch):
    from django.core.exceptions import ValidationError

    from dvk.exemplars.services import registration

    officer = persona("xa.a")
    monkeypatch.setattr(engine, "BATCH_SIZE", 4)
    real = registration.validate_content

    def refuse_the_ninth(data, *, kind):
        if data.get("title") == "Nguyên tử số 9":
            raise ValidationError({"title": ["tên bị từ chối"]})
        return real(data, kind=kind)

    monkeypatch.setattr(registration, "validate_content", refuse_the_ninth)
    before = (
        Exemplar.objects.count(),
        ExemplarEvent.objects.count(),
        sorted(Counter.objects.values_list("n", flat=True)),
    )
    audits = AuditEvent.objects.filter(action="exemplars.create").count()
    with pytest.raises(engine.ImportRefused) as refused:
        apply(workbook(10, "Nguyên tử"), officer)
    # the 9th data row is row 11 of the sheet (title on 1, header on 2), in the third batch of 4
    assert "11" in str(refused.value) and "tên bị từ chối" in str(refused.value)
    after = (
        Exemplar.objects.count(),
        ExemplarEvent.objects.count(),
        sorted(Counter.objects.values_list("n", flat=True)),
    )
    assert after == before
    assert AuditEvent.objects.filter(action="exemplars.create").count() == audits


def test_reimport_creates_nothing(persona):
    officer = persona("xa.a")
    content = workbook(12, "Lặp lại")
    first = apply(content, officer)
    assert len(first.created) == 12
    again = apply(content, officer)
    assert again.created == [] and again.records == []
    assert sorted(s["row"] for s in again.skipped if s["reason"] == "already_imported") == list(range(3, 15))
    assert Exemplar.objects.filter(title__startswith="Lặp lại").count() == 12
