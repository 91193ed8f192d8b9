"""Finds every translatable source string in the project without GNU gettext, so the
"no untranslated string" test runs on any machine. Python: calls to gettext, gettext_lazy, _,
pgettext(_lazy), ngettext(_lazy). Templates: {% translate %} / {% trans %} and simple
{% blocktranslate %} blocks (variables become %(name)s, as makemessages writes them)."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
GETTEXT_NAMES = {"_", "gettext", "gettext_lazy", "pgettext", "pgettext_lazy", "ngettext", "ngettext_lazy"}
SKIP_DIRS = {".venv", "var", "node_modules", "migrations", "tests", "benchmarks", ".git"}

_TRANS = re.compile(r"""{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<s>.*?)(?P=q)(?P<rest>[^%]*)%}""")
_BLOCK = re.compile(
    r"{%\s*blocktrans(?:late)?(?P<args>[^%]*)%}(?P<body>.*?){%\s*endblocktrans(?:late)?\s*%}", re.S
)
_VAR = re.compile(r"{{\s*(\w+)\s*}}")


def _files(suffix: str) -> Iterator[Path]:
    for path in ROOT.rglob(f"*{suffix}"):
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def python_strings() -> set[tuple[str, str]]:
    found = set()
    for path in _files(".py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name not in GETTEXT_NAMES or not node.args:
                continue
            args = [
                a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
                for a in node.args
            ]
            if name.startswith("pgettext") and len(args) >= 2 and args[0] and args[1]:
                found.add((args[1], str(path.relative_to(ROOT))))
            elif args[0]:
                found.add((args[0], str(path.relative_to(ROOT))))
    return found


def template_strings() -> set[tuple[str, str]]:
    found = set()
    for path in _files(".html"):
        text = path.read_text(encoding="utf-8")
        rel = str(path.relative_to(ROOT))
        for m in _TRANS.finditer(text):
            if "context" not in m.group("rest"):
                found.add((m.group("s"), rel))
        for m in _BLOCK.finditer(text):
            body = m.group("body")
            if "{% plural %}" in body:
                body = body.split("{% plural %}")[0]
            if "trimmed" in m.group("args"):
                body = " ".join(line.strip() for line in body.strip().splitlines())
            found.add((_VAR.sub(lambda v: f"%({v.group(1)})s", body), rel))
    return found


def catalogue(locale: str = "vi") -> dict[str, str]:
    """msgid → msgstr over every catalogue of the project (fuzzy entries count as missing)."""
    entries: dict[str, str] = {}
    for po in [
        *ROOT.glob(f"locale/{locale}/LC_MESSAGES/django.po"),
        *ROOT.glob(f"dvk/*/locale/{locale}/LC_MESSAGES/django.po"),
    ]:
        with open(po, "rb") as fh:
            for message in read_po(fh):
                if not message.id or message.fuzzy:
                    continue
                msgid = str(message.id[0] if isinstance(message.id, tuple | list) else message.id)
                msgstr = str(
                    message.string[0] if isinstance(message.string, tuple | list) else message.string
                )
                if msgstr:
                    entries[msgid] = msgstr
    return entries


def untranslated(locale: str = "vi") -> list[tuple[str, str]]:
    known = catalogue(locale)
    return sorted((s, where) for s, where in python_strings() | template_strings() if s not in known)
