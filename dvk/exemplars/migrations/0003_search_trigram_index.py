"""Trigram index for accent-folded search on PostgreSQL: `search_text LIKE '%term%'` (the folded
words of ?q=) uses it instead of scanning every scoped row. SQLite keeps the plain column."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS exemplar_search_trgm ON exemplars_exemplar USING gin (search_text gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS exemplar_search_trgm"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("exemplars", "0002_seed_fields")]

    operations = [migrations.RunPython(forward, backward)]
