"""The home widget's figures without scanning the models (docs/benchmarks.md "Dashboards"):

- the stock of models by current stage, kept as counts in dvk.stats ("stage:<stage>" in the one
  sentinel month 1900-01, exemplars.figures.COUNTERS): counted here once from the models' current
  stage for every body and the bodies above it (what `rebuild_counters exemplars` would write),
  so an existing database shows the same figures right after the migration;
- a small partial index of the outstanding models for the "outstanding" figure."""

import datetime as dt
from collections import defaultdict

from django.db import migrations, models
from django.db.models import Count

SEGMENT = 4  # characters per level of Organisation.path (dvk.organisations.models.SEGMENT)
STOCK = "stage:"
STOCK_MONTH = dt.date(1900, 1, 1)


def count_stock(apps, schema_editor):
    db = schema_editor.connection.alias
    Exemplar = apps.get_model("exemplars", "Exemplar")
    Counter = apps.get_model("stats", "Counter")
    Counter.objects.using(db).filter(domain="exemplars", metric__startswith=STOCK).delete()
    sums = defaultdict(int)
    rows = (
        Exemplar.objects.using(db)
        .order_by()
        .values("org_path", "stage")
        .annotate(n=Count("id"))
        .values_list("org_path", "stage", "n")
    )
    for path, stage, n in rows:
        for k in range(SEGMENT, len(path or "") + 1, SEGMENT):
            sums[(stage, path[:k])] += n
    Counter.objects.using(db).bulk_create(
        (
            Counter(
                domain="exemplars",
                metric=STOCK + stage,
                node_path=node,
                depth=len(node) // SEGMENT,
                root=node[:SEGMENT],
                bucket=STOCK_MONTH,
                field=field,
                n=n,
            )
            for (stage, node), n in sums.items()
            for field in ("", "*")
        ),
        batch_size=2000,
    )


def drop_stock(apps, schema_editor):
    Counter = apps.get_model("stats", "Counter")
    Counter.objects.using(schema_editor.connection.alias).filter(
        domain="exemplars", metric__startswith=STOCK
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("exemplars", "0011_council_decision_and_declared_conflicts"),
        ("stats", "0003_counter_level_covering"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="exemplar",
            index=models.Index(
                condition=models.Q(("outstanding", True)),
                fields=["org_root", "stage", "org_path"],
                name="exemplar_outstanding",
                opclasses=["varchar_pattern_ops", "varchar_pattern_ops", "varchar_pattern_ops"],
            ),
        ),
        migrations.RunPython(count_stock, drop_stock),
    ]
