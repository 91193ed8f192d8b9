"""Audit labels of the plans domain (registered through PlansConfig.labels). The workflows'
transitions are labelled on the transitions themselves (workflow.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dvk.audit.labels import Key

ACTIONS = {
    "plans.theme.create": _("Theme created"),
    "plans.plan.create": _("Plan created"),
    "plans.plan.import": _("Plan imported"),
    "plans.plan.update": _("Plan changed"),
    "plans.task.fan_out": _("Task assigned to bodies"),
    "plans.task.create": _("Task added"),
    "plans.task.update": _("Task changed"),
    "plans.task.delete": _("Task removed"),
    "plans.report.request": _("Report requested"),
    "plans.urge": _("Reminder letter sent"),
    "plans.supervision.create": _("Supervision programme created"),
    "plans.supervision.visit": _("Supervision visit recorded"),
    "plans.campaign.create": _("Campaign created"),
    "plans.activity.create": _("Activity recorded"),
    "plans.event.create": _("Event created"),
    "plans.event.update": _("Event changed"),
}

FIELDS = {
    "sections": Key(_("Sections")),
    "tasks": Key(_("Tasks")),
    "assignments": Key(_("Assignments")),
    "bodies": Key(_("Bodies"), model="organisations.Organisation"),
    "assignee_ids": Key(_("Assigned bodies"), model="organisations.Organisation"),
    "kinds": Key(_("Kinds of body"), pair=True),
    "period": Key(_("Period")),
    "indicators": Key(_("Indicators")),
    "programme": Key(_("Supervision programme"), model="plans.SupervisionProgramme"),
    "recommendations": Key(_("Recommendations")),
}
