"""The letters register (sổ tiếp nhận, xử lý đơn thư) as offices keep it in Excel, imported through
dvk.imports: `manage.py import_register cases FILE`. Columns: STT, Ngày nhận, Người gửi, Địa chỉ,
Nội dung, Loại đơn (khiếu nại / tố cáo / kiến nghị / phản ánh), Lĩnh vực, Hình thức nhận, Số
người, Đơn vị tiếp nhận, Ghi chú. Each row is registered by `services.register_letter` (next
receipt number of the body, its case opened with its statutory deadline, a denouncer's identity
sealed in the vault, never stored in plain text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dvk.citizens import services
from dvk.citizens.models import Channel, Field, Letter
from dvk.citizens.workflow import Kind
from dvk.core.text import fold
from dvk.imports.matching import Lookup, out_of_scope
from dvk.imports.spec import Column, ImportSpec, Interpretation, Issue, Row, folded_index

COLUMNS = (
    Column("number", ("STT", "TT")),
    Column("received_on", ("Ngày nhận", "Ngày nhận đơn", "Ngày tiếp nhận", "Ngày"), required=True),
    Column("name", ("Người gửi", "Họ tên người gửi", "Họ và tên", "Người đứng đơn", "Họ tên")),
    Column("address", ("Địa chỉ", "Địa chỉ người gửi", "Nơi cư trú")),
    Column("summary", ("Nội dung", "Nội dung đơn", "Tóm tắt nội dung", "Nội dung vụ việc"), required=True),
    Column("kind", ("Loại đơn", "Phân loại", "Loại")),
    Column("field", ("Lĩnh vực",)),
    Column("channel", ("Hình thức nhận", "Nguồn đơn", "Hình thức")),
    Column("people_count", ("Số người", "Số người đứng đơn")),
    Column("organisation", ("Đơn vị tiếp nhận", "Cơ quan tiếp nhận", "Đơn vị", "Cơ quan")),
    Column("note", ("Ghi chú",)),
)
RECORD_FIELDS = (
    "received_on",
    "summary",
    "kind",
    "field",
    "channel",
    "people_count",
    "organisation",
    "organisation_id",
)

KIND_WORDS = {
    "khieu nai": Kind.COMPLAINT,
    "to cao": Kind.DENUNCIATION,
    "kien nghi": Kind.PETITION,
    "phan anh": Kind.REFLECTION,
    "kien nghi, phan anh": Kind.PETITION,
}
CHANNEL_WORDS = {
    "truc tiep": Channel.IN_PERSON,
    "tiep truc tiep": Channel.IN_PERSON,
    "buu dien": Channel.POST,
    "qua buu dien": Channel.POST,
    "buu chinh": Channel.POST,
    "chuyen den": Channel.TRANSFERRED,
    "co quan khac chuyen den": Channel.TRANSFERRED,
    "cong thong tin": Channel.NATIONAL_PORTAL,
    "cong dich vu cong": Channel.NATIONAL_PORTAL,
}


@dataclass
class Context:
    lookup: Lookup
    fields: dict[str, list[Field]]
    user: Any
    own: Any  # the body a row without a body column goes to: the user's first body


def prepare(user: Any) -> Context:
    lookup = Lookup.load(user)
    own = None
    if user is not None:
        first = (
            user.memberships.order_by("organisation__path").values_list("organisation_id", flat=True).first()
        )
        own = lookup.bodies.get(first) if first else None
    fields = list(Field.objects.filter(active=True))
    return Context(lookup=lookup, fields=folded_index(fields, lambda f: f.name), user=user, own=own)


def interpret(row: Row, ctx: Context) -> Interpretation:
    received_on = row.date("received_on")
    summary = row.text("summary")
    written_org = row.text("organisation")
    written_kind = fold(row.text("kind"))
    issues: list[Issue] = []
    if not summary:
        issues.append(Issue("missing_name", _("The content of the letter is empty.")))
    if received_on is None and not any(i.reason == "unparseable_date" for i in row.issues):
        issues.append(Issue("missing_date", _("The date received is empty.")))
    elif received_on is not None and received_on > ctx.lookup.today:
        issues.append(Issue("future_date", _("The date received is in the future.")))
    kind = (
        next((k for w, k in KIND_WORDS.items() if written_kind.startswith(w)), None)
        if written_kind
        else Kind.PETITION
    )
    if kind is None:
        issues.append(
            Issue(
                "unknown_kind",
                _("“%(value)s” is not a kind of letter (khiếu nại, tố cáo, kiến nghị, phản ánh).")
                % {"value": row.text("kind")},
                {"value": row.text("kind")},
            )
        )
    written_channel = fold(row.text("channel"))
    channel = (
        next((c for w, c in CHANNEL_WORDS.items() if written_channel.startswith(w)), Channel.POST)
        if written_channel
        else Channel.POST
    )
    fields = ctx.fields.get(fold(row.text("field")), []) if row.text("field") else []
    field = fields[0] if fields else None
    count_text = row.text("people_count")
    people = int(count_text) if count_text.isdigit() and 0 < int(count_text) < 10000 else 1
    body = ctx.own
    if written_org:
        body, found = ctx.lookup.body(written_org)
        issues += found
    elif body is None:
        issues.append(Issue("missing_unit", _("The receiving body is empty.")))
    if body is not None and ctx.user is not None and not ctx.user.has_perm("citizens.register_letter", body):
        issues.append(out_of_scope(written_org or body.name))
    record = {
        "received_on": received_on.isoformat() if received_on else None,
        "summary": summary,
        "kind": str(kind) if kind else None,
        "field": field.code if field else None,
        "channel": str(channel),
        "people_count": people,
        "organisation": written_org or (body.name if body else ""),
        "organisation_id": body.pk if body else None,
        "_body": body,
        "_field": field,
        "_name": row.text("name"),
        "_address": row.text("address"),
    }
    key = (fold(summary), body.pk if body else fold(written_org), record["received_on"]) if summary else None
    return Interpretation(record=record, issues=issues, key=key)


def existing(records: Sequence[dict[str, Any]], ctx: Context) -> dict[tuple, int]:
    bodies = {r["organisation_id"] for r in records if r.get("organisation_id")}
    days = {r["received_on"] for r in records if r.get("received_on")}
    rows = Letter.objects.filter(organisation_id__in=bodies, received_on__in=days).values_list(
        "id", "organisation_id", "received_on", "summary"
    )
    return {(fold(summary), org, day.isoformat()): pk for pk, org, day, summary in rows}


def create(record: dict[str, Any], user: Any, ctx: Context) -> Letter:
    return services.register_letter(
        by=user,
        organisation=record["_body"],
        received_on=dt.date.fromisoformat(record["received_on"]),
        channel=record["channel"],
        kind=record["kind"],
        summary=record["summary"],
        people_count=record["people_count"],
        field=record["_field"],
        name=record["_name"],
        address=record["_address"],
    )


SPEC = ImportSpec(
    kind="cases",
    label=gettext_lazy("Letters and cases register"),
    columns=COLUMNS,
    permission="citizens.register_letter",
    prepare=prepare,
    interpret=interpret,
    existing=existing,
    create=create,
    record_fields=RECORD_FIELDS,
    title_field="summary",
    order=30,
)
