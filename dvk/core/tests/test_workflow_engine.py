"""The workflow engine itself: every declared workflow is well formed, and the system actor runs
exactly the transitions declared for it, audited as the system."""

from __future__ import annotations

import datetime as dt

import pytest
import rules
from django.core.exceptions import PermissionDenied

from dvk.audit.models import AuditEvent
from dvk.core.actors import SYSTEM, is_system
from dvk.core.presentation import buttons
from dvk.core.workflow import Transition, Workflow, advance, all_workflows, resolve_hook

WORKFLOWS = all_workflows()


def test_the_installed_apps_declare_their_workflows():
    names = {w.name for w in WORKFLOWS}
    assert {"exemplars", "plans.plan", "plans.assignment", "plans.report", "plans.recommendation"} <= names
    assert len(names) == len(WORKFLOWS), "two workflows share a name (audit actions would clash)"


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.name)
def test_every_workflow_is_well_formed(workflow):
    event_model = workflow.event_model
    fk = event_model._meta.get_field(workflow.event_fk)
    model = fk.related_model
    stages = {value for value, _label in model._meta.get_field(workflow.stage_field).choices}
    for t in workflow.transitions:
        assert t.sources <= stages and t.target in stages, t.action
        assert rules.perm_exists(t.permission), f"{workflow.name}.{t.action}: {t.permission} is not a rule"
        assert t.label, f"{workflow.name}.{t.action} has no label"
        for path in (*t.hooks(), workflow.after):
            if path:
                assert callable(resolve_hook(path)), path
        for name in t.audit_fields:
            model._meta.get_field(name.removesuffix("_id"))
    pairs = [(t.action, s) for t in workflow.transitions for s in t.sources]
    assert len(pairs) == len(set(pairs)), "an action is declared twice from the same stage"


def test_the_button_looks_match_the_tables():
    from dvk.exemplars.presentation import ACTION_LOOKS
    from dvk.exemplars.workflow import WORKFLOW
    from dvk.plans.presentation import ASSIGNMENT_LOOKS, PLAN_LOOKS, RECOMMENDATION_LOOKS
    from dvk.plans.workflow import ASSIGNMENT_WORKFLOW, PLAN_WORKFLOW, RECOMMENDATION_WORKFLOW

    for workflow, looks in (
        (WORKFLOW, ACTION_LOOKS),
        (PLAN_WORKFLOW, PLAN_LOOKS),
        (ASSIGNMENT_WORKFLOW, ASSIGNMENT_LOOKS),
        (RECOMMENDATION_WORKFLOW, RECOMMENDATION_LOOKS),
    ):
        assert set(looks) == workflow.actions, workflow.name
        for button in buttons(workflow.transitions, looks):
            assert button.style == looks[button.action].style and button.label


def test_transitions_hold_no_presentation():
    assert not {"style", "css", "button"} & set(Transition.__dataclass_fields__)


# --- the system actor ------------------------------------------------------------------------


def test_the_system_actor_holds_no_permission():
    assert is_system(SYSTEM) and not SYSTEM.is_authenticated
    assert not SYSTEM.has_perm("plans.manage_plan") and not SYSTEM.has_perm("audit.view_audit")


@pytest.fixture
def issued(persona, org):
    from dvk.plans import services

    tinh = persona("tinh.bdv")
    plan = services.create_plan(
        by=tinh, organisation=org("PT-BTGDV"), title="Kế hoạch năm", issued_on=dt.date.today()
    )
    return services.issue_plan(by=tinh, plan=plan)


@pytest.fixture
def org(db):
    from dvk.organisations.models import Organisation

    return lambda code: Organisation.objects.get(code=code)


def test_the_system_runs_only_transitions_declared_for_it(issued):
    from dvk.plans.workflow import PLAN_WORKFLOW

    assert PLAN_WORKFLOW.available(SYSTEM, issued) == []
    mark = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    with pytest.raises(PermissionDenied):
        advance(obj=issued, workflow=PLAN_WORKFLOW, action="close", by=SYSTEM)
    issued.refresh_from_db()
    assert issued.stage == "issued" and not AuditEvent.objects.filter(pk__gt=mark).exists()


def test_a_scheduled_transition_is_applied_and_audited_as_the_system(issued):
    """A transition declared system=True (e.g. closing plans at the end of their year on a schedule)."""
    from dvk.plans.workflow import PLAN_WORKFLOW

    close = next(t for t in PLAN_WORKFLOW.transitions if t.action == "close")
    scheduled = Workflow(
        PLAN_WORKFLOW.name,
        [Transition(close.action, close.sources, close.target, close.permission, close.label, system=True)],
        event_model=PLAN_WORKFLOW.event_model_label,
    )
    assert [t.action for t in scheduled.available(SYSTEM, issued)] == ["close"]
    plan = advance(obj=issued, workflow=scheduled, action="close", by=SYSTEM, note="Hết năm kế hoạch.")
    assert plan.stage == "closed"
    event = plan.events.get(action="close")
    assert event.actor is None and event.note == "Hết năm kế hoạch."
    [row] = AuditEvent.objects.filter(action="plans.plan.close", target_id=str(plan.pk))
    assert row.actor is None and row.actor_name == "system" and row.changes["stage"] == ["issued", "closed"]
    # the scheduler running twice in the same slot changes nothing
    advance(obj=plan, workflow=scheduled, action="close", by=SYSTEM)
    assert plan.events.filter(action="close").count() == 1
    assert AuditEvent.objects.filter(action="plans.plan.close", target_id=str(plan.pk)).count() == 1


def test_the_system_actor_renders_as_the_system_in_history(issued, client_for):
    from dvk.plans.workflow import PLAN_WORKFLOW

    close = next(t for t in PLAN_WORKFLOW.transitions if t.action == "close")
    scheduled = Workflow(
        PLAN_WORKFLOW.name,
        [Transition(close.action, close.sources, close.target, close.permission, close.label, system=True)],
        event_model=PLAN_WORKFLOW.event_model_label,
    )
    advance(obj=issued, workflow=scheduled, action="close", by=SYSTEM)
    html = client_for("tinh.bdv").get(f"/ke-hoach/{issued.pk}/").content.decode()
    assert "Hệ thống: Đóng" in html
