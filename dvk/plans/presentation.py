"""Presentation of the plans screens: button looks per workflow action."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dvk.core.presentation import Look

PLAN_LOOKS = {
    "issue": Look(
        "success",
        confirm=_(
            "Issue this plan? Its tasks go to their receiving bodies at once and the plan can no longer "
            "be changed as a draft."
        ),
    ),
    "close": Look("secondary", confirm=_("Close this plan? Its bodies can no longer report on it.")),
    "reopen": Look("outline-secondary"),
}
ASSIGNMENT_LOOKS = {
    "start": Look("primary"),
    "submit": Look("success"),
    "accept": Look("success"),
    "return": Look("warning"),
}
RECOMMENDATION_LOOKS = {
    "respond": Look("primary"),
    "close": Look("success"),
    "reopen": Look("warning"),
}
