"""Declared interfaces: what the kernel and the lowest foundation apps need from apps above them.

The import graph of the platform is layered (docs/architecture.md, "Layers", enforced by
import-linter in `make lint`): `dvk.core` imports no other app, `dvk.accounts` and
`dvk.organisations` do not import the audit trail, and so on upwards. A few services are still
needed below the app that implements them — today one: writing an audit event (the workflow engine
in core, log-ins and password changes in accounts, reorganisations in organisations). Those
callers use the function here; which implementation answers is a setting, resolved by dotted path
on first use, like Django's own `EMAIL_BACKEND`:

    DVK_AUDIT_RECORDER = "dvk.audit.services.record"   # the default

Apps above the audit app (attachments, the domains) may call `dvk.audit.services.record`
directly; it is the same function.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_AUDIT_RECORDER = "dvk.audit.services.record"


@cache
def _audit_recorder(dotted: str) -> Any:
    return import_string(dotted)


def record_audit(**kwargs: Any) -> Any:
    """Write one audit event (same keyword arguments as `dvk.audit.services.record`)."""
    dotted = getattr(settings, "DVK_AUDIT_RECORDER", DEFAULT_AUDIT_RECORDER)
    return _audit_recorder(dotted)(**kwargs)
