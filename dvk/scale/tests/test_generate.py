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
    "citizens.Case": "citizen_cases",
    "citizens.Letter": "citizen_cases",
}


def _all_counts() -> dict[str, int]:
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label != "sessions"
    }


@pytest.fixture
def generated(db):
    before = _all_counts()
    out = io.StringIO()
    call_command("generate_data", "--scale", "tiny", "--seed", "7", stdout=out)
    after = _all_counts()
    return {
        label: after[label] - before.get(label, 0) for label in after if after[label] != before.get(label, 0)
    }, out


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
    new = Organisation.objects.create(
        name="Chi bộ thôn Mới", kind="party_cell", unit=commune_party.unit, parent=commune_party
    )
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
    assert (
        not visible_organisations(User.objects.get(username="xa.a")).filter(code__startswith="S01").exists()
    )
    assert Membership.objects.filter(user=officer, role="officer").exists()

    client = client_for("s01.x001.canbo1")
    other = Organisation.objects.get(code="S010002-DU")
    mine = Organisation.objects.get(code="S010001-UBND")
    assert client.get(f"/don-vi/{mine.pk}/").status_code == 200
    assert client.get(f"/don-vi/{other.pk}/").status_code == 404
    assert client_for("xa.b").get(f"/don-vi/{mine.pk}/").status_code == 404


def test_same_seed_gives_the_same_names(db):
    call_command("generate_data", "--scale", "tiny", "--seed", "11", stdout=io.StringIO())
    first = list(
        User.objects.filter(username__startswith="s01.").order_by("username").values_list("full_name")
    )
    with pytest.raises(CommandError):
        call_command("generate_data", "--scale", "tiny", "--seed", "11", stdout=io.StringIO())
    assert len(first) == TINY.users and len(set(first)) > TINY.users // 3


def test_exemplars_follow_their_workflow(generated):
    pytest.importorskip("dvk.exemplars.generate")
    from dvk.core.text import fold
    from dvk.documents.models import Counter, Document
    from dvk.exemplars.models import Decision, Exemplar
    from dvk.exemplars.workflow import WORKFLOW, Stage

    exemplars = list(
        Exemplar.objects.filter(organisation__code__startswith="S01")
        .select_related("organisation", "current_nomination")
        .prefetch_related("events", "decisions")
    )
    assert len(exemplars) == TINY.count("exemplars")
    for e in exemplars:
        assert e.org_path == e.organisation.path
        assert e.search_text == fold(" ".join([e.title, e.summary, e.person_name, e.area_beneficiaries]))
        stage = Stage.DRAFT
        for event in sorted(e.events.all(), key=lambda ev: (ev.at, ev.id)):
            step = WORKFLOW.transition_for(event.action, stage)  # raises if the path is not allowed
            assert (event.from_stage, event.to_stage) == (stage, step.target)
            stage = step.target
        assert stage == e.stage
        if e.stage in {
            Stage.NOMINATED,
            Stage.UNDER_REVIEW,
            Stage.RECOGNISED,
            Stage.NOT_RECOGNISED,
            Stage.SUSPENDED,
        }:
            assert e.current_nomination is not None
        if e.stage in {Stage.RECOGNISED, Stage.SUSPENDED}:
            assert len(e.decisions.all()) == 1
        if e.stage in {Stage.RECOGNISED, Stage.NOT_RECOGNISED} and e.level == "tinh":
            assert e.current_nomination.score_sheets.count() >= 3
    # every decision has its row in the document register; numbers unique; counters continue after them
    decisions = Decision.objects.filter(exemplar__organisation__code__startswith="S01")
    assert not decisions.filter(document__isnull=True).exists()
    documents = Document.objects.filter(pk__in=decisions.values("document_id"))
    keys = list(documents.values_list("organisation", "doc_type", "year", "sequence"))
    assert len(keys) == len(set(keys)) == decisions.count()
    for counter in Counter.objects.filter(organisation__code__startswith="S01"):
        assert (
            counter.last_number
            == documents.filter(organisation=counter.organisation, year=counter.year).count()
        )


def test_reports_match_their_assignments(generated):
    pytest.importorskip("dvk.plans.generate")
    from dvk.plans.models import Assignment

    assignments = Assignment.objects.filter(org_path__startswith=Organisation.objects.get(code="S01-TU").path)
    assert assignments.count() == TINY.count("assignments")
    for a in assignments.select_related("organisation", "plan").prefetch_related("reports"):
        assert a.org_path == a.organisation.path and a.issuer_path == a.plan.org_path
        reports = sorted(a.reports.all(), key=lambda r: (r.due_on, r.id))
        assert all(r.org_path == a.org_path for r in reports)
        if a.stage == "assigned":
            assert not reports
        elif a.stage == "in_progress":
            assert [r.stage for r in reports] == ["due"]
        else:
            expected = {"submitted": "submitted", "returned": "returned", "accepted": "accepted"}[a.stage]
            assert reports[-1].stage == expected
            assert all(r.stage == "accepted" for r in reports[:-1])


def test_generated_exemplars_are_scoped(generated, client_for):
    pytest.importorskip("dvk.exemplars.generate")
    from dvk.exemplars.models import Exemplar

    officer = User.objects.get(username="s01.x001.canbo1")
    commune_path = Organisation.objects.get(code="S010001-DU").path
    mine = Exemplar.objects.filter(org_path__startswith=commune_path)
    private_elsewhere = (
        Exemplar.objects.filter(organisation__code__startswith="S01")
        .exclude(org_path__startswith=commune_path)
        .exclude(stage="recognised")
    )
    visible = Exemplar.objects.visible_to(officer)
    assert set(mine.values_list("pk", flat=True)) <= set(visible.values_list("pk", flat=True))
    assert not visible.filter(pk__in=private_elsewhere.values("pk")).exists()
    other = private_elsewhere.first()
    assert client_for("s01.x001.canbo1").get(f"/mo-hinh/{other.pk}/").status_code == 404
    assert client_for("xa.b").get(f"/mo-hinh/{other.pk}/").status_code == 404
    assert client_for("s01.bdv1").get(f"/mo-hinh/{other.pk}/").status_code == 200


@pytest.mark.django_db
def test_generated_exemplars_carry_their_province_root():
    from django.core.management import call_command

    from dvk.exemplars.models import Exemplar

    call_command("generate_data", "--scale", "tiny", "--seed", "7", verbosity=0)
    rows = list(Exemplar.objects.values_list("org_path", "org_root"))
    assert rows and all(root == path[:4] for path, root in rows)
