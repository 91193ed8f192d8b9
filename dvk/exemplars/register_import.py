"""The models register (sổ theo dõi mô hình “Dân vận khéo”) as offices keep it in Excel, imported
through dvk.imports: `manage.py import_register exemplars FILE`, the import page, the API.

Columns (matched by folded header text): STT, Tên mô hình, Đơn vị (the body), Xã (the commune,
as it stood on the row's date), Lĩnh vực, Thời gian bắt đầu, Kết quả, Ghi chú. Each row becomes
a draft collective model of the body, created by `services.create_exemplar`; the results and the
note go into the summary; the cycle is the one containing the start date (else today's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dvk.core.text import fold
from dvk.exemplars import services
from dvk.exemplars.models import Cycle, Exemplar, FieldOfWork, Kind
from dvk.imports.matching import Lookup, out_of_scope
from dvk.imports.spec import Column, ImportSpec, Interpretation, Issue, Row, folded_index, suggestions

COLUMNS = (
    Column("number", ("STT", "TT", "Số TT", "Số thứ tự")),
    Column(
        "title",
        ("Tên mô hình", "Tên mô hình, điển hình", "Tên mô hình Dân vận khéo", "Mô hình", "Tên điển hình"),
        required=True,
    ),
    Column(
        "organisation",
        ("Đơn vị", "Đơn vị thực hiện", "Cơ quan, đơn vị", "Cơ quan", "Đơn vị đăng ký", "Tổ chức thực hiện"),
        required=True,
    ),
    Column(
        "commune",
        ("Xã", "Xã, phường", "Xã, phường, thị trấn", "Địa bàn", "Địa bàn thực hiện", "Đơn vị hành chính"),
    ),
    Column("field", ("Lĩnh vực", "Lĩnh vực thực hiện")),
    Column(
        "started_on",
        ("Thời gian bắt đầu", "Ngày bắt đầu", "Thời gian thực hiện", "Bắt đầu từ", "Thời gian triển khai"),
    ),
    Column("results", ("Kết quả", "Kết quả đạt được", "Hiệu quả")),
    Column("note", ("Ghi chú",)),
)
RECORD_FIELDS = (
    "title",
    "organisation",
    "organisation_id",
    "commune",
    "commune_code",
    "field",
    "started_on",
    "results",
    "note",
)


@dataclass
class Context:
    lookup: Lookup
    fields: dict[str, list[FieldOfWork]]
    cycles: list[Cycle]
    user: Any
    current_cycle: Cycle | None = None


def prepare(user: Any) -> Context:
    # the parents too: the counters of the created models read each field's top-level field
    fields = list(FieldOfWork.objects.filter(is_active=True).select_related("parent__parent"))
    return Context(
        lookup=Lookup.load(user),
        fields=folded_index(fields, lambda f: f.name, lambda f: f.code.replace("-", " ")),
        cycles=list(Cycle.objects.order_by("-start_year")),
        user=user,
        current_cycle=Cycle.current(),
    )


def interpret(row: Row, ctx: Context) -> Interpretation:
    title = row.text("title")
    written_org = row.text("organisation")
    written_commune = row.text("commune")
    written_field = row.text("field")
    started_on = row.date("started_on")
    issues: list[Issue] = []
    if not title:
        issues.append(Issue("missing_name", _("The name of the model is empty.")))
    if not written_org:
        issues.append(Issue("missing_unit", _("The body (đơn vị) is empty.")))
    field = None
    if not written_field:
        issues.append(Issue("missing_field", _("The field of work (lĩnh vực) is empty.")))
    else:
        matches = ctx.fields.get(fold(written_field), [])
        if matches:
            field = matches[0]
        else:
            hints = suggestions(written_field, ctx.fields, lambda f: f.name)
            issues.append(
                Issue(
                    "unknown_field",
                    _("No field of work “%(name)s”.") % {"name": written_field}
                    + (" " + _("Did you mean: %(names)s?") % {"names": "; ".join(hints)} if hints else ""),
                    {"value": written_field, "suggestions": hints},
                )
            )
    commune, found = ctx.lookup.commune(written_commune, started_on)
    issues += found
    body, found = ctx.lookup.body(written_org, commune, written_commune)
    issues += found
    if body is not None and ctx.user is not None and not ctx.user.has_perm("exemplars.add_exemplar", body):
        issues.append(out_of_scope(written_org))
    record = {
        "title": title,
        "organisation": written_org,
        "organisation_id": body.pk if body else None,
        "commune": written_commune,
        "commune_code": commune.code if commune else None,
        "field": field.code if field else None,
        "started_on": started_on.isoformat() if started_on else None,
        "results": row.text("results"),
        "note": row.text("note"),
        "_body": body,
        "_field": field,
    }
    key = (fold(title), body.pk if body else fold(written_org)) if title and written_org else None
    return Interpretation(record=record, issues=issues, key=key)


def existing(records: Sequence[dict[str, Any]], ctx: Context) -> dict[tuple, int]:
    """{(folded title, body id): id} of the models the bodies already have (one query)."""
    bodies = {r["organisation_id"] for r in records if r.get("organisation_id")}
    rows = Exemplar.objects.filter(organisation_id__in=bodies).values_list("id", "organisation_id", "title")
    return {(fold(title), org): pk for pk, org, title in rows}


def _cycle(ctx: Context, day: dt.date | None) -> Cycle | None:
    if day is not None:
        for cycle in ctx.cycles:
            if cycle.contains(day):
                return cycle
    return ctx.current_cycle


def _data(record: dict[str, Any], ctx: Context) -> dict[str, Any]:
    """What the service is given for a row: a draft collective model of its body."""
    started_on = dt.date.fromisoformat(record["started_on"]) if record["started_on"] else None
    cycle = _cycle(ctx, started_on)
    if started_on is None:
        started_on = dt.date(cycle.start_year, 1, 1) if cycle else ctx.lookup.today
    summary = record["results"]
    if record["note"]:
        summary = f"{summary}\n{_('Note')}: {record['note']}".strip()
    return {
        "kind": Kind.COLLECTIVE,
        "title": record["title"],
        "field": record["_field"],
        "cycle": cycle,
        "started_on": started_on,
        "summary": summary,
    }


def create(record: dict[str, Any], user: Any, ctx: Context) -> Exemplar:
    return services.create_exemplar(by=user, organisation=record["_body"], data=_data(record, ctx))


def create_batch(records: Sequence[dict[str, Any]], user: Any, ctx: Context) -> list[Exemplar]:
    """A batch of rows in one call of the bulk service (constant queries whatever its size)."""
    return services.create_exemplars(by=user, items=[(r["_body"], _data(r, ctx)) for r in records])


SPEC = ImportSpec(
    kind="exemplars",
    label=gettext_lazy("Dân vận khéo models register"),
    columns=COLUMNS,
    permission="exemplars.add_exemplar",
    prepare=prepare,
    interpret=interpret,
    existing=existing,
    create=create,
    create_batch=create_batch,
    record_fields=RECORD_FIELDS,
    order=10,
)
