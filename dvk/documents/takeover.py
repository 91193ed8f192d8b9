"""Taking documents numbered before the register existed into it, for data migrations.

Works on the historical models a migration passes in (`apps`), never renumbers: each row keeps
the number it was issued with; its sequence is read from that number (or given) and the register
counter continues after the highest number of each register. A number that cannot be read, or
that an earlier row already holds (the old `count()+1` numbering could repeat one), is taken
over as written with no sequence, so the register's uniqueness holds and nothing is lost."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from dvk.core.text import fold, nfc
from dvk.documents.numbering import PARTY_KINDS, parse_number
from dvk.organisations.scoping import province_root


@dataclass
class Existing:
    organisation_id: int
    doc_type: str
    issued_on: dt.date
    number: str
    title: str
    subject_id: int
    sequence: int | None = None  # read from `number` when not given
    signer_id: int | None = None
    signer_name: str = ""
    created_by_id: int | None = None
    recipients: list[str] = field(default_factory=list)
    verification_code: str | None = None


def take_over(apps: Any, app_label: str, model: str, rows: Iterable[Existing]) -> dict[int, int]:
    """Create one register row per existing document; returns {subject id: document id}."""
    Organisation = apps.get_model("organisations", "Organisation")
    Document = apps.get_model("documents", "Document")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    rows = sorted(rows, key=lambda r: (r.issued_on, r.subject_id))
    bodies = {
        o.pk: o
        for o in Organisation.objects.filter(pk__in={r.organisation_id for r in rows}).only("path", "kind")
    }
    taken = set(
        Document.objects.filter(sequence__isnull=False).values_list(
            "organisation_id", "doc_type", "year", "sequence"
        )
    )
    highest: dict[tuple[int, str, int], int] = {}
    created: dict[int, int] = {}
    for row in rows:
        body = bodies[row.organisation_id]
        parsed = parse_number(row.number)
        sequence = row.sequence if row.sequence is not None else (parsed.sequence if parsed else None)
        key = (row.organisation_id, row.doc_type, row.issued_on.year)
        if sequence is not None and (*key, sequence) in taken:
            sequence = None
        if sequence is not None:
            taken.add((*key, sequence))
            highest[key] = max(highest.get(key, 0), sequence)
        form = parsed.form if parsed else ("party" if body.kind in PARTY_KINDS else "state")
        number, title = nfc(row.number), nfc(row.title)[:500]
        document = Document.objects.create(
            organisation_id=row.organisation_id,
            org_path=body.path,
            org_root=province_root(body.path),
            doc_type=row.doc_type,
            year=row.issued_on.year,
            sequence=sequence,
            number=number,
            form=form,
            issued_on=row.issued_on,
            place="",
            title=title,
            signer_id=row.signer_id,
            signer_name=nfc(row.signer_name),
            recipients=[nfc(r) for r in row.recipients if nfc(r)],
            content_type_id=content_type.pk,
            object_id=row.subject_id,
            verification_code=row.verification_code or None,
            source="migrated",
            created_by_id=row.created_by_id,
            search_text=fold(f"{number} {title} {row.signer_name}"),
        )
        created[row.subject_id] = document.pk
    for key, last in highest.items():
        continue_after(apps, *key, last)
    return created


def continue_after(apps: Any, organisation_id: int, doc_type: str, year: int, last: int) -> None:
    """Make the register's counter continue after `last` (never move it back)."""
    Counter = apps.get_model("documents", "Counter")
    counter, _created = Counter.objects.get_or_create(
        organisation_id=organisation_id, doc_type=doc_type, year=year, defaults={"last_number": last}
    )
    if counter.last_number < last:
        Counter.objects.filter(pk=counter.pk).update(last_number=last)


def release(apps: Any, app_label: str, model: str) -> None:
    """Undo `take_over` for one kind of subject (reverse migrations)."""
    Document = apps.get_model("documents", "Document")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
    if content_type is not None:
        Document.objects.filter(content_type_id=content_type.pk, source="migrated").delete()
