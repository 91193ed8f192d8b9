"""The workflow contract (dvk/core/tests/workflow_contract.py) for every transition of the report
workflow, generated from its table and run through the services a user's click goes through."""

from __future__ import annotations

import pytest

from dvk.core.figures import Period
from dvk.core.tests.workflow_contract import cases, check_transition
from dvk.organisations.models import Organisation
from dvk.reports import services
from dvk.reports.models import Kind
from dvk.reports.workflow import WORKFLOW


@pytest.mark.parametrize("case", cases([WORKFLOW]))
def test_every_transition_keeps_the_contract(case, persona):
    ban = Organisation.objects.get(code="PT-BTGDV")
    report = services.create_report(
        by=persona("tinh.bdv"), organisation=ban, kind=Kind.YEAR, period=Period.year(2026)
    )
    check_transition(
        case,
        obj=report,
        run=lambda r, by, note: services.act(by=by, report=r, action=case.transition.action, note=note),
        actor=persona("lanhdao.bdv"),
        outsider=persona("xa.b"),
    )
