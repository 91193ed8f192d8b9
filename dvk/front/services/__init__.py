"""The only writers of MTTQ supervision and social critique.

Each function checks a named permission (rules.py), writes in one transaction, records one audit
event and schedules notifications after commit (dvk.notifications.notify). Stages change only
through dvk.core.workflow.advance() with the workflows of workflow.py; the `hook_*` / `after_*`
functions below are those workflows' hooks (they receive a `Step`)."""

from __future__ import annotations

from dvk.front.services.comments import (
    add_comment,
    after_decide_critique,
    decide_critique,
    decline_critique,
    hook_decide_critique,
    invite,
    moderate,
    submit_public_comment,
)
from dvk.front.services.common import (
    K,
    critique_answer_days,
    recommendation_days,
)
from dvk.front.services.recommendations import (
    after_answer_recommendation,
    after_escalate,
    after_reopen_recommendation,
    answer_recommendation,
    escalate_overdue,
    hook_answer_recommendation,
    hook_close_recommendation,
    hook_escalate,
    hook_reopen_recommendation,
    review_recommendation,
    send_recommendation_digests,
)
from dvk.front.services.responses import (
    after_complete_answers,
    after_send_critique,
    answer_comment,
    comments_to_answer,
    complete_answers,
    hook_complete_answers,
    hook_hold_conference,
    hook_publish,
    hook_send_critique,
    publish,
    record_conference,
    send_critique,
)
from dvk.front.services.supervision import (
    SUPERVISION_PARAMS,
    act_on_supervision,
    after_notify_body,
    after_report,
    create_programme,
    create_supervision,
    default_escalation_body,
    hook_close_supervision,
    hook_form_team,
    hook_notify_body,
    hook_report,
    set_team,
)
from dvk.front.services.versions import (
    add_version,
    link_changes,
    request_critique,
)

__all__ = [
    "K",
    "recommendation_days",
    "critique_answer_days",
    "create_programme",
    "default_escalation_body",
    "create_supervision",
    "set_team",
    "hook_form_team",
    "hook_notify_body",
    "after_notify_body",
    "hook_report",
    "after_report",
    "hook_close_supervision",
    "SUPERVISION_PARAMS",
    "act_on_supervision",
    "hook_answer_recommendation",
    "after_answer_recommendation",
    "hook_close_recommendation",
    "hook_reopen_recommendation",
    "after_reopen_recommendation",
    "hook_escalate",
    "after_escalate",
    "answer_recommendation",
    "review_recommendation",
    "escalate_overdue",
    "send_recommendation_digests",
    "request_critique",
    "add_version",
    "link_changes",
    "hook_decide_critique",
    "after_decide_critique",
    "decide_critique",
    "decline_critique",
    "invite",
    "add_comment",
    "submit_public_comment",
    "moderate",
    "hook_hold_conference",
    "record_conference",
    "hook_send_critique",
    "after_send_critique",
    "send_critique",
    "comments_to_answer",
    "answer_comment",
    "hook_complete_answers",
    "after_complete_answers",
    "complete_answers",
    "hook_publish",
    "publish",
]
