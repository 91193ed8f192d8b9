"""Social critique: deciding to critique, invitations, comments (public ones moderated)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.actors import SYSTEM
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import DomainError, Step, advance
from dvk.front.models import (
    Comment,
    Critique,
    DraftUnit,
    DraftVersion,
    Invitation,
)
from dvk.front.services.common import required_text, same_province, users_of
from dvk.front.workflow import (
    COMMENTING_STAGES,
    CRITIQUE_WORKFLOW,
)
from dvk.notifications.services import notify
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import scope_for

if TYPE_CHECKING:
    from dvk.accounts.models import User

# --- Social critique: deciding, inviting, commenting ----------------------------------------------------


def _invite(
    critique: Critique, organisations: Iterable[Organisation], experts: Iterable[str]
) -> list[Invitation]:
    created = []
    existing = set(critique.invitations.exclude(organisation=None).values_list("organisation_id", flat=True))
    for organisation in organisations:
        if not same_province(organisation, critique.organisation):
            raise ValidationError({"invite": [_("Invite bodies of the same province.")]})
        if organisation.pk not in existing:
            created.append(Invitation.objects.create(critique=critique, organisation=organisation))
            existing.add(organisation.pk)
    names = set(critique.invitations.exclude(expert_name="").values_list("expert_name", flat=True))
    for name in (nfc(n) for n in experts):
        if name and name not in names:
            created.append(Invitation.objects.create(critique=critique, expert_name=name[:200]))
            names.add(name)
    return created


def hook_decide_critique(step: Step) -> None:
    obj: Critique = step.obj
    p = step.params
    form = p.get("form", "")
    if form not in Critique.Form.values:
        raise ValidationError({"form": [_("Choose the form of the critique.")]})
    lead = p.get("lead")
    if lead is None or not scope_for(lead).roles_for(obj.organisation.path) & Membership.Role.WORK:
        raise ValidationError({"lead": [_("Choose the lead among the Front committee's staff.")]})
    opens, closes = p.get("window_opens") or timezone.localdate(), p.get("window_closes")
    if closes is None or closes < opens:
        raise ValidationError(
            {"window_closes": [_("The comment window must end on or after its first day.")]}
        )
    obj.form, obj.lead = form, lead
    obj.window_opens, obj.window_closes = opens, closes
    obj.public_comments = bool(p.get("public_comments"))
    created = _invite(obj, p.get("invite", ()), p.get("experts", ()))
    step.audit["invited"] = [str(i) for i in created]


def after_decide_critique(step: Step) -> None:
    obj: Critique = step.obj
    invited = list(obj.invitations.exclude(organisation=None).values_list("organisation_id", flat=True))
    notify(
        users_of(*invited),
        title=_("You are invited to comment on a draft: %(title)s") % {"title": obj.title},
        body=_("Comments until %(date)s") % {"date": f"{obj.window_closes:%d/%m/%Y}"},
        url=reverse("front:critique_detail", args=[obj.pk]),
        kind="front.critique",
    )
    notify(
        users_of(obj.drafting_body_id),
        title=_("The Front will critique your draft: %(title)s") % {"title": obj.title},
        body=obj.get_form_display(),
        url=reverse("front:critique_detail", args=[obj.pk]),
        kind="front.critique",
    )


def decide_critique(
    *,
    by: AuthenticatedUser,
    critique: Critique,
    form: str,
    lead: User | None,
    window_closes: dt.date,
    window_opens: dt.date | None = None,
    public_comments: bool = False,
    invite: Iterable[Organisation] = (),
    experts: Iterable[str] = (),
    note: str = "",
) -> Critique:
    return advance(
        obj=critique,
        workflow=CRITIQUE_WORKFLOW,
        action="accept",
        by=by,
        note=nfc(note),
        params={
            "form": form,
            "lead": lead,
            "window_opens": window_opens,
            "window_closes": window_closes,
            "public_comments": public_comments,
            "invite": list(invite),
            "experts": list(experts),
        },
    )


def decline_critique(*, by: AuthenticatedUser, critique: Critique, note: str) -> Critique:
    return advance(obj=critique, workflow=CRITIQUE_WORKFLOW, action="decline", by=by, note=nfc(note))


@transaction.atomic
def invite(
    *,
    by: AuthenticatedUser,
    critique: Critique,
    organisations: Iterable[Organisation] = (),
    experts: Iterable[str] = (),
) -> list[Invitation]:
    critique = Critique.objects.select_for_update().get(pk=critique.pk)
    require(by, "front.manage_critique", critique)
    if critique.stage not in COMMENTING_STAGES:
        raise DomainError(_("Invitations are sent while opinions are being collected."))
    created = _invite(critique, organisations, experts)
    record(
        actor=by,
        action="front.critique.invite",
        target=critique,
        changes={"invited": [str(i) for i in created]},
    )
    ids = [i.organisation_id for i in created if i.organisation_id]
    notify(
        users_of(*ids),
        title=_("You are invited to comment on a draft: %(title)s") % {"title": critique.title},
        url=reverse("front:critique_detail", args=[critique.pk]),
        kind="front.critique",
    )
    return created


def _unit_of(critique: Critique, unit_id: int | None) -> tuple[DraftVersion, DraftUnit | None]:
    latest = critique.versions.order_by("-number").first()
    if latest is None:
        raise DomainError(_("The draft has no version."))
    if not unit_id:
        return latest, None
    unit = DraftUnit.objects.filter(version__critique=critique, pk=unit_id).select_related("version").first()
    if unit is None:
        raise ValidationError({"unit": [_("Choose an article or paragraph of this draft.")]})
    return unit.version, unit


def _member_organisation(
    by: AuthenticatedUser, critique: Critique, organisation: Organisation | None
) -> Organisation:
    """The invited member organisation an invited body's officer comments for (the one asked for
    if the officer works there, else the first invited body they work for)."""
    if not critique.window_open(timezone.localdate()):
        raise DomainError(_("The comment window is closed."))
    scope = scope_for(by)
    mine = [
        i.organisation
        for i in critique.invitations.select_related("organisation").exclude(organisation=None)
        if i.organisation is not None and scope.roles_for(i.organisation.path) & Membership.Role.WORK
    ]
    if organisation is None or organisation not in mine:
        organisation = mine[0] if mine else None
    if organisation is None:
        raise PermissionDenied(_("You are not allowed to perform this action."))
    return organisation


FRONT_SOURCES = (
    Comment.Source.MEMBER,
    Comment.Source.EXPERT,
    Comment.Source.CONFERENCE,
    Comment.Source.FRONT,
)


def _front_source(
    critique: Critique, source: str, organisation: Organisation | None, author_name: str
) -> tuple[str, Organisation | None]:
    """Where a comment the Front records comes from, checked: (source, organisation)."""
    source = source or Comment.Source.FRONT
    if source not in FRONT_SOURCES:
        raise ValidationError({"source": [_("Choose one of the allowed values.")]})
    if source == Comment.Source.MEMBER and organisation is None:
        raise ValidationError({"organisation": [_("Choose the member organisation.")]})
    if source == Comment.Source.EXPERT and not nfc(author_name):
        raise ValidationError({"author_name": [_("Give the expert's name.")]})
    if source == Comment.Source.FRONT:
        organisation = critique.organisation
    return source, organisation


@transaction.atomic
def add_comment(
    *,
    by: AuthenticatedUser,
    critique: Critique,
    text: str,
    unit_id: int | None = None,
    source: str = "",
    organisation: Organisation | None = None,
    author_name: str = "",
    token: str = "",
) -> Comment:
    """An opinion from an invited member organisation (its own staff, within the window) or one the
    Front records (from an expert, the conference or dialogue, or its own)."""
    critique = Critique.objects.select_for_update().select_related("organisation").get(pk=critique.pk)
    require(by, "front.comment", critique)
    if token:
        repeated = Comment.objects.filter(created_by=by, form_token=token[:64]).first()
        if repeated is not None:
            return repeated  # the same form posted twice
    text = required_text(text, "text", _("Write the comment."))
    if critique.stage not in COMMENTING_STAGES:
        raise DomainError(_("Comments are collected only while the critique is open."))
    if by.has_perm("front.manage_critique", critique):
        source, organisation = _front_source(critique, source, organisation, author_name)
    else:
        organisation = _member_organisation(by, critique, organisation)
        source, author_name = Comment.Source.MEMBER, ""
    version, unit = _unit_of(critique, unit_id)
    comment = Comment.objects.create(
        critique=critique,
        version=version,
        unit=unit,
        source=source,
        organisation=organisation,
        author_name=author_name[:200],
        text=text,
        created_by=by,
        order=unit.order if unit else 0,
        form_token=token[:64],
    )
    record(
        actor=by,
        action="front.comment.add",
        target=comment,
        organisation=critique.organisation,
        changes={"critique": critique.pk, "unit": unit.label if unit else "", "source": source},
    )
    return comment


def public_token(critique: Critique, token: str) -> str:
    """The stored key of a public comment: the visitor's token (form token or Idempotency-Key)
    bound to the critique, hashed (a token never finds a comment on another draft)."""
    return hashlib.sha256(f"public:{critique.pk}:{token}".encode()).hexdigest()[:64] if token else ""


@transaction.atomic
def submit_public_comment(
    *, critique: Critique, text: str, unit_id: int | None = None, author_name: str = "", token: str = ""
) -> Comment:
    """A comment from the public page: kept for moderation, shown only once approved. The same
    `token` (the form's one-time token or an Idempotency-Key header) gives back the first comment,
    so a double click or a retried request records one comment."""
    critique = Critique.objects.select_for_update().get(pk=critique.pk)
    key = public_token(critique, token.strip()[:64])
    if key:
        repeated = Comment.objects.filter(critique=critique, created_by=None, form_token=key).first()
        if repeated is not None:
            return repeated
    if not critique.public_comments or not critique.window_open(timezone.localdate()):
        raise DomainError(_("This draft is not open to public comments."))
    text = required_text(text, "text", _("Write the comment."))
    if len(text) > 4000:
        raise ValidationError({"text": [_("The comment is too long (4,000 characters at most).")]})
    version, unit = _unit_of(critique, unit_id)
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                critique=critique,
                version=version,
                unit=unit,
                source=Comment.Source.PUBLIC,
                author_name=nfc(author_name)[:200],
                text=text,
                moderation=Comment.Moderation.PENDING,
                order=unit.order if unit else 0,
                form_token=key,
            )
    except IntegrityError:  # the same token posted at the same instant: the first one won
        return Comment.objects.get(critique=critique, created_by=None, form_token=key)
    record(
        actor=SYSTEM,
        action="front.comment.public",
        target=comment,
        organisation=critique.organisation,
        changes={"critique": critique.pk},
    )
    return comment


@transaction.atomic
def moderate(*, by: AuthenticatedUser, comment: Comment, approve: bool) -> Comment:
    comment = Comment.objects.select_for_update().select_related("critique").get(pk=comment.pk)
    require(by, "front.moderate", comment.critique)
    if comment.source != Comment.Source.PUBLIC:
        raise DomainError(_("Only public comments are moderated."))
    if comment.answer:
        raise DomainError(_("An answered comment can no longer be moderated."))
    new = Comment.Moderation.APPROVED if approve else Comment.Moderation.REJECTED
    if comment.moderation == new:
        return comment
    old, comment.moderation = comment.moderation, new
    comment.save(update_fields=["moderation", "updated_at"])
    record(
        actor=by,
        action="front.comment.moderate",
        target=comment,
        organisation=comment.critique.organisation,
        changes={"moderation": [old, new]},
    )
    return comment
