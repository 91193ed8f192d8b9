"""How the case actions look on screen (dvk.core.presentation)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dvk.core.presentation import Look

LOOKS = {
    "accept": Look("success"),
    "refuse": Look(
        "outline-danger",
        confirm=_("Refuse this case? The citizen is told the reasons and the case is closed."),
    ),
    "forward": Look("outline-primary"),
    "assign_verification": Look("outline-primary"),
    "guide": Look("outline-secondary"),
    "store": Look("outline-secondary", confirm=_("File this letter without action? It leaves the worklist.")),
    "archive": Look("outline-secondary"),
    "verify": Look("primary"),
    "dialogue": Look("primary"),
    "decide": Look(
        "success", confirm=_("Issue the decision? It is recorded and cannot be changed afterwards.")
    ),
    "conclude": Look("success"),
    "answer": Look("success"),
    "enforce": Look("primary"),
    "close": Look("secondary", confirm=_("Close this case? It leaves the worklist.")),
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
