# Two commands do everything on a fresh clone:
#   make demo   creates .venv, installs civicdesk, runs the demo on the embedded stack
#   make test   installs dev dependencies (and the Debian packages the tests use), runs pytest
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: demo test test-fast install system-packages bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "civicdesk needs Python 3.11 or newer")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/civicdesk demo

system-packages:
	bash scripts/install-system-packages.sh

test: install system-packages
	$(VENV)/bin/pytest

# The pure tests only: seconds, no servers.
test-fast: install
	$(VENV)/bin/pytest -m 'not slow'

bench: install
	for b in bench/bench_*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .civicdesk .pytest_cache
