"""The monitoring's overdue figure (issue 12): the open cases still in time of a province and
period, per body, from one partial index of the open cases (cit_case_open_due). Its condition
lists the open stages in sorted order, as selectors.open_literal writes them."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0005_monitoring_counters"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                condition=models.Q(
                    (
                        "stage__in",
                        ("accepted", "classifying", "decided", "dialogue", "enforcing", "lead", "verifying"),
                    )
                ),
                fields=["org_root", "due_on", "received_on", "org_path", "stage"],
                name="cit_case_open_due",
            ),
        ),
    ]
