"""Production settings for the benchmark, with one difference: the manifest storage does not
rewrite source-map comments. The vendored Bootstrap files reference .map files that are not
vendored, so `collectstatic` with config.settings' CompressedManifestStaticFilesStorage fails
(reported in docs/benchmarks.md); everything else is config.settings unchanged."""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "benchmarks.storage.NoSourceMapManifestStorage"}}
