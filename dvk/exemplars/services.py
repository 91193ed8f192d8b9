"""The only writers of the exemplars domain: each use case is atomic, checks its named
permission, writes an event row or an audit event, and notifies after commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dvk.attachments.models import Attachment
from dvk.attachments.services import attach, attachments_of, kind_labels
from dvk.audit.services import diff, record, snapshot
from dvk.core.actors import is_system
from dvk.core.text import nfc
from dvk.core.workflow import DomainError, Step, WorkflowError, advance
from dvk.documents import services as documents
from dvk.exemplars.models import (
    Commendation,
    Council,
    CouncilExclusion,
    CouncilMember,
    CriteriaSet,
    Cycle,
    Decision,
    Exemplar,
    ExemplarEvent,
    Kind,
    Level,
    Nomination,
    ProgressUpdate,
    Replication,
    Score,
    ScoreSheet,
    council_ids_for,
    forget_councils,
)
from dvk.exemplars.workflow import WORKFLOW, Stage
from dvk.notifications.services import notify
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import (
    Affiliation,
    conflict_of_interest,
    province_root,
    require_current,
    scope_for,
)

HUNDRED = Decimal("100")
TWO_PLACES = Decimal("0.01")

# Kinds of file that make up the nomination dossier (hồ sơ). Every kind an exemplar takes, with
# its label, is declared on ExemplarsConfig.attachables.
DOSSIER_KINDS = ("dossier.proposal", "dossier.report", "dossier.minutes", "evidence")

CONTENT_FIELDS = (
    "title",
    "summary",
    "situation",
    "goals",
    "content_method",
    "area_beneficiaries",
    "forces",
    "resources",
    "timeline",
    "expected_outputs",
    "sustainability",
    "field",
    "level",
    "cycle",
    "started_on",
    "latitude",
    "longitude",
    "person_name",
    "person_position",
    "consent_public",
    "kind",
)
FORCE_ROLES = ("lead", "coordinate", "take_part")
RESOURCE_KEYS = ("funds", "facilities", "workdays", "socialised")


def dossier_labels() -> dict[str, str]:
    """Labels of the kinds of file an exemplar takes (declared on ExemplarsConfig.attachables)."""
    return kind_labels("exemplars.exemplar")


# --- registration ----------------------------------------------------------------------------


def validate_content(data: dict[str, Any], *, kind: str) -> dict[str, Any]:
    """Normalise the structured registration content; raise ValidationError (422) with clear messages."""
    errors: dict[str, list[str]] = {}
    forces = data.get("forces")
    if forces is not None:
        clean_forces = []
        for row in forces if isinstance(forces, list) else [None]:
            if not isinstance(row, dict) or not nfc(str(row.get("name", ""))):
                errors.setdefault("forces", []).append(_("Each force needs a name."))
                continue
            if row.get("role") not in FORCE_ROLES:
                errors.setdefault("forces", []).append(
                    _("A force's role must be lead, coordinate or take_part.")
                )
                continue
            clean_forces.append(
                {"name": nfc(str(row["name"])), "role": row["role"], "task": nfc(str(row.get("task", "")))}
            )
        data["forces"] = clean_forces
    resources = data.get("resources")
    if resources is not None:
        if not isinstance(resources, dict) or set(resources) - set(RESOURCE_KEYS):
            errors.setdefault("resources", []).append(
                _("Resources take the keys funds, facilities, workdays and socialised.")
            )
        else:
            data["resources"] = {k: nfc(str(v)) for k, v in resources.items() if v not in (None, "")}
    timeline = data.get("timeline")
    if timeline is not None:
        clean_timeline = []
        for row in timeline if isinstance(timeline, list) else [None]:
            try:
                day = dt.date.fromisoformat(str(row["date"]))  # type: ignore[index]
                clean_timeline.append({"date": day.isoformat(), "milestone": nfc(str(row["milestone"]))})  # type: ignore[index]
            except (TypeError, KeyError, ValueError):
                errors.setdefault("timeline", []).append(
                    _("Each milestone needs a date (YYYY-MM-DD) and a text.")
                )
        data["timeline"] = sorted(clean_timeline, key=lambda r: r["date"])
    for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
        value = data.get(name)
        if value is not None and not (low <= Decimal(str(value)) <= high):
            errors.setdefault(name, []).append(_("The coordinate is out of range."))
    if "title" in data and not nfc(data.get("title")):
        errors.setdefault("title", []).append(_("This field is required."))
    if kind == Kind.INDIVIDUAL and "person_name" in data and not nfc(data.get("person_name")):
        errors.setdefault("person_name", []).append(_("An individual exemplar needs the person's name."))
    if errors:
        raise ValidationError(errors)
    return data


def _check_field_level(data: dict[str, Any]) -> None:
    field = data.get("field")
    if field is not None and not field.is_active:
        raise ValidationError({"field": [_("This field is no longer in use.")]})


@transaction.atomic
def create_exemplar(
    *, by: Any, organisation: Organisation, data: dict[str, Any], form_token: str = ""
) -> Exemplar:
    """Register a draft model or individual exemplar for `organisation` (a body the user works for)."""
    if form_token:
        existing = Exemplar.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing  # the same form posted twice
    if not by.has_perm("exemplars.add_exemplar", organisation):
        raise PermissionDenied(_("You can register models only for a body you work for."))
    require_current(organisation)
    kind = data.get("kind") or Kind.COLLECTIVE
    data = validate_content({k: v for k, v in data.items() if k in CONTENT_FIELDS}, kind=kind)
    _check_field_level(data)
    if data.get("cycle") is None:
        data["cycle"] = Cycle.current()
        if data["cycle"] is None:
            raise ValidationError({"cycle": [_("No recognition cycle covers today; choose one.")]})
    exemplar = Exemplar(organisation=organisation, created_by=by, form_token=form_token or None, **data)
    exemplar.save()
    ExemplarEvent.objects.create(
        exemplar=exemplar, action="create", from_stage="", to_stage=exemplar.stage, actor=by
    )
    record(
        actor=by,
        action="exemplars.create",
        target=exemplar,
        changes={"title": exemplar.title},
        organisation=organisation,
    )
    return exemplar


@transaction.atomic
def update_exemplar(*, by: Any, exemplar: Exemplar, data: dict[str, Any]) -> Exemplar:
    """Change the registration content while the exemplar is still editable (a draft)."""
    exemplar = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    if not by.has_perm("exemplars.change_exemplar", exemplar):
        if exemplar.stage != Stage.DRAFT:
            raise WorkflowError(_("The registration can be changed only while it is a draft."))
        raise PermissionDenied(_("You are not allowed to perform this action."))
    changes = {k: v for k, v in data.items() if k in CONTENT_FIELDS}
    changes = validate_content(changes, kind=changes.get("kind", exemplar.kind))
    _check_field_level(changes)
    before = snapshot(exemplar, list(changes))
    for name, value in changes.items():
        setattr(exemplar, name, value)
    if exemplar.kind == Kind.INDIVIDUAL and not exemplar.person_name:
        raise ValidationError({"person_name": [_("An individual exemplar needs the person's name.")]})
    exemplar.save()
    record(
        actor=by,
        action="exemplars.update",
        target=exemplar,
        changes=diff(before, snapshot(exemplar, list(changes))),
        organisation=exemplar.organisation,
    )
    return exemplar


# --- the workflow ----------------------------------------------------------------------------


def months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def missing_dossier(exemplar: Exemplar) -> list[str]:
    """Dossier items not yet attached since the last closed nomination (labels, translated)."""
    last = (
        exemplar.nominations.filter(outcome__in=[Nomination.Outcome.RECOGNISED, Nomination.Outcome.DECLINED])
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    files = attachments_of(exemplar).filter(kind__in=list(DOSSIER_KINDS))
    if last:
        files = files.filter(created_at__gt=last)
    present = set(files.values_list("kind", flat=True))
    labels = dossier_labels()
    return [labels[k] for k in DOSSIER_KINDS if k not in present]


def _current_nomination_id(exemplar: Exemplar) -> int:
    """The open nomination's id; the stages that need one always have it (set by "nominate")."""
    if exemplar.current_nomination_id is None:
        raise Nomination.DoesNotExist("The exemplar has no current nomination.")
    return exemplar.current_nomination_id


def _close_nomination(exemplar: Exemplar, outcome: str) -> Nomination | None:
    if not exemplar.current_nomination_id:
        return None
    nomination = Nomination.objects.select_for_update().get(pk=exemplar.current_nomination_id)
    if nomination.closed_at is None:
        nomination.closed_at = timezone.now()
        nomination.outcome = outcome
        nomination.save(update_fields=["closed_at", "outcome", "updated_at"])
    return nomination


def _nominate(exemplar: Exemplar, by: Any) -> None:
    today = timezone.localdate()
    criteria_set = CriteriaSet.in_force(exemplar.kind, today)
    if criteria_set is None:
        raise DomainError(_("No criteria set is in force for this kind of exemplar."))
    months = months_between(exemplar.started_on, today)
    if months < criteria_set.min_months:
        raise DomainError(
            _(
                "Too early to nominate: the model has run for %(months)d months since %(start)s; the criteria set "
                "requires at least %(required)d months."
            )
            % {
                "months": max(months, 0),
                "start": exemplar.started_on.strftime("%d/%m/%Y"),
                "required": criteria_set.min_months,
            }
        )
    missing = missing_dossier(exemplar)
    if missing:
        raise DomainError(_("The dossier is incomplete. Missing: %(items)s.") % {"items": ", ".join(missing)})
    nomination = Nomination.objects.create(
        exemplar=exemplar,
        cycle=exemplar.cycle,
        level=exemplar.level,
        criteria_set=criteria_set,
        nominated_by=by,
        nominated_on=today,
    )
    exemplar.current_nomination = nomination


def conflicting_membership(user: Any, exemplar: Exemplar) -> Affiliation | None:
    """The user's own body behind the nomination: the nominating body or a body above it (below
    the province root), widened with predecessors and successors exactly as scope is — today's
    commune is also the communes merged into it (dvk.organisations.scoping.conflict_of_interest)."""
    return conflict_of_interest(user, exemplar.org_path)


def _exclude(
    *, nomination: Nomination, user: Any, conflict: Affiliation, by: Any, exemplar: Exemplar
) -> CouncilExclusion:
    """Keep a council member out of a review: one row and one audit event, when it is decided."""
    reason = _("Member of the nominating body: %(body)s") % {"body": conflict.name}
    exclusion, created = CouncilExclusion.objects.get_or_create(
        nomination=nomination, user=user, defaults={"reason": reason}
    )
    if created:
        record(
            actor=by,
            action="exemplars.exclude_member",
            target=nomination,
            changes={"member": user.get_username(), "reason": reason},
            organisation=exemplar.organisation,
        )
    return exclusion


def _open_review(exemplar: Exemplar, by: Any) -> None:
    nomination = Nomination.objects.select_for_update().get(pk=_current_nomination_id(exemplar))
    council = Council.objects.filter(level=nomination.level, cycle=nomination.cycle).order_by("id").first()
    if council is None:
        raise DomainError(
            _("No council has been set up for the %(level)s in cycle %(cycle)s.")
            % {"level": exemplar.get_level_display().lower(), "cycle": nomination.cycle}
        )
    nomination.council = council
    nomination.review_opened_at = timezone.now()
    nomination.save(update_fields=["council", "review_opened_at", "updated_at"])
    for seat in council.members.select_related("user"):
        conflict = conflicting_membership(seat.user, exemplar)
        if conflict is not None:
            _exclude(nomination=nomination, user=seat.user, conflict=conflict, by=by, exemplar=exemplar)


@dataclass
class ScoreSummary:
    members: int
    submitted: int
    quorum: int
    quorum_met: bool
    average: Decimal | None
    pass_mark: Decimal
    passed: bool
    agreeing: int
    percent_agreeing: Decimal | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "members": self.members,
            "submitted": self.submitted,
            "quorum": self.quorum,
            "quorum_met": self.quorum_met,
            "average": float(self.average) if self.average is not None else None,
            "pass_mark": float(self.pass_mark),
            "passed": self.passed,
            "agreeing": self.agreeing,
            "percent_agreeing": float(self.percent_agreeing) if self.percent_agreeing is not None else None,
        }


def summarise(nomination: Nomination) -> ScoreSummary:
    """Quorum, average weighted score and percentage agreeing (score ≥ pass mark) of a review."""
    criteria_set = nomination.criteria_set
    members = 0
    if nomination.council_id:
        members = (
            CouncilMember.objects.filter(council_id=nomination.council_id)
            .exclude(user_id__in=nomination.exclusions.values("user_id"))
            .count()
        )
    percents = [sheet.percent for sheet in nomination.score_sheets.all()]
    submitted = len(percents)
    average = (
        (sum(percents, Decimal(0)) / submitted).quantize(TWO_PLACES, ROUND_HALF_UP) if submitted else None
    )
    agreeing = sum(1 for p in percents if p >= criteria_set.pass_mark)
    percent_agreeing = (
        (Decimal(agreeing) * HUNDRED / submitted).quantize(TWO_PLACES, ROUND_HALF_UP) if submitted else None
    )
    quorum_met = submitted >= criteria_set.quorum
    return ScoreSummary(
        members=members,
        submitted=submitted,
        quorum=criteria_set.quorum,
        quorum_met=quorum_met,
        average=average,
        pass_mark=criteria_set.pass_mark,
        passed=bool(quorum_met and average is not None and average >= criteria_set.pass_mark),
        agreeing=agreeing,
        percent_agreeing=percent_agreeing,
    )


@transaction.atomic
def issue_decision(
    *,
    exemplar: Exemplar,
    issuing_body: Organisation,
    level: str,
    cycle: Cycle,
    signed_on: dt.date,
    by: Any,
    nomination: Nomination | None = None,
    summary: ScoreSummary | None = None,
    doc_type: str = "QĐ",
) -> Decision:
    """The recognition decision, numbered in the deciding body's register (dvk.documents) and
    publicly verifiable through its register row's code."""
    what = "điển hình" if exemplar.kind == Kind.INDIVIDUAL else "mô hình"
    document = documents.issue(
        organisation=issuing_body,
        doc_type=doc_type,
        title=f"Công nhận {what} “Dân vận khéo” {cycle.name}: {exemplar.display_title}"[:500],
        by=by,
        issued_on=signed_on,
        signer=by,
        recipients=[exemplar.organisation.name],
        verifiable=True,
    )
    decision = Decision.objects.create(
        exemplar=exemplar,
        nomination=nomination,
        issuing_body=issuing_body,
        document=document,
        number=document.number,
        verification_code=document.verification_code or "",  # verifiable=True: always set
        signed_on=signed_on,
        signed_by=by if getattr(by, "is_authenticated", False) else None,
        level=level,
        cycle=cycle,
        average=summary.average if summary else None,
        percent_agreeing=summary.percent_agreeing if summary else None,
    )
    documents.link(document, decision)
    record(
        actor=by,
        action="exemplars.decision",
        target=decision,
        changes={"number": decision.number, "exemplar": exemplar.pk},
        organisation=issuing_body,
    )
    return decision


def _recognise(exemplar: Exemplar, by: Any) -> Decision:
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("criteria_set", "council__deciding_body")
        .get(pk=_current_nomination_id(exemplar))
    )
    summary = summarise(nomination)
    if not summary.quorum_met:
        raise DomainError(
            _(
                "Quorum not met: %(submitted)d of %(members)d members have scored; the criteria set requires "
                "%(quorum)d."
            )
            % {"submitted": summary.submitted, "members": summary.members, "quorum": summary.quorum}
        )
    if not summary.passed:
        raise DomainError(
            _(
                "Pass mark not reached: the average score is %(average)s%% against a pass mark of %(pass_mark)s%%."
            )
            % {"average": summary.average, "pass_mark": summary.pass_mark}
        )
    nomination.closed_at = timezone.now()
    nomination.outcome = Nomination.Outcome.RECOGNISED
    nomination.save(update_fields=["closed_at", "outcome", "updated_at"])
    return issue_decision(
        exemplar=exemplar,
        nomination=nomination,
        issuing_body=nomination.council.deciding_body,  # type: ignore[union-attr]
        level=nomination.level,
        cycle=nomination.cycle,
        signed_on=timezone.localdate(),
        by=by,
        summary=summary,
    )


def _renew(exemplar: Exemplar, cycle: Cycle | None) -> None:
    if cycle is None:
        raise ValidationError({"cycle": [_("Choose the later cycle in which the model continues.")]})
    if cycle.start_year <= exemplar.cycle.start_year:
        raise DomainError(
            _("Recognition is per cycle: choose a cycle later than %(cycle)s.") % {"cycle": exemplar.cycle}
        )
    exemplar.cycle = cycle
    exemplar.outstanding = False
    exemplar.outstanding_event = ""


def advance_exemplar(
    *, exemplar: Exemplar, action: str, by: Any, note: str = "", cycle: Cycle | None = None
) -> Exemplar:
    """Apply one workflow action. The only code path that changes Exemplar.stage; what each action
    checks and does is declared on its transition (workflow.TRANSITIONS, hooks below)."""
    return advance(
        obj=exemplar,
        workflow=WORKFLOW,
        action=action,
        by=by,
        note=note,
        params={"cycle": cycle},
        audit_organisation=exemplar.organisation,
    )


# --- workflow hooks (named on the transitions in workflow.py) ---------------------------------


def on_register(step: Step) -> None:
    obj = step.obj
    missing = [
        label
        for name, label in (
            ("situation", _("situation and reasons")),
            ("goals", _("goals")),
            ("content_method", _("content and method")),
        )
        if not getattr(obj, name)
    ]
    if missing:
        raise DomainError(
            _("Complete the registration before sending it: %(items)s.") % {"items": ", ".join(missing)}
        )
    obj.registered_on = timezone.localdate()


def on_nominate(step: Step) -> None:
    _nominate(step.obj, step.by)


def on_open_review(step: Step) -> None:
    _open_review(step.obj, step.by)


def on_recognise(step: Step) -> None:
    decision = _recognise(step.obj, step.by)
    step.audit["decision"] = decision.number


def on_decline(step: Step) -> None:
    _close_nomination(step.obj, Nomination.Outcome.DECLINED)


def on_return_nomination(step: Step) -> None:
    _close_nomination(step.obj, Nomination.Outcome.RETURNED)


def on_withdraw(step: Step) -> None:
    _close_nomination(step.obj, Nomination.Outcome.WITHDRAWN)


def on_renew(step: Step) -> None:
    _renew(step.obj, step.params.get("cycle"))


def notify_step(step: Step) -> None:
    _notify(step.obj, step.action, step.by)


def _coordinators(exemplar: Exemplar) -> list[int]:
    """The coordinators of the exemplar's province (scoped like everything else: a province
    without a coordinator notifies nobody else's)."""
    return list(
        Membership.objects.filter(
            role=Membership.Role.COORDINATOR,
            organisation__path__startswith=province_root(exemplar.org_path),
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )


def _notify(exemplar: Exemplar, action: str, by: Any) -> None:
    url = reverse("exemplars:detail", args=[exemplar.pk])
    title = f"{exemplar.title}: {exemplar.get_stage_display()}"
    if action in ("register", "nominate"):
        notify(
            _coordinators(exemplar),
            title=title,
            url=url,
            kind=f"exemplars.{action}",
            dedupe_key=f"exemplars.{action}.{exemplar.pk}",
        )
    elif action == "open_review" and exemplar.current_nomination_id:
        members = CouncilMember.objects.filter(
            council__nominations=exemplar.current_nomination_id
        ).values_list("user_id", flat=True)
        notify(
            list(members),
            title=title,
            url=url,
            kind="exemplars.open_review",
            dedupe_key=f"exemplars.open_review.{exemplar.current_nomination_id}",
        )
    elif exemplar.created_by_id and exemplar.created_by_id != getattr(by, "pk", None):
        notify([exemplar.created_by_id], title=title, url=url, kind=f"exemplars.{action}")


# --- council scoring -------------------------------------------------------------------------


def submit_scores(
    *, exemplar: Exemplar, by: Any, scores: list[tuple[int, Any]], comment: str = ""
) -> tuple[ScoreSheet, bool]:
    """Store (or replace) one member's scores. Returns (sheet, created)."""
    exemplar = Exemplar.objects.select_related("current_nomination__criteria_set").get(pk=exemplar.pk)
    nomination = exemplar.current_nomination
    if exemplar.stage != Stage.UNDER_REVIEW or nomination is None:
        raise WorkflowError(_("Scores can be submitted only while the council review is open."))
    if nomination.council_id not in council_ids_for(by):
        raise PermissionDenied(_("You are not a member of the council reviewing this nomination."))
    exclusion = nomination.exclusions.filter(user=by).first()
    if exclusion is None:
        conflict = conflicting_membership(by, exemplar)
        if conflict is not None:  # a conflict that arose after the review opened: decided now, once
            exclusion = _exclude(nomination=nomination, user=by, conflict=conflict, by=by, exemplar=exemplar)
    if exclusion is not None:
        # A refused write (POST), recorded outside any transaction: it stays in the audit trail.
        # Reading the scoring page writes nothing (the rule "exemplars.score" already refuses).
        record(
            actor=by,
            action="exemplars.score_refused",
            target=nomination,
            changes={"reason": exclusion.reason},
            organisation=exemplar.organisation,
        )
        raise PermissionDenied(
            _("You are excluded from this review. %(reason)s.") % {"reason": exclusion.reason}
        )
    criteria = {c.pk: c for c in nomination.criteria_set.criteria.all()}
    given: dict[int, Decimal] = {}
    errors: list[str] = []
    for criterion_id, value in scores:
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors.append(_("Criterion %(id)s is not part of this criteria set.") % {"id": criterion_id})
            continue
        try:
            number = Decimal(str(value))
        except Exception:  # noqa: BLE001 - any unparsable input is a validation error
            errors.append(_("Enter a number for “%(name)s”.") % {"name": criterion.name})
            continue
        if not 0 <= number <= criterion.max_score:
            errors.append(
                _("The score for “%(name)s” must be between 0 and %(max)s.")
                % {"name": criterion.name, "max": criterion.max_score}
            )
            continue
        given[criterion_id] = number
    missing = [c.name for pk, c in criteria.items() if pk not in given]
    if missing and not errors:
        errors.append(_("Score every criterion. Missing: %(items)s.") % {"items": "; ".join(missing)})
    if errors:
        raise ValidationError({"scores": errors})
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.closed_at is not None:
            raise WorkflowError(_("The review is closed; scores can no longer change."))
        sheet, created = ScoreSheet.objects.get_or_create(nomination=nomination, member=by)
        sheet.scores.all().delete()
        Score.objects.bulk_create([Score(sheet=sheet, criterion_id=pk, score=v) for pk, v in given.items()])
        total_weight = sum((c.weight for c in criteria.values()), Decimal(0))
        weighted = sum((given[pk] / c.max_score * c.weight for pk, c in criteria.items()), Decimal(0))
        sheet.percent = (weighted * HUNDRED / total_weight).quantize(TWO_PLACES, ROUND_HALF_UP)
        sheet.comment = nfc(comment)
        sheet.save()
        record(
            actor=by,
            action="exemplars.score" if created else "exemplars.rescore",
            target=nomination,
            changes={"percent": sheet.percent},
            organisation=exemplar.organisation,
        )
    return sheet, created


# --- building, evidence, outcomes ------------------------------------------------------------


@transaction.atomic
def add_progress(
    *, exemplar: Exemplar, by: Any, reported_on: dt.date, summary: str, figures: dict[str, Any] | None = None
) -> ProgressUpdate:
    if not by.has_perm("exemplars.add_progress", exemplar):
        raise PermissionDenied(_("You are not allowed to report progress on this model now."))
    if not nfc(summary):
        raise ValidationError({"summary": [_("This field is required.")]})
    clean = {nfc(str(k)): v for k, v in (figures or {}).items() if nfc(str(k))}
    update = ProgressUpdate.objects.create(
        exemplar=exemplar, reported_on=reported_on, summary=nfc(summary), figures=clean, created_by=by
    )
    record(
        actor=by,
        action="exemplars.progress",
        target=exemplar,
        changes={"reported_on": reported_on, "figures": clean},
        organisation=exemplar.organisation,
    )
    return update


def attach_file(*, exemplar: Exemplar, by: Any, upload: Any, kind: str, label: str = "") -> Attachment:
    """Evidence, press links or a dossier item (proposal letter, achievement report, minutes):
    the attachments service checks "exemplars.attach" and the kinds ExemplarsConfig declares."""
    return attach(
        target=exemplar, upload=upload, by=by, label=label, kind=kind, organisation=exemplar.organisation
    )


@transaction.atomic
def set_outstanding(*, exemplar: Exemplar, by: Any, outstanding: bool = True, event: str = "") -> Exemplar:
    """Select (or unselect) a recognised model as tiêu biểu."""
    exemplar = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    if not by.has_perm("exemplars.commend", exemplar):
        raise PermissionDenied(_("Only the coordinating level selects outstanding recognised models."))
    before = snapshot(exemplar, ["outstanding", "outstanding_event"])
    exemplar.outstanding, exemplar.outstanding_event = outstanding, nfc(event) if outstanding else ""
    changes = diff(before, snapshot(exemplar, ["outstanding", "outstanding_event"]))
    if not changes:
        return exemplar  # the same choice sent again
    exemplar.save(update_fields=["outstanding", "outstanding_event"])
    record(
        actor=by,
        action="exemplars.outstanding",
        target=exemplar,
        changes=changes,
        organisation=exemplar.organisation,
    )
    return exemplar


@transaction.atomic
def commend(
    *,
    exemplar: Exemplar,
    by: Any,
    form: str,
    authority: str,
    decision_number: str,
    awarded_on: dt.date,
    event: str = "",
) -> Commendation:
    """Record a giấy khen / bằng khen for a recognised model; a commended model is tiêu biểu."""
    exemplar = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    if not by.has_perm("exemplars.commend", exemplar):
        raise PermissionDenied(_("Only the coordinating level records commendations."))
    if form not in Commendation.Form.values:
        raise ValidationError({"form": [_("Choose one of the allowed values.")]})
    if not nfc(authority) or not nfc(decision_number):
        raise ValidationError({"authority": [_("Give the deciding authority and the decision number.")]})
    commendation = Commendation.objects.create(
        exemplar=exemplar,
        form=form,
        authority=nfc(authority),
        decision_number=nfc(decision_number),
        awarded_on=awarded_on,
        event=nfc(event),
        created_by=by,
    )
    if not exemplar.outstanding:
        exemplar.outstanding = True
        exemplar.outstanding_event = exemplar.outstanding_event or nfc(event)
        exemplar.save(update_fields=["outstanding", "outstanding_event"])
    record(
        actor=by,
        action="exemplars.commend",
        target=exemplar,
        changes={"form": form, "decision_number": commendation.decision_number},
        organisation=exemplar.organisation,
    )
    return commendation


@transaction.atomic
def add_replication(
    *,
    exemplar: Exemplar,
    by: Any,
    organisation: Organisation,
    started_on: dt.date,
    adaptations: str = "",
    results: str = "",
    latitude: Any = None,
    longitude: Any = None,
) -> Replication:
    """Record that `organisation` (a body the user works for) adopted a recognised model."""
    if not by.has_perm("exemplars.replicate", exemplar):
        raise PermissionDenied(_("Only recognised models can be replicated, by staff of a body."))
    if not scope_for(by).roles_for(organisation.path) & Membership.Role.STAFF:
        raise PermissionDenied(_("You can record replications only for a body you work for."))
    require_current(organisation, "organisation_id")
    if organisation.pk == exemplar.organisation_id:
        raise ValidationError({"organisation_id": [_("The body that built the model cannot replicate it.")]})
    if Replication.objects.filter(exemplar=exemplar, organisation=organisation).exists():
        raise DomainError(_("This body has already recorded adopting this model."))
    validate_content({"latitude": latitude, "longitude": longitude}, kind=exemplar.kind)
    replication = Replication.objects.create(
        exemplar=exemplar,
        organisation=organisation,
        started_on=started_on,
        adaptations=adaptations,
        results=results,
        latitude=latitude,
        longitude=longitude,
        created_by=by,
    )
    Exemplar.objects.filter(pk=exemplar.pk).update(replication_count=F("replication_count") + 1)
    record(
        actor=by,
        action="exemplars.replicate",
        target=exemplar,
        changes={"organisation": organisation.pk, "started_on": started_on},
        organisation=organisation,
    )
    if exemplar.created_by_id:
        notify(
            [exemplar.created_by_id],
            title=_("%(body)s adopted “%(title)s”") % {"body": organisation.name, "title": exemplar.title},
            url=reverse("exemplars:detail", args=[exemplar.pk]),
            kind="exemplars.replicate",
        )
    return replication


# --- councils --------------------------------------------------------------------------------


@transaction.atomic
def create_council(
    *,
    by: Any,
    name: str,
    organisation: Organisation,
    deciding_body: Organisation,
    level: str,
    cycle: Cycle,
    members: list[tuple[Any, str]] | None = None,
    place: str = "",
) -> Council:
    """Set up a council (scheduled or imported set-ups run as SYSTEM; nobody else without the
    named permission). Members are (user, role) pairs, each user once."""
    if not (is_system(by) or (by is not None and by.has_perm("exemplars.manage_councils"))):
        raise PermissionDenied(_("Only the coordinating level sets up councils."))
    errors: dict[str, list[str]] = {}
    if not nfc(name):
        errors["name"] = [_("This field is required.")]
    if level not in Level.values:
        errors["level"] = [_("Choose one of the allowed values.")]
    seats = list(members or [])
    if any(role not in CouncilMember.Role.values for _user, role in seats):
        errors["members"] = [_("Choose one of the allowed values.")]
    elif len({user.pk for user, _role in seats}) != len(seats):
        errors["members"] = [_("Each member sits on the council once.")]
    if errors:
        raise ValidationError(errors)
    council = Council.objects.create(
        name=nfc(name),
        organisation=organisation,
        deciding_body=deciding_body,
        level=level,
        cycle=cycle,
        place=nfc(place),
    )
    for user, role in seats:
        CouncilMember.objects.create(council=council, user=user, role=role)
        forget_councils(user)
    record(
        actor=by,
        action="exemplars.council",
        target=council,
        changes={"members": [u.get_username() for u, _r in seats]},
        organisation=organisation,
    )
    return council
