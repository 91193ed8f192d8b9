"""Seed the statutory deadline rules and the official calendar changes (dvk/deadlines/data.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from dvk.deadlines.data import ensure

    ensure(apps.get_model("deadlines", "DeadlineRule"), apps.get_model("deadlines", "CalendarOverride"))


def unseed(apps, schema_editor):
    from dvk.deadlines.data import OVERRIDES, RULES

    Rule = apps.get_model("deadlines", "DeadlineRule")
    Override = apps.get_model("deadlines", "CalendarOverride")
    for row in RULES:
        Rule.objects.filter(rule_id=row["rule_id"], valid_from=row["valid_from"]).delete()
    Override.objects.filter(date__in=[o[0] for o in OVERRIDES]).delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_rules_and_calendar")]

    operations = [migrations.RunPython(seed, unseed)]
