"""Social critique: the conference, the critique document, answers to every comment, publication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError, Step, advance
from dvk.documents.models import DocType
from dvk.documents.services import issue as issue_document
from dvk.front.models import (
    Comment,
    Conference,
    Critique,
)
from dvk.front.services.common import critique_answer_days, required_text, users_of
from dvk.front.workflow import (
    CRITIQUE_WORKFLOW,
    CritiqueStage,
)
from dvk.notifications.services import notify

# --- Conference, critique document, answers, publication ------------------------------------------------


def hook_hold_conference(step: Step) -> None:
    obj: Critique = step.obj
    p = step.params
    if obj.form not in (Critique.Form.CONFERENCE, Critique.Form.DIALOGUE):
        raise DomainError(_("This critique is made by written opinions: there is no conference."))
    steps = list(p.get("steps") or [])
    if len(steps) != len(Conference.STEPS) or not all(s.get("done") for s in steps):
        raise ValidationError({"steps": [_("Record each of the 7 steps of the conference.")]})
    chair = required_text(p.get("chair", ""), "chair", _("Name who chaired the conference."))
    minutes = required_text(p.get("minutes", ""), "minutes", _("Write the minutes of the conference."))
    held_on = p.get("held_on") or timezone.localdate()
    Conference.objects.update_or_create(
        critique=obj,
        defaults={
            "held_on": held_on,
            "place": nfc(p.get("place", ""))[:300],
            "chair": chair[:200],
            "steps": [{"done": True, "note": nfc(str(s.get("note", "")))[:2000]} for s in steps],
            "minutes": minutes,
            "recorded_by": step.by,
        },
    )
    step.audit["held_on"] = held_on


def record_conference(
    *,
    by: AuthenticatedUser,
    critique: Critique,
    held_on: dt.date,
    chair: str,
    minutes: str,
    steps: Sequence[Mapping[str, Any]],
    place: str = "",
) -> Critique:
    return advance(
        obj=critique,
        workflow=CRITIQUE_WORKFLOW,
        action="hold_conference",
        by=by,
        params={"held_on": held_on, "chair": chair, "minutes": minutes, "steps": list(steps), "place": place},
    )


def hook_send_critique(step: Step) -> None:
    obj: Critique = step.obj
    if (
        obj.form in (Critique.Form.CONFERENCE, Critique.Form.DIALOGUE)
        and step.from_stage != CritiqueStage.CONFERENCE
    ):
        raise DomainError(_("Record the conference or dialogue before issuing the critique document."))
    if obj.comments.filter(moderation=Comment.Moderation.PENDING).exists():
        raise DomainError(_("Moderate every public comment before issuing the critique document."))
    text = nfc(step.params.get("text", ""))
    if not text:
        raise ValidationError({"text": [_("Write the content of the critique document.")]})
    today = timezone.localdate()
    obj.document_text = text
    obj.document_date = step.params.get("document_date") or today
    # Numbered in the Front committee's register (dvk.documents): "Số: 03/MTTQ-BTT".
    document = issue_document(
        organisation=obj.organisation,
        doc_type=DocType.CV,
        title=_("On the social critique of %(title)s") % {"title": obj.title},
        by=step.by,
        issued_on=obj.document_date,
        subject=obj,
        recipients=[obj.drafting_body.name],
        drafting_unit="BTT",
    )
    obj.document = document
    obj.document_number = document.number
    obj.answer_due_on = obj.document_date + dt.timedelta(days=critique_answer_days())


def after_send_critique(step: Step) -> None:
    obj: Critique = step.obj
    notify(
        users_of(obj.drafting_body_id),
        title=_("Critique document %(number)s: answer every comment") % {"number": obj.document_number},
        body=_("Answers due by %(date)s") % {"date": f"{obj.answer_due_on:%d/%m/%Y}"},
        url=reverse("front:critique_detail", args=[obj.pk]),
        kind="front.critique",
    )


def send_critique(
    *, by: AuthenticatedUser, critique: Critique, text: str, document_date: dt.date | None = None
) -> Critique:
    return advance(
        obj=critique,
        workflow=CRITIQUE_WORKFLOW,
        action="send",
        by=by,
        params={"text": text, "document_date": document_date},
    )


def comments_to_answer(critique: Critique):
    """The comments the drafting body must answer: every comment shown (not awaiting moderation, not rejected)."""
    return critique.comments.filter(moderation=Comment.Moderation.APPROVED)


@transaction.atomic
def answer_comment(*, by: AuthenticatedUser, comment: Comment, answer: str, explanation: str = "") -> Comment:
    """The drafting body's tiếp thu / giải trình of one comment (may be revised until completed)."""
    critique = Critique.objects.select_for_update().get(pk=comment.critique_id)
    require(by, "front.answer_comments", critique)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if critique.stage != CritiqueStage.SENT:
        raise DomainError(_("Comments are answered after the critique document is received."))
    if comment.moderation != Comment.Moderation.APPROVED:
        raise DomainError(_("This comment is not shown and needs no answer."))
    if answer not in Comment.Answer.values:
        raise ValidationError({"answer": [_("Choose accepted, partly accepted or not accepted.")]})
    explanation = nfc(explanation)
    if answer != Comment.Answer.ACCEPTED and not explanation:
        raise ValidationError({"explanation": [_("Explain why the comment is not (fully) accepted.")]})
    before = [comment.answer, comment.explanation]
    if before == [answer, explanation]:
        return comment  # the same answer sent again (double click, retry): nothing changes
    comment.answer, comment.explanation = answer, explanation
    comment.answered_by, comment.answered_at = by, timezone.now()
    comment.save(update_fields=["answer", "explanation", "answered_by", "answered_at", "updated_at"])
    record(
        actor=by,
        action="front.comment.answer",
        target=comment,
        organisation=critique.organisation,
        changes={"answer": [before[0], answer], "explanation": [before[1], explanation]},
    )
    return comment


def hook_complete_answers(step: Step) -> None:
    missing = comments_to_answer(step.obj).filter(answer="").count()
    if missing:
        raise DomainError(
            _("%(n)s comments have no answer yet: answer every comment before completing.") % {"n": missing}
        )


def after_complete_answers(step: Step) -> None:
    obj: Critique = step.obj
    notify(
        users_of(obj.organisation_id),
        title=_("The drafting body answered every comment: %(title)s") % {"title": obj.title},
        url=reverse("front:critique_table", args=[obj.pk]),
        kind="front.critique",
    )


def complete_answers(*, by: AuthenticatedUser, critique: Critique, note: str = "") -> Critique:
    return advance(obj=critique, workflow=CRITIQUE_WORKFLOW, action="complete", by=by, note=nfc(note))


def hook_publish(step: Step) -> None:
    step.obj.published_on = timezone.localdate()


def publish(*, by: AuthenticatedUser, critique: Critique) -> Critique:
    return advance(obj=critique, workflow=CRITIQUE_WORKFLOW, action="publish", by=by)
