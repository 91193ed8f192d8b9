"""A plan's document number is unique per issuing body and year.

Databases that already hold the same number twice for one body and year (a plan imported twice) keep
the oldest plan's number as it is; each later copy gets "(bản trùng N)" appended, so nothing is lost and
the copies can be found and removed or renumbered by the coordinator."""

import django.db.models.functions.datetime
from django.conf import settings
from django.db import migrations, models

SUFFIX = " (bản trùng {n})"


def mark_duplicates(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    seen: dict[tuple, int] = {}
    rows = (
        Plan.objects.exclude(number="")
        .exclude(issued_on__isnull=True)
        .order_by("id")
        .values_list("id", "organisation_id", "issued_on", "number")
    )
    for pk, org, issued_on, number in rows.iterator():
        key = (org, issued_on.year, number)
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            suffix = SUFFIX.format(n=seen[key] - 1)
            Plan.objects.filter(pk=pk).update(number=number[: 60 - len(suffix)] + suffix)
    if schema_editor is not None and schema_editor.connection.vendor == "postgresql":
        # PostgreSQL refuses CREATE INDEX on a table with deferred trigger events queued in the transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("plans", "0004_letters_into_register"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(mark_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="plan",
            constraint=models.UniqueConstraint(
                models.F("organisation"),
                django.db.models.functions.datetime.ExtractYear("issued_on"),
                models.F("number"),
                condition=models.Q(("number", ""), _negated=True),
                name="plan_number_unique_per_body_year",
                violation_error_message=(
                    "This issuing body already has a plan with this number in this year: a document "
                    "number is used once per issuing body and year."
                ),
            ),
        ),
    ]
