# Bursar: every target bootstraps what it needs, and is quick when already set up.
#   make demo    the main job on embedded defaults (SQLite, sandbox systems, sample documents)
#   make test    the whole test suite (starts its own PostgreSQL and IMAP servers)
#   make bench   benchmarks: print figures, assert nothing

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.bursar-installed
TORCH := torch==2.13.0

APT_RUNTIME := python3-venv tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra \
	poppler-utils chromium chromium-driver xvfb xauth fonts-dejavu-core
APT_TEST := postgresql dovecot-imapd
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test bench lint format apt apt-test venv clean help

help:
	@echo "make demo   - run the main job on sample documents (SQLite, local sandbox)"
	@echo "make test   - run the test suite"
	@echo "make bench  - run the benchmarks (prints figures)"
	@echo "make lint   - ruff check + format check"

# Install Debian packages only when one is missing, so a set-up machine skips apt entirely.
define apt_ensure
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

apt:
	$(call apt_ensure,$(APT_RUNTIME))

apt-test: apt
	$(call apt_ensure,$(APT_TEST))

# torch is pinned and installed first: the CPU wheel on disk then satisfies the project's
# own range, instead of pip pulling several GB of CUDA wheels.
$(STAMP): pyproject.toml
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip >/dev/null
	$(PY) -m pip install -q $(TORCH)
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

demo: apt venv
	$(VENV)/bin/bursar demo

test: apt-test venv
	$(VENV)/bin/ruff check .
	BURSAR_REQUIRE_PG=1 $(PY) -m pytest -q -n 2 --durations=15

bench: apt venv
	$(PY) bench/run.py

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf var demo-out test-artifacts .pytest_cache
