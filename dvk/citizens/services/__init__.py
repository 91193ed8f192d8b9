"""The only writers of citizen reception, letters and cases.

Every function checks a named permission, writes in one transaction, records one audit event
and notifies after commit. Stages change only through dvk.core.workflow.advance() with the
workflows of workflow.py; the transition hooks below (`on_*`) compute each step's deadline with
dvk.deadlines and create the linked records of forwarding and appeals.

The denouncer's identity goes straight into dvk.vault (`seal`) and is read back only through
`read_identity` (`unseal`, which checks `citizens.read_identity` and writes the access log); no
audit row, notification or search column of this module ever holds it."""

from __future__ import annotations

from dvk.citizens.services.alerts import (
    alert_items,
    send_deadline_alerts,
)
from dvk.citizens.services.cases import (
    act,
    assign,
    mark_prolonged,
    publish_answer,
    refresh_prolonged,
    set_flags,
)
from dvk.citizens.services.deadlines import (
    COMPLAINT_SUSPENSION_FROM,
    classification_rule,
    resolution_rule,
    set_deadline,
)
from dvk.citizens.services.hooks import (
    on_accept,
    on_answer,
    on_appeal,
    on_assign_verification,
    on_decide,
    on_extend,
    on_finish,
    on_forward,
    on_reopen,
    on_resume,
    on_suspend,
)
from dvk.citizens.services.identity import (
    may_read_identity,
    person_data,
    person_index,
    petitioner_of,
    phone_index,
    read_identity,
)
from dvk.citizens.services.letters import (
    classify_letter,
    decide_duplicate,
    register_letter,
    similarity,
    suggest_duplicates,
)
from dvk.citizens.services.public import (
    PUBLIC_KINDS,
    submit_public,
)
from dvk.citizens.services.reception import (
    record_session,
    record_visit,
)
from dvk.citizens.services.reports import (
    issue_report,
    urge_overdue,
)

__all__ = [
    "person_data",
    "person_index",
    "phone_index",
    "read_identity",
    "may_read_identity",
    "petitioner_of",
    "COMPLAINT_SUSPENSION_FROM",
    "set_deadline",
    "classification_rule",
    "resolution_rule",
    "on_accept",
    "on_finish",
    "on_decide",
    "on_answer",
    "on_extend",
    "on_suspend",
    "on_resume",
    "on_reopen",
    "on_forward",
    "on_appeal",
    "on_assign_verification",
    "register_letter",
    "classify_letter",
    "similarity",
    "suggest_duplicates",
    "decide_duplicate",
    "act",
    "assign",
    "set_flags",
    "mark_prolonged",
    "refresh_prolonged",
    "publish_answer",
    "record_session",
    "record_visit",
    "PUBLIC_KINDS",
    "submit_public",
    "alert_items",
    "send_deadline_alerts",
    "issue_report",
    "urge_overdue",
]
