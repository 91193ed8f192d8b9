from __future__ import annotations

import pytest
import rules

PERMISSION = "accounts.read_identity"


@pytest.fixture
def read_rule():
    """The owning domain defines `<owner app>.read_identity`. Here the owner records are users
    (any model works) and exactly the users whose pk is in the yielded set may read."""
    allowed: set[int] = set()

    @rules.predicate
    def may_read(user, obj):
        return user.pk in allowed

    if rules.perm_exists(PERMISSION):
        rules.remove_perm(PERMISSION)
    rules.add_perm(PERMISSION, may_read)
    yield allowed
    rules.remove_perm(PERMISSION)


@pytest.fixture
def cast(db):
    """(owner record, handler, other user)."""
    from dvk.accounts.models import User

    owner = User.objects.create_user("vault.owner.record", password="x-strong-password-1")
    handler = User.objects.create_user("vault.handler", password="x-strong-password-1")
    other = User.objects.create_user("vault.other", password="x-strong-password-1")
    return owner, handler, other
