"""The public showcase's commune map without reading the models' rows: a partial index of the
recognised models holding the body, the public condition (kind, consent) and the filter columns,
so the counts per body are an index-only walk (`stage` too: SQLite sees `stage = ?` unbound)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exemplars", "0012_home_stock_outstanding"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="exemplar",
            index=models.Index(
                condition=models.Q(("stage", "recognised")),
                fields=[
                    "organisation",
                    "stage",
                    "kind",
                    "consent_public",
                    "level",
                    "cycle",
                    "field",
                    "outstanding",
                ],
                name="exemplar_showcase",
            ),
        ),
    ]
