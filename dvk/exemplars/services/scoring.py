"""Council scoring: one sheet per member, and the summary (quorum, average, agreeing) a decision rests on."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dvk.audit.services import record
from dvk.core.text import nfc
from dvk.core.types import AuthenticatedUser
from dvk.core.workflow import WorkflowError
from dvk.exemplars.models import (
    CouncilMember,
    Criterion,
    Exemplar,
    Nomination,
    Score,
    ScoreSheet,
    council_ids_for,
)
from dvk.exemplars.services.councils import _exclude, conflicting_membership
from dvk.exemplars.workflow import Stage

HUNDRED = Decimal("100")
TWO_PLACES = Decimal("0.01")


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


def _refuse_excluded(*, exemplar: Exemplar, nomination: Nomination, by: AuthenticatedUser) -> None:
    """Refuse a member kept out of the review (excluded when it opened, or now for a conflict that
    arose after): the refusal is recorded outside any transaction, so it stays in the audit trail.
    Reading the scoring page writes nothing (the rule "exemplars.score" already refuses)."""
    exclusion = nomination.exclusions.filter(user=by).first()
    if exclusion is None:
        conflict = conflicting_membership(by, exemplar, nomination.council)
        if conflict is None:
            return
        exclusion = _exclude(nomination=nomination, user=by, conflict=conflict, by=by, exemplar=exemplar)
    record(
        actor=by,
        action="exemplars.score_refused",
        target=nomination,
        changes={"reason": exclusion.reason},
        organisation=exemplar.organisation,
    )
    raise PermissionDenied(_("You are excluded from this review. %(reason)s.") % {"reason": exclusion.reason})


def _score_of(criterion: Criterion, value: Any) -> Decimal | str:
    """The score given for `criterion`, or the message saying why it is not one."""
    try:
        number = Decimal(str(value))
    except Exception:  # noqa: BLE001 - any unparsable input is a validation error
        return _("Enter a number for “%(name)s”.") % {"name": criterion.name}
    if not 0 <= number <= criterion.max_score:
        return _("The score for “%(name)s” must be between 0 and %(max)s.") % {
            "name": criterion.name,
            "max": criterion.max_score,
        }
    return number


def _clean_scores(criteria: dict[int, Criterion], scores: list[tuple[int, Any]]) -> dict[int, Decimal]:
    """One score per criterion of the set, each within 0..max; ValidationError listing what is wrong."""
    given: dict[int, Decimal] = {}
    errors: list[str] = []
    for criterion_id, value in scores:
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors.append(_("Criterion %(id)s is not part of this criteria set.") % {"id": criterion_id})
            continue
        score = _score_of(criterion, value)
        if isinstance(score, str):
            errors.append(score)
        else:
            given[criterion_id] = score
    missing = [c.name for pk, c in criteria.items() if pk not in given]
    if missing and not errors:
        errors.append(_("Score every criterion. Missing: %(items)s.") % {"items": "; ".join(missing)})
    if errors:
        raise ValidationError({"scores": errors})
    return given


def _weighted_percent(criteria: dict[int, Criterion], given: dict[int, Decimal]) -> Decimal:
    total_weight = sum((c.weight for c in criteria.values()), Decimal(0))
    weighted = sum((given[pk] / c.max_score * c.weight for pk, c in criteria.items()), Decimal(0))
    return (weighted * HUNDRED / total_weight).quantize(TWO_PLACES, ROUND_HALF_UP)


def _same_sheet(sheet: ScoreSheet, given: dict[int, Decimal], comment: str) -> bool:
    return sheet.comment == comment and {s.criterion_id: s.score for s in sheet.scores.all()} == given


def submit_scores(
    *, exemplar: Exemplar, by: AuthenticatedUser, scores: list[tuple[int, Any]], comment: str = ""
) -> tuple[ScoreSheet, bool]:
    """Store (or replace) one member's scores. Returns (sheet, created)."""
    exemplar = Exemplar.objects.select_related(
        "current_nomination__criteria_set", "current_nomination__council"
    ).get(pk=exemplar.pk)
    nomination = exemplar.current_nomination
    if exemplar.stage != Stage.UNDER_REVIEW or nomination is None:
        raise WorkflowError(_("Scores can be submitted only while the council review is open."))
    if nomination.council_id not in council_ids_for(by):
        raise PermissionDenied(_("You are not a member of the council reviewing this nomination."))
    _refuse_excluded(exemplar=exemplar, nomination=nomination, by=by)
    criteria = {c.pk: c for c in nomination.criteria_set.criteria.all()}
    given = _clean_scores(criteria, scores)
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if nomination.closed_at is not None:
            raise WorkflowError(_("The review is closed; scores can no longer change."))
        sheet, created = ScoreSheet.objects.get_or_create(nomination=nomination, member=by)
        if not created and _same_sheet(sheet, given, nfc(comment)):
            return sheet, False  # the same scores sent again (double click, retry): nothing changes
        sheet.scores.all().delete()
        Score.objects.bulk_create([Score(sheet=sheet, criterion_id=pk, score=v) for pk, v in given.items()])
        sheet.percent = _weighted_percent(criteria, given)
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
