"""What the public verification page (/xac-minh/<code>/, dvk.public) shows about a code.

A selector returns a `Verification` for a valid code and None otherwise; the page renders it
without knowing which domain (or, later, the document register) issued the document."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Verification:
    code: str
    rows: list[tuple[Any, Any]] = field(default_factory=list)  # (label, value) shown in order
    link: str = ""  # a public page about the subject, if there is one
    link_label: Any = ""
