"""The only writers of the exemplars domain: each use case is atomic, checks its named
permission, writes an event row or an audit event, and notifies after commit.

One module per concern: registration (the content of a model), nomination (dossier, opening
the review), councils (set-up and conflicts of interest), scoring (sheets and the summary),
recognition (decisions, tiêu biểu, commendations), progress, replication, and transitions (the
workflow entry point and the hooks its transitions name). Everything public is re-exported here:
`from dvk.exemplars.services import X` and `services.X` are the interface."""

from dvk.exemplars.services.council_forming import Seat, save_council
from dvk.exemplars.services.councils import (
    conflicting_membership,
    create_council,
)
from dvk.exemplars.services.nomination import (
    missing_dossier,
    months_between,
)
from dvk.exemplars.services.progress import (
    add_progress,
    attach_file,
)
from dvk.exemplars.services.recognition import (
    commend,
    decision_signers,
    issue_decision,
    proposed_decision,
    set_outstanding,
)
from dvk.exemplars.services.registration import (
    CONTENT_FIELDS,
    DOSSIER_KINDS,
    FORCE_ROLES,
    RESOURCE_KEYS,
    ItemRefused,
    change_level,
    create_exemplar,
    create_exemplars,
    dossier_labels,
    update_exemplar,
    validate_content,
)
from dvk.exemplars.services.replication import (
    add_replication,
)
from dvk.exemplars.services.scoring import (
    HUNDRED,
    TWO_PLACES,
    ScoreSummary,
    submit_scores,
    summarise,
)
from dvk.exemplars.services.transitions import (
    advance_exemplar,
    notify_step,
    on_decline,
    on_nominate,
    on_open_review,
    on_recognise,
    on_register,
    on_renew,
    on_return_nomination,
    on_withdraw,
)

__all__ = [
    "CONTENT_FIELDS",
    "DOSSIER_KINDS",
    "FORCE_ROLES",
    "HUNDRED",
    "RESOURCE_KEYS",
    "ScoreSummary",
    "TWO_PLACES",
    "add_progress",
    "add_replication",
    "advance_exemplar",
    "attach_file",
    "commend",
    "conflicting_membership",
    "create_council",
    "decision_signers",
    "proposed_decision",
    "change_level",
    "save_council",
    "Seat",
    "create_exemplar",
    "create_exemplars",
    "ItemRefused",
    "dossier_labels",
    "issue_decision",
    "missing_dossier",
    "months_between",
    "notify_step",
    "on_decline",
    "on_nominate",
    "on_open_review",
    "on_recognise",
    "on_register",
    "on_renew",
    "on_return_nomination",
    "on_withdraw",
    "set_outstanding",
    "submit_scores",
    "summarise",
    "update_exemplar",
    "validate_content",
]
