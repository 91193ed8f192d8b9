from __future__ import annotations

import pytest

from dvk.organisations.models import Organisation


@pytest.fixture
def body(db):
    """Look a demo body up by its code: body("PT-BTGDV")."""
    return lambda code: Organisation.objects.select_related("unit", "parent").get(code=code)


@pytest.fixture
def postgres_then_reseed(django_db_blocker):
    """Skip before any database setup on SQLite; on PostgreSQL, load the demo province again after
    transactional_db has flushed the tables (this fixture is torn down after it)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite serialises writers with one database lock (IMMEDIATE transactions), so there is "
            "no race to test; run with DATABASE_URL=postgres://… (make test-pg) to exercise the row lock"
        )
    yield
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)
