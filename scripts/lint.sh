#!/usr/bin/env bash
# `make lint`, and the first step of `make test`: style, types, templates, migrations, checks.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/lint-imports  # the arrows between the apps go one way (pyproject.toml)
.venv/bin/mypy .  # strict for the packages pyproject.toml lists; cache in .mypy_cache
.venv/bin/djlint */templates --lint --quiet  # every app's templates, never .venv or node_modules
$PY manage.py makemigrations --check --dry-run
$PY manage.py check
