"""Fill the monitoring view's counts (domain "citizens_mon", dvk.citizens.monitor) from the cases
already stored: from this release the view reads its whole months from them. The same recount as
`manage.py rebuild_counters citizens_mon` (51 s for 100,000 cases on SQLite); nothing to do on an
empty database. Reversing removes the rows."""

from __future__ import annotations

from django.db import migrations


def fill(apps, schema_editor):
    from dvk.stats import counters

    Case = apps.get_model("citizens", "Case")
    if not Case.objects.using(schema_editor.connection.alias).exists():
        return
    counters.rebuild(["citizens_mon"], using=schema_editor.connection.alias)


def empty(apps, schema_editor):
    Counter = apps.get_model("stats", "Counter")
    Counter.objects.using(schema_editor.connection.alias).filter(domain="citizens_mon").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0004_prolonged_period_index"),
        ("stats", "0003_counter_level_covering"),
    ]

    operations = [migrations.RunPython(fill, empty, elidable=True)]
