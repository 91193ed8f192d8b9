"""The only writers of plans and monitoring. Each function checks the named permission, writes in
one transaction, records the audit event and schedules notifications after commit. Stages change
only through dvk.core.workflow.advance() with the workflows of workflow.py.

One module per concern: plans (themes, plans, import, issue), tasks (tasks and their fan-out to
bodies), reports (assignments and the reports that answer them), reminders (digests and urge
letters), supervision, campaigns (campaigns, activities, events). Everything public is
re-exported here: `from dvk.plans.services import X` and `services.X` are the interface."""

from dvk.plans.services.campaigns import (
    create_campaign,
    record_activity,
    save_event,
)
from dvk.plans.services.plans import (
    PLAN_EDITABLE,
    act_on_plan,
    after_issue_plan,
    create_plan,
    import_plan,
    issue_plan,
    on_issue_plan,
    theme_for,
    update_plan,
)
from dvk.plans.services.reminders import (
    reminder_items,
    send_reminder_digests,
    urge,
)
from dvk.plans.services.reports import (
    act_on_assignment,
    clean_indicators,
    open_period,
    request_report,
    review_assignment,
    start_assignment,
    submit_report,
)
from dvk.plans.services.supervision import (
    add_visit,
    create_programme,
    on_respond_recommendation,
    respond_recommendation,
    review_recommendation,
)
from dvk.plans.services.tasks import (
    add_task,
    assign_tasks,
    default_due,
    delete_task,
    fan_out,
    receiver_counts,
    resolve_targets,
    targets_for,
    update_task,
)

__all__ = [
    "PLAN_EDITABLE",
    "act_on_assignment",
    "act_on_plan",
    "add_task",
    "assign_tasks",
    "add_visit",
    "after_issue_plan",
    "clean_indicators",
    "create_campaign",
    "create_plan",
    "create_programme",
    "default_due",
    "delete_task",
    "fan_out",
    "import_plan",
    "issue_plan",
    "on_issue_plan",
    "on_respond_recommendation",
    "open_period",
    "record_activity",
    "reminder_items",
    "request_report",
    "receiver_counts",
    "resolve_targets",
    "targets_for",
    "respond_recommendation",
    "review_assignment",
    "review_recommendation",
    "save_event",
    "send_reminder_digests",
    "start_assignment",
    "submit_report",
    "theme_for",
    "update_plan",
    "update_task",
    "urge",
]
