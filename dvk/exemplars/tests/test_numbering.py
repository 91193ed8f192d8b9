"""Decision numbers: one register per body, type and year; consecutive, no gaps, no duplicates,
also when decisions are taken at the same moment (threads on PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from dvk.exemplars.models import Decision, DecisionCounter
from dvk.exemplars.services import next_decision_number
from dvk.organisations.models import Organisation


def test_numbers_are_consecutive_per_body_type_and_year(db):
    body = Organisation.objects.get(code="PT-MTTQ")
    other = Organisation.objects.get(code="PT-SNV")
    numbers = [next_decision_number(organisation=body, doc_type="QĐ", year=2031) for _i in range(5)]
    assert numbers == [1, 2, 3, 4, 5]
    assert next_decision_number(organisation=other, doc_type="QĐ", year=2031) == 1
    assert next_decision_number(organisation=body, doc_type="TB", year=2031) == 1
    assert next_decision_number(organisation=body, doc_type="QĐ", year=2032) == 1
    assert DecisionCounter.objects.get(organisation=body, doc_type="QĐ", year=2031).last_number == 5


def test_demo_registers_have_no_gaps_or_duplicates(db):
    registers: dict[tuple, list[int]] = {}
    for body, doc_type, year, seq in Decision.objects.values_list(
        "issuing_body", "doc_type", "year", "sequence"
    ):
        registers.setdefault((body, doc_type, year), []).append(seq)
    assert registers
    for sequences in registers.values():
        assert sorted(sequences) == list(range(1, len(sequences) + 1))


@pytest.fixture
def postgres_then_reseed(django_db_blocker):
    """Skip before any database setup on SQLite; on PostgreSQL, load the demo province again after
    transactional_db has flushed the tables (this fixture is torn down after it)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite serialises writers with one database lock, so there is no race to test; "
            "run with DATABASE_URL=postgres://… to exercise the row lock"
        )
    yield
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("seed_demo", verbosity=0)


def test_concurrent_decisions_get_distinct_consecutive_numbers(postgres_then_reseed, transactional_db):
    body = Organisation.objects.get(code="PT-SNV")
    results: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait()
            from django.db import transaction

            with transaction.atomic():
                results.append(next_decision_number(organisation=body, doc_type="QĐ", year=2040))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(results) == list(range(1, 9))
