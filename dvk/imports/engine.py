"""The import run: workbook → data sheet → header → rows → dry-run report → (apply).

`run(spec, content, user=…, apply=False)` returns a `Report` (its `as_json()` is the command's
`--json` object). The dry run writes nothing; `apply=True` creates every record through the
domain's service inside one transaction, only when the file has no errors, so a register is
imported whole or not at all, and a record already in the database (same name and unit) is
skipped, so importing a file twice creates nothing new.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dvk.core.text import fold
from dvk.core.workflow import DomainError
from dvk.imports import values
from dvk.imports.encodings import LegacyTextError
from dvk.imports.spec import ImportSpec, Interpretation, Issue, Row
from dvk.imports.workbook import Cell, Grid, WorkbookError, read

HEADER_SEARCH_ROWS = 40
PROGRESS_EVERY = 50
BATCH_SIZE = 500  # rows written per call of a spec's create_batch

Progress = Callable[[int, int], None]


class ImportRefused(DomainError):
    """The file cannot be applied as it is (errors in it, no register sheet): nothing was written."""


# --- the registry -----------------------------------------------------------------------------


def specs() -> dict[str, ImportSpec]:
    """Every importer the installed apps declare (`importers` on their AppConfig), by kind."""
    found: dict[str, ImportSpec] = {}
    for cfg in apps.get_app_configs():
        for dotted in getattr(cfg, "importers", ()) or ():
            spec = import_string(dotted)
            found[spec.kind] = spec
    return dict(sorted(found.items(), key=lambda kv: (kv[1].order, kv[0])))


def get_spec(kind: str) -> ImportSpec:
    spec = specs().get(kind)
    if spec is None:
        raise ImportRefused(_("Unknown kind of register: %(kind)s.") % {"kind": kind})
    return spec


# --- the report -------------------------------------------------------------------------------

SKIP_MESSAGES = {
    "column_numbers": gettext_lazy("The row of column numbers under the header."),
    "blank": gettext_lazy("Empty row."),
    "footer": gettext_lazy("Total or signature line: the register ends here."),
    "after_footer": gettext_lazy("After the register's last line (signatures, notes)."),
    "already_imported": gettext_lazy("Already in the system (same name and body): not created again."),
}


def skip_message(reason: str) -> str:
    return str(SKIP_MESSAGES.get(reason, reason))


@dataclass
class Report:
    kind: str
    sheet: str = ""
    header_row: int | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[dict[str, Any]] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    applied: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "header_row": self.header_row,
            "records": self.records,
            "errors": self.errors,
            "skipped": self.skipped,
        }

    def rows(self) -> list[dict[str, Any]]:
        """Every reported row in sheet order, for the page: {"row", "status", …}."""
        out: list[dict[str, Any]] = []
        for rec in self.records:
            out.append({"row": rec["row"], "status": "create", "record": rec})
        for err in self.errors:
            out.append({"row": err["row"], "status": "error", "error": err})
        for skip in self.skipped:
            out.append(
                {"row": skip["row"], "status": "skip", "message": skip_message(skip["reason"]), **skip}
            )
        return sorted(out, key=lambda r: (r["row"], r["status"]))


# --- finding the register ---------------------------------------------------------------------

_NUMBERING = re.compile(r"\s*\(\s*[0-9ivx]+\s*\)\s*$", re.I)  # "Tên mô hình (2)"


def _cell_text(cell: Cell) -> str:
    try:
        return values.text(cell)
    except LegacyTextError:
        return ""


def _header_text(cell: Cell) -> str:
    return _NUMBERING.sub("", fold(_cell_text(cell))).strip(" :.*")


def match_header(row: list[Cell], spec: ImportSpec) -> dict[str, int]:
    """{column key: 0-based column index} for the cells of `row` that read as a header."""
    found: dict[str, int] = {}
    for index, cell in enumerate(row):
        text = _header_text(cell)
        if not text:
            continue
        best, best_len = None, 0
        for column in spec.columns:
            for header in column.headers:
                folded = fold(header)
                if (text == folded or text.startswith(folded + " ") or text.startswith(folded + ",")) and len(
                    folded
                ) > best_len:
                    best, best_len = column.key, len(folded)
        if best and best not in found:
            found[best] = index
    return found


def find_register(
    grids: list[Grid], spec: ImportSpec, sheet: str | None = None
) -> tuple[Grid, int, dict[str, int]]:
    """The sheet holding the register (the first whose header matches, or the named one), the
    0-based header row and the column map."""
    candidates = grids
    if sheet:
        candidates = [g for g in grids if fold(g.name) == fold(sheet)]
        if not candidates:
            raise ImportRefused(
                _("The workbook has no sheet named “%(name)s” (sheets: %(names)s).")
                % {"name": sheet, "names": ", ".join(g.name for g in grids)}
            )
    required = spec.required_keys
    for grid in candidates:
        for r in range(min(HEADER_SEARCH_ROWS, len(grid.rows))):
            mapping = match_header(grid.rows[r], spec)
            if required <= set(mapping):
                return grid, r, mapping
    wanted = ", ".join(f"“{c.headers[0]}”" for c in spec.columns if c.required)
    raise ImportRefused(
        _("No sheet has the register's header row (the columns %(columns)s were not found).")
        % {"columns": wanted}
    )


# --- classifying rows -------------------------------------------------------------------------

_COLUMN_NUMBER = re.compile(r"^\(\s*(\d+|[a-z])\s*\)$", re.I)
_FOOTER_WORDS = ("tong cong", "tong so:", "tong:", "cong:", "cong (", "cong so")  # never "Cộng đồng …"
_SIGNATURE_WORDS = ("nguoi lap", "t/m ", "k/t ", "tm. ", "kt. ", "xac nhan cua", "noi nhan")
_COUNTED_TOTAL = re.compile(r"^(tong so|cong)\s*:?\s*\d")
_PLACE_DATE = re.compile(r"^[^,]{2,40}, ngay .{1,6} thang .{1,6} nam")


def _non_empty(row: list[Cell]) -> list[Cell]:
    out, seen = [], set()
    for cell in row:
        if cell.value is None or (isinstance(cell.value, str) and not values.squash(cell.value)):
            continue
        if id(cell) in seen:  # one merged cell counts once
            continue
        seen.add(id(cell))
        out.append(cell)
    return out


def is_column_numbers(cells: list[Cell]) -> bool:
    texts = [_cell_text(c) for c in cells]
    if len(texts) < 2:
        return False
    if all(_COLUMN_NUMBER.match(t) for t in texts):
        return True
    numbers = [t for t in texts if t.isdigit()]
    return len(numbers) == len(texts) >= 3 and [int(t) for t in numbers] == list(range(1, len(numbers) + 1))


def is_footer(cells: list[Cell]) -> bool:
    first = fold(_cell_text(cells[0])) if cells else ""
    if first in ("tong", "cong", "tong cong", "tong so"):
        return True
    if _COUNTED_TOTAL.match(first):  # "Tổng số 15 mô hình", "Cộng 4 đơn"
        return True
    return (
        first.startswith(_FOOTER_WORDS)
        or first.startswith(_SIGNATURE_WORDS)
        or bool(_PLACE_DATE.match(first))
    )


# --- the run ----------------------------------------------------------------------------------


def _issue_json(row: int, issue: Issue) -> dict[str, Any]:
    return {"row": row, "reason": issue.reason, "message": str(issue.message), **issue.extra}


def _classify(cells: list[Cell], mapped: dict[str, Cell], data_started: bool) -> str | None:
    """The skip reason of a row before the end of the register (None: a data row)."""
    content_cells = _non_empty([c for k, c in mapped.items() if k != "number"])
    every = _non_empty(cells)
    if not content_cells:
        return "footer" if every and is_footer(every) else "blank"
    if not data_started and is_column_numbers(every):
        return "column_numbers"
    if is_footer(every):
        return "footer"
    return None


def _legacy_issue(exc: LegacyTextError) -> Interpretation:
    return Interpretation(
        record={},
        issues=[
            Issue(
                "unknown_encoding",
                _(
                    "The text “%(value)s” is in an old Vietnamese encoding that cannot be read: "
                    "convert the file to Unicode (e.g. with Unikey's converter) and import it again."
                )
                % {"value": str(exc)[:80]},
                {"value": str(exc)[:200]},
            )
        ],
    )


def _interpret(
    spec: ImportSpec, row: Row, ctx: Any, seen: dict[tuple, int]
) -> tuple[Interpretation, list[Issue]]:
    """The row's record and every issue of it, the `duplicate` of an earlier row included."""
    try:
        result = spec.interpret(row, ctx)
    except LegacyTextError as exc:
        result = _legacy_issue(exc)
    issues = row.issues + result.issues
    if result.key is not None:
        if result.key in seen:
            issues.append(
                Issue(
                    "duplicate",
                    _("Same name and body as row %(row)s of the file.") % {"row": seen[result.key]},
                    {"duplicate_of_row": seen[result.key]},
                )
            )
        else:
            seen[result.key] = row.number
    return result, issues


def _keep_new(
    spec: ImportSpec, report: Report, interpreted: list[tuple[Row, Interpretation]], ctx: Any
) -> list[tuple[Row, Interpretation]]:
    """The rows whose record is not in the database yet (`existing`, one query); the others are
    skipped as `already_imported`."""
    existing = spec.existing([i.record for _r, i in interpreted], ctx) if interpreted else {}
    kept: list[tuple[Row, Interpretation]] = []
    for row, result in interpreted:
        if result.key is not None and result.key in existing:
            report.skipped.append({"row": row.number, "reason": "already_imported"})
            continue
        kept.append((row, result))
        report.records.append({"row": row.number, **{k: result.record.get(k) for k in spec.record_fields}})
    return kept


def analyse(
    spec: ImportSpec, content: bytes, *, user: Any, sheet: str | None = None, progress: Progress | None = None
) -> tuple[Report, list[tuple[Row, Interpretation]], Any]:
    """The dry run: what each row of the register would become. Writes nothing."""
    try:
        grids = read(content)
    except WorkbookError as exc:
        raise ImportRefused(str(exc)) from exc
    grid, header, mapping = find_register(grids, spec, sheet)
    report = Report(kind=spec.kind, sheet=grid.name, header_row=header + 1)
    ctx = spec.prepare(user)
    interpreted: list[tuple[Row, Interpretation]] = []
    seen: dict[tuple, int] = {}
    ended = data_started = False
    total = len(grid.rows) - header - 1
    for offset, r in enumerate(range(header + 1, len(grid.rows))):
        if progress and offset % PROGRESS_EVERY == 0:
            progress(offset, total)
        number, cells = r + 1, grid.rows[r]
        mapped = {key: cells[i] if i < len(cells) else Cell() for key, i in mapping.items()}
        reason = "after_footer" if ended else _classify(cells, mapped, data_started)
        if reason is not None:
            report.skipped.append({"row": number, "reason": reason})
            ended = ended or reason == "footer"
            continue
        data_started = True
        row = Row(number, mapped)
        result, issues = _interpret(spec, row, ctx, seen)
        report.errors += [_issue_json(number, issue) for issue in issues]
        if not issues:
            interpreted.append((row, result))
    kept = _keep_new(spec, report, interpreted, ctx)
    report.skipped.sort(key=lambda s: s["row"])
    report.errors.sort(key=lambda e: e["row"])
    if progress:
        progress(total, total)
    return report, kept, ctx


def run(
    spec: ImportSpec,
    content: bytes,
    *,
    user: Any,
    sheet: str | None = None,
    apply: bool = False,
    progress: Progress | None = None,
) -> Report:
    """The dry run, and with `apply=True` the import itself: all rows or none."""
    report, kept, ctx = analyse(spec, content, user=user, sheet=sheet, progress=progress)
    if not apply:
        return report
    if report.errors:
        raise ImportRefused(
            _("The file has %(n)s error(s): correct them and import it again; nothing was created.")
            % {"n": len(report.errors)}
        )
    if user is None or not user.has_perm(spec.permission):
        raise PermissionDenied(_("You are not allowed to import this register."))
    try:
        with transaction.atomic():
            created = _create_all(spec, kept, user, ctx, progress)
    except _Refused as refused:
        exc = refused.error
        messages = getattr(exc, "messages", None) or [str(exc)]
        raise ImportRefused(
            _("Row %(row)s was refused (%(reason)s); nothing was created.")
            % {"row": refused.row, "reason": "; ".join(str(m) for m in messages)}
        ) from exc
    report.created = created
    report.applied = True
    return report


class _Refused(Exception):
    def __init__(self, row: int, error: Exception) -> None:
        super().__init__(str(error))
        self.row, self.error = row, error


REFUSALS = (ValidationError, DomainError, PermissionDenied)


def _create_all(
    spec: ImportSpec, kept: list[tuple[Row, Interpretation]], user: Any, ctx: Any, progress: Progress | None
) -> list[int]:
    """Create the kept rows: by batches of BATCH_SIZE through `create_batch` where the spec has
    one (constant queries per batch), else one by one. Raises `_Refused` with the refused row."""
    created: list[int] = []
    step = BATCH_SIZE if spec.create_batch is not None else 1
    for start in range(0, len(kept), step):
        batch = kept[start : start + step]
        if progress and (start // step) % max(1, PROGRESS_EVERY // step) == 0:
            progress(start, len(kept))
        try:
            if spec.create_batch is not None:
                objs = spec.create_batch([result.record for _row, result in batch], user, ctx)
            else:
                objs = [spec.create(batch[0][1].record, user, ctx)]
        except REFUSALS as exc:
            index = getattr(exc, "index", 0)
            row = batch[index if isinstance(index, int) and 0 <= index < len(batch) else 0][0]
            raise _Refused(row.number, exc) from exc
        created += [obj.pk for obj in objs]
    return created
