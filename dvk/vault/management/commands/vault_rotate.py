"""manage.py vault_rotate: re-encrypt every sealed identity with the first key of DVK_VAULT_KEYS
(and recompute the blind indexes with DVK_VAULT_INDEX_KEY). See docs/security.md."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from dvk.core.workflow import DomainError
from dvk.vault.keys import enabled
from dvk.vault.services import rotate


class Command(BaseCommand):
    help = "Re-encrypt the identity vault with the first key of DVK_VAULT_KEYS."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args, **options):
        with translation.override("vi"):
            if not enabled():
                self.stdout.write(_("The identity vault is switched off: there is nothing to re-encrypt."))
                return
            try:
                count = rotate(batch_size=max(1, options["batch_size"]))
            except DomainError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(_("%(count)d identities re-encrypted with the first key.") % {"count": count})
