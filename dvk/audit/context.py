from __future__ import annotations

from contextvars import ContextVar

current_ip: ContextVar[str | None] = ContextVar("dvk_audit_ip", default=None)
