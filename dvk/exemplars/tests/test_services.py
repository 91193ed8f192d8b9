"""Services no other test reached: commend, set_outstanding, create_council — effects,
permissions and the one audit row each writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dvk.audit.models import AuditEvent
from dvk.core.actors import SYSTEM
from dvk.exemplars import services
from dvk.exemplars.models import Commendation, Council, CouncilMember, Cycle, Level, council_ids_for
from dvk.exemplars.workflow import Stage
from dvk.organisations.models import Organisation


def _audit(action: str, target) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, target_id=str(target.pk)))


# --- commend ----------------------------------------------------------------------------------


def _commend(exemplar, by, **kw):
    data = {
        "form": Commendation.Form.PROVINCIAL_MERIT,
        "authority": "UBND tỉnh Phú Thọ",
        "decision_number": "123/QĐ-UBND",
        "awarded_on": dt.date(2026, 3, 1),
        "event": "Tổng kết 5 năm",
    } | kw
    return services.commend(exemplar=exemplar, by=by, **data)


def test_a_commendation_is_recorded_and_makes_the_model_outstanding(make, persona):
    exemplar = make(Stage.RECOGNISED)
    assert not exemplar.outstanding
    commendation = _commend(exemplar, persona("tinh.bdv"), authority="  UBND tỉnh Phú Thọ ")
    exemplar.refresh_from_db()
    assert commendation.authority == "UBND tỉnh Phú Thọ" and commendation.created_by == persona("tinh.bdv")
    assert exemplar.outstanding and exemplar.outstanding_event == "Tổng kết 5 năm"
    [row] = _audit("exemplars.commend", exemplar)
    assert row.changes == {"form": "bang_khen", "decision_number": "123/QĐ-UBND"}
    assert row.actor == persona("tinh.bdv") and row.organisation == exemplar.organisation


def test_a_second_commendation_keeps_the_first_outstanding_event(make, persona):
    exemplar = make(Stage.RECOGNISED)
    _commend(exemplar, persona("tinh.bdv"), event="Lần một")
    _commend(exemplar, persona("tinh.bdv"), decision_number="9/QĐ-UBND", event="Lần hai")
    exemplar.refresh_from_db()
    assert exemplar.commendations.count() == 2 and exemplar.outstanding_event == "Lần một"


@pytest.mark.parametrize("username", ["xa.a", "xa.b", "hoidong.1", "so.a"])
def test_only_the_coordinating_level_commends(username, make, persona):
    exemplar = make(Stage.RECOGNISED)
    with pytest.raises(PermissionDenied):
        _commend(exemplar, persona(username))
    assert not exemplar.commendations.exists() and not _audit("exemplars.commend", exemplar)


@pytest.mark.parametrize("stage", [Stage.IN_PROGRESS, Stage.UNDER_REVIEW, Stage.SUSPENDED])
def test_only_a_recognised_model_is_commended(stage, make, persona):
    exemplar = make(stage)
    with pytest.raises(PermissionDenied):
        _commend(exemplar, persona("tinh.bdv"))
    assert not exemplar.commendations.exists()


@pytest.mark.parametrize(
    "bad",
    [{"form": "huan_chuong"}, {"authority": " "}, {"decision_number": ""}],
    ids=["form", "authority", "number"],
)
def test_an_invalid_commendation_changes_nothing(bad, make, persona):
    exemplar = make(Stage.RECOGNISED)
    with pytest.raises(ValidationError):
        _commend(exemplar, persona("tinh.bdv"), **bad)
    exemplar.refresh_from_db()
    assert not exemplar.commendations.exists() and not exemplar.outstanding
    assert not _audit("exemplars.commend", exemplar)


# --- set_outstanding --------------------------------------------------------------------------


def test_selecting_and_unselecting_an_outstanding_model(make, persona):
    exemplar = make(Stage.RECOGNISED)
    tinh = persona("tinh.bdv")
    services.set_outstanding(exemplar=exemplar, by=tinh, outstanding=True, event=" Hội nghị điển hình ")
    exemplar.refresh_from_db()
    assert exemplar.outstanding and exemplar.outstanding_event == "Hội nghị điển hình"
    services.set_outstanding(exemplar=exemplar, by=tinh, outstanding=False)
    exemplar.refresh_from_db()
    assert not exemplar.outstanding and exemplar.outstanding_event == ""
    rows = sorted(_audit("exemplars.outstanding", exemplar), key=lambda e: e.pk)
    assert [r.changes["outstanding"] for r in rows] == [[False, True], [True, False]]


def test_the_same_choice_sent_twice_writes_one_audit_row(make, persona):
    exemplar = make(Stage.RECOGNISED)
    for _i in range(2):
        services.set_outstanding(exemplar=exemplar, by=persona("tinh.bdv"), outstanding=True, event="X")
    assert len(_audit("exemplars.outstanding", exemplar)) == 1


@pytest.mark.parametrize(("username", "stage"), [("xa.a", Stage.RECOGNISED), ("tinh.bdv", Stage.IN_PROGRESS)])
def test_outstanding_needs_the_coordinator_and_a_recognised_model(username, stage, make, persona):
    exemplar = make(stage)
    with pytest.raises(PermissionDenied):
        services.set_outstanding(exemplar=exemplar, by=persona(username), outstanding=True)
    exemplar.refresh_from_db()
    assert not exemplar.outstanding and not _audit("exemplars.outstanding", exemplar)


# --- create_council ---------------------------------------------------------------------------


def _council(by, members, **kw):
    data = {
        "name": "Hội đồng thẩm định xã Thịnh Minh",
        "organisation": Organisation.objects.get(code="PT-DU-04897"),
        "deciding_body": Organisation.objects.get(code="PT-DU-04897"),
        "level": Level.COMMUNE,
        "cycle": Cycle.current(),
        "members": members,
    } | kw
    return services.create_council(by=by, **data)


def test_the_commune_party_committee_forms_its_council_and_the_members_see_it_at_once(persona):
    chair, member = persona("hoidong.1"), persona("hoidong.2")
    before = council_ids_for(member)  # cached on the user object
    council = _council(persona("xa.a"), [(chair, "chair"), (member, "member")], name="  Hội đồng xã  ")
    assert council.name == "Hội đồng xã"
    assert set(council.members.values_list("user__username", "role")) == {
        ("hoidong.1", "chair"),
        ("hoidong.2", "member"),
    }
    assert council.pk in council_ids_for(member) and council.pk not in before
    [row] = _audit("exemplars.council", council)
    assert row.changes == {"members": ["hoidong.1", "hoidong.2"]} and row.actor == persona("xa.a")


@pytest.mark.parametrize("username", ["xa.b", "hoidong.1", "so.a", "tinh.bdv"])
def test_only_the_forming_body_sets_up_a_commune_council(username, persona):
    count = Council.objects.count()
    with pytest.raises(PermissionDenied):
        _council(persona(username), [(persona("hoidong.1"), "member")])
    assert Council.objects.count() == count


def test_nobody_is_not_a_way_around_the_permission(persona):
    """Was: by=None skipped the check. Scheduled or imported set-ups act as SYSTEM."""
    count = Council.objects.count()
    with pytest.raises(PermissionDenied):
        _council(None, [])
    assert Council.objects.count() == count
    council = _council(SYSTEM, [(persona("hoidong.1"), "member")])
    [row] = _audit("exemplars.council", council)
    assert row.actor is None and row.actor_name == "system"


@pytest.mark.parametrize(
    "bad",
    [{"name": " "}, {"level": "galaxy"}, {"members": "role"}, {"members": "twice"}],
    ids=["name", "level", "role", "twice"],
)
def test_an_invalid_council_changes_nothing(bad, persona):
    one = persona("hoidong.1")
    if bad.get("members") == "role":
        bad = {"members": [(one, "president")]}
    elif bad.get("members") == "twice":
        bad = {"members": [(one, "chair"), (one, "member")]}
    councils, seats = Council.objects.count(), CouncilMember.objects.count()
    with pytest.raises(ValidationError):
        _council(persona("xa.a"), [(one, "member")] if "members" not in bad else bad.pop("members"), **bad)
    assert Council.objects.count() == councils and CouncilMember.objects.count() == seats
