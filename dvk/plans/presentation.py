"""Presentation of the plans screens: button looks per workflow action."""

from __future__ import annotations

from dvk.core.presentation import Look

PLAN_LOOKS = {
    "issue": Look("success"),
    "close": Look("secondary"),
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
