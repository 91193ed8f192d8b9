"""Settings and helpers shared by the Front's services."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from dvk.core.text import nfc
from dvk.organisations.models import Membership, Organisation
from dvk.organisations.scoping import province_root
from dvk.organisations.selectors import members_by_body

K = Organisation.Kind


def recommendation_days() -> int:
    """Default days a body has to answer a recommendation (configurable: FRONT_RECOMMENDATION_DAYS)."""
    return int(getattr(settings, "FRONT_RECOMMENDATION_DAYS", 30))


def critique_answer_days() -> int:
    """Days the drafting body has to answer the critique (FRONT_CRITIQUE_ANSWER_DAYS; NQLT 403)."""
    return int(getattr(settings, "FRONT_CRITIQUE_ANSWER_DAYS", 15))


def users_of(*organisation_ids: int | None) -> list[int]:
    staff = members_by_body(organisation_ids, Membership.Role.WORK)
    return sorted({u for ids in staff.values() for u in ids})


def same_province(a: Organisation, b: Organisation) -> bool:
    return province_root(a.path) == province_root(b.path)


def require_front(organisation: Organisation) -> None:
    if organisation.kind != K.FRONT:
        raise ValidationError({"organisation": [_("Choose a Fatherland Front committee.")]})


def required_text(value: str, field: str, message: str) -> str:
    value = nfc(value)
    if not value:
        raise ValidationError({field: [message]})
    return value
