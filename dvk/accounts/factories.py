from __future__ import annotations

from functools import lru_cache

import factory
from django.contrib.auth.hashers import make_password

from dvk.accounts.models import User

DEMO_PASSWORD = "demo-dvk-2020"  # noqa: S105  (public demo accounts, listed in the README)


@lru_cache(maxsize=1)
def demo_password_hash() -> str:
    """Hash the shared demo password once: PBKDF2 is deliberately slow (about 1 s per hash)."""
    return make_password(DEMO_PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@dvk.local")
    password = factory.LazyFunction(lambda: demo_password_hash())
