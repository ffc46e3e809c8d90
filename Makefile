# Every target installs what it needs: a fresh machine runs `make test` and nothing else.
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
PORT ?= 8000

.PHONY: test test-core lint test-engines fuzz mutation bench bench-core bench-edit bench-matching bench-existing bench-workbook bench-page bench-engines clean node_modules vendor dist serve chromium engines

# Test tools, pinned in requirements-test.txt; reinstalled when that file changes.
$(VENV)/.installed: requirements-test.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	$(VPY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

test: lint $(VENV)/.installed dist chromium engines
	$(VPY) -m pytest

# The smoke suite alone, in Chromium, Firefox and WebKit (tests/engines/): a minute or two.
test-engines: $(VENV)/.installed dist engines
	$(VPY) -m pytest tests/engines

# The core and CLI only: no browser, about a minute.
test-core: lint $(VENV)/.installed
	$(VPY) -m pytest -m "not browser"

# Types and lint rules (pyproject.toml): mypy over py/member_import and py/page (typings/ stubs the
# browser bridge), ruff over everything Python in the checkout.
lint: $(VENV)/.installed
	$(VPY) -m mypy
	$(VPY) -m ruff check

# Mutated member files for FUZZ_SECONDS (default 300), with the inputs tried per family.
FUZZ_SECONDS ?= 300
fuzz: $(VENV)/.installed
	$(VPY) tests/fuzzing.py --seconds $(FUZZ_SECONDS)

# Mutation testing of the core (tools/mutation.py, docs/testing.md): small mistakes put into each module
# of py/member_import, and how many of them some test notices. At most MUTATION_SECONDS (default 1200),
# MUTATION_PER_MODULE mutants per module (default 20); MUTATION_ARGS adds more, e.g. --module changes.
MUTATION_SECONDS ?= 1200
MUTATION_PER_MODULE ?= 20
mutation: $(VENV)/.installed
	nice -n 15 $(VPY) tools/mutation.py --seconds $(MUTATION_SECONDS) --per-module $(MUTATION_PER_MODULE) $(MUTATION_ARGS)

$(VENV)/.bench-installed: $(VENV)/.installed requirements-bench.txt
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

# Speed, measured (never in tests): the core against csv.reader and frictionless, then the page.
bench: bench-core bench-edit bench-matching bench-existing bench-scale bench-workbook bench-page bench-engines

bench-core: $(VENV)/.bench-installed
	$(VPY) bench/run.py

# The shapes that hurt (every cell wrong, one shared name, repeats, long cells, blank rows, quoted
# line breaks) at 100,000 and 1,000,000 rows through the whole CLI, beside a bare csv.reader.
bench-scale: $(VENV)/.installed
	$(VPY) bench/shapes.py

# One change (an edit, an accepted suggestion, a removed row) on a 100,000-row sheet.
bench-edit: $(VENV)/.installed
	$(VPY) bench/edit_bench.py

# The matching step on a 100,000-row staff list: opening, a column chosen, a fill, the split, replacements,
# every suggestion accepted.
bench-matching: $(VENV)/.installed
	$(VPY) bench/matching_bench.py

# A 100,000-row file compared with 100,000 existing members (--existing): three shapes.
bench-existing: $(VENV)/.installed
	$(VPY) bench/existing_bench.py

# A 100,000-row Excel workbook against the same rows as CSV, through the whole CLI; where the time goes.
bench-workbook: $(VENV)/.installed
	$(VPY) bench/workbook_bench.py

# ---- The browser page -------------------------------------------------------------------------
# The runtime (PyScript, Pyodide) at the exact versions in package-lock.json, from the npm registry.
node_modules: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# What the page loads from our own origin, copied into the git-ignored static/vendor/: the runtime from
# node_modules/ (the standard library precompiled to .pyc by that Pyodide under Node: tools/precompile_stdlib.mjs),
# and the wheels that read Excel workbooks, downloaded by pip (hashes in requirements-page.txt).
vendor: static/vendor/.installed
static/vendor/.installed: node_modules/.installed tools/vendor.py tools/precompile_stdlib.mjs
	$(PYTHON) tools/vendor.py
	touch $@

# dist/: the page, self-contained; any static web server serves it as is. Rebuilt every time (fast).
dist: vendor
	$(PYTHON) tools/build_dist.py --out dist

# Serves dist/ on loopback only.
serve: dist
	@echo "Serving the member import checker at http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)"
	cd dist && $(PYTHON) -m http.server $(PORT) --bind 127.0.0.1

# The page in Chromium: cold load to ready, and a 100,000-row file chosen to results vs csv.reader in the page;
# then one change (a fill, a match, their undo) on a 100,000-row staff list and the longest task meanwhile;
# then first and later visits with the service worker, and the bytes they cost, against a bare Pyodide boot;
# then Excel workbooks: the reader's first load, and 5,000 and 100,000 rows as .xlsx vs CSV.
bench-page: $(VENV)/.installed dist chromium
	$(VPY) bench/page_bench.py
	$(VPY) bench/change_page_bench.py
	$(VPY) bench/offline_bench.py
	$(VPY) bench/workbook_page_bench.py
	$(VPY) bench/worklist_page_bench.py

# Start-up in Chromium, Firefox and WebKit, first and later visits, each against a bare Pyodide boot in the
# same engine; then where a bare boot's time goes, and JavaScriptCore's wasm tiers (docs/engines.md).
# 30-75 minutes on 2 cores (all engines, 3 rounds; the more other load, the longer).
bench-engines: $(VENV)/.installed dist engines
	$(VPY) bench/engines_bench.py

# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
chromium:
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

# The engines of the smoke suite (tests/engines/), from Debian as Chromium is: Firefox ESR; WebKitGTK's
# WebKitWebDriver, which starts MiniBrowser, and Xvfb, a display for it; chromedriver, to drive Chromium
# the same way as WebKit.
ENGINE_PACKAGES := firefox-esr webkit2gtk-driver xvfb chromium-driver
engines: chromium
	@dpkg -s $(ENGINE_PACKAGES) >/dev/null 2>&1 || (apt-get update && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y $(ENGINE_PACKAGES))

clean:
	rm -rf $(VENV) dist build node_modules static/vendor .pytest_cache .hypothesis
