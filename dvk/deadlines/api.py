"""GET /api/v1/deadlines/compute: the deadline engine over HTTP (same parameters as
`manage.py deadline`). Public: the rules are law, and the answer reveals nothing about any case."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.throttling import AnonRateThrottle

from dvk.deadlines.services import DeadlineError, compute

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


class DeadlineOut(Schema):
    rule: str
    start: str
    due: str
    day_type: str
    legal_ref: str
    moved_from: str | None


@router.get(
    "/deadlines/compute",
    response=DeadlineOut,
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
