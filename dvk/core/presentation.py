"""How workflow actions look on screen: the view layer's side of the workflow tables.

Domain workflows say what an action is (dvk.core.workflow.Transition); the button's colour and,
if it differs from the action's name, its wording belong here. Each domain keeps a mapping
{action: Look} next to its views (`<app>/presentation.py`) and renders
`buttons(workflow.available(user, obj), LOOKS)`; templates read `b.action`, `b.label`, `b.style`
and put `data-confirm="{{ b.confirm }}"` on the button of an irreversible action (`Look(confirm=…)`):
static/js/confirm.js asks the question before the form is sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dvk.core.workflow import Transition


@dataclass(frozen=True)
class Look:
    style: str = "primary"  # Bootstrap colour of the button ("success", "outline-danger", …)
    label: Any = ""  # button text when it differs from the action's name
    confirm: Any = ""  # the question asked before an irreversible action (data-confirm, static/js/confirm.js)


@dataclass(frozen=True)
class Button:
    action: str
    label: Any
    style: str
    requires_note: bool
    confirm: Any = ""


def buttons(transitions: Iterable[Transition], looks: Mapping[str, Look]) -> list[Button]:
    out = []
    for t in transitions:
        look = looks.get(t.action, Look())
        out.append(Button(t.action, look.label or t.label, look.style, t.requires_note, look.confirm))
    return out
