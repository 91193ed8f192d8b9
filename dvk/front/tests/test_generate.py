"""The Front's scale generator at the tiny scale: the spec's counts, rows consistent with the
workflows, and the generated rows scoped like the others."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from dvk.front.generate import _count
from dvk.front.models import Comment, Critique, Recommendation, Supervision

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated(db):
    before = {m: m.objects.count() for m in (Supervision, Recommendation, Critique, Comment)}
    call_command("generate_data", "--scale", "tiny", "--seed", "11", stdout=io.StringIO())
    return {m: m.objects.count() - n for m, n in before.items()}


def test_counts_follow_the_scale(generated):
    from dvk.scale.context import GenerationContext
    from dvk.scale.spec import SCALES

    ctx = GenerationContext(SCALES["tiny"], seed=1)
    assert generated[Supervision] == _count(ctx, "front_supervisions")
    assert generated[Recommendation] == _count(ctx, "front_recommendations")
    assert generated[Critique] == _count(ctx, "front_critiques")
    assert generated[Comment] <= _count(ctx, "front_comments")
    assert _count(GenerationContext(SCALES["province"], seed=1), "front_comments") == 10_000
    assert _count(GenerationContext(SCALES["national"], seed=1), "front_comments") == 300_000


def test_generated_rows_follow_the_workflows(generated):
    generated_recs = Recommendation.objects.exclude(org_path="").filter(
        supervision__created_by__username__contains="."
    )
    assert not generated_recs.filter(stage__in=("answered", "closed"), response="").exists()
    assert not generated_recs.filter(stage="escalated", escalated_to__isnull=True).exists()
    assert all(r.org_root == r.org_path[:4] for r in generated_recs[:50])
    sent = Critique.objects.filter(stage__in=("sent", "explained", "published")).exclude(
        created_by__username="duthao.so"
    )
    assert not sent.filter(document_number="").exists()
    for critique in Critique.objects.filter(stage__in=("explained", "published")).exclude(
        created_by__username="duthao.so"
    ):
        assert not critique.comments.filter(moderation="approved", answer="").exists(), critique.pk
        assert critique.events.filter(action="complete").exists()


def test_generated_critiques_are_scoped(generated):
    from dvk.accounts.models import User

    front_officer = User.objects.filter(
        memberships__organisation__kind="front", username__contains=".mttq"
    ).first()
    if front_officer is None:
        pytest.skip("no generated Front officer at this scale")
    mine = Critique.objects.visible_to(front_officer)
    assert mine.exists()
    assert not mine.exclude(
        org_path__startswith=front_officer.memberships.first().organisation.path[:4]
    ).exists()
