"""Recount the monitoring counts (domain "citizens_mon") of a database that already holds cases:
from this release they also keep "open_crowd" and "open_prolonged" (open and đông người / kéo dài,
the home widget's figures; dvk.citizens.monitor). The same recount as
`manage.py rebuild_counters citizens_mon`; nothing to do on an empty database."""

from __future__ import annotations

from django.db import migrations


def recount(apps, schema_editor):
    from dvk.stats import counters

    Case = apps.get_model("citizens", "Case")
    if not Case.objects.using(schema_editor.connection.alias).exists():
        return
    counters.rebuild(["citizens_mon"], using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0006_open_due_index"),
        ("stats", "0004_recount_first_arrivals"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop, elidable=True)]
