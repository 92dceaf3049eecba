# Waymark: `make run` to use it, `make test` to prove it. See README.md.
.PHONY: run test bench drill load install python-deps frontend elasticsearch html-checker lint format clean

UV := $(shell command -v uv 2>/dev/null || echo .venv-tools/bin/uv)

install: python-deps frontend elasticsearch

$(UV):
	python3 -m venv .venv-tools && .venv-tools/bin/pip install --quiet uv

python-deps: $(UV)
	$(UV) sync --frozen --python python3.11

frontend:
	@command -v npm >/dev/null || { echo "npm is needed to build the front end: apt-get install npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build:css

elasticsearch:
	scripts/elasticsearch.sh install

html-checker:
	scripts/vnu.sh install

run: install
	scripts/run.sh

test: install html-checker
	scripts/test.sh $(PYTEST_ARGS)

bench: install
	scripts/bench.sh

drill: install
	scripts/drill.sh

load: install
	scripts/load.sh

lint: python-deps
	scripts/lint.sh

format: python-deps
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

clean:
	rm -rf .venv .venv-tools node_modules site/static/build var
