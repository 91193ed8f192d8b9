"""The list of bodies (danh sách cơ quan, đơn vị) as a province or commune keeps it in Excel:
`manage.py import_register bodies FILE`. Columns: STT, Tên cơ quan, đơn vị, Tên viết tắt, Mã,
Loại, Cơ quan cấp trên, Xã (the administrative unit; the parent's when empty), Ngày thành lập,
Email. Each row becomes a body under its parent (in the user's scope, where the user may add
bodies: `organisations.add_body`), created by `organisations.services.create_organisation`. The
parent may be a body earlier in the same file."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dvk.core.text import fold
from dvk.imports.matching import Lookup
from dvk.imports.spec import Column, ImportSpec, Interpretation, Issue, Row, suggestions
from dvk.organisations import services
from dvk.organisations.models import AdministrativeUnit, Organisation

COLUMNS = (
    Column("number", ("STT", "TT")),
    Column(
        "name", ("Tên cơ quan, đơn vị", "Tên cơ quan", "Tên đơn vị", "Cơ quan, đơn vị", "Tên"), required=True
    ),
    Column("short_name", ("Tên viết tắt", "Viết tắt", "Ký hiệu")),
    Column("code", ("Mã", "Mã đơn vị", "Mã cơ quan")),
    Column("kind", ("Loại", "Loại hình", "Loại cơ quan", "Khối")),
    Column("parent", ("Cơ quan cấp trên", "Đơn vị cấp trên", "Trực thuộc", "Cấp trên"), required=True),
    Column("unit", ("Xã", "Xã, phường", "Đơn vị hành chính", "Địa bàn")),
    Column("valid_from", ("Ngày thành lập", "Thành lập", "Từ ngày")),
    Column("email", ("Email", "Thư điện tử")),
)
RECORD_FIELDS = (
    "name",
    "short_name",
    "code",
    "kind",
    "parent",
    "parent_id",
    "unit",
    "unit_code",
    "valid_from",
)


@dataclass
class Context:
    lookup: Lookup
    kinds: dict[str, str]  # folded label (vi and en) → kind
    user: Any
    in_file: dict[str, int]  # folded name of a body earlier in the file → its row
    created_by_row: dict[int, Organisation] = field(default_factory=dict)  # filled while applying


def _kinds() -> dict[str, str]:
    out: dict[str, str] = {}
    for value, label in Organisation.Kind.choices:
        out[fold(value.replace("_", " "))] = value
        out[fold(str(label))] = value
        with translation.override("vi"):
            out[fold(str(label))] = value
    # the usual words of the lists offices keep
    out.update(
        {
            "to chuc chinh tri - xa hoi": Organisation.Kind.MASS_ORGANISATION,
            "doan the": Organisation.Kind.MASS_ORGANISATION,
            "mttq": Organisation.Kind.FRONT,
            "ubnd": Organisation.Kind.PEOPLES_COMMITTEE,
            "hdnd": Organisation.Kind.PEOPLES_COUNCIL,
            "chi bo": Organisation.Kind.PARTY_CELL,
            "dang uy": Organisation.Kind.PARTY_COMMITTEE,
            "so, nganh": Organisation.Kind.DEPARTMENT,
        }
    )
    return out


# The first words of a body's name → its kind, when the file has no "Loại" column.
NAME_KINDS = (
    ("dang uy", Organisation.Kind.PARTY_COMMITTEE),
    ("tinh uy", Organisation.Kind.PARTY_COMMITTEE),
    ("huyen uy", Organisation.Kind.PARTY_COMMITTEE),
    ("chi bo", Organisation.Kind.PARTY_CELL),
    ("ban ", Organisation.Kind.PARTY_BOARD),
    ("uy ban nhan dan", Organisation.Kind.PEOPLES_COMMITTEE),
    ("ubnd", Organisation.Kind.PEOPLES_COMMITTEE),
    ("hoi dong nhan dan", Organisation.Kind.PEOPLES_COUNCIL),
    ("hdnd", Organisation.Kind.PEOPLES_COUNCIL),
    ("uy ban mttq", Organisation.Kind.FRONT),
    ("uy ban mat tran", Organisation.Kind.FRONT),
    ("mat tran", Organisation.Kind.FRONT),
    ("hoi ", Organisation.Kind.MASS_ORGANISATION),
    ("chi hoi ", Organisation.Kind.MASS_ORGANISATION),
    ("chi doan ", Organisation.Kind.MASS_ORGANISATION),
    ("doan ", Organisation.Kind.MASS_ORGANISATION),
    ("so ", Organisation.Kind.DEPARTMENT),
    ("phong ", Organisation.Kind.DEPARTMENT),
    ("truong ", Organisation.Kind.SCHOOL),
    ("khu dan cu", Organisation.Kind.RESIDENTIAL_AREA),
    ("thon ", Organisation.Kind.RESIDENTIAL_AREA),
    ("xom ", Organisation.Kind.RESIDENTIAL_AREA),
    ("to dan pho", Organisation.Kind.RESIDENTIAL_AREA),
    ("cong ty", Organisation.Kind.ENTERPRISE),
    ("cong an", Organisation.Kind.ARMED_FORCES),
    ("ban chi huy quan su", Organisation.Kind.ARMED_FORCES),
    ("toa an", Organisation.Kind.JUDICIARY),
    ("vien kiem sat", Organisation.Kind.JUDICIARY),
)


def guess_kind(name: str) -> str:
    folded = fold(name) + " "
    for start, kind in sorted(NAME_KINDS, key=lambda p: -len(p[0])):
        if folded.startswith(start):
            return str(kind)
    return ""


def prepare(user: Any) -> Context:
    return Context(lookup=Lookup.load(user), kinds=_kinds(), user=user, in_file={})


def _kind(name: str, written: str, ctx: Context, issues: list[Issue]) -> str:
    """The kind written (by label), else read from the name; an issue when neither works."""
    if not written:
        kind = guess_kind(name) if name else ""
        if name and not kind:
            issues.append(
                Issue("missing_kind", _("The kind of body (loại) is empty and cannot be read from the name."))
            )
        return kind
    kind = ctx.kinds.get(fold(written), "")
    if not kind:
        hints = suggestions(written, {k: [k] for k in ctx.kinds}, lambda k: k)
        issues.append(
            Issue(
                "unknown_kind",
                _("No kind of body “%(name)s”.") % {"name": written},
                {"value": written, "suggestions": hints},
            )
        )
    return kind


def _parent(written: str, ctx: Context, issues: list[Issue]) -> tuple[Organisation | None, int | None]:
    """(the parent body in the database, or the row of the file that creates it)."""
    if not written:
        issues.append(Issue("missing_unit", _("The parent body (cơ quan cấp trên) is empty.")))
        return None, None
    parent_row = ctx.in_file.get(fold(written))
    if parent_row is not None:
        return None, parent_row
    parent, found = ctx.lookup.body(written)
    issues += found
    if parent is not None and ctx.user is not None and not ctx.user.has_perm(services.ADD_BODY, parent):
        issues.append(
            Issue(
                "out_of_scope",
                _("You cannot add bodies under %(name)s.") % {"name": parent.name},
                {"value": written},
            )
        )
    return parent, None


def interpret(row: Row, ctx: Context) -> Interpretation:
    name = row.text("name")
    written_parent = row.text("parent")
    written_kind = row.text("kind")
    written_unit = row.text("unit")
    valid_from = row.date("valid_from")
    issues: list[Issue] = []
    if not name:
        issues.append(Issue("missing_name", _("The name of the body is empty.")))
    kind = _kind(name, written_kind, ctx, issues)
    parent, parent_row = _parent(written_parent, ctx, issues)
    unit: AdministrativeUnit | None = None
    if written_unit:
        unit, found = ctx.lookup.commune(written_unit, valid_from)
        issues += found
    elif parent is not None:
        unit = parent.unit
    if name:
        ctx.in_file.setdefault(fold(name), row.number)
    record = {
        "name": name,
        "short_name": row.text("short_name"),
        "code": row.text("code") or None,
        "kind": kind,
        "parent": written_parent,
        "parent_id": parent.pk if parent else None,
        "unit": written_unit,
        "unit_code": unit.code if unit else None,
        "valid_from": valid_from.isoformat() if valid_from else None,
        "email": row.text("email"),
        "_row": row.number,
        "_parent": parent,
        "_parent_row": parent_row,
        "_unit": unit,
    }
    unit_part = unit.pk if unit else fold(written_unit or written_parent)
    key = (fold(name), unit_part) if name else None
    return Interpretation(record=record, issues=issues, key=key)


def existing(records: Sequence[dict[str, Any]], ctx: Context) -> dict[tuple, int]:
    units = {r["_unit"].pk for r in records if r.get("_unit")}
    rows = Organisation.objects.filter(unit_id__in=units).values_list("id", "unit_id", "name")
    found: dict[tuple, int] = {(fold(name), unit): pk for pk, unit, name in rows}
    # bodies whose parent is earlier in the file (no unit known yet): by name under that parent
    parents = {r["parent"] for r in records if r.get("_parent_row") is not None and not r.get("_unit")}
    if parents:
        under = Organisation.objects.filter(parent__name__in=parents).values_list(
            "id", "name", "parent__name"
        )
        found.update({(fold(name), fold(parent)): pk for pk, name, parent in under})
    return found


def create(record: dict[str, Any], user: Any, ctx: Context) -> Organisation:
    parent = record["_parent"]
    if parent is None and record["_parent_row"] is not None:
        parent = ctx.created_by_row.get(record["_parent_row"])
        if parent is None:  # the parent's row was already imported before
            parent, _issues = ctx.lookup.body(record["parent"])
    unit = record["_unit"] or (parent.unit if parent else None)
    if unit is None:
        from django.core.exceptions import ValidationError

        raise ValidationError(_("The administrative unit of %(name)s is unknown.") % {"name": record["name"]})
    body = services.create_organisation(
        by=user,
        name=record["name"],
        kind=record["kind"],
        unit=unit,
        parent=parent,
        short_name=record["short_name"],
        code=record["code"],
        valid_from=dt.date.fromisoformat(record["valid_from"]) if record["valid_from"] else None,
        email=record["email"],
    )
    ctx.created_by_row[record["_row"]] = body
    return body


SPEC = ImportSpec(
    kind="bodies",
    label=gettext_lazy("Bodies (organisations)"),
    columns=COLUMNS,
    permission="organisations.add_body",
    prepare=prepare,
    interpret=interpret,
    existing=existing,
    create=create,
    record_fields=RECORD_FIELDS,
    title_field="name",
    order=5,
)
