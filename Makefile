# Every target installs what it needs: a fresh machine runs `make test` and nothing else.
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: test test-core bench cli-example clean

# Test tools, pinned in requirements-test.txt; reinstalled when that file changes.
$(VENV)/.installed: requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	$(VPY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

test: $(VENV)/.installed
	$(VPY) -m pytest

# The core and CLI only: no browser, a few seconds.
test-core: $(VENV)/.installed
	$(VPY) -m pytest -m "not browser"

$(VENV)/.bench-installed: $(VENV)/.installed requirements-bench.txt
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

bench: $(VENV)/.bench-installed
	$(VPY) bench/run.py

clean:
	rm -rf $(VENV) dist build node_modules static/vendor .pytest_cache .hypothesis
