#!/usr/bin/env bash
# Refresh the vendored front-end assets under static/vendor/ (and axe-core for the browser tests under
# tests/e2e/vendor/) from the pinned npm packages.
# The results are committed: installing or running the app never needs Node or a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
cp package.json "$tmp/"
(cd "$tmp" && npm install --silent)
mkdir -p static/vendor/bootstrap static/vendor/bootstrap-icons/fonts
cp "$tmp"/node_modules/bootstrap/dist/css/bootstrap.min.css "$tmp"/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
cp "$tmp"/node_modules/bootstrap-icons/font/bootstrap-icons.min.css static/vendor/bootstrap-icons/
cp "$tmp"/node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 "$tmp"/node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff static/vendor/bootstrap-icons/fonts/
mkdir -p static/vendor/chartjs
cp "$tmp"/node_modules/chart.js/dist/chart.umd.min.js "$tmp"/node_modules/chart.js/LICENSE.md static/vendor/chartjs/
# axe-core (devDependencies) is for the browser tests only, never served: tests/e2e/a11y.py injects it.
mkdir -p tests/e2e/vendor
cp "$tmp"/node_modules/axe-core/axe.min.js tests/e2e/vendor/
cp "$tmp"/node_modules/axe-core/LICENSE tests/e2e/vendor/axe-core.LICENSE
cp "$tmp"/node_modules/axe-core/LICENSE-3RD-PARTY.txt tests/e2e/vendor/axe-core.LICENSE-3RD-PARTY.txt
# htmx 2 comes from the django-htmx wheel (pinned in pyproject.toml).
python -c 'import django_htmx, pathlib, shutil; p = pathlib.Path(django_htmx.__file__).parent / "static/django_htmx/htmx-2.min.js"; shutil.copy(p, "static/vendor/htmx.min.js")'
# Drop source-map comments: the .map files are not vendored, and the production manifest storage
# (collectstatic) fails on references to missing files.
sed -i -E 's#/[*/]\# sourceMappingURL=[^ *]*( \*/)?##' static/vendor/bootstrap/*.min.* static/vendor/htmx.min.js static/vendor/chartjs/chart.umd.min.js
rm -rf "$tmp"
