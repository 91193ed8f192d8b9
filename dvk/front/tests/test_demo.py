"""The demo seeder leaves a finished supervision and a published critique with answered comments."""

from __future__ import annotations

from dvk.front.models import Comment, Critique, Recommendation, Supervision


def test_demo_has_a_finished_supervision_and_a_published_critique(db):
    finished = Supervision.objects.get(stage="closed", supervised__code="PT-SNV")
    assert finished.recommendations.count() == 2
    assert set(finished.recommendations.values_list("stage", flat=True)) == {"closed"}
    assert finished.team.filter(is_lead=True).count() == 1 and finished.decision_number
    escalated = Recommendation.objects.get(stage="escalated")
    assert escalated.escalated_to.code == "PT-TU" and escalated.events.get(action="escalate").actor is None
    assert Supervision.objects.filter(kind="people_inspection", organisation__code="PT-MTTQ-04897").exists()
    published = Critique.objects.get(stage="published")
    shown = published.comments.filter(moderation="approved")
    assert shown.count() == 3 and not shown.filter(answer="").exists()
    assert published.document_number.endswith("-BTT") and published.versions.count() == 2
    assert published.versions.get(number=2).units.filter(changed_by__isnull=False).count() == 2
    assert Comment.objects.filter(moderation="pending", source="public").count() == 1
