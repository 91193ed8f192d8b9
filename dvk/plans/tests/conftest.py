from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dvk.organisations.models import Organisation
from dvk.plans import services
from dvk.plans.models import Plan


@pytest.fixture
def org(db):
    return lambda code: Organisation.objects.get(code=code)


@pytest.fixture
def issued_plan(persona, org):
    """A plan of the provincial Ban with one task assigned to xa.a's, xa.b's and so.a's bodies."""

    made = []

    def make(due_in: int = 10, bodies=("PT-DU-04897", "PT-DU-05089", "PT-SNV")) -> Plan:
        tinh = persona("tinh.bdv")
        today = timezone.localdate()
        made.append(1)  # a document number is used once per body and year: the next plans get their own
        plan = services.create_plan(
            by=tinh,
            organisation=org("PT-BTGDV"),
            title="Kế hoạch kiểm thử",
            number="77-KH/BTGDVTU" if len(made) == 1 else f"{76 + len(made) * 100}-KH/BTGDVTU",
            issued_on=today - dt.timedelta(days=20),
        )
        services.add_task(
            by=tinh,
            plan=plan,
            title="Báo cáo kết quả thực hiện",
            due_on=today + dt.timedelta(days=due_in),
            assignees=[org(c) for c in bodies],
        )
        services.issue_plan(by=tinh, plan=plan)
        return plan

    return make


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    """The token endpoint is throttled per client address (20/min, counted in the cache) and every
    test client shares 127.0.0.1: start each test with empty counters."""
    from django.core.cache import cache

    cache.clear()
