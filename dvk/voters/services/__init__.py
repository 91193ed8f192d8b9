"""The only writers of voter meetings and petitions. Each function checks its named permission,
writes in one transaction, records one audit event and notifies after commit. Stages change only
through dvk.core.workflow.advance() with the workflows of workflow.py; the hooks named there
(`on_*`, `after_*`) live here with the rules they apply."""

from __future__ import annotations

from dvk.voters.services.answers import (
    after_answer,
    aggregate_outcome,
    answer_forward,
    assess,
    close,
    forward,
    on_answer,
    on_complete,
    on_forward,
    on_reopen,
    on_reopen_forward,
    reopen,
)
from dvk.voters.services.carry_over import (
    carry_over_into,
    on_carry_over,
)
from dvk.voters.services.consolidation import (
    classify,
    mark_repeat,
    on_classify,
    on_mark_repeat,
    on_unmark_repeat,
    unmark_repeat,
)
from dvk.voters.services.due import (
    FALLBACK_SESSION_GAP,
    MIN_ANSWER_DAYS,
    default_due,
    next_regular_session,
)
from dvk.voters.services.meetings import (
    EDITABLE_STAGES,
    MAX_ROWS,
    MAX_TEXT,
    EntryResult,
    RowIn,
    create_meeting,
    edit_petition,
    record_petitions,
)
from dvk.voters.services.reminders import (
    send_reminder_digests,
    visible_bodies_for_forwarding,
)
from dvk.voters.services.sessions import (
    add_deputy,
    after_open_session,
    close_session,
    create_session,
    create_term,
    open_due_sessions,
    open_session,
    publish_answers,
)

__all__ = [
    "EDITABLE_STAGES",
    "edit_petition",
    "MAX_ROWS",
    "MAX_TEXT",
    "create_term",
    "create_session",
    "add_deputy",
    "open_session",
    "close_session",
    "after_open_session",
    "open_due_sessions",
    "publish_answers",
    "FALLBACK_SESSION_GAP",
    "MIN_ANSWER_DAYS",
    "next_regular_session",
    "default_due",
    "create_meeting",
    "RowIn",
    "EntryResult",
    "record_petitions",
    "classify",
    "on_classify",
    "mark_repeat",
    "on_mark_repeat",
    "unmark_repeat",
    "on_unmark_repeat",
    "forward",
    "on_forward",
    "answer_forward",
    "on_answer",
    "after_answer",
    "aggregate_outcome",
    "on_complete",
    "reopen",
    "on_reopen",
    "on_reopen_forward",
    "close",
    "assess",
    "carry_over_into",
    "on_carry_over",
    "send_reminder_digests",
    "visible_bodies_for_forwarding",
]
