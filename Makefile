# Coverage Check: `make run` serves the app, `make test` runs every test. Both set themselves up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
HOST ?= 127.0.0.1
WORKERS ?= 2
CHROMIUM ?= /usr/bin/chromium
# the address the app is reached at: the aud of every EHR's token and the start of every absolute link
PUBLIC_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test install install-test chromium pango instance translations extract bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# stamps keep a second `make run` quick; they are remade when pyproject.toml changes
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed pango
install-test: $(VENV)/.installed-test pango

# a result's PDF is laid out by WeasyPrint, which needs Debian's pango (found with ldconfig)
pango:
	@ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || (apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)

# the secret key is made once per machine and kept in instance/, which git ignores
instance/secret_key:
	mkdir -p instance
	$(BIN)/python -c 'import secrets; print(secrets.token_hex(32))' > $@
	chmod 600 $@

instance: install instance/secret_key

run: instance translations
	PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(BIN)/flask --app app db upgrade
	PUBLIC_BASE_URL=$(PUBLIC_BASE_URL) $(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) --workers $(WORKERS) 'app:create_app()'

# the compiled catalogues (.mo) are built from the .po files, not committed: a .po is the one
# source a translator edits and a reviewer reads, and a stale .mo beside it could not creep in
TRANSLATIONS := app/translations
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po))

translations: $(CATALOGUES)

$(TRANSLATIONS)/%/LC_MESSAGES/messages.mo: $(TRANSLATIONS)/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@ -l $*

# after changing a user-facing string: extract the messages again and bring each language's .po up to date
extract: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -c Translators: --project 'Coverage Check' \
		--copyright-holder 'Coverage Check' -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update --ignore-obsolete -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

# browser tests drive Debian's Chromium: `playwright install` cannot download a browser here
chromium:
	@test -x $(CHROMIUM) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)

# the storage tests run on SQLite, and on a throwaway PostgreSQL server as well where one can be had;
# the shared rate limit on a throwaway Redis server. Two pytest-xdist workers; the tests of the shared
# PostgreSQL server stay on one of them (tests/conftest.py)
TEST_WORKERS ?= 2
test: install-test chromium translations
	CHROMIUM=$(CHROMIUM) tests/with-services $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# the API benchmark's load generator is wrk, Debian's package; PostgreSQL as for the tests, where one can be had
bench: install-test
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	tests/with-postgres $(BIN)/python bench/run.py --postgres

clean:
	rm -rf $(VENV) .pytest_cache test-results
