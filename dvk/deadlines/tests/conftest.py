import pytest


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """A rolled-back test must not leave its calendar changes in the per-process cache."""
    from dvk.deadlines import calendar, services

    calendar.invalidate()
    services.invalidate_rules()
    yield
    calendar.invalidate()
    services.invalidate_rules()
