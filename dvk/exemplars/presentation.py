"""Presentation of the exemplars screens: button looks per workflow action, display labels."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from dvk.core.presentation import Look

ACTION_LOOKS = {
    "register": Look("primary"),
    "accept_registration": Look("success"),
    "return_for_changes": Look("warning"),
    "nominate": Look("primary"),
    "return_nomination": Look("warning"),
    "open_review": Look("primary"),
    "recognise": Look("success"),
    "decline": Look(
        "danger", confirm=_("Do not recognise this model? The decision is final for this cycle.")
    ),
    "withdraw": Look(
        "outline-secondary",
        confirm=_("Withdraw this model? It leaves the review and cannot be nominated again in this cycle."),
    ),
    "suspend": Look(
        "outline-danger",
        confirm=_("Suspend the recognition of this model? It is removed from the public showcase."),
    ),
    "renew": Look("outline-primary"),
}

# Labels of the keys of Exemplar.resources (the registration's "resources" block).
RESOURCE_LABELS = {
    "funds": _("Funds"),
    "facilities": _("Facilities"),
    "workdays": _("Workdays"),
    "socialised": _("Socialised contributions"),
}
