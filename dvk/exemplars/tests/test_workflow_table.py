"""The workflow contract (dvk/core/tests/workflow_contract.py) for every transition of the
exemplars workflow, generated from its table: permission, system actor, note, one event row,
exactly one audit row, repeated action a no-op."""

from __future__ import annotations

import pytest

from dvk.core.tests.workflow_contract import cases, check_transition
from dvk.exemplars.models import Cycle
from dvk.exemplars.services import advance_exemplar, submit_scores
from dvk.exemplars.tests.test_workflow import ACTOR
from dvk.exemplars.workflow import WORKFLOW


@pytest.mark.parametrize("case", cases([WORKFLOW]))
def test_every_transition_keeps_the_contract(case, make, persona, full_scores):
    action = case.transition.action
    exemplar = make(case.source)
    if action == "recognise":
        for member in ("hoidong.1", "hoidong.2"):
            submit_scores(exemplar=exemplar, by=persona(member), scores=full_scores(exemplar))
    later = Cycle.objects.filter(start_year__gt=exemplar.cycle.start_year).first() or Cycle.objects.create(
        name="2031–2035", start_year=2031, end_year=2035
    )

    def run(obj, by, note):
        return advance_exemplar(exemplar=obj, action=action, by=by, note=note, cycle=later)

    check_transition(case, obj=exemplar, run=run, actor=persona(ACTOR[action]), outsider=persona("xa.b"))
