"""The Ban's monitoring figures: the one grouped pass (per body and field) sums to what a count of
the rows themselves gives — totals, per kind, per field, per body, the kéo dài list — and the
page's queries do not grow with the cases."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dvk.citizens import monitor, selectors, services
from dvk.citizens.models import Case, Field
from dvk.citizens.workflow import FINAL_STAGES, OPEN_STAGES, Kind, Stage
from dvk.organisations.factories import OrganisationFactory
from dvk.organisations.models import Organisation
from dvk.organisations.scoping import scope_for
from dvk.organisations.services import reorganise
from dvk.stats import counters
from dvk.stats.models import Counter


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
    overdue = letter(
        Kind.REFLECTION, days_ago=35, summary="Phản ánh ô nhiễm môi trường do cơ sở chăn nuôi."
    ).cases.get()
    # bulk changes (as the kéo dài rule makes them) go through monitor.update_cases
    monitor.update_cases(
        Case.objects.filter(pk=overdue.pk),
        due_on=timezone.localdate() - dt.timedelta(days=40),
        prolonged=True,
    )
    late = letter(
        field=land, days_ago=70, summary="Khiếu nại việc chậm cấp giấy chứng nhận quyền sử dụng đất."
    ).cases.get()
    monitor.update_cases(Case.objects.filter(pk=late.pk), stage=Stage.CLOSED, finished_late=True)
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


def _assert_same(user, since: dt.date, until: dt.date, today: dt.date) -> dict:
    data = selectors.monitoring(user, since=since, until=until, today=today)
    want = _expected(user, since, until, today)
    assert data["totals"] == want["totals"], (since, until)
    assert [(r["kind"], r["n"]) for r in data["by_kind"]] == want["by_kind"], (since, until)
    assert [(r["field__name"], r["n"]) for r in data["by_field"]] == want["by_field"], (since, until)
    assert {
        r["organisation_id"]: {k: v for k, v in r.items() if k != "organisation_id"} for r in data["by_body"]
    } == want["by_body"], (since, until)
    assert [c.pk for c in data["prolonged"]] == want["prolonged"], (since, until)
    return want


def _periods(today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Whole months, a start and an end inside a month, a period inside one month, a past month."""
    month = today.replace(day=1)
    three_back = (month - dt.timedelta(days=80)).replace(day=1)
    month_end = (month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    last_month_end = month - dt.timedelta(days=1)
    return [
        (three_back, month_end),  # counters only
        (today - dt.timedelta(days=50), today),  # partial months at both ends
        (three_back + dt.timedelta(days=9), last_month_end),  # partial start, whole end
        (today - dt.timedelta(days=40), today - dt.timedelta(days=30)),  # inside at most two months
        (last_month_end.replace(day=1), last_month_end),  # one whole past month
    ]


def _counted() -> dict:
    rows = Counter.objects.filter(domain=monitor.DOMAIN).exclude(n=0)
    return {(c.metric, c.node_path, c.bucket, c.field): c.n for c in rows}


def test_counts_kept_on_write_equal_the_rows_over_any_period(letter, persona, case):
    """Whole months come from the counters, partial months from the index: every period shape
    gives the case-by-case figures, also after stage and flag changes made once the counters
    existed, and after the handling body was reorganised (merged into a new body)."""
    _varied_cases(letter, persona)
    ban, officer = persona("tinh.bdv"), persona("tiepdan.xa")
    today = timezone.localdate()
    old = case(days_ago=33, summary="Khiếu nại về việc thu hồi đất làm đường giao thông liên xã.")
    assert Counter.objects.filter(domain=monitor.DOMAIN, metric="n").exists()
    for since, until in _periods(today):
        _assert_same(ban, since, until, today)
    # changes after the counters were built: stage, flags (service and rule), classification
    services.act(by=officer, case=old, action="accept")
    services.set_flags(by=officer, case=old, complex=True)
    services.mark_prolonged(by=persona("chutich.xa"), case=old, on=True, reason="Kéo dài nhiều năm.")
    Case.objects.filter(pk=old.pk).update(due_on=today - dt.timedelta(days=400))  # not a counted column
    services.refresh_prolonged(today)
    assert Case.objects.filter(prolonged=True).count() >= 2
    for since, until in _periods(today):
        want = _assert_same(ban, since, until, today)
    assert want["totals"]["total"] >= 1
    chair = persona("chutich.xa")
    for since, until in _periods(today)[:2]:
        _assert_same(chair, since, until, today)
    # the commune body merged into a new one: its cases keep their body, the counts their rows
    commune = Organisation.objects.get(code="PT-UBND-04897")
    merged = OrganisationFactory(parent=commune.parent, unit=commune.unit, name="UBND xã sau sáp nhập")
    reorganise(
        kind="merge",
        title="Sáp nhập xã",
        effective_on=today - dt.timedelta(days=1),
        organisation_links=[(commune, merged, True)],
        by=persona("admin"),
    )
    for since, until in _periods(today):
        _assert_same(ban, since, until, today)


def test_rebuild_gives_the_counts_kept_on_write(letter, persona, case):
    """rebuild_counters recounts from the cases' current state what the writes kept."""
    _varied_cases(letter, persona)
    officer = persona("tiepdan.xa")
    moved = case(days_ago=31)
    services.act(by=officer, case=moved, action="accept")
    services.set_flags(by=officer, case=moved, complex=True)
    on_write = _counted()
    assert on_write and any(m == "state:accepted" for m, *_rest in on_write)
    counters.rebuild([monitor.DOMAIN])
    assert _counted() == on_write
