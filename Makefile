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

APT_RUNTIME := python3-venv tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra \
	poppler-utils chromium chromium-driver xvfb xauth fonts-dejavu-core dovecot-imapd python3-tk
APT_TEST := postgresql prometheus slapd ldap-utils
# the OpenID provider the sign-in tests start (node oidc-provider): Node.js and npm from
# Debian when the machine has none (a NodeSource node already carries npm, and Debian's
# npm package would conflict with it)
APT_NODE := nodejs npm
# the third-party layout corpus (bench/loso.py) prints XSL-FO through FOP
APT_BENCH := fop libsaxonhe-java
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo demo-cluster test bench lint format apt apt-test apt-bench venv lock lock-cuda bundle clean help

help:
	@echo "make demo   - run the main job on sample documents (SQLite, local sandbox)"
	@echo "make demo-cluster - the same on PostgreSQL with 3 workers"
	@echo "make test   - run the test suite"
	@echo "make bench  - run the benchmarks (prints figures)"
	@echo "make lint   - ruff check + format check"
	@echo "make lock   - rewrite requirements*.lock from pyproject.toml (pinned, hashed)"
	@echo "make bundle - the offline installer: dist/bursar-VERSION-linux-x86_64.tar.gz"

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
	@if ! command -v node >/dev/null || ! command -v npm >/dev/null; then \
		echo "installing Debian packages: $(APT_NODE)"; \
		$(SUDO) apt-get update -qq; \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(APT_NODE) >/dev/null; \
	fi

# Dependencies come from the lock files, every one pinned with its sha256 (torch is the
# CPU wheel on disk, torch==2.13.0+cpu). `make lock` rewrites them from pyproject.toml.
# When pyproject.toml changed since (lock.py --check says so), the locked set is installed
# and then whatever pyproject.toml now adds, unpinned, with a warning; LOCK_STRICT=1 fails.
LOCKS := requirements.lock requirements-dev.lock
$(STAMP): pyproject.toml $(LOCKS)
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip >/dev/null
	$(PY) -m pip install -q --require-hashes $(addprefix -r ,$(LOCKS))
	@if $(PY) installer/lock.py --check; then \
		$(PY) -m pip install -q --no-deps -e . ; \
	elif [ -n "$(LOCK_STRICT)" ]; then \
		exit 1; \
	else \
		echo "WARNING: installing what pyproject.toml adds without pins or hashes" >&2; \
		$(PY) -m pip install -q -e '.[dev]'; \
	fi
	@# devkit/ (generator, sandboxes, demos, test servers) is not in the wheel: the checkout's
	@# venv sees it through a path file, so `make demo`, the tests and bench use it from here.
	@echo "$(CURDIR)" > "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/bursar-devkit.pth"
	@touch $(STAMP)

venv: $(STAMP)

# Rewrite the locks (PyPI metadata only; pins already locked are kept where they still fit).
# `make lock LOCK_ARGS=--upgrade` takes the newest; `make lock-cuda` the CUDA variant.
lock:
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	$(PY) installer/lock.py $(LOCK_ARGS)

lock-cuda:
	$(PY) installer/lock.py --cuda

# The offline bundle for back-office machines: dist/bursar-VERSION-linux-x86_64.tar.gz
bundle: venv
	$(PY) installer/build.py $(BUNDLE_ARGS)

demo: apt venv
	$(VENV)/bin/bursar demo

# The same story on PostgreSQL (a throwaway server under var/demo-cluster), with a
# PostgreSQL document store, 3 worker processes and the scheduler.
demo-cluster: apt-test venv
	$(VENV)/bin/bursar demo --cluster

test: apt-test venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	BURSAR_REQUIRE_PG=1 $(PY) -m pytest -q -n 2 --durations=15

apt-bench: apt-test
	$(call apt_ensure,$(APT_BENCH))

bench: apt-bench venv
	$(PY) bench/run.py

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf var demo-out test-artifacts .pytest_cache
