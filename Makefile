# Quartiers — the two commands: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)
export DJANGO_SETTINGS_MODULE ?= cms.settings.dev

.PHONY: setup run test lint clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 introuvable ($(PYTHON))."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]" > $(VENV)/pip.log 2>&1 \
	  || { grep -v "is ignored" $(VENV)/pip.log; exit 1; }
	$(BIN)/python -c "import wagtail, django; assert wagtail.__version__.startswith('8.0'), wagtail.__version__"
	rm -f $(VENV)/.installed-* && touch $(STAMP)

## setup: venv, pinned dependencies, migrations, reference content, local admin.
setup: $(STAMP)
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_reference_content
	$(BIN)/python manage.py ensure_local_admin

## run: setup, then serve the site on http://127.0.0.1:8000
run: setup
	@echo "Site : http://127.0.0.1:8000/ — administration : http://127.0.0.1:8000/admin/"
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

E2E_AXE := tests/e2e/node_modules/axe-core/axe.min.js

# axe-core for the accessibility checks of the browser tests (npm registry).
$(E2E_AXE): tests/e2e/package.json tests/e2e/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm introuvable : installez Node.js 20 (apt-get install -y nodejs npm)."; exit 1; }
	cd tests/e2e && npm ci --no-audit --no-fund --silent
	touch $@

# Test processes (pytest-xdist): the browser tests run in one of them as a group.
TEST_WORKERS ?= 2

## test: dependencies, lint, checks, migrations check, then the whole test suite
## in $(TEST_WORKERS) processes (with the browser tests: Chromium at
## /usr/bin/chromium, axe-core from npm). Tests use their own databases.
test: $(STAMP) lint $(E2E_AXE)
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python -m pytest -q -p no:cacheprovider \
	  -n $(TEST_WORKERS) --dist loadgroup; status=$$?; \
	  if [ $$status -eq 5 ]; then echo "pytest n’a exécuté aucun test : échec."; exit 1; fi; \
	  exit $$status

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles tmp-test-media tests/e2e/node_modules tests/e2e/artifacts
