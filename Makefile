# JETPM — the two commands: `make demo` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SCALE ?= full
SEED ?= 1

.PHONY: demo test install lint typecheck lock serve clean messages

$(STAMP): requirements.lock pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

demo: install
	mkdir -p var
	$(BIN)/jetpm migrate --no-input
	$(BIN)/jetpm demo-data --scale $(SCALE) --seed $(SEED) --if-empty
	$(BIN)/jetpm demo-logins
	$(BIN)/jetpm privacy schedule
	$(BIN)/jetpm audit schedule
	# the background-task worker (placement runs) lives as long as the server
	$(BIN)/jetpm db_worker --interval 1 & WORKER=$$!; trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(BIN)/jetpm runserver 127.0.0.1:8000

test: install
	$(BIN)/ruff check .
	$(BIN)/mypy src
	$(BIN)/lint-imports
	$(BIN)/pytest -n auto --dist loadfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy src

messages: install
	cd src/jetpm && ../../$(BIN)/jetpm makemessages -l ja --no-obsolete --ignore=demo/*

lock:
	$(BIN)/pip-compile --quiet --strip-extras --extra dev --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) var/*.sqlite3*
