"""Every reminder letter numbered with the old `count()+1` rule gets its register row with the
number it was sent under (nothing is renumbered; a number that rule repeated is kept as written,
without a place in the sequence); the CV register of each body and year continues after the
highest number."""

from django.db import migrations

from dvk.documents.takeover import Existing, release, take_over


def forwards(apps, schema_editor):
    UrgeLetter = apps.get_model("plans", "UrgeLetter")
    letters = list(UrgeLetter.objects.filter(document__isnull=True).prefetch_related("recipients"))
    rows = [
        Existing(
            organisation_id=letter.organisation_id,
            doc_type="CV",
            issued_on=letter.sent_on,
            number=letter.number,
            title=letter.subject,
            subject_id=letter.pk,
            created_by_id=letter.created_by_id,
            recipients=[o.name for o in letter.recipients.all()],
        )
        for letter in letters
    ]
    documents = take_over(apps, "plans", "urgeletter", rows)
    for letter_id, document_id in documents.items():
        UrgeLetter.objects.filter(pk=letter_id).update(document_id=document_id)


def backwards(apps, schema_editor):
    apps.get_model("plans", "UrgeLetter").objects.update(document=None)
    release(apps, "plans", "urgeletter")


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0003_urgeletter_document"),
        ("documents", "0001_register"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
