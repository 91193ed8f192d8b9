#!/usr/bin/env python
"""Fill msgstr entries of a .po file from a JSON {msgid: msgstr} file (developer tool).

    python scripts/po_fill.py dvk/exemplars/locale/vi/LC_MESSAGES/django.po translations.json
Entries already translated are kept unless --force; fuzzy flags are cleared on filled entries.
"""

from __future__ import annotations

import json
import sys

from babel.messages.pofile import read_po, write_po


def main(po_path: str, json_path: str, force: bool = False) -> int:
    with open(json_path, encoding="utf-8") as fh:
        translations = json.load(fh)
    with open(po_path, "rb") as fh:
        catalog = read_po(fh)
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        if msgid in translations and (force or not message.string or message.fuzzy):
            value = translations[msgid]
            message.string = (value, value) if isinstance(message.id, tuple) else value
            message.flags.discard("fuzzy")
            filled += 1
    with open(po_path, "wb") as fh:
        write_po(fh, catalog, width=0)
    missing = [m.id for m in catalog if m.id and not m.string]
    print(f"filled {filled}; still missing {len(missing)}")
    for m in missing:
        print("  ", m)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], "--force" in sys.argv))
