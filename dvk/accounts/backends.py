"""Authentication backend: Django's ModelBackend for passwords, without per-user permission rows.

Rights in this platform are named permissions with predicates (rules) over memberships; Django's
permission tables serve only the admin, which is for staff. Skipping them for everybody else saves
the two permission queries that every `has_perm` miss would otherwise cost on each page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class AuthBackend(ModelBackend):
    def get_user_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return super().get_user_permissions(user_obj, obj) if user_obj.is_staff else set()

    def get_group_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        return super().get_group_permissions(user_obj, obj) if user_obj.is_staff else set()
