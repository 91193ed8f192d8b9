"""Compile every locale/*/LC_MESSAGES/django.po to .mo in pure Python (Babel): a fresh machine
needs no GNU gettext to run the app in Vietnamese."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the .po catalogues of the project and its apps to .mo files."

    def handle(self, *args, **options):
        roots = [
            Path(settings.BASE_DIR) / "locale",
            *sorted((Path(settings.BASE_DIR) / "dvk").glob("*/locale")),
        ]
        count = 0
        for root in roots:
            for po_path in root.glob("*/LC_MESSAGES/*.po"):
                with open(po_path, "rb") as fh:
                    catalog = read_po(fh, locale=po_path.parent.parent.name)
                with open(po_path.with_suffix(".mo"), "wb") as fh:
                    write_mo(fh, catalog, use_fuzzy=False)
                count += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"compiled {po_path}")
        if options["verbosity"]:
            self.stdout.write(f"Compiled {count} catalogue(s).")
