"""The Ban's monitoring figures: the one grouped pass (per body and field) sums to what a count of
the rows themselves gives — totals, per kind, per field, per body, the kéo dài list — and the
page's queries do not grow with the cases."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dvk.citizens import selectors, services
from dvk.citizens.models import Case, Field
from dvk.citizens.workflow import FINAL_STAGES, OPEN_STAGES, Kind, Stage
from dvk.organisations.scoping import scope_for


def _expected(user, since: dt.date, until: dt.date, today: dt.date) -> dict:
    """The figures counted case by case in Python (no grouping in SQL)."""
    scope = scope_for(user)
    rows = [
        c
        for c in Case.objects.select_related("organisation", "field")
        if scope.covers(c.org_path) and since <= c.received_on <= until
    ]
    is_open = lambda c: c.stage in OPEN_STAGES  # noqa: E731
    is_final = lambda c: c.stage in FINAL_STAGES  # noqa: E731
    totals = {
        "total": len(rows),
        "open": sum(is_open(c) for c in rows),
        "overdue": sum(is_open(c) and c.due_on is not None and c.due_on < today for c in rows),
        "finished": sum(is_final(c) for c in rows),
        "late_finished": sum(is_final(c) and c.finished_late for c in rows),
        "crowd": sum(c.crowd for c in rows),
        "prolonged": sum(c.prolonged for c in rows),
        "complex": sum(c.complex for c in rows),
    }
    totals["on_time"] = totals["finished"] - totals["late_finished"]
    kinds: dict[str, int] = {}
    fields: dict[str | None, int] = {}
    bodies: dict[int, dict[str, int]] = {}
    for c in rows:
        kinds[c.kind] = kinds.get(c.kind, 0) + 1
        name = c.field.name if c.field_id else None
        fields[name] = fields.get(name, 0) + 1
        b = bodies.setdefault(
            c.organisation_id,
            {
                "organisation__name": c.organisation.name,
                "n": 0,
                "open": 0,
                "overdue": 0,
                "crowd": 0,
                "prolonged": 0,
            },
        )
        b["n"] += 1
        b["open"] += is_open(c)
        b["overdue"] += is_open(c) and c.due_on is not None and c.due_on < today
        b["crowd"] += c.crowd
        b["prolonged"] += c.prolonged
    prolonged = sorted((c for c in rows if c.prolonged), key=lambda c: (c.due_on or dt.date.max, c.pk))[:20]
    return {
        "totals": totals,
        "by_kind": sorted(kinds.items()),
        "by_field": sorted(fields.items(), key=lambda kv: (-kv[1], kv[0] or ""))[:20],
        "by_body": bodies,
        "prolonged": [c.pk for c in prolonged],
    }


def _varied_cases(letter, persona) -> None:
    """Cases in several bodies, kinds, fields and states, one outside the period."""
    land, social = Field.objects.filter(active=True).order_by("pk")[:2]
    officer = persona("tiepdan.xa")
    crowd = letter(
        people_count=12, field=land, summary="Đoàn 12 hộ dân khiếu nại về bồi thường đất."
    ).cases.get()
    services.act(by=officer, case=crowd, action="accept")
    complex_ = letter(
        Kind.PETITION, field=social, summary="Kiến nghị về trợ cấp xã hội cho hộ nghèo."
    ).cases.get()
    services.set_flags(by=officer, case=complex_, complex=True)
    overdue = letter(Kind.REFLECTION, summary="Phản ánh ô nhiễm môi trường do cơ sở chăn nuôi.").cases.get()
    Case.objects.filter(pk=overdue.pk).update(
        due_on=timezone.localdate() - dt.timedelta(days=40), prolonged=True
    )
    late = letter(
        field=land, summary="Khiếu nại việc chậm cấp giấy chứng nhận quyền sử dụng đất."
    ).cases.get()
    Case.objects.filter(pk=late.pk).update(stage=Stage.CLOSED, finished_late=True)
    letter(
        Kind.PETITION, body="PT-TTT", by="thanhtra.tinh", summary="Kiến nghị của công dân gửi Thanh tra tỉnh."
    )
    letter(days_ago=400, summary="Khiếu nại cũ từ năm trước về đất đai của hộ gia đình.")


def test_figures_equal_a_count_of_the_rows(letter, persona):
    _varied_cases(letter, persona)
    ban = persona("tinh.bdv")
    today = timezone.localdate()
    since, until = today - dt.timedelta(days=200), today
    data = selectors.monitoring(ban, since=since, until=until, today=today)
    want = _expected(ban, since, until, today)
    assert data["totals"] == want["totals"] and want["totals"]["total"] >= 5
    assert want["totals"]["crowd"] and want["totals"]["complex"] and want["totals"]["late_finished"]
    assert [(r["kind"], r["n"]) for r in data["by_kind"]] == want["by_kind"]
    assert [(r["field__name"], r["n"]) for r in data["by_field"]] == want["by_field"]
    assert {
        r["organisation_id"]: {k: v for k, v in r.items() if k != "organisation_id"} for r in data["by_body"]
    } == {pk: b for pk, b in want["by_body"].items() if pk in {r["organisation_id"] for r in data["by_body"]}}
    assert len(data["by_body"]) == min(50, len(want["by_body"]))
    assert [c.pk for c in data["prolonged"]] == want["prolonged"] and want["prolonged"]
    # A period without cases: zeros, empty breakdowns.
    empty = selectors.monitoring(ban, since=dt.date(2001, 1, 1), until=dt.date(2001, 1, 31), today=today)
    assert empty["totals"]["total"] == 0 and empty["by_body"] == [] and empty["prolonged"] == []


def test_a_commune_officer_counts_only_its_own_bodies(letter, persona):
    _varied_cases(letter, persona)
    chair = persona("chutich.xa")
    today = timezone.localdate()
    since = today - dt.timedelta(days=200)
    data = selectors.monitoring(chair, since=since, until=today, today=today)
    assert data["totals"] == _expected(chair, since, today, today)["totals"]
    paths = dict(Case.objects.values_list("organisation_id", "org_path"))
    assert all(scope_for(chair).covers(paths[r["organisation_id"]]) for r in data["by_body"])


def test_monitoring_page_queries_do_not_grow(letter, persona, client_for):
    ban = client_for("tinh.bdv")
    ban.get("/tiep-cong-dan/theo-doi/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert ban.get("/tiep-cong-dan/theo-doi/").status_code == 200
        return len(ctx.captured_queries)

    letter()
    few = queries()
    _varied_cases(letter, persona)
    assert queries() == few
