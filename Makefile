# make build: both sites into site/public and site/intranet. make test: the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1

.PHONY: build serve test check bench clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

build: $(STAMP)
	$(BIN)/planpress build

serve: $(STAMP)
	$(BIN)/planpress serve

check: $(STAMP)
	$(BIN)/planpress check

test: $(STAMP)
	$(BIN)/python -m pytest

# The benchmark's extra packages (mkdocs-rss-plugin, to compare with) stay out of the product's lock.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) benchmarks/requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -r benchmarks/requirements.lock
	touch $(BENCH_STAMP)

# The preview's part (benchmarks/preview.py) times saves until they show in headless Chromium.
bench: $(BENCH_STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/preview.py

clean:
	rm -rf site $(VENV)
