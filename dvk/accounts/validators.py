"""Password policy (settings.AUTH_PASSWORD_VALIDATORS): Django's four checks with this project's
messages (Vietnamese in dvk/accounts/locale). At least 12 characters, not one of the 20,000 common
passwords, not close to the username, full name or e-mail, not only digits (docs/security.md)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import password_validation as base
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(base.MinimumLengthValidator):
    def __init__(self, min_length: int = 12) -> None:
        super().__init__(min_length)

    def get_error_message(self) -> str:
        return ngettext(
            "The password is too short: use at least %(min_length)d characters (a few words make a good one).",
            "The password is too short: use at least %(min_length)d characters (a few words make a good one).",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return _("At least %(min_length)d characters.") % {"min_length": self.min_length}


class CommonPasswordValidator(base.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("This password is among the most common passwords; choose another one.")

    def get_help_text(self) -> str:
        return _("Not one of the common passwords.")


class NumericPasswordValidator(base.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("The password cannot be made of digits only.")

    def get_help_text(self) -> str:
        return _("Not only digits.")


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    DEFAULT_USER_ATTRIBUTES = ("username", "full_name", "email")

    def __init__(self, user_attributes: Any = DEFAULT_USER_ATTRIBUTES, max_similarity: float = 0.7) -> None:
        super().__init__(user_attributes, max_similarity)

    def get_error_message(self) -> str:
        # Django fills %(verbose_name)s with the field's (translated) name
        return _("The password is too close to your %(verbose_name)s; choose one that does not contain it.")

    def get_help_text(self) -> str:
        return _("Not close to your username, name or e-mail.")
