"""Audit labels: every action the code records has a Vietnamese label, and the audit page and the
history boxes show labels, names and dd/mm/yyyy dates instead of codes and ids."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dvk.audit.labels import action_label, has_label, registry
from dvk.audit.presentation import describe
from dvk.audit.services import record
from dvk.core.actors import SYSTEM
from dvk.core.workflow import all_workflows
from dvk.organisations.models import Organisation

ROOT = Path(__file__).resolve().parents[3]
SKIP = {"tests", "migrations", "scale"}


def _recorded_actions() -> set[tuple[str, str]]:
    """(action, where) of every record(action=…) call in the apps, read from the source."""
    found: set[tuple[str, str]] = set()
    for path in (ROOT / "dvk").rglob("*.py"):
        rel = path.relative_to(ROOT)
        if SKIP.intersection(rel.parts):
            continue
        app = rel.parts[1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name != "record":
                continue
            for kw in node.keywords:
                if kw.arg == "action":
                    for action in _values(kw.value, app):
                        found.add((action, f"{rel}:{node.lineno}"))
    return found


def _values(node: ast.expr, app: str) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "audit_action":
        return []  # the engine's "<workflow>.<action>": test_every_transition_of_every_workflow_has_a_label
    if isinstance(node, ast.IfExp):
        return _values(node.body, app) + _values(node.orelse, app)
    if isinstance(node, ast.JoinedStr):  # f"{model._meta.app_label}.reorganise": the module's app
        text = "".join(
            v.value if isinstance(v, ast.Constant) else (app if "app_label" in ast.unparse(v) else "{?}")
            for v in node.values
        )
        return [text]
    return ["{dynamic: " + ast.unparse(node) + "}"]


def test_the_scan_finds_the_services_actions():
    actions = {a for a, _where in _recorded_actions()}
    assert {"exemplars.commend", "plans.task.delete", "attachments.upload", "accounts.login"} <= actions


def test_every_recorded_action_has_a_label():
    missing = sorted((a, where) for a, where in _recorded_actions() if not has_label(a))
    assert not missing, "Declare these in the app's labels module (DomainAppConfig.labels):\n" + "\n".join(
        f"  {where}: {action}" for action, where in missing
    )


def test_every_transition_of_every_workflow_has_a_label():
    missing = [
        w.audit_action(t.action)
        for w in all_workflows()
        for t in w.transitions
        if not has_label(w.audit_action(t.action))
    ]
    assert not missing
    assert action_label("exemplars.accept_registration") == "Chấp thuận đăng ký"
    assert action_label("plans.report.return") == "Trả lại"


def test_the_admin_mirror_is_labelled():
    assert all(has_label(a) for a in ("admin.create", "admin.update", "admin.delete", "admin.change"))


def test_labels_are_vietnamese_and_never_codes():
    for action, label in registry().actions.items():
        text = str(label)
        assert text and text != action and not re.fullmatch(r"[a-z_.]+", text), action


# --- rendering --------------------------------------------------------------------------------


def test_changes_render_with_field_names_choices_names_and_dates(db, persona, make_exemplar):
    exemplar = make_exemplar()
    org = Organisation.objects.get(code="PT-DU-05089")
    event = record(
        actor=persona("tinh.bdv"),
        action="exemplars.accept_registration",
        target=exemplar,
        organisation=exemplar.organisation,
        changes={
            "stage": ["registered", "in_progress"],
            "registered_on": [None, "2026-03-05"],
            "organisation": org.pk,
            "consent_public": [False, True],
            "note": "Đủ điều kiện",
        },
    )
    [row] = describe([event])
    assert row.action == "Chấp thuận đăng ký"
    changes = {c.label: c.text for c in row.changes}
    assert changes["Trạng thái"] == "Đã đăng ký → Đang triển khai"
    assert changes["Ghi chú"] == "Đủ điều kiện"
    assert changes["Cơ quan, đơn vị"] == org.name
    assert any(text == "— → 05/03/2026" for text in changes.values()), changes
    assert any(text == "Không → Có" for text in changes.values()), changes
    assert row.object_type == str(exemplar._meta.verbose_name)


def test_the_system_actor_is_shown_as_the_system(db, make_exemplar):
    exemplar = make_exemplar()
    event = record(actor=SYSTEM, action="exemplars.update", target=exemplar, changes={})
    assert event.actor is None and event.actor_name == "system"
    assert describe([event])[0].actor == "Hệ thống"


def test_the_audit_page_shows_labels_not_codes(client_for, persona, make_exemplar):
    exemplar = make_exemplar()
    record(
        actor=persona("tinh.bdv"),
        action="exemplars.accept_registration",
        target=exemplar,
        organisation=exemplar.organisation,
        changes={"stage": ["registered", "in_progress"]},
    )
    response = client_for("tinh.bdv").get(
        "/nhat-ky/", {"target_type": "exemplars.exemplar", "target_id": exemplar.pk}
    )
    html = response.content.decode()
    assert "Chấp thuận đăng ký" in html and "Đã đăng ký → Đang triển khai" in html
    assert ">accept_registration<" not in html and "exemplars.accept_registration</" not in html
    assert "exemplars.exemplar#" not in html


def test_the_audit_page_query_count_does_not_grow_with_rows(client_for, persona):
    client = client_for("tinh.bdv")
    bodies = list(Organisation.objects.filter(path__startswith="0").order_by("id")[:30])
    target = bodies[0]

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/nhat-ky/", {"action": "plans.task.fan_out"}).status_code == 200
        return len(ctx.captured_queries)

    record(
        actor=persona("tinh.bdv"),
        action="plans.task.fan_out",
        target=target,
        organisation=target,
        changes={"bodies": [bodies[1].pk], "organisation": bodies[2].pk},
    )
    one = count()
    for i in range(25):
        record(
            actor=persona("tinh.bdv"),
            action="plans.task.fan_out",
            target=target,
            organisation=target,
            changes={"bodies": [b.pk for b in bodies[i : i + 3]], "organisation": bodies[i].pk},
        )
    assert count() == one


def test_history_boxes_show_action_labels(client_for, persona, make_exemplar):
    from dvk.exemplars.services import advance_exemplar

    exemplar = make_exemplar()
    advance_exemplar(exemplar=exemplar, action="register", by=persona("xa.a"))
    html = client_for("xa.a").get(f"/mo-hinh/{exemplar.pk}/lich-su/").content.decode()
    assert "Gửi đăng ký" in html and "<code>" not in html and ": register" not in html


@pytest.fixture
def make_exemplar(db, persona):
    from django.utils import timezone

    from dvk.exemplars.factories import ExemplarFactory
    from dvk.exemplars.models import Cycle

    def make():
        return ExemplarFactory(
            organisation=Organisation.objects.get(code="PT-DU-04897"),
            cycle=Cycle.current(),
            created_by=persona("xa.a"),
            started_on=timezone.localdate(),
        )

    return make
