"""The voter petitions collected at meetings (tổng hợp ý kiến, kiến nghị cử tri) as kept in Excel,
imported through dvk.imports: `manage.py import_register petitions FILE`. Columns: STT, Nội dung
kiến nghị, Cử tri kiến nghị, Ngày tiếp xúc, Địa điểm, Loại (ý kiến / kiến nghị). Each row is
recorded on the meeting of that day (and place, when the body held several) by
`services.record_petitions`; the meeting must already be recorded."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dvk.core.text import fold
from dvk.imports.spec import Column, ImportSpec, Interpretation, Issue, Row
from dvk.voters import services
from dvk.voters.models import Meeting, Petition

COLUMNS = (
    Column("number", ("STT", "TT")),
    Column(
        "text",
        ("Nội dung kiến nghị", "Nội dung ý kiến, kiến nghị", "Nội dung", "Ý kiến, kiến nghị"),
        required=True,
    ),
    Column("raised_by", ("Cử tri kiến nghị", "Người kiến nghị", "Cử tri", "Họ tên cử tri")),
    Column("held_on", ("Ngày tiếp xúc", "Ngày tiếp xúc cử tri", "Ngày"), required=True),
    Column("place", ("Địa điểm", "Địa điểm tiếp xúc", "Nơi tiếp xúc")),
    Column("kind", ("Loại", "Phân loại")),
)
RECORD_FIELDS = ("text", "raised_by", "held_on", "place", "kind", "meeting_id")


@dataclass
class Context:
    meetings: dict[str, list[Meeting]]  # ISO day → meetings of that day the user may see
    user: Any


def prepare(user: Any) -> Context:
    qs = Meeting.objects.visible_to(user) if user is not None else Meeting.objects.all()
    meetings: dict[str, list[Meeting]] = {}
    for meeting in qs.select_related("session").order_by("held_on", "pk"):
        meetings.setdefault(meeting.held_on.isoformat(), []).append(meeting)
    return Context(meetings=meetings, user=user)


def interpret(row: Row, ctx: Context) -> Interpretation:
    text = row.text("text")
    held_on = row.date("held_on")
    place = row.text("place")
    issues: list[Issue] = []
    if not text:
        issues.append(Issue("missing_name", _("The petition's text is empty.")))
    meeting = None
    if held_on is None:
        if not any(i.reason == "unparseable_date" for i in row.issues):
            issues.append(Issue("missing_unit", _("The meeting date is empty.")))
    else:
        candidates = ctx.meetings.get(held_on.isoformat(), [])
        if place and len(candidates) > 1:
            candidates = [m for m in candidates if fold(place) in fold(m.place)] or candidates
        if not candidates:
            issues.append(
                Issue(
                    "unknown_meeting",
                    _("No voter meeting on %(date)s in your scope: record the meeting first.")
                    % {"date": held_on.strftime("%d/%m/%Y")},
                    {"value": held_on.isoformat()},
                )
            )
        elif len(candidates) > 1:
            issues.append(
                Issue(
                    "ambiguous_meeting",
                    _("Several voter meetings on %(date)s: write the place.")
                    % {"date": held_on.strftime("%d/%m/%Y")},
                    {"suggestions": [m.place for m in candidates][:5]},
                )
            )
        else:
            meeting = candidates[0]
            if ctx.user is not None and not ctx.user.has_perm("voters.record_meeting", meeting):
                issues.append(
                    Issue(
                        "out_of_scope",
                        _("You cannot record petitions for this meeting."),
                        {"value": meeting.place},
                    )
                )
    kind = Petition.Kind.OPINION if fold(row.text("kind")).startswith("y kien") else Petition.Kind.PETITION
    record = {
        "text": text,
        "raised_by": row.text("raised_by"),
        "held_on": held_on.isoformat() if held_on else None,
        "place": place,
        "kind": str(kind),
        "meeting_id": meeting.pk if meeting else None,
        "_meeting": meeting,
    }
    key = (fold(text), meeting.pk if meeting else record["held_on"]) if text else None
    return Interpretation(record=record, issues=issues, key=key)


def existing(records: Sequence[dict[str, Any]], ctx: Context) -> dict[tuple, int]:
    meetings = {r["meeting_id"] for r in records if r.get("meeting_id")}
    rows = Petition.objects.filter(meeting_id__in=meetings).values_list("id", "meeting_id", "text")
    return {(fold(text), meeting): pk for pk, meeting, text in rows}


def create(record: dict[str, Any], user: Any, ctx: Context) -> Petition:
    result = services.record_petitions(
        by=user,
        meeting=record["_meeting"],
        rows=[services.RowIn(text=record["text"], kind=record["kind"], raised_by=record["raised_by"])],
    )
    return result.petitions[0]


SPEC = ImportSpec(
    kind="petitions",
    label=gettext_lazy("Voter petitions register"),
    columns=COLUMNS,
    permission="voters.record_meeting",
    prepare=prepare,
    interpret=interpret,
    existing=existing,
    create=create,
    record_fields=RECORD_FIELDS,
    title_field="text",
    order=40,
)
