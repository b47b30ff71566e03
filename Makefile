# make build: both sites into site/public and site/intranet. make test: the whole suite.
# make test-fast: the whole suite but the browser tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Every package comes from a lock file with its hashes; pip refuses anything whose hash does not match.
PIP_INSTALL := $(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes
# What `make build` needs (requirements.lock), and what the tests need on top (requirements-test.lock).
# `make build` on a fresh clone installs only the first.
RUNTIME_STAMP := $(VENV)/.runtime-installed
STAMP := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve test test-fast check bench lock clean

# planpress itself is installed editable after the lock: a source folder has no hash to check, so it is a
# step of its own, with no dependencies (the lock brought them) and the locked setuptools.
$(RUNTIME_STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP_INSTALL) -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(RUNTIME_STAMP)

$(STAMP): $(RUNTIME_STAMP) requirements-test.lock
	$(PIP_INSTALL) -r requirements.lock -r requirements-test.lock
	touch $(STAMP)

build: $(RUNTIME_STAMP)
	$(BIN)/planpress build

serve: $(RUNTIME_STAMP)
	$(BIN)/planpress serve

check: $(RUNTIME_STAMP)
	$(BIN)/planpress check

test: $(STAMP)
	$(BIN)/python -m pytest

test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser"

# The benchmark's extra packages (mkdocs-rss-plugin to compare with, pyinstrument for --profile) stay out
# of the product's lock.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(RUNTIME_STAMP) benchmarks/requirements.lock
	$(PIP_INSTALL) -r requirements.lock -r benchmarks/requirements.lock
	touch $(BENCH_STAMP)

# The preview's part (benchmarks/preview.py) times saves until they show in headless Chromium.
bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/preview.py

# Recompiles the lock files from the .in files beside them. Versions already pinned are kept; to move one,
# make lock UPGRADE="--upgrade-package weasyprint" (or UPGRADE=--upgrade for all).
# 3.11.5: the oldest Python 3.11 that every pinned package supports (pymdown-extensions needs it).
UPGRADE ?=
LOCK := $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11.5 --custom-compile-command "make lock" $(UPGRADE)

lock: $(STAMP)
	$(LOCK) requirements.in -o requirements.lock
	$(LOCK) requirements-test.in -c requirements.lock -o requirements-test.lock
	$(LOCK) benchmarks/requirements.in -c requirements.lock -o benchmarks/requirements.lock

clean:
	rm -rf site $(VENV)
