"""How the case actions look on screen (dvk.core.presentation)."""

from __future__ import annotations

from dvk.core.presentation import Look

LOOKS = {
    "accept": Look("success"),
    "refuse": Look("outline-danger"),
    "forward": Look("outline-primary"),
    "assign_verification": Look("outline-primary"),
    "guide": Look("outline-secondary"),
    "store": Look("outline-secondary"),
    "archive": Look("outline-secondary"),
    "verify": Look("primary"),
    "dialogue": Look("primary"),
    "decide": Look("success"),
    "conclude": Look("success"),
    "answer": Look("success"),
    "enforce": Look("primary"),
    "close": Look("secondary"),
    "appeal": Look("outline-warning"),
    "lawsuit": Look("outline-warning"),
    "refer": Look("outline-danger"),
    "extend": Look("outline-warning"),
    "suspend": Look("outline-warning"),
    "resume": Look("primary"),
    "make_lead": Look("outline-primary"),
    "reopen": Look("outline-secondary"),
}

# Actions that send the case to another body (the form asks which).
NEEDS_TARGET = frozenset({"forward", "assign_verification", "appeal"})
