from __future__ import annotations

import factory

from dvk.accounts.models import User

DEMO_PASSWORD = "demo-dvk-2020"  # noqa: S105  (public demo accounts, listed in the README)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@dvk.local")
    password = factory.django.Password(DEMO_PASSWORD)
