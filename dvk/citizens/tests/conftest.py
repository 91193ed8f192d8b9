from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dvk.citizens import services
from dvk.citizens.models import Case, Channel, Letter
from dvk.citizens.workflow import Kind
from dvk.organisations.models import Organisation

COMMUNE = "PT-UBND-04897"  # tiepdan.xa (officer) and chutich.xa (leader)
INSPECTORATE = "PT-TTT"  # thanhtra.tinh
PLANTED = "Nguyễn Văn Bí Mật Zyx"  # a name that must never leave the vault


@pytest.fixture
def org(db):
    return lambda code: Organisation.objects.get(code=code)


@pytest.fixture
def letter(persona, org):
    """Register a letter at the commune People's Committee (or `body`) and return it."""

    def make(
        kind: str = Kind.COMPLAINT, *, body: str = COMMUNE, by: str = "tiepdan.xa", days_ago: int = 0, **kw
    ) -> Letter:
        defaults = {
            "summary": kw.pop(
                "summary", "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất chậm so với quy định."
            ),
            "name": kw.pop("name", "Hà Thị Kiểm Thử"),
            "phone": kw.pop("phone", "0900111222"),
        }
        return services.register_letter(
            by=persona(by),
            organisation=org(body),
            received_on=timezone.localdate() - dt.timedelta(days=days_ago),
            channel=kw.pop("channel", Channel.IN_PERSON),
            kind=kind,
            **defaults,
            **kw,
        )

    return make


@pytest.fixture
def case(letter):
    def make(kind: str = Kind.COMPLAINT, **kw) -> Case:
        return letter(kind, **kw).cases.order_by("id").first()

    return make


@pytest.fixture
def bare_case(org):
    """A case row made directly (no registration service): for the transition grid."""
    counter = {"n": 900000}

    def make(kind: str = Kind.COMPLAINT, *, body: str = COMMUNE) -> Case:
        counter["n"] += 1
        organisation = org(body)
        today = timezone.localdate()
        letter = Letter.objects.create(
            organisation=organisation,
            year=today.year,
            seq=counter["n"],
            received_on=today,
            channel=Channel.POST,
            kind=kind,
            summary="Nội dung kiểm thử chuyển bước.",
        )
        return Case.objects.create(
            organisation=organisation, letter=letter, kind=kind, summary=letter.summary, received_on=today
        )

    return make
