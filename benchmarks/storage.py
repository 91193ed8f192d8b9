"""Compressed manifest storage that leaves `sourceMappingURL` comments alone (see settings.py)."""

from __future__ import annotations

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage


def _without_source_maps(patterns):
    out = []
    for ext, pats in patterns:
        kept = tuple(p for p in pats if "sourceMappingURL" not in (p if isinstance(p, str) else p[0]))
        out.append((ext, kept))
    return tuple(out)


class NoSourceMapManifestStorage(CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(HashedFilesMixin.patterns)
