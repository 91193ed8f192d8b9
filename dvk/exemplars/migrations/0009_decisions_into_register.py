"""Every recognition decision numbered before the document register existed gets its register row,
with the number, date and verification code it was issued with (nothing is renumbered); each
register's counter continues from the highest number already given (and never below the old
DecisionCounter)."""

from django.db import migrations

from dvk.documents.takeover import Existing, continue_after, release, take_over


def forwards(apps, schema_editor):
    Decision = apps.get_model("exemplars", "Decision")
    DecisionCounter = apps.get_model("exemplars", "DecisionCounter")
    decisions = list(
        Decision.objects.filter(document__isnull=True).select_related("exemplar", "cycle", "signed_by")
    )
    rows = [
        Existing(
            organisation_id=d.issuing_body_id,
            doc_type=d.doc_type,
            issued_on=d.signed_on,
            number=d.number,
            sequence=d.sequence,
            title=f"Công nhận “Dân vận khéo” {d.cycle.name}: {d.exemplar.title}",
            subject_id=d.pk,
            signer_id=d.signed_by_id,
            signer_name=(f"{d.signed_by.first_name} {d.signed_by.last_name}".strip() if d.signed_by else ""),
            created_by_id=d.signed_by_id,
            recipients=[],
            verification_code=d.verification_code,
        )
        for d in decisions
    ]
    documents = take_over(apps, "exemplars", "decision", rows)
    for decision_id, document_id in documents.items():
        Decision.objects.filter(pk=decision_id).update(document_id=document_id)
    for c in DecisionCounter.objects.all():
        continue_after(apps, c.organisation_id, c.doc_type, c.year, c.last_number)


def backwards(apps, schema_editor):
    apps.get_model("exemplars", "Decision").objects.update(document=None)
    release(apps, "exemplars", "decision")


class Migration(migrations.Migration):
    dependencies = [
        ("exemplars", "0008_decision_document"),
        ("documents", "0001_register"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
