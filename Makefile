# Two commands on a fresh machine: `make site`, then `make test`.
SHELL := /bin/bash
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_STAMP := build/.apt-installed
NPM_STAMP := node_modules/.installed

.PHONY: site test serve validate check bench audit clean setup browser-deps

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

setup: $(STAMP) ## create .venv and install the project

# Debian libraries WeasyPrint needs, and tools the tests use (Chromium, poppler, Java).
$(APT_STAMP):
	@mkdir -p build
	@need=""; \
	for pkg in libpango-1.0-0 libpangoft2-1.0-0 poppler-utils chromium default-jre-headless; do \
	  dpkg -s $$pkg >/dev/null 2>&1 || need="$$need $$pkg"; \
	done; \
	if [ -n "$$need" ]; then \
	  echo "installing Debian packages:$$need"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$need >/dev/null; \
	fi
	@touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

browser-deps: $(APT_STAMP) $(NPM_STAMP)

site: $(STAMP) $(APT_STAMP) ## check the content, build site/ and the handouts
	$(BIN)/hipback build

serve: $(STAMP) ## preview with live reload on http://127.0.0.1:8000/
	$(BIN)/hipback serve

validate: $(STAMP)
	$(BIN)/hipback validate

check: $(STAMP)
	$(BIN)/hipback check

test: $(STAMP) browser-deps ## the whole test suite (installs what it needs)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

bench: $(STAMP) $(APT_STAMP)
	$(BIN)/python -m bench

# Lighthouse (npm, pinned) on every page type of the built site, beside a stock Material site
# built in the same run; prints the four scores per page and fails below the targets.
# AUDIT_RUNS=N runs each page N times and reports the median (default 3).
audit: site browser-deps
	$(BIN)/python -m bench.audit

clean:
	rm -rf build site .site.* .pytest_cache
