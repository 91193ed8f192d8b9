"""Factories for tests, the demo and the scale generator. Rows start in their initial stage;
stages move only through services (the generator may write historical stages in bulk)."""

from __future__ import annotations

import datetime as dt

import factory

from dvk.organisations.factories import OrganisationFactory
from dvk.plans.models import Assignment, Indicator, Plan, Report, Section, Task, Theme


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("name", "year")

    name = "Năm dân vận khéo"
    year = 2020


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"chi-tieu-{n}")
    name = factory.Sequence(lambda n: f"Chỉ tiêu {n}")


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    number = factory.Sequence(lambda n: f"{n + 1}-KH/BDVTU")
    title = factory.Sequence(lambda n: f"Kế hoạch thực hiện nhiệm vụ dân vận số {n + 1}")
    issued_on = factory.LazyFunction(lambda: dt.date.today())  # noqa: DTZ011 - a calendar date
    organisation = factory.SubFactory(OrganisationFactory)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    plan = factory.SubFactory(PlanFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Nội dung {n + 1}")


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Triển khai nhiệm vụ dân vận số {n + 1}")
    order = factory.Sequence(lambda n: n)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    task = factory.SubFactory(TaskFactory)
    plan = factory.SelfAttribute("task.plan")
    organisation = factory.SubFactory(OrganisationFactory)
    due_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=30))  # noqa: DTZ011


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    assignment = factory.SubFactory(AssignmentFactory)
    organisation = factory.SelfAttribute("assignment.organisation")
    period = factory.Sequence(lambda n: f"adhoc-2020{(n % 12) + 1:02d}01")
    due_on = factory.SelfAttribute("assignment.due_on")
