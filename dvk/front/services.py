"""The only writers of MTTQ supervision and social critique.

Each function checks a named permission (rules.py), writes in one transaction, records one audit
event and schedules notifications after commit (dvk.notifications.notify). Stages change only
through dvk.core.workflow.advance() with the workflows of workflow.py; the `hook_*` / `after_*`
functions below are those workflows' hooks (they receive a `Step`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.access import require
from dvk.core.actors import SYSTEM
from dvk.core.text import nfc
from dvk.core.workflow import DomainError, Step, advance
from dvk.documents.models import DocType
from dvk.documents.services import issue as issue_document
from dvk.front import drafts
from dvk.front.models import (
    Comment,
    Conference,
    Critique,
    DraftUnit,
    DraftVersion,
    Invitation,
    Programme,
    Recommendation,
    Supervision,
    TeamMember,
)
from dvk.front.workflow import (
    COMMENTING_STAGES,
    CRITIQUE_WORKFLOW,
    RECOMMENDATION_WORKFLOW,
    SUPERVISION_WORKFLOW,
    CritiqueStage,
    RecommendationStage,
    SupervisionStage,
)
from dvk.notifications.services import notify
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import province_root, scope_for
from dvk.organisations.selectors import members_by_body

K = Organisation.Kind


def recommendation_days() -> int:
    """Default days a body has to answer a recommendation (configurable: FRONT_RECOMMENDATION_DAYS)."""
    return int(getattr(settings, "FRONT_RECOMMENDATION_DAYS", 30))


def critique_answer_days() -> int:
    """Days the drafting body has to answer the critique (FRONT_CRITIQUE_ANSWER_DAYS; NQLT 403)."""
    return int(getattr(settings, "FRONT_CRITIQUE_ANSWER_DAYS", 15))


def _users_of(*organisation_ids: int | None) -> list[int]:
    staff = members_by_body(organisation_ids, Membership.Role.WORK)
    return sorted({u for ids in staff.values() for u in ids})


def _same_province(a: Organisation, b: Organisation) -> bool:
    return province_root(a.path) == province_root(b.path)


def _require_front(organisation: Organisation) -> None:
    if organisation.kind != K.FRONT:
        raise ValidationError({"organisation": [_("Choose a Fatherland Front committee.")]})


def _text(value: str, field: str, message: str) -> str:
    value = nfc(value)
    if not value:
        raise ValidationError({field: [message]})
    return value


# --- Supervision programmes and supervisions ------------------------------------------------------


@transaction.atomic
def create_programme(
    *,
    by: Any,
    organisation: Organisation,
    year: int,
    title: str,
    description: str = "",
    members: Iterable[Organisation] = (),
) -> Programme:
    _require_front(organisation)
    require(by, "front.manage_supervision", organisation)
    title = _text(title, "title", _("Give the programme a title."))
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": [_("Enter a year between 2000 and 2100.")]})
    members = list(members)
    if any(not _same_province(m, organisation) for m in members):
        raise ValidationError({"members": [_("Member organisations must belong to the same province.")]})
    programme = Programme.objects.create(
        organisation=organisation, year=year, title=title, description=description, created_by=by
    )
    programme.members.set(members)
    record(
        actor=by,
        action="front.programme.create",
        target=programme,
        organisation=organisation,
        changes={"title": title, "year": year, "members": [m.pk for m in members]},
    )
    return programme


def default_escalation_body(front: Organisation) -> Organisation | None:
    """The Party committee the Front committee belongs to (its parent in the tree), if any."""
    parent = front.parent
    return parent if parent is not None and parent.kind == K.PARTY_COMMITTEE else None


@transaction.atomic
def create_supervision(
    *,
    by: Any,
    organisation: Organisation,
    supervised: Organisation,
    title: str,
    kind: str = Supervision.Kind.TEAM,
    programme: Programme | None = None,
    plan: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    escalate_to: Organisation | None = None,
) -> Supervision:
    _require_front(organisation)
    require(by, "front.manage_supervision", organisation)
    title = _text(title, "title", _("Give the subject of the supervision."))
    if kind not in Supervision.Kind.values:
        raise ValidationError({"kind": [_("Choose one of the allowed values.")]})
    if programme is not None and programme.organisation_id != organisation.pk:
        raise ValidationError({"programme": [_("The programme belongs to another Front committee.")]})
    if not _same_province(supervised, organisation) or supervised.pk == organisation.pk:
        raise ValidationError({"supervised": [_("Choose a body of the same province to supervise.")]})
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": [_("The end date cannot be before the start date.")]})
    escalate_to = escalate_to or default_escalation_body(organisation)
    if escalate_to is not None and escalate_to.kind not in (K.PARTY_COMMITTEE, K.PEOPLES_COUNCIL):
        raise ValidationError({"escalate_to": [_("Escalate to a Party committee or a People's Council.")]})
    supervision = Supervision.objects.create(
        organisation=organisation,
        supervised=supervised,
        title=title,
        kind=kind,
        programme=programme,
        plan=plan,
        starts_on=starts_on,
        ends_on=ends_on,
        escalate_to=escalate_to,
        created_by=by,
    )
    record(
        actor=by,
        action="front.supervision.create",
        target=supervision,
        organisation=organisation,
        changes={"title": title, "kind": kind, "supervised": supervised.pk},
    )
    return supervision


@transaction.atomic
def set_team(*, by: Any, supervision: Supervision, members: Sequence[Mapping[str, Any]]) -> list[TeamMember]:
    """Replace the team: rows of {name, position, organisation, is_lead}; exactly one lead."""
    supervision = Supervision.objects.select_for_update().get(pk=supervision.pk)
    require(by, "front.manage_supervision", supervision)
    if supervision.stage not in (SupervisionStage.PLANNED, SupervisionStage.TEAM_FORMED):
        raise DomainError(_("The team can no longer be changed."))
    rows = [m for m in members if nfc(str(m.get("name", "")))]
    if not rows:
        raise ValidationError({"team": [_("Name at least one member of the team.")]})
    if sum(1 for m in rows if m.get("is_lead")) != 1:
        raise ValidationError({"team": [_("Mark exactly one member as the team lead.")]})
    supervision.team.all().delete()
    created = [
        TeamMember.objects.create(
            supervision=supervision,
            name=nfc(str(m["name"]))[:200],
            position=nfc(str(m.get("position", "")))[:200],
            organisation=m.get("organisation"),
            is_lead=bool(m.get("is_lead")),
            order=i,
        )
        for i, m in enumerate(rows)
    ]
    record(
        actor=by,
        action="front.supervision.team",
        target=supervision,
        changes={"team": [f"{t.name}{' *' if t.is_lead else ''}" for t in created]},
    )
    return created


def hook_form_team(step: Step) -> None:
    obj: Supervision = step.obj
    number = nfc(step.params.get("decision_number", ""))
    if not number:
        raise ValidationError({"decision_number": [_("Enter the number of the decision forming the team.")]})
    if not obj.team.filter(is_lead=True).exists():
        raise DomainError(_("Name the team and its lead before recording the decision."))
    obj.decision_number = number[:60]
    obj.decision_date = step.params.get("decision_date") or timezone.localdate()


def hook_notify_body(step: Step) -> None:
    step.obj.notice_on = step.params.get("notice_on") or timezone.localdate()


def after_notify_body(step: Step) -> None:
    obj: Supervision = step.obj
    notify(
        _users_of(obj.supervised_id),
        title=_("Supervision notice: %(title)s") % {"title": obj.title},
        body=obj.plan,
        url=reverse("front:supervision_detail", args=[obj.pk]),
        kind="front.supervision",
    )


def hook_report(step: Step) -> None:
    obj: Supervision = step.obj
    findings = nfc(step.params.get("findings", ""))
    if not findings:
        raise ValidationError({"findings": [_("Write the findings of the supervision.")]})
    texts = [nfc(t) for t in step.params.get("recommendations", ()) if nfc(t)]
    obj.findings = findings
    obj.reported_on = step.params.get("reported_on") or timezone.localdate()
    due_on = step.params.get("due_on") or obj.reported_on + dt.timedelta(days=recommendation_days())
    if due_on < obj.reported_on:
        raise ValidationError({"due_on": [_("The answer date cannot be before the report date.")]})
    addressee = step.params.get("addressee") or obj.supervised
    start = obj.recommendations.count()
    for i, text in enumerate(texts, start=start + 1):
        Recommendation.objects.create(
            supervision=obj,
            organisation_id=obj.organisation_id,
            org_path=obj.org_path,
            addressee=addressee,
            number=i,
            text=text,
            due_on=due_on,
        )
    step.audit["recommendations"] = len(texts)


def after_report(step: Step) -> None:
    obj: Supervision = step.obj
    count = step.audit.get("recommendations", 0)
    if count:
        notify(
            _users_of(obj.supervised_id),
            title=_("Supervision recommendations to answer: %(title)s") % {"title": obj.title},
            body=_("%(n)s recommendations") % {"n": count},
            url=reverse("front:recommendation_list"),
            kind="front.recommendation",
        )


def hook_close_supervision(step: Step) -> None:
    if step.obj.recommendations.exclude(stage=RecommendationStage.CLOSED).exists():
        raise DomainError(_("Every recommendation must be closed before the supervision is closed."))


SUPERVISION_PARAMS = {
    "form_team": ("decision_number", "decision_date"),
    "notify": ("notice_on",),
    "start": (),
    "report": ("findings", "recommendations", "due_on", "reported_on"),
    "record": ("findings", "recommendations", "due_on", "reported_on"),
    "close": (),
}


def act_on_supervision(
    *, by: Any, supervision: Supervision, action: str, note: str = "", **params: Any
) -> Supervision:
    """Run one supervision action; `params` are the action's own fields (SUPERVISION_PARAMS)."""
    allowed = SUPERVISION_PARAMS.get(action, ())
    clean = {k: v for k, v in params.items() if k in allowed}
    return advance(
        obj=supervision, workflow=SUPERVISION_WORKFLOW, action=action, by=by, note=nfc(note), params=clean
    )


# --- Recommendations --------------------------------------------------------------------------------


def hook_answer_recommendation(step: Step) -> None:
    response = nfc(step.params.get("response", "")) or step.note
    if not response:
        raise ValidationError({"response": [_("Write the body's answer.")]})
    obj: Recommendation = step.obj
    obj.response = response
    obj.answered_on = timezone.localdate()
    obj.answered_by = step.by


def after_answer_recommendation(step: Step) -> None:
    obj: Recommendation = step.obj
    notify(
        _users_of(obj.organisation_id),
        title=_("A supervised body answered a recommendation"),
        body=obj.text[:200],
        url=reverse("front:recommendation_detail", args=[obj.pk]),
        kind="front.recommendation",
    )


def hook_close_recommendation(step: Step) -> None:
    step.obj.closed_on = timezone.localdate()


def hook_reopen_recommendation(step: Step) -> None:
    obj: Recommendation = step.obj
    today = timezone.localdate()
    due_on = step.params.get("due_on") or today + dt.timedelta(days=recommendation_days())
    if due_on < today:
        raise ValidationError({"due_on": [_("The new answer date cannot be in the past.")]})
    obj.due_on = due_on


def after_reopen_recommendation(step: Step) -> None:
    obj: Recommendation = step.obj
    notify(
        _users_of(obj.addressee_id),
        title=_("The Front asks again for an answer to a recommendation"),
        body=step.note,
        url=reverse("front:recommendation_detail", args=[obj.pk]),
        kind="front.recommendation",
    )


def hook_escalate(step: Step) -> None:
    obj: Recommendation = step.obj
    target = obj.supervision.escalate_to
    if target is None:
        raise DomainError(_("The supervision names no body to escalate to."))
    obj.escalated_to = target
    obj.escalated_path = target.path
    obj.escalated_on = timezone.localdate()


def after_escalate(step: Step) -> None:
    obj: Recommendation = step.obj
    day = obj.escalated_on
    notify(
        _users_of(obj.escalated_to_id, obj.addressee_id, obj.organisation_id),
        title=_("Overdue supervision recommendations escalated"),
        body=f"- {obj.text[:160]} ({obj.addressee})",
        url=reverse("front:recommendation_list"),
        kind="front.escalation",
        dedupe_key=f"front.escalation:{obj.pk}:{day}",
    )


def answer_recommendation(*, by: Any, recommendation: Recommendation, response: str) -> Recommendation:
    return advance(
        obj=recommendation,
        workflow=RECOMMENDATION_WORKFLOW,
        action="answer",
        by=by,
        note=nfc(response),
        params={"response": response},
    )


def review_recommendation(
    *, by: Any, recommendation: Recommendation, action: str, note: str = "", due_on: dt.date | None = None
) -> Recommendation:
    if action not in ("accept", "reopen", "escalate"):
        raise DomainError(_("Unknown action “%(action)s”.") % {"action": action})
    return advance(
        obj=recommendation,
        workflow=RECOMMENDATION_WORKFLOW,
        action=action,
        by=by,
        note=nfc(note),
        params={"due_on": due_on},
    )


def escalate_overdue(today: dt.date | None = None) -> int:
    """The scheduled job: every open recommendation past its answer date whose supervision names a
    body to escalate to is escalated by the system actor (once: escalated ones are not picked again)."""
    today = today or timezone.localdate()
    overdue = Recommendation.objects.filter(
        stage=RecommendationStage.OPEN,
        due_on__lt=today,
        escalated_on__isnull=True,
        supervision__escalate_to__isnull=False,
    ).order_by("due_on", "id")
    count = 0
    for recommendation in overdue.iterator(chunk_size=500):
        with transaction.atomic():
            advance(obj=recommendation, workflow=RECOMMENDATION_WORKFLOW, action="escalate", by=SYSTEM)
        count += 1
    return count


def send_recommendation_digests(today: dt.date | None = None) -> int:
    """One digest per user per day: the recommendations its body must answer within 7 days or
    has not answered in time. Idempotent per day (the dedupe key is the date)."""
    today = today or timezone.localdate()
    rows = (
        Recommendation.objects.filter(
            stage__in=(RecommendationStage.OPEN, RecommendationStage.ESCALATED),
            due_on__lte=today + dt.timedelta(days=7),
        )
        .select_related("addressee")
        .order_by("due_on", "id")
    )
    per_user: dict[int, list[str]] = defaultdict(list)
    items = list(rows)
    staff = members_by_body((r.addressee_id for r in items), Membership.Role.WORK)
    for rec in items:
        days = (rec.due_on - today).days
        when = (
            _("overdue by %(n)s days") % {"n": -days}
            if days < 0
            else _("answer by %(date)s") % {"date": rec.due_on.strftime("%d/%m/%Y")}
        )
        line = f"- {rec.text[:120]} ({rec.addressee.name}): {when}"
        for user_id in staff.get(rec.addressee_id, []):
            per_user[user_id].append(line)
    url = reverse("front:recommendation_list")
    with transaction.atomic():
        for user_id, lines in per_user.items():
            notify(
                [user_id],
                title=_("Reminder: %(n)s supervision recommendations to answer") % {"n": len(lines)},
                body="\n".join(lines),
                url=url,
                kind="front.reminder",
                dedupe_key=f"front.digest:{today}",
            )
    return len(per_user)


# --- Social critique: requests, versions -------------------------------------------------------------


def _parse(text: str = "", docx: IO[bytes] | None = None) -> tuple[drafts.ParsedDraft, str]:
    if docx is not None:
        return drafts.parse_docx(docx), "docx"
    return drafts.parse_text(text), "text"


def _store_version(
    critique: Critique, parsed: drafts.ParsedDraft, *, by: Any, note: str, source: str
) -> DraftVersion:
    number = (critique.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = DraftVersion.objects.create(
        critique=critique, number=number, note=nfc(note), source=source, created_by=by
    )
    by_key: dict[str, DraftUnit] = {}
    for order, unit in enumerate(parsed.units, start=1):
        row = DraftUnit.objects.create(
            version=version,
            parent=by_key.get(unit.parent_key),
            article=by_key.get(unit.article_key) if unit.article_key != unit.key else None,
            kind=unit.kind,
            key=unit.key[:120],
            number=unit.number[:20],
            label=unit.label[:160],
            heading=unit.heading[:500],
            text=unit.text,
            order=order,
            depth=unit.depth,
        )
        by_key[unit.key] = row
    return version


@transaction.atomic
def request_critique(
    *,
    by: Any,
    drafting_body: Organisation,
    front: Organisation,
    title: str,
    explanatory_note: str = "",
    text: str = "",
    docx: IO[bytes] | None = None,
    publish_required: bool = True,
    received_on: dt.date | None = None,
    token: str = "",
) -> Critique:
    """The drafting body sends a draft (pasted or .docx) with its explanatory note to a Front committee.
    `token` (the form's one-time token) makes a repeated post return the critique it created."""
    require(by, "front.submit_draft", drafting_body)
    if token:
        repeated = Critique.objects.filter(created_by=by, form_token=token[:64]).first()
        if repeated is not None:
            return repeated
    if front.kind != K.FRONT or not _same_province(front, drafting_body):
        raise ValidationError({"front": [_("Choose a Fatherland Front committee of the same province.")]})
    title = _text(title, "title", _("Give the title of the draft."))
    try:
        parsed, source = _parse(text, docx)
    except ValidationError as exc:
        raise ValidationError({"text": exc.messages}) from exc
    critique = Critique.objects.create(
        organisation=front,
        drafting_body=drafting_body,
        title=title,
        explanatory_note=explanatory_note,
        received_on=received_on or timezone.localdate(),
        publish_required=publish_required,
        created_by=by,
        form_token=token[:64],
    )
    version = _store_version(critique, parsed, by=by, note="", source=source)
    record(
        actor=by,
        action="front.critique.request",
        target=critique,
        organisation=front,
        changes={"title": title, "drafting_body": drafting_body.pk, "units": version.units.count()},
    )
    notify(
        _users_of(front.pk),
        title=_("Request for social critique: %(title)s") % {"title": title},
        body=drafting_body.name,
        url=reverse("front:critique_detail", args=[critique.pk]),
        kind="front.critique",
    )
    return critique


@transaction.atomic
def add_version(
    *, by: Any, critique: Critique, text: str = "", docx: IO[bytes] | None = None, note: str = ""
) -> DraftVersion:
    """A new version of the draft (after the answers); `link_changes` records which comments changed it."""
    critique = Critique.objects.select_for_update().get(pk=critique.pk)
    require(by, "front.submit_draft", critique)
    if critique.stage in (CritiqueStage.DECLINED, CritiqueStage.PUBLISHED):
        raise DomainError(_("No new version can be added at this stage."))
    try:
        parsed, source = _parse(text, docx)
    except ValidationError as exc:
        raise ValidationError({"text": exc.messages}) from exc
    version = _store_version(critique, parsed, by=by, note=note, source=source)
    record(
        actor=by,
        action="front.critique.version",
        target=critique,
        organisation=critique.organisation,
        changes={"version": version.number, "units": version.units.count()},
    )
    return version


@transaction.atomic
def link_changes(*, by: Any, version: DraftVersion, links: Mapping[int, Iterable[int]]) -> int:
    """Record which comments changed which unit of `version`: {unit id: [comment ids]} (replaces)."""
    critique = version.critique
    require(by, "front.submit_draft", critique)
    units = {u.pk: u for u in version.units.filter(pk__in=list(links))}
    if len(units) != len(set(links)):
        raise ValidationError({"links": [_("A unit does not belong to this version.")]})
    allowed = set(critique.comments.filter(version__number__lt=version.number).values_list("pk", flat=True))
    total = 0
    for unit_id, comment_ids in links.items():
        ids = {int(c) for c in comment_ids}
        if not ids <= allowed:
            raise ValidationError({"links": [_("Choose comments made on an earlier version of this draft.")]})
        units[unit_id].changed_by.set(ids)
        total += len(ids)
    record(
        actor=by,
        action="front.critique.links",
        target=critique,
        organisation=critique.organisation,
        changes={
            "version": version.number,
            "links": {str(k): sorted(int(c) for c in v) for k, v in links.items()},
        },
    )
    return total


# --- Social critique: deciding, inviting, commenting ----------------------------------------------------


def _invite(
    critique: Critique, organisations: Iterable[Organisation], experts: Iterable[str]
) -> list[Invitation]:
    created = []
    existing = set(critique.invitations.exclude(organisation=None).values_list("organisation_id", flat=True))
    for organisation in organisations:
        if not _same_province(organisation, critique.organisation):
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
        _users_of(*invited),
        title=_("You are invited to comment on a draft: %(title)s") % {"title": obj.title},
        body=_("Comments until %(date)s") % {"date": f"{obj.window_closes:%d/%m/%Y}"},
        url=reverse("front:critique_detail", args=[obj.pk]),
        kind="front.critique",
    )
    notify(
        _users_of(obj.drafting_body_id),
        title=_("The Front will critique your draft: %(title)s") % {"title": obj.title},
        body=obj.get_form_display(),
        url=reverse("front:critique_detail", args=[obj.pk]),
        kind="front.critique",
    )


def decide_critique(
    *,
    by: Any,
    critique: Critique,
    form: str,
    lead: Any,
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


def decline_critique(*, by: Any, critique: Critique, note: str) -> Critique:
    return advance(obj=critique, workflow=CRITIQUE_WORKFLOW, action="decline", by=by, note=nfc(note))


@transaction.atomic
def invite(
    *, by: Any, critique: Critique, organisations: Iterable[Organisation] = (), experts: Iterable[str] = ()
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
        _users_of(*ids),
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


@transaction.atomic
def add_comment(
    *,
    by: Any,
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
    text = _text(text, "text", _("Write the comment."))
    today = timezone.localdate()
    is_front = by.has_perm("front.manage_critique", critique)
    if critique.stage not in COMMENTING_STAGES:
        raise DomainError(_("Comments are collected only while the critique is open."))
    if not is_front:
        if not critique.window_open(today):
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
        source, author_name = Comment.Source.MEMBER, ""
    else:
        source = source or Comment.Source.FRONT
        if source not in (
            Comment.Source.MEMBER,
            Comment.Source.EXPERT,
            Comment.Source.CONFERENCE,
            Comment.Source.FRONT,
        ):
            raise ValidationError({"source": [_("Choose one of the allowed values.")]})
        if source == Comment.Source.MEMBER and organisation is None:
            raise ValidationError({"organisation": [_("Choose the member organisation.")]})
        if source == Comment.Source.EXPERT and not nfc(author_name):
            raise ValidationError({"author_name": [_("Give the expert's name.")]})
        if source == Comment.Source.FRONT:
            organisation = critique.organisation
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


@transaction.atomic
def submit_public_comment(
    *, critique: Critique, text: str, unit_id: int | None = None, author_name: str = ""
) -> Comment:
    """A comment from the public page: kept for moderation, shown only once approved."""
    critique = Critique.objects.select_for_update().get(pk=critique.pk)
    if not critique.public_comments or not critique.window_open(timezone.localdate()):
        raise DomainError(_("This draft is not open to public comments."))
    text = _text(text, "text", _("Write the comment."))
    if len(text) > 4000:
        raise ValidationError({"text": [_("The comment is too long (4,000 characters at most).")]})
    version, unit = _unit_of(critique, unit_id)
    comment = Comment.objects.create(
        critique=critique,
        version=version,
        unit=unit,
        source=Comment.Source.PUBLIC,
        author_name=nfc(author_name)[:200],
        text=text,
        moderation=Comment.Moderation.PENDING,
        order=unit.order if unit else 0,
    )
    record(
        actor=SYSTEM,
        action="front.comment.public",
        target=comment,
        organisation=critique.organisation,
        changes={"critique": critique.pk},
    )
    return comment


@transaction.atomic
def moderate(*, by: Any, comment: Comment, approve: bool) -> Comment:
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


# --- Conference, critique document, answers, publication ------------------------------------------------


def hook_hold_conference(step: Step) -> None:
    obj: Critique = step.obj
    p = step.params
    if obj.form not in (Critique.Form.CONFERENCE, Critique.Form.DIALOGUE):
        raise DomainError(_("This critique is made by written opinions: there is no conference."))
    steps = list(p.get("steps") or [])
    if len(steps) != len(Conference.STEPS) or not all(s.get("done") for s in steps):
        raise ValidationError({"steps": [_("Record each of the 7 steps of the conference.")]})
    chair = _text(p.get("chair", ""), "chair", _("Name who chaired the conference."))
    minutes = _text(p.get("minutes", ""), "minutes", _("Write the minutes of the conference."))
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
    by: Any,
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
        _users_of(obj.drafting_body_id),
        title=_("Critique document %(number)s: answer every comment") % {"number": obj.document_number},
        body=_("Answers due by %(date)s") % {"date": f"{obj.answer_due_on:%d/%m/%Y}"},
        url=reverse("front:critique_detail", args=[obj.pk]),
        kind="front.critique",
    )


def send_critique(
    *, by: Any, critique: Critique, text: str, document_date: dt.date | None = None
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
def answer_comment(*, by: Any, comment: Comment, answer: str, explanation: str = "") -> Comment:
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
        _users_of(obj.organisation_id),
        title=_("The drafting body answered every comment: %(title)s") % {"title": obj.title},
        url=reverse("front:critique_table", args=[obj.pk]),
        kind="front.critique",
    )


def complete_answers(*, by: Any, critique: Critique, note: str = "") -> Critique:
    return advance(obj=critique, workflow=CRITIQUE_WORKFLOW, action="complete", by=by, note=nfc(note))


def hook_publish(step: Step) -> None:
    step.obj.published_on = timezone.localdate()


def publish(*, by: Any, critique: Critique) -> Critique:
    return advance(obj=critique, workflow=CRITIQUE_WORKFLOW, action="publish", by=by)
