# Two commands on a fresh machine: `make site`, then `make test`.
SHELL := /bin/bash
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_SITE_STAMP := build/.apt-site-installed
APT_TEST_STAMP := build/.apt-test-installed
NPM_STAMP := node_modules/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site test lint serve validate check bench bench-handouts audit clean setup browser-deps

$(BIN)/python:
	$(PY) -m venv $(VENV)

# What building the site needs: the project and its pinned dependencies.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

# What the tests need on top: pytest, linters, type checker, PDF and browser tools.
$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

setup: $(STAMP) ## create .venv and install the project

# Debian packages, installed only when missing (these machines run as root; else sudo).
define apt_need
	@mkdir -p build
	@need=""; \
	for pkg in $(1); do \
	  dpkg -s $$pkg >/dev/null 2>&1 || need="$$need $$pkg"; \
	done; \
	if [ -n "$$need" ]; then \
	  echo "installing Debian packages:$$need"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$need >/dev/null; \
	fi
	@touch $@
endef

# The site: the libraries WeasyPrint needs for the handouts (no browser, no Java).
$(APT_SITE_STAMP):
	$(call apt_need,libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)

# The tests: Chromium (browser tests), poppler (PDF text), Java (Nu HTML checker), nginx (the
# site served as a host serves it, with the server block the build writes; the tests run their
# own nginx on a free port, but Debian's package also starts its service on port 80 where
# systemd runs: `systemctl disable --now nginx` if you do not want it). Rechecked when this
# file changes, so a package added here reaches machines that installed the others before.
$(APT_TEST_STAMP): $(APT_SITE_STAMP) Makefile
	$(call apt_need,poppler-utils chromium default-jre-headless nginx)

$(NPM_STAMP): package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

browser-deps: $(APT_TEST_STAMP) $(NPM_STAMP)

site: $(STAMP) $(APT_SITE_STAMP) ## check the content, build site/ (every language) and the handouts
	$(BIN)/hipback build

serve: $(STAMP) ## preview with live reload on http://127.0.0.1:8000/
	$(BIN)/hipback serve

validate: $(STAMP)
	$(BIN)/hipback validate

check: $(STAMP)
	$(BIN)/hipback check

lint: $(TEST_STAMP) ## ruff and mypy --strict (both configured in pyproject.toml)
	$(BIN)/ruff check generator tests bench
	$(BIN)/mypy generator bench

test: $(TEST_STAMP) browser-deps lint ## the whole test suite (installs what it needs)
	$(BIN)/python -m pytest -n 2 --dist loadgroup

bench: $(TEST_STAMP) $(APT_SITE_STAMP)
	$(BIN)/python -m bench

# Every handout at N=100 and N=1000 against N x one handout / workers, the peak memory of every
# worker and of a join at the volume limit, and a no-change rebuild (PASS/FAIL rows).
bench-handouts: $(TEST_STAMP) $(APT_SITE_STAMP)
	$(BIN)/python -m bench.handouts_scale

# Lighthouse (npm, pinned) on every page type of the built site, beside a stock Material site
# built in the same run; prints the four scores per page and fails below the targets.
# AUDIT_RUNS=N runs each page N times and reports the median (default 3).
audit: site browser-deps
	$(BIN)/python -m bench.audit

clean:
	rm -rf build site .site.* site-offline .site-offline.* .pytest_cache
