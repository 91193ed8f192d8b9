"""Factories shared by the tests, `seed_demo` and `generate_data`."""

from __future__ import annotations

import factory

from dvk.organisations.models import AdministrativeUnit, Membership, Organisation


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"9{n:04d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    level = AdministrativeUnit.Level.COMMUNE


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Đảng ủy xã Thử Nghiệm {n}")
    kind = Organisation.Kind.PARTY_COMMITTEE
    unit = factory.SubFactory(UnitFactory)
    parent = None


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory("dvk.accounts.factories.UserFactory")
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.OFFICER
