# Every target creates the virtual environment it needs, so a fresh clone needs no set-up.
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: build check test lint format bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -m compileall -q handouts templates
	touch $(STAMP)

build: $(STAMP)
	$(VENV)/bin/handouts build --site . --out out

check: $(STAMP)
	$(VENV)/bin/handouts check --site .

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench/.env/bin/python:
	bash bench/setup.sh

bench: $(STAMP) bench/.env/bin/python
	$(PY) -m compileall -q handouts templates
	$(PY) bench/run.py

clean:
	rm -rf out .pytest_cache .ruff_cache .hypothesis
