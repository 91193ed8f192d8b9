"""generate_data at the tiny scale: exact row counts per table, valid trees, and scope."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from dvk.accounts.models import User
from dvk.audit.models import AuditEvent
from dvk.notifications.models import Notification
from dvk.organisations.models import SEGMENT, AdministrativeUnit, Membership, Organisation
from dvk.organisations.scoping import visible_organisations
from dvk.scale.generate import domain_generators
from dvk.scale.spec import SCALES

pytestmark = pytest.mark.django_db

TINY = SCALES["tiny"]
# Domain tables whose size the spec fixes exactly: model label -> spec key.
DOMAIN_COUNTS = {
    "exemplars.Exemplar": "exemplars",
    "plans.Plan": "plans",
    "plans.Assignment": "assignments",
    "plans.Report": "reports",
}


def _all_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label != "sessions"}


@pytest.fixture
def generated(db):
    before = _all_counts()
    out = io.StringIO()
    call_command("generate_data", "--scale", "tiny", "--seed", "7", stdout=out)
    after = _all_counts()
    return {label: after[label] - before.get(label, 0) for label in after if after[label] != before.get(label, 0)}, out


def test_foundation_row_counts_match_the_spec(generated):
    delta, out = generated
    assert delta["organisations.AdministrativeUnit"] == TINY.provinces + TINY.communes
    assert delta["organisations.Organisation"] == TINY.bodies
    assert delta["accounts.User"] == TINY.users
    assert delta["organisations.Membership"] == TINY.users + TINY.extra_memberships
    assert delta["notifications.Notification"] == TINY.notifications
    assert delta["audit.AuditEvent"] >= TINY.audit_events  # domain generators add their own events
    assert "Done in" in out.getvalue()


def test_domain_row_counts_match_the_spec(generated):
    delta, _out = generated
    installed = {label for label in DOMAIN_COUNTS if _model(label) is not None}
    generators = {label for label, _g in domain_generators()}
    for label, key in DOMAIN_COUNTS.items():
        if label in installed and label.split(".")[0] in generators:
            assert delta.get(label, 0) == TINY.count(key), label


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def test_tree_paths_and_child_counts_are_consistent(generated):
    bodies = list(Organisation.objects.filter(code__startswith="S01"))
    by_id = {b.pk: b for b in bodies}
    assert len({b.path for b in bodies}) == len(bodies)
    for b in bodies:
        assert b.depth == len(b.path) // SEGMENT
        assert b.search_text and b.search_text == b.search_text.lower()
        if b.parent_id:
            assert b.path.startswith(by_id[b.parent_id].path)
        assert b.child_count == sum(1 for c in bodies if c.parent_id == b.pk)
    # A body created afterwards through the model gets the next free segment under its parent.
    commune_party = Organisation.objects.get(code="S010001-DU")
    new = Organisation.objects.create(name="Chi bộ thôn Mới", kind="party_cell", unit=commune_party.unit,
                                      parent=commune_party)
    assert new.path.startswith(commune_party.path) and len(new.path) == len(commune_party.path) + SEGMENT


def test_generated_units_fold_and_users_share_one_password(generated):
    unit = AdministrativeUnit.objects.filter(code__startswith="S01", level="commune").first()
    assert unit.search_text.split(" ")[-1] == unit.code.lower()
    users = User.objects.filter(username__startswith="s01.")
    assert users.values("password").distinct().count() == 1
    assert users.first().check_password("demo-dvk-2020")
    assert AuditEvent.objects.filter(action="accounts.login", actor__username__startswith="s01.").exists()
    assert Notification.objects.filter(user__username__startswith="s01.").exists()


def test_generated_rows_are_scoped(generated, client_for):
    coordinator = User.objects.get(username="s01.bdv1")
    officer = User.objects.get(username="s01.x001.canbo1")
    assert visible_organisations(coordinator).filter(code__startswith="S01").count() == TINY.bodies
    assert not visible_organisations(coordinator).filter(code__startswith="PT-").exists()
    own = visible_organisations(officer)
    assert own.count() == Organisation.objects.filter(code__startswith="S010001-").count()
    assert not visible_organisations(User.objects.get(username="xa.a")).filter(code__startswith="S01").exists()
    assert Membership.objects.filter(user=officer, role="officer").exists()

    client = client_for("s01.x001.canbo1")
    other = Organisation.objects.get(code="S010002-DU")
    mine = Organisation.objects.get(code="S010001-UBND")
    assert client.get(f"/don-vi/{mine.pk}/").status_code == 200
    assert client.get(f"/don-vi/{other.pk}/").status_code == 404
    assert client_for("xa.b").get(f"/don-vi/{mine.pk}/").status_code == 404


def test_same_seed_gives_the_same_names(db):
    call_command("generate_data", "--scale", "tiny", "--seed", "11", stdout=io.StringIO())
    first = list(User.objects.filter(username__startswith="s01.").order_by("username").values_list("full_name"))
    with pytest.raises(CommandError):
        call_command("generate_data", "--scale", "tiny", "--seed", "11", stdout=io.StringIO())
    assert len(first) == TINY.users and len(set(first)) > TINY.users // 3
