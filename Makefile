# Every target creates the virtual environment it needs, so a fresh clone needs no set-up.
# The install is quiet; its full log is in .venv/install.log (printed when it fails).
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
LOG    := $(VENV)/install.log
# setuptools announces every editable install of a package with a mapped folder (here
# templates/ shipped as handouts.templates) with a notice that is information, not a
# problem; it is filtered by its exact text, and any other warning stays in the log.
EDITABLE_NOTICE := ignore:Editable installation:UserWarning

.PHONY: build check test lint format bench clean catalogs

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@echo "installing handouts and its test tools into $(VENV)/ (log: $(LOG))"
	@{ $(PY) -m pip install --upgrade pip && PYTHONWARNINGS='$(EDITABLE_NOTICE)' \
	   $(PY) -m pip install -e '.[test]' \
	   && $(PY) -m compileall -q handouts templates; } > $(LOG) 2>&1 \
	   || { cat $(LOG); echo "install failed: see $(LOG)"; exit 1; }
	@touch $(STAMP)

build: $(STAMP)
	@$(VENV)/bin/handouts build --site . --out out

check: $(STAMP)
	@$(VENV)/bin/handouts check --site .

test: $(STAMP)
	@$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench/.env/bin/python:
	bash bench/setup.sh

bench: $(STAMP) bench/.env/bin/python
	@$(PY) -m compileall -q handouts templates
	@$(PY) bench/run.py

clean:
	rm -rf out .pytest_cache .ruff_cache .mypy_cache .hypothesis

# The message catalogs: handouts/i18n/catalogs/<lang>.po, edited by hand, compiled to the
# .mo files shipped beside them (tests/test_i18n.py fails when a .mo is out of date).
catalogs: $(STAMP)
	@for po in handouts/i18n/catalogs/*.po; do \
	  $(VENV)/bin/pybabel compile -D handouts -i $$po -o $${po%.po}.mo --statistics || exit 1; \
	done
