from __future__ import annotations

from django.http import HttpRequest

from dvk.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request behind login_required (or API auth): `user` is a real User."""

    user: User
