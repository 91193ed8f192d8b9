"""GET /api/v1/deadlines/compute: the deadline engine over HTTP (same parameters as
`manage.py deadline`). Public: the rules are law, and the answer reveals nothing about any case."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.throttling import AnonRateThrottle

from dvk.deadlines.models import DeadlineRule
from dvk.deadlines.services import DeadlineError, compute, parse_date

router = Router(tags=["deadlines"])


class DeadlineQuery(Schema):
    rule: str = ""
    start: str = ""
    complex: bool = False
    remote_area: bool = False
    multi_location: bool = False
    extensions: int | None = None
    extension_count: int | None = None  # the name for the same modifier
    paused_days: int = 0


class ComputedDeadlineOut(Schema):
    rule: str
    start: str
    due: str
    day_type: str
    legal_ref: str
    moved_from: str | None


@router.get(
    "/deadlines/compute",
    response=ComputedDeadlineOut,
    auth=None,
    throttle=[AnonRateThrottle("120/m")],
    summary="Compute a statutory deadline",
)
def compute_deadline(request: HttpRequest, params: Query[DeadlineQuery]):
    """The last day on which the act is still on time. 422 with a Vietnamese message for an unknown
    rule, an impossible date, more than 2 extensions or negative numbers."""
    extensions = params.extensions if params.extensions is not None else (params.extension_count or 0)
    try:
        deadline = compute(
            params.rule,
            params.start,
            complex=params.complex,
            remote_area=params.remote_area,
            multi_location=params.multi_location,
            extensions=extensions,
            paused_days=params.paused_days,
        )
    except DeadlineError as exc:
        raise ValidationError({exc.field or "rule": [str(exc)]}) from None
    return deadline.as_dict()


class RuleOut(Schema):
    rule: str
    name: str
    legal_ref: str
    valid_from: str
    valid_to: str | None
    days: int
    day_type: str
    start_event: str
    complex_days: int | None
    remote_days: int | None
    remote_complex_days: int | None
    multi_location_days: int | None
    extension_days: int
    max_extensions: int
    pauses_excluded: bool


class RuleList(Schema):
    count: int
    items: list[RuleOut]


class RuleQuery(Schema):
    on: str = ""  # dd/mm/yyyy or YYYY-MM-DD: the versions in force that day; empty: every version


@router.get(
    "/deadlines/rules",
    response=RuleList,
    auth=None,
    throttle=[AnonRateThrottle("120/m")],
    summary="The deadline rules (all versions, or those in force on a date)",
)
def list_rules(request: HttpRequest, params: Query[RuleQuery]):
    rules = DeadlineRule.objects.order_by("rule_id", "valid_from")
    if params.on:
        try:
            rules = rules.valid_on(parse_date(params.on))
        except DeadlineError as exc:
            raise ValidationError({"on": [str(exc)]}) from None
    items = [
        {
            "rule": r.rule_id,
            "name": r.name,
            "legal_ref": r.legal_ref,
            "valid_from": r.valid_from.isoformat(),
            "valid_to": r.valid_to.isoformat() if r.valid_to else None,
            "days": r.days,
            "day_type": r.day_type,
            "start_event": r.start_event,
            "complex_days": r.complex_days,
            "remote_days": r.remote_days,
            "remote_complex_days": r.remote_complex_days,
            "multi_location_days": r.multi_location_days,
            "extension_days": r.extension_days,
            "max_extensions": r.max_extensions,
            "pauses_excluded": r.pauses_excluded,
        }
        for r in rules
    ]
    return {"count": len(items), "items": items}
