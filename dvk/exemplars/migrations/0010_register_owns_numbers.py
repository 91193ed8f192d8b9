"""The document register (dvk.documents) now owns the numbers of recognition decisions: the
decision keeps a copy of its number and code, and the old per-app counter goes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exemplars", "0009_decisions_into_register"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="decision", name="unique_decision_number"),
        migrations.RemoveField(model_name="decision", name="doc_type"),
        migrations.RemoveField(model_name="decision", name="sequence"),
        migrations.RemoveField(model_name="decision", name="year"),
        migrations.AlterField(
            model_name="decision", name="number", field=models.CharField(max_length=80, verbose_name="number")
        ),
        migrations.DeleteModel(name="DecisionCounter"),
    ]
