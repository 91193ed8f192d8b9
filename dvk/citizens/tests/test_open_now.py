"""The open cases now (home widget of the Ban and of body leaders, the dashboards' "overdue now",
and the periodic reports that copy it): exact however many there are (no count cap), from the
counts kept on write less the cases in time, equal to a count of the rows after every kind of
change, scoped, and in a constant number of queries."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dvk.citizens import dashboard, figures, monitor, selectors, services
from dvk.citizens.models import Case
from dvk.citizens.tests.test_monitoring import _varied_cases
from dvk.citizens.workflow import OPEN_STAGES, Stage
from dvk.core.figures import Period
from dvk.organisations.scoping import scope_for
from dvk.stats.counters import prefixes_for


def _recount(user, today: dt.date) -> dict[str, int]:
    scope = scope_for(user)
    mine = [c for c in Case.objects.filter(stage__in=OPEN_STAGES) if scope.covers(c.org_path)]
    return {
        "open": len(mine),
        "crowd": sum(c.crowd for c in mine),
        "prolonged": sum(c.prolonged for c in mine),
        "overdue": sum(1 for c in mine if c.due_on is not None and c.due_on < today),
    }


def _widget(user) -> dict:
    found = [w for w in dashboard.widgets(user) if "?overdue=1" in w.url]
    assert len(found) == 1
    w = found[0]
    return {"overdue": w.value, **{str(label): n for label, n in w.rows}}


def test_open_now_equals_the_rows_after_every_kind_of_change(letter, persona, case):
    _varied_cases(letter, persona)
    ban, chair = persona("tinh.bdv"), persona("chutich.xa")
    today = timezone.localdate()
    for user in (ban, chair):
        assert selectors.open_now(prefixes_for(user), today) == _recount(user, today)
    # a stage change through the workflow, flags set, a bulk move (the kéo dài rule's way), a close
    officer = persona("tiepdan.xa")
    crowd = Case.objects.filter(crowd=True).first()
    services.set_flags(by=officer, case=Case.objects.get(pk=case().pk), complex=True)
    monitor.update_cases(
        Case.objects.filter(pk=case().pk), due_on=today - dt.timedelta(days=3), prolonged=True
    )
    monitor.update_cases(Case.objects.filter(pk=crowd.pk), stage=Stage.CLOSED)
    for user in (ban, chair):
        for day in (today, today + dt.timedelta(days=30), today - dt.timedelta(days=60)):
            assert selectors.open_now(prefixes_for(user), day) == _recount(user, day), (user, day)
    want = _recount(ban, today)
    assert want["overdue"] and want["prolonged"]
    assert _widget(ban) == {
        "overdue": want["overdue"],
        "Đông người": want["crowd"],
        "Kéo dài": want["prolonged"],
    }


def test_the_overview_figure_is_exact_beyond_the_count_cap(letter, persona, case, monkeypatch):
    """The worklist's count cap (1,000) used to stop the dashboards' and reports' "overdue now" at the
    cap: with the cap at 2 here, three more overdue cases are counted in full."""
    import dvk.core.paging as paging

    monkeypatch.setattr(paging.capped_count, "__defaults__", (2,))
    today = timezone.localdate()
    ban = persona("tinh.bdv")
    before = _recount(ban, today)["overdue"]
    for n in range(3):
        c = case(summary=f"Khiếu nại quá hạn số {n} về đất đai của hộ gia đình.")
        monitor.update_cases(Case.objects.filter(pk=c.pk), due_on=today - dt.timedelta(days=5 + n))
    overdue = figures.section(ban, Period.year(today.year), today=today).figure("overdue")
    assert overdue.value == _recount(ban, today)["overdue"] == before + 3 > 2
    assert _widget(ban)["overdue"] == before + 3


def test_open_now_reads_a_fixed_number_of_queries(letter, persona, case):
    ban = persona("tinh.bdv")
    prefixes = prefixes_for(ban)
    today = timezone.localdate()

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.open_now(prefixes, today)
        return len(ctx)

    before = queries()
    _varied_cases(letter, persona)
    for _ in range(5):
        case()
    assert queries() == before == 3
