"""The system actor: who acts when nobody clicks (scheduled jobs, carry-overs, overdue flags).

`SYSTEM` is passed as `by=` to services and to `dvk.core.workflow.advance()`. It is not a user row:
event rows store `actor=NULL`, the audit trail stores `actor=NULL, actor_name="system"` (shown as
"Hệ thống"). It holds no named permission: `has_perm()` is always False, so a service that checks a
permission refuses it, and `advance()` lets it run only the transitions declared `system=True`.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

SYSTEM_USERNAME = "system"


class SystemActor:
    """A stand-in for `request.user` in scheduled work. One instance: `SYSTEM`."""

    pk = None
    id = None
    is_system = True
    is_authenticated = False  # never a logged-in user: record() and the event rows store no FK
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    username = SYSTEM_USERNAME

    def get_username(self) -> str:
        return SYSTEM_USERNAME

    def get_full_name(self) -> str:
        return str(_("System"))

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return False

    def has_perms(self, perms: Any, obj: Any = None) -> bool:
        return False

    def __str__(self) -> str:
        return self.get_full_name()

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def is_system(actor: Any) -> bool:
    return actor is SYSTEM
