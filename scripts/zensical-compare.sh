#!/usr/bin/env bash
# Build the same generated pages with MkDocs and with Zensical, and report any difference
# in the pages residents read. Exits non-zero when they differ.
set -euo pipefail
cd "$(dirname "$0")/.."

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/mkdocs-env"
"$work/mkdocs-env/bin/pip" install --quiet --disable-pip-version-check -r requirements.txt
"$work/mkdocs-env/bin/python" -m generator build --out "$work/MkDocs" >&2

# Zensical builds into mkdocs.yml's site_dir; give it a copy of the project so nothing here is touched.
mkdir "$work/project"
cp -r mkdocs.yml build theme "$work/project/"
python3 -m venv "$work/zensical-env"
"$work/zensical-env/bin/pip" install --quiet --disable-pip-version-check -r requirements-zensical.txt
(cd "$work/project" && "$work/zensical-env/bin/zensical" build --strict -f mkdocs.yml >&2)
mv "$work/project/site" "$work/Zensical"

"$work/mkdocs-env/bin/python" -m generator compare "$work/MkDocs" "$work/Zensical"
