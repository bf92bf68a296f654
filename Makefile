# Build and test entry points of the tencentcloud.postgresql collection.
#
#   make demo    create .venv, start the local emulator, run playbooks/demo.yml against it
#   make test    create .venv and run every check; ends with "N passed, N failed"
#
# Everything generated lives in .build/ (and the venvs); `make clean` removes it.

SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
.DEFAULT_GOAL := help

NAMESPACE  := tencentcloud
NAME       := postgresql
BUILD      := $(CURDIR)/.build
JUNIT      := $(BUILD)/junit
STEPS      := $(BUILD)/steps

# In CI (CI=true) every HOME-level cache (pip, ~/.ansible/test venvs, ansible tmp) stays inside
# the work folder. Locally the user's own caches are reused.
ifeq ($(CI),true)
export HOME := $(BUILD)/home
export NO_COLOR := 1
endif

# --- virtual environments ---------------------------------------------------------------------
VENV       := $(CURDIR)/.venv
VENV_BIN   := $(VENV)/bin
PY         := $(VENV_BIN)/python
DEV_REQS   := requirements/dev.txt
# The stamp is named after the requirements' content, so an edited file reinstalls and an
# unchanged one (even freshly checked out, with a new mtime) does not.
DEV_HASH   := $(shell sha256sum $(DEV_REQS) 2>/dev/null | cut -c1-16)
VENV_STAMP := $(VENV)/.installed-$(DEV_HASH)

# Second leg: ansible-core 2.21 needs Python 3.12+, used only where pyenv has one.
CORE_221       := 2.21.5
VENV_221       := $(CURDIR)/.venv-2.21
PY312          := $(shell scripts/find-python.sh 3.12)
VENV_221_STAMP := $(VENV_221)/.installed-$(CORE_221)-$(shell cat tests/unit/requirements.txt 2>/dev/null | sha256sum | cut -c1-16)

export ANSIBLE_COLLECTIONS_PATH := $(BUILD)/collections
COLLECTION_LINK := $(ANSIBLE_COLLECTIONS_PATH)/ansible_collections/$(NAMESPACE)/$(NAME)

.PHONY: help
help:
	@echo "make demo            run playbooks/demo.yml against the local emulator"
	@echo "make test            every check below, then a 'N passed, N failed' summary"
	@echo "make venv            .venv with requirements/dev.txt (python 3.11)"
	@echo "make venv-2.21       .venv-2.21 with ansible-core $(CORE_221) (python 3.12, if present)"
	@echo "make sanity          ansible-test sanity (2.19, and 2.21 when available)"
	@echo "make units           ansible-test units (2.19, and 2.21 when available)"
	@echo "make pytest-suites   emulator tests and tests/suites/* (or: make suite-<name>)"
	@echo "make integration-2.21  tests/suites/integration with ansible-core $(CORE_221) running the playbooks"
	@echo "make lint            ansible-lint on playbooks/ and tests/integration/targets"
	@echo "make format          black and isort over the Python code (settings in pyproject.toml)"
	@echo "make format-check    black and isort would change nothing, and flake8 finds nothing"
	@echo "make docs-lint       antsibull-docs lint-collection-docs"
	@echo "make docs            HTML docs site into docs/build/"
	@echo "make changelog-lint  antsibull-changelog lint"
	@echo "make build           ansible-galaxy collection build into .build/dist"
	@echo "make emulator        run the emulator in the foreground (EMULATOR_ARGS=...)"
	@echo "make bench           bench/run.py against the emulator (BENCH_ARGS=--quick ...)"
	@echo "make clean           remove .build, docs/build and tests/output (distclean: the venvs too)"

.PHONY: venv
venv: $(VENV_STAMP)

$(VENV_STAMP): $(DEV_REQS)
	@py="$$(scripts/find-python.sh 3.11)" || { echo "venv: no Python 3.11 found (PATH or ~/.pyenv/versions/3.11.*)" >&2; exit 1; }; \
	 if [ ! -x "$(PY)" ] || ! "$(PY)" -c 'import sys; assert sys.version_info[:2] == (3, 11)' 2>/dev/null; then \
	   rm -rf "$(VENV)" && echo "venv: creating $(VENV) with $$py" && "$$py" -m venv "$(VENV)"; \
	 fi
	$(PY) -m pip install --quiet -r $(DEV_REQS)
	rm -f $(VENV)/.installed-*
	touch $@

.PHONY: venv-2.21
venv-2.21:
	@if [ -z "$(PY312)" ]; then \
	   scripts/skip.sh "venv-2.21: no Python 3.12 (python3.12 on PATH or ~/.pyenv/versions/3.12.*)"; \
	 else $(MAKE) --no-print-directory $(VENV_221_STAMP); fi

$(VENV_221_STAMP):
	@if [ ! -x "$(VENV_221)/bin/python" ]; then \
	   echo "venv-2.21: creating $(VENV_221) with $(PY312)" && "$(PY312)" -m venv "$(VENV_221)"; fi
	$(VENV_221)/bin/python -m pip install --quiet ansible-core==$(CORE_221) -r tests/unit/requirements.txt
	rm -f $(VENV_221)/.installed-*
	touch $@

# --- the collection on a collections path ---------------------------------------------------
# ansible-playbook, ansible-doc and ansible-galaxy follow a symlink; ansible-test does not (see
# the staged copy below).
.PHONY: collection-path
collection-path:
	@mkdir -p $(dir $(COLLECTION_LINK))
	@if [ "$$(readlink $(COLLECTION_LINK))" != "$(CURDIR)" ]; then ln -sfn $(CURDIR) $(COLLECTION_LINK); fi

# --- ansible-test: sanity and units on a staged copy -----------------------------------------
# ansible-test needs a physical .../ansible_collections/tencentcloud/postgresql directory. The
# copy holds what the collection ships (git's files minus galaxy.yml's build_ignore), so the
# emulator, the pytest suites, bench, scripts and the tooling files are not sanity-tested as
# collection content. ANSIBLE_TEST_CONTENT_ROOT stops ansible-test from walking up to this
# repository's .git (which ignores .build/, and so would leave it no file to test).
STAGE_ROOT := $(BUILD)/ansible-test
STAGE      := $(STAGE_ROOT)/ansible_collections/$(NAMESPACE)/$(NAME)
ANSIBLE_TEST_ENV = env -u ANSIBLE_COLLECTIONS_PATH ANSIBLE_TEST_CONTENT_ROOT=$(STAGE) PATH=$(1):$$PATH

.PHONY: stage
stage: venv
	@$(PY) scripts/stage_collection.py $(CURDIR) $(STAGE_ROOT) > /dev/null

# $(call run-all,TARGETS): make each target even when an earlier one fails; fail at the end.
run-all = rc=0; $(foreach t,$(1),$(MAKE) --no-print-directory $(t) || rc=1;) exit $$rc

# $(call ansible-test,VENV_BIN,PYTHON_VERSION,COMMAND,JUNIT_GLOB,JUNIT_OUT,SUITE)
define ansible-test
	scripts/seed-get-pip.sh $(1)/python
	rm -rf $(STAGE)/tests/output/junit $(STAGE)/tests/output/bot
	mkdir -p $(JUNIT)
	cd $(STAGE) && $(call ANSIBLE_TEST_ENV,$(1)) $(1)/ansible-test $(3) --venv --python $(2) --color no; \
	  rc=$$?; \
	  $(PY) $(CURDIR)/scripts/junit_merge.py $(5) $(6) $(STAGE)/tests/output/junit/$(4) || rc=1; \
	  exit $$rc
endef

.PHONY: sanity sanity-2.19 sanity-2.21
sanity:
	@$(call run-all,sanity-2.19 sanity-2.21)

sanity-2.19: stage
	$(call ansible-test,$(VENV_BIN),3.11,sanity --junit,ansible-test-sanity-*.xml,$(JUNIT)/sanity-2.19.xml,sanity-2.19)

sanity-2.21: stage venv-2.21
	@if [ -z "$(PY312)" ]; then scripts/skip.sh "sanity-2.21: no Python 3.12, so no ansible-core 2.21"; exit 0; fi; \
	 $(MAKE) --no-print-directory _sanity-2.21

.PHONY: _sanity-2.21
_sanity-2.21:
	$(call ansible-test,$(VENV_221)/bin,3.12,sanity --junit,ansible-test-sanity-*.xml,$(JUNIT)/sanity-2.21.xml,sanity-2.21)

.PHONY: units units-2.19 units-2.21
units:
	@$(call run-all,units-2.19 units-2.21)

units-2.19: stage
	$(call ansible-test,$(VENV_BIN),3.11,units,python3.11-*units*.xml,$(JUNIT)/units-2.19.xml,units-2.19)

units-2.21: stage venv-2.21
	@if [ -z "$(PY312)" ]; then scripts/skip.sh "units-2.21: no Python 3.12, so no ansible-core 2.21"; exit 0; fi; \
	 $(MAKE) --no-print-directory _units-2.21

.PHONY: _units-2.21
_units-2.21:
	$(call ansible-test,$(VENV_221)/bin,3.12,units,python3.12-*units*.xml,$(JUNIT)/units-2.21.xml,units-2.21)

# --- pytest suites ----------------------------------------------------------------------------
# `emulator` is tests/emulator/tests; any other name is tests/suites/<name>. The expected ones
# are listed so that a suite not written yet shows up as skipped; extra directories are picked up.
SUITES := emulator tooling integration reliability ecosystem
SUITES += $(filter-out $(SUITES) _%,$(notdir $(patsubst %/,%,$(wildcard tests/suites/*/))))
suite_dir = $(if $(filter emulator,$(1)),tests/emulator/tests,tests/suites/$(1))
# The suite's JUnit file: SUITE_JUNIT_NAME names it when the same suite runs twice (integration-2.21).
suite_junit = $(JUNIT)/$(or $(SUITE_JUNIT_NAME),$(1)).xml
# Extra pytest options: PYTEST_ARGS for every suite, PYTEST_ARGS_<suite> for one (e.g. "-n 2").
PYTEST_ARGS ?=

.PHONY: pytest-suites
pytest-suites:
	@$(call run-all,$(addprefix suite-,$(SUITES)))

# The integration suite again with ansible-core 2.21 running the playbooks and the modules (its
# ansible-playbook, ansible and Python, from .venv-2.21); pytest and the emulator stay in .venv.
.PHONY: integration-2.21
integration-2.21: venv-2.21
	@if [ -z "$(PY312)" ]; then scripts/skip.sh "integration-2.21: no Python 3.12, so no ansible-core 2.21"; exit 0; fi; \
	 TCPG_ANSIBLE_BIN=$(VENV_221)/bin $(MAKE) --no-print-directory suite-integration SUITE_JUNIT_NAME=integration-2.21

suite-%: venv collection-path
	@dir="$(call suite_dir,$*)"; \
	 if [ ! -d "$$dir" ]; then scripts/skip.sh "suite $*: $$dir does not exist yet"; exit 0; fi; \
	 mkdir -p $(JUNIT); \
	 echo "$(PY) -m pytest $$dir -p no:cacheprovider --junitxml=$(call suite_junit,$*) $(PYTEST_ARGS) $(PYTEST_ARGS_$*)"; \
	 $(PY) -m pytest "$$dir" -p no:cacheprovider --junitxml=$(call suite_junit,$*) $(PYTEST_ARGS) $(PYTEST_ARGS_$*); \
	 rc=$$?; \
	 if [ $$rc -eq 5 ]; then echo "suite $*: $$dir exists but no test was collected: a failure"; fi; \
	 exit $$rc

# --- formatting: black, isort, flake8 (settings in pyproject.toml and .flake8) -------------------
# A tool that .venv does not have is named and fails the check (the others still run).
FORMAT_PATHS := plugins tests bench scripts
# $(call with-tool,TOOL,ARGS): run .venv's TOOL with ARGS, or say that it is missing.
with-tool = if [ -x $(VENV_BIN)/$(1) ]; then echo "$(1) $(2)"; $(VENV_BIN)/$(1) $(2) || rc=1; \
	else echo "format: $(1) is not in $(VENV) (it is in $(DEV_REQS): run make venv)"; rc=1; fi;

.PHONY: format format-check
format: venv
	@rc=0; $(call with-tool,isort,--quiet $(FORMAT_PATHS)) $(call with-tool,black,--quiet $(FORMAT_PATHS)) exit $$rc

format-check: venv
	@rc=0; $(call with-tool,black,--check --quiet $(FORMAT_PATHS)) \
	 $(call with-tool,isort,--check-only --quiet $(FORMAT_PATHS)) \
	 $(call with-tool,flake8,$(FORMAT_PATHS)) exit $$rc

# --- ansible-lint, docs, changelog, build -----------------------------------------------------
LINT_DIRS := playbooks tests/integration/targets

.PHONY: lint
lint: venv collection-path
	@paths=""; \
	 for dir in $(LINT_DIRS); do \
	   if [ -n "$$(find $$dir -name '*.yml' -o -name '*.yaml' 2> /dev/null | head -n 1)" ]; then paths="$$paths $$dir"; \
	   else echo "lint: $$dir has no YAML file, not linted"; fi; \
	 done; \
	 if [ -z "$$paths" ]; then scripts/skip.sh "lint: none of $(LINT_DIRS) has a YAML file"; exit 0; fi; \
	 echo "ansible-lint$$paths"; \
	 PATH=$(VENV_BIN):$$PATH $(VENV_BIN)/ansible-lint $$paths

.PHONY: docs-lint
docs-lint: venv collection-path
	PATH=$(VENV_BIN):$$PATH $(VENV_BIN)/antsibull-docs lint-collection-docs --plugin-docs .

# HTML site: antsibull-docs writes the reST of the collection (from ansible-doc, through the
# collections path) and Sphinx renders it. Offline: no intersphinx inventories, and the theme
# that comes with Sphinx; references into docs.ansible.com are left as text.
DOCS_SRC := $(BUILD)/docs-src
DOCS_OUT := $(CURDIR)/docs/build/html

.PHONY: docs
docs: venv collection-path
	rm -rf $(DOCS_SRC) $(DOCS_OUT)
	mkdir -p -m 700 $(DOCS_SRC) $(DOCS_SRC)/rst
	PATH=$(VENV_BIN):$$PATH $(VENV_BIN)/antsibull-docs sphinx-init --use-current --squash-hierarchy \
	  --dest-dir $(DOCS_SRC) --sphinx-theme alabaster --lenient --fail-on-error \
	  --project "$(NAMESPACE).$(NAME)" --title "$(NAMESPACE).$(NAME)" --html-short-title "$(NAMESPACE).$(NAME)" \
	  --copyright "$(NAMESPACE).$(NAME) contributors" \
	  $(NAMESPACE).$(NAME) > /dev/null
	printf '\n# Offline build (make docs): no intersphinx inventories are fetched.\nintersphinx_mapping = {}\n' >> $(DOCS_SRC)/conf.py
	PATH=$(VENV_BIN):$$PATH $(VENV_BIN)/antsibull-docs --config-file $(DOCS_SRC)/antsibull-docs.cfg collection \
	  --use-current --squash-hierarchy --fail-on-error --dest-dir $(DOCS_SRC)/rst $(NAMESPACE).$(NAME)
	$(VENV_BIN)/sphinx-build -q -b html -c $(DOCS_SRC) $(DOCS_SRC)/rst $(DOCS_OUT)
	@test -f $(DOCS_OUT)/index.html && echo "docs: $(DOCS_OUT)/index.html"

.PHONY: changelog-lint
changelog-lint: venv
	$(VENV_BIN)/antsibull-changelog lint

.PHONY: build
build: venv
	$(VENV_BIN)/ansible-galaxy collection build --force --output-path $(BUILD)/dist .

# --- everything -------------------------------------------------------------------------------
# Each step runs even when an earlier one failed; scripts/summarize.py sums the JUnit files and
# step records and prints the closing "N passed, N failed" line (exit 1 on any failure).
STEP := scripts/step.sh
TEST_STEPS_JUNIT := sanity-2.19 sanity-2.21 units-2.19 units-2.21
TEST_STEPS_LATE  := integration-2.21
TEST_STEPS_PLAIN := format-check lint docs-lint docs changelog-lint

.PHONY: test
test:
	@rm -rf $(JUNIT) $(STEPS) $(BUILD)/logs $(BUILD)/summary.txt
	@$(STEP) --setup venv -- $(MAKE) --no-print-directory venv
	@if grep -q '^status=passed' $(STEPS)/venv.status; then \
	   $(STEP) --setup venv-2.21 -- $(MAKE) --no-print-directory venv-2.21; \
	   $(foreach s,$(TEST_STEPS_JUNIT),$(STEP) --junit $(JUNIT)/$(s).xml $(s) -- $(MAKE) --no-print-directory $(s);) \
	   $(foreach s,$(SUITES),$(STEP) --junit $(JUNIT)/$(s).xml $(s) -- $(MAKE) --no-print-directory suite-$(s);) \
	   $(foreach s,$(TEST_STEPS_LATE),$(STEP) --junit $(JUNIT)/$(s).xml $(s) -- $(MAKE) --no-print-directory $(s);) \
	   $(foreach s,$(TEST_STEPS_PLAIN),$(STEP) $(s) -- $(MAKE) --no-print-directory $(s);) \
	 else echo "test: .venv could not be made; nothing else can run"; fi
	@$(if $(wildcard $(PY)),$(PY),python3) scripts/summarize.py $(BUILD)

# --- emulator, demo, bench --------------------------------------------------------------------
EMULATOR_ARGS ?=

.PHONY: emulator
emulator: venv
	$(PY) tests/emulator/serve.py $(EMULATOR_ARGS)

.PHONY: demo
demo: venv collection-path
	@if [ ! -f playbooks/demo.yml ]; then echo "demo: playbooks/demo.yml is missing: there is no demo to run yet" >&2; exit 1; fi
	PATH=$(VENV_BIN):$$PATH EMULATOR_ARGS="--flow-seconds 2" scripts/with-emulator.sh \
	  $(VENV_BIN)/ansible-playbook playbooks/demo.yml

.PHONY: bench
bench: venv collection-path
	@if [ ! -f bench/run.py ]; then echo "bench: bench/run.py does not exist (yet)"; exit 0; fi; \
	 PATH=$(VENV_BIN):$$PATH scripts/with-emulator.sh $(PY) bench/run.py $(BENCH_ARGS)

.PHONY: clean distclean
clean:
	rm -rf $(BUILD) docs/build tests/output .pytest_cache

distclean: clean
	rm -rf $(VENV) $(VENV_221)
