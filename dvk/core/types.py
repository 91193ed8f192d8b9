"""Types shared by views, APIs and services.

`AuthenticatedUser` is the user behind login_required or API authentication (never anonymous);
services take `by: AuthenticatedUser`. The import of the concrete User model is for the type
checker only, so the kernel does not depend on the accounts app at run time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.http import HttpRequest

if TYPE_CHECKING:
    from dvk.accounts.models import User

AuthenticatedUser: TypeAlias = "User"


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind login_required (or API auth): `user` is a real User."""

    user: User
