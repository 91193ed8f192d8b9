"""One confirmation pattern before irreversible actions: data-confirm on the form or button,
asked by static/js/confirm.js (loaded on every page, no inline script)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from dvk.core.presentation import Look, buttons
from dvk.core.workflow import Transition


def test_the_script_is_served_on_every_page(client_for):
    html = client_for("xa.a").get("/mo-hinh/").content.decode()
    assert "js/confirm.js" in html
    script = (Path(settings.BASE_DIR) / "static" / "js" / "confirm.js").read_text()
    assert "data-confirm" in script and "window.confirm" in script and "preventDefault" in script


def test_a_look_carries_its_question_to_the_button():
    t = Transition("close", frozenset({"open"}), "closed", "x.y", "Close")
    (b,) = buttons([t], {"close": Look("secondary", confirm="Sure?")})
    assert b.confirm == "Sure?"
    (plain,) = buttons([t], {})
    assert plain.confirm == ""


def test_irreversible_actions_ask_first(client_for):
    from dvk.plans.models import Plan
    from dvk.plans.workflow import PlanStage

    plan = Plan.objects.filter(stage=PlanStage.ISSUED, organisation__code="PT-BTGDV").first() or (
        Plan.objects.filter(stage=PlanStage.ISSUED).first()
    )
    html = client_for("tinh.bdv").get(f"/ke-hoach/{plan.pk}/").content.decode()
    assert 'data-confirm="' in html
