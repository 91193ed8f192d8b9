from __future__ import annotations

import pytest

from dvk.organisations.models import Organisation
from dvk.voters.models import Session, Term


@pytest.fixture
def org(db):
    return lambda code: Organisation.objects.get(code=code)


@pytest.fixture
def term(db) -> Term:
    return Term.objects.get(organisation__code="PT-HDND")


@pytest.fixture
def demo_session(db) -> Session:
    """Session 29, in session: its petitions are in every status."""
    return Session.objects.get(term__organisation__code="PT-HDND", number=29)
