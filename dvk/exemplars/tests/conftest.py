"""Builders for exemplars at any stage, on the demo province (xa.a's commune by default)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from dvk.attachments.models import Attachment
from dvk.exemplars.factories import ExemplarFactory
from dvk.exemplars.models import Council, CriteriaSet, Cycle, Exemplar, FieldOfWork, Kind, Level, Nomination
from dvk.exemplars.services import DOSSIER_KINDS
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REVIEW_STAGES = {Stage.UNDER_REVIEW, Stage.RECOGNISED, Stage.NOT_RECOGNISED, Stage.SUSPENDED}
NOMINATED_STAGES = {Stage.NOMINATED} | REVIEW_STAGES


def add_dossier(exemplar: Exemplar, user, kinds=tuple(DOSSIER_KINDS)) -> None:
    for kind in kinds:
        attachment = Attachment(
            target=exemplar,
            organisation=exemplar.organisation,
            label=kind,
            kind=kind,
            original_name=f"{kind}.pdf",
            mime_type="application/pdf",
            size=len(PDF),
            sha256="0" * 64,
            uploaded_by=user,
        )
        attachment.file.save(f"{kind}.pdf", ContentFile(PDF), save=False)
        attachment.save()


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    """The token endpoint is throttled per client address (20/min, counted in the cache); every
    test client shares 127.0.0.1, so start each test with empty counters."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def provincial_council(db) -> Council:
    return Council.objects.get(organisation__code="PT-HDTD", cycle=Cycle.current())


@pytest.fixture
def make(db, persona, provincial_council) -> Callable[..., Exemplar]:
    """make(stage, org_code="PT-DU-04897", **fields): an exemplar at `stage`, with the nomination,
    council and dossier that stage implies (no scores)."""

    def build(stage: str = Stage.DRAFT, org_code: str = "PT-DU-04897", **fields) -> Exemplar:
        kind = fields.setdefault("kind", Kind.COLLECTIVE)
        fields.setdefault("level", Level.PROVINCE)
        fields.setdefault("field", FieldOfWork.objects.get(code="kinh-te"))
        fields.setdefault("started_on", timezone.localdate() - dt.timedelta(days=800))
        if kind == Kind.INDIVIDUAL:
            fields.setdefault("person_name", "Bùi Thị Thử")
        organisation = Organisation.objects.get(code=org_code)
        exemplar = ExemplarFactory(
            stage=stage,
            organisation=organisation,
            cycle=Cycle.current(),
            created_by=persona("xa.a"),
            **fields,
        )
        if stage in NOMINATED_STAGES:
            nomination = Nomination.objects.create(
                exemplar=exemplar,
                cycle=exemplar.cycle,
                level=exemplar.level,
                criteria_set=CriteriaSet.in_force(kind),
                nominated_by=persona("xa.a"),
                nominated_on=timezone.localdate(),
                council=provincial_council if stage in REVIEW_STAGES else None,
                review_opened_at=timezone.now() if stage in REVIEW_STAGES else None,
                closed_at=timezone.now() if stage in REVIEW_STAGES - {Stage.UNDER_REVIEW} else None,
            )
            exemplar.current_nomination = nomination
            exemplar.save()
        if stage == Stage.IN_PROGRESS:
            add_dossier(exemplar, persona("xa.a"))
        return Exemplar.objects.get(pk=exemplar.pk)

    return build


@pytest.fixture
def full_scores() -> Callable:
    """full_scores(exemplar, percent_of_max=0.9) → [(criterion_id, score)] for every criterion."""

    def build(exemplar: Exemplar, share: float = 0.9) -> list[tuple[int, float]]:
        criteria = exemplar.current_nomination.criteria_set.criteria.all()
        return [(c.pk, round(c.max_score * share, 1)) for c in criteria]

    return build
