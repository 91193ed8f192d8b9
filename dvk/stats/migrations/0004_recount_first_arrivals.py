"""Recount the citizens' and the voters' dashboard counters (domains "citizens" and "voters"):
from this release a case or a petition counts once in a step, the first time it reaches it (a
petition carried over to the next session was forwarded again and counted twice, a case answered
and then closed was settled twice), so that each figure equals the list it opens (dvk.stats.drill).
The same recount as `manage.py rebuild_counters citizens voters`; nothing to do for a domain with
no rows (or whose app is not installed). Reversing leaves the counts as they are."""

from __future__ import annotations

from django.db import migrations

DOMAINS = (("citizens", "citizens", "Case"), ("voters", "voters", "Petition"))


def recount(apps, schema_editor):
    from dvk.stats import counters

    using = schema_editor.connection.alias
    for domain, label, model in DOMAINS:
        try:
            rows = apps.get_model(label, model)
        except LookupError:  # the app is not installed (or not migrated yet: then it has no rows)
            continue
        if rows.objects.using(using).exists():
            counters.rebuild([domain], using=using)


class Migration(migrations.Migration):
    dependencies = [("stats", "0003_counter_level_covering")]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop, elidable=True)]
