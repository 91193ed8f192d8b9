"""Factories for tests, the demo seeder and the scale generator. They write rows directly
(no workflow); use services.advance_exemplar() to move a row through the lifecycle."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from dvk.exemplars.models import (
    Council,
    CouncilMember,
    CriteriaSet,
    Criterion,
    Cycle,
    Exemplar,
    FieldOfWork,
    Kind,
    Level,
    Nomination,
)
from dvk.exemplars.workflow import Stage


class FieldOfWorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfWork
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Lĩnh vực thử {n}")
    code = factory.Sequence(lambda n: f"linh-vuc-thu-{n}")


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cycle
        django_get_or_create = ("name",)

    start_year = 2026
    end_year = 2030
    name = factory.LazyAttribute(lambda c: f"{c.start_year}–{c.end_year}")


class CriteriaSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaSet

    name = "Bộ tiêu chí thử"
    version = factory.Sequence(lambda n: 100 + n)
    applies_to = Kind.COLLECTIVE
    pass_mark = Decimal("70")
    quorum = 2
    min_months = 12
    valid_from = dt.date(2021, 1, 1)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    order = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Tiêu chí {n}")
    max_score = 10
    weight = Decimal("1")


class ExemplarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exemplar

    kind = Kind.COLLECTIVE
    stage = Stage.DRAFT
    title = factory.Sequence(lambda n: f"Mô hình “Dân vận khéo” số {n}")
    summary = "Vận động Nhân dân cùng làm, cùng hưởng lợi."
    situation = "Trước khi có mô hình, đường giao thông nội đồng xuống cấp, người dân đi lại khó khăn."
    goals = "Bê tông hóa 2 km đường nội đồng; 100% hộ dân đồng thuận hiến đất."
    content_method = "Chi bộ lãnh đạo, Ban công tác Mặt trận vận động, các đoàn thể cùng tham gia."
    area_beneficiaries = "Toàn xóm, 180 hộ dân."
    forces = factory.LazyFunction(
        lambda: [
            {"name": "Chi bộ xóm", "role": "lead", "task": "Lãnh đạo, ra nghị quyết chuyên đề"},
            {"name": "Ban công tác Mặt trận", "role": "coordinate", "task": "Vận động hộ dân"},
            {
                "name": "Chi hội Phụ nữ, Nông dân, Cựu chiến binh",
                "role": "take_part",
                "task": "Góp ngày công",
            },
        ]
    )
    resources = factory.LazyFunction(
        lambda: {
            "funds": "450 triệu đồng",
            "workdays": "1.200 ngày công",
            "socialised": "Nhân dân hiến 3.000 m² đất",
        }
    )
    timeline = factory.LazyFunction(
        lambda: [
            {"date": "2024-03-01", "milestone": "Ra mắt mô hình"},
            {"date": "2025-03-01", "milestone": "Sơ kết một năm"},
        ]
    )
    expected_outputs = "2 km đường bê tông; biên bản nghiệm thu; ảnh trước và sau."
    sustainability = "Quy ước bảo dưỡng hằng năm; các xóm lân cận có thể áp dụng."
    field = factory.SubFactory(FieldOfWorkFactory)
    level = Level.COMMUNE
    cycle = factory.SubFactory(CycleFactory)
    organisation = factory.SubFactory("dvk.organisations.factories.OrganisationFactory")
    started_on = dt.date(2024, 3, 1)


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Hội đồng thử {n}")
    organisation = factory.SubFactory("dvk.organisations.factories.OrganisationFactory")
    deciding_body = factory.SelfAttribute("organisation")
    level = Level.PROVINCE
    cycle = factory.SubFactory(CycleFactory)


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    council = factory.SubFactory(CouncilFactory)
    user = factory.SubFactory("dvk.accounts.factories.UserFactory")


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    exemplar = factory.SubFactory(ExemplarFactory)
    cycle = factory.SelfAttribute("exemplar.cycle")
    level = factory.SelfAttribute("exemplar.level")
    criteria_set = factory.SubFactory(CriteriaSetFactory)
    nominated_by = factory.SubFactory("dvk.accounts.factories.UserFactory")
    nominated_on = dt.date(2026, 6, 1)
