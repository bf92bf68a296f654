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

# --- supported ansible-core versions --------------------------------------------------------
# scripts/cores.txt is the one table of the supported cores: minor, release, controller Pythons.
# The oldest (first line) and the newest (last) get sanity, the integration suite and the Galaxy
# install test; every line gets units. Each core has its own venv, .venv-<minor>, with that core
# and the unit-test requirements only (ansible-test makes its own venvs for the test tools).
CORES_TABLE  := scripts/cores.txt
CORES        := $(shell awk '!/^[[:space:]]*\#/ && NF {print $$1}' $(CORES_TABLE))
CORE_OLDEST  := $(firstword $(CORES))
CORE_NEWEST  := $(lastword $(CORES))
core_release  = $(shell awk '$$1 == "$(1)" {print $$2}' $(CORES_TABLE))
core_pythons  = $(shell awk '$$1 == "$(1)" {for (i = 3; i <= NF; i++) printf "%s ", $$i}' $(CORES_TABLE))
core_venv     = $(CURDIR)/.venv-$(1)
UNIT_REQS    := tests/unit/requirements.txt
UNIT_HASH    := $(shell sha256sum $(UNIT_REQS) 2>/dev/null | cut -c1-16)
# The running Python's X.Y, for a venv's python.
py_minor      = $(1) -c 'import sys; print("%d.%d" % sys.version_info[:2])'

# --- virtual environments ---------------------------------------------------------------------
# .venv: the development venv (the demo, the emulator, pytest, the SDK, tccli, ansible-lint,
# antsibull, ansible-runner/builder), on the ansible-core that requirements/dev.txt pins (which
# must be a line of the table) and the newest of that core's Pythons found on this machine.
VENV       := $(CURDIR)/.venv
VENV_BIN   := $(VENV)/bin
PY         := $(VENV_BIN)/python
DEV_REQS   := requirements/dev.txt
DEV_CORE   := $(shell sed -n 's/^ansible-core==\([0-9]*\.[0-9]*\)\..*/\1/p' $(DEV_REQS))
DEV_PYTHONS = $(call core_pythons,$(DEV_CORE))
# The stamp is named after the requirements' content, so an edited file reinstalls and an
# unchanged one (even freshly checked out, with a new mtime) does not.
DEV_HASH   := $(shell sha256sum $(DEV_REQS) 2>/dev/null | cut -c1-16)
VENV_STAMP := $(VENV)/.installed-$(DEV_HASH)

export ANSIBLE_COLLECTIONS_PATH := $(BUILD)/collections
COLLECTION_LINK := $(ANSIBLE_COLLECTIONS_PATH)/ansible_collections/$(NAMESPACE)/$(NAME)

.PHONY: help
help:
	@echo "make demo              run playbooks/demo.yml against the local emulator"
	@echo "make test              every check below, then a 'N passed, N failed' summary"
	@echo "make venv              .venv with requirements/dev.txt (ansible-core $(DEV_CORE), Python $(strip $(DEV_PYTHONS)))"
	@echo "make venv-<core>       .venv-<core> with that ansible-core; cores: $(CORES) (scripts/cores.txt)"
	@echo "make sanity            ansible-test sanity on $(CORE_OLDEST) and $(CORE_NEWEST) (or: make sanity-<core>)"
	@echo "make units             ansible-test units on $(CORES) (or: make units-<core>)"
	@echo "make pytest-suites     emulator tests and tests/suites/* (or: make suite-<name>)"
	@echo "make integration-<core>  tests/suites/integration with that ansible-core running the playbooks"
	@echo "make galaxy-<core>     the Galaxy build and install test with that ansible-core"
	@echo "make lint              ansible-lint on playbooks/ and tests/integration/targets"
	@echo "make format            black and isort over the Python code (settings in pyproject.toml)"
	@echo "make format-check      black and isort would change nothing, and flake8 finds nothing"
	@echo "make docs-lint         antsibull-docs lint-collection-docs"
	@echo "make docs              HTML docs site into docs/build/"
	@echo "make changelog-lint    antsibull-changelog lint"
	@echo "make build             ansible-galaxy collection build into .build/dist"
	@echo "make emulator          run the emulator in the foreground (EMULATOR_ARGS=...)"
	@echo "make bench             bench/run.py against the emulator (BENCH_ARGS=--quick ...)"
	@echo "make clean             remove .build, docs/build and tests/output (distclean: the venvs too)"

.PHONY: venv
venv: $(VENV_STAMP)

# An existing .venv is kept when its Python is one the dev core supports; else it is made again
# with the newest such Python found (python3.X on PATH, then ~/.pyenv/versions/3.X.*).
$(VENV_STAMP): $(DEV_REQS) $(CORES_TABLE)
	@want="$(strip $(DEV_PYTHONS))"; \
	 if [ -z "$$want" ]; then echo "venv: $(DEV_REQS) pins ansible-core $(DEV_CORE), which has no line in $(CORES_TABLE)" >&2; exit 1; fi; \
	 have="$$( [ -x "$(PY)" ] && $(call py_minor,$(PY)) 2>/dev/null)"; \
	 if [ -n "$$have" ] && [[ " $$want " == *" $$have "* ]]; then \
	   echo "venv: $(VENV) uses Python $$have ($$("$(PY)" -c 'import sys; print(sys.executable)'))"; \
	 else \
	   py="$$(scripts/find-python.sh $$want)" || { \
	     echo "venv: ansible-core $(DEV_CORE) needs one of Python $${want// /, }; looked for" \
	          "python$${want// /, python} on PATH and in $${PYENV_ROOT:-$$HOME/.pyenv}/versions/, found none" >&2; \
	     exit 1; }; \
	   rm -rf "$(VENV)" && echo "venv: creating $(VENV) with Python $$($(call py_minor,$$py)) ($$py)" && "$$py" -m venv "$(VENV)"; \
	 fi
	@# pip byte-compiles what it installs, and must: this machine sets PYTHONDONTWRITEBYTECODE=1, so a
	@# module pip left uncompiled would be compiled again in every process that imports it.
	$(PY) -m pip install --quiet -r $(DEV_REQS)
	rm -f $(VENV)/.installed-*
	touch $@

# .venv-<core>: that core's release from the table and the unit-test requirements, on the newest
# of its Pythons found here; skipped (with a line saying so) when there is none.
.PHONY: $(addprefix venv-,$(CORES))
$(addprefix venv-,$(CORES)): venv-%:
	@venv="$(call core_venv,$*)"; release="$(call core_release,$*)"; want="$(strip $(call core_pythons,$*))"; \
	 stamp="$$venv/.installed-$$release-$(UNIT_HASH)"; \
	 if ! py="$$(scripts/find-python.sh $$want)"; then \
	   scripts/skip.sh "venv-$*: ansible-core $* needs Python $${want// /, };" \
	     "none found (python3.X on PATH, ~/.pyenv/versions/3.X.*)"; exit 0; fi; \
	 have="$$( [ -x "$$venv/bin/python" ] && $(call py_minor,$$venv/bin/python) 2>/dev/null)"; \
	 if [ -f "$$stamp" ] && [ -n "$$have" ] && [[ " $$want " == *" $$have "* ]]; then exit 0; fi; \
	 if [ -z "$$have" ] || [[ " $$want " != *" $$have "* ]]; then \
	   rm -rf "$$venv" && echo "venv-$*: creating $$venv with Python $$($(call py_minor,$$py)) ($$py)" && "$$py" -m venv "$$venv" || exit 1; fi; \
	 echo "venv-$*: ansible-core==$$release -r $(UNIT_REQS)"; \
	 "$$venv/bin/python" -m pip install --quiet "ansible-core==$$release" -r $(UNIT_REQS) || exit 1; \
	 rm -f "$$venv"/.installed-*; touch "$$stamp"

# $(call need-core,CORE,LEG): in a recipe, skip LEG (exit 0, with a line saying so) when this
# machine has none of CORE's Pythons, so no .venv-CORE.
need-core = if ! scripts/find-python.sh $(call core_pythons,$(1)) > /dev/null; then \
  scripts/skip.sh "$(2): no Python $(strip $(call core_pythons,$(1))) found, so no ansible-core $(1)"; exit 0; fi

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
# repository's .git (which ignores .build/, and so would leave it no file to test). Each core
# has its own copy (.build/ansible-test/<core>/...), so legs of different cores can run at once.
stage_root = $(BUILD)/ansible-test/$(1)
stage_dir  = $(call stage_root,$(1))/ansible_collections/$(NAMESPACE)/$(NAME)
ANSIBLE_TEST_ENV = env -u ANSIBLE_COLLECTIONS_PATH ANSIBLE_TEST_CONTENT_ROOT=$(1) PATH=$(2):$$PATH

# The modules' target Pythons (tests/config.yml python_requires) that this machine has, as
# python3.X links in one folder: sanity puts it on PATH so that its compile and import tests
# run on each of them (a pyenv shim on PATH would not run).
TARGET_PYTHONS := 3.9 3.10 3.11 3.12 3.13
PYTHONS_DIR    := $(BUILD)/pythons

.PHONY: target-pythons
target-pythons:
	@mkdir -p $(PYTHONS_DIR); found=""; \
	 for v in $(TARGET_PYTHONS); do \
	   if py="$$(scripts/find-python.sh $$v)"; then ln -sfn "$$py" $(PYTHONS_DIR)/python$$v; found="$$found $$v"; \
	   else rm -f $(PYTHONS_DIR)/python$$v; fi; \
	 done; echo "target Pythons on this machine:$${found:- none}"

# $(call run-all,TARGETS): make each target even when an earlier one fails; fail at the end.
run-all = rc=0; $(foreach t,$(1),$(MAKE) --no-print-directory $(t) || rc=1;) exit $$rc

# $(call ansible-test,CORE,COMMAND,JUNIT_GLOB,LEG[,EXTRA_PATH]): ansible-test COMMAND of .venv-CORE
# on the staged copy of CORE, its JUnit files (JUNIT_GLOB; %PY% is the venv's X.Y) merged into
# .build/junit/LEG.xml. Without EXTRA_PATH it runs on the venv's Python only (--python). COMMAND
# names where it runs: sanity in ansible-test's own venvs (--venv), units in .venv-CORE itself
# (--local: its test requirements are in tests/unit/requirements.txt, installed with the venv; a
# venv that ansible-test made for every run cost 20 to 40 s each on a fresh HOME, six times over).
define ansible-test
	@$(call need-core,$(1),$(4)); \
	 $(MAKE) --no-print-directory venv-$(1) || exit 1; \
	 $(PY) scripts/stage_collection.py $(CURDIR) $(call stage_root,$(1)) > /dev/null || exit 1; \
	 bin="$(call core_venv,$(1))/bin"; stage="$(call stage_dir,$(1))"; pyver="$$($(call py_minor,$$bin/python))"; \
	 scripts/seed-get-pip.sh $$bin/python || exit 1; \
	 rm -rf "$$stage/tests/output/junit" "$$stage/tests/output/bot"; mkdir -p $(JUNIT); \
	 echo "$(4): ansible-core $$($$bin/python -c 'import ansible; print(ansible.__version__)') on Python $$pyver: ansible-test $(2)"; \
	 cd "$$stage" && $(call ANSIBLE_TEST_ENV,$$stage,$(if $(5),$(5):)$$bin) $$bin/ansible-test $(2) \
	   $(if $(5),,--python $$pyver) --color no; \
	 rc=$$?; \
	 $(PY) $(CURDIR)/scripts/junit_merge.py $(JUNIT)/$(4).xml $(4) $$stage/tests/output/junit/$(subst %PY%,$$pyver,$(3)) || rc=1; \
	 exit $$rc
endef

SANITY_CORES := $(CORE_OLDEST) $(CORE_NEWEST)

.PHONY: sanity units $(addprefix sanity-,$(CORES)) $(addprefix units-,$(CORES))
sanity:
	@$(call run-all,$(addprefix sanity-,$(SANITY_CORES)))

# The oldest core's sanity runs its compile and import tests on every target Python found here
# (3.9 included: what modules meet in older execution environments); the others on their own.
$(addprefix sanity-,$(CORES)): sanity-%: venv target-pythons
	$(call ansible-test,$*,sanity --junit --venv,ansible-test-sanity-*.xml,sanity-$*,$(if $(filter $(CORE_OLDEST),$*),$(PYTHONS_DIR)))

units:
	@$(call run-all,$(addprefix units-,$(CORES)))

$(addprefix units-,$(CORES)): units-%: venv
	$(call ansible-test,$*,units --local,python%PY%-*units*.xml,units-$*)

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
# The integration suite mostly waits (the emulator's realistic task delay and status lag, ansible-playbook
# starting): two workers, each with its own emulator, halve its wall time without queueing for the CPU.
PYTEST_ARGS_integration ?= -n 2

.PHONY: pytest-suites
pytest-suites:
	@$(call run-all,$(addprefix suite-,$(SUITES)))

# The integration suite with another core running the playbooks and the modules (its
# ansible-playbook, ansible and Python, from .venv-<core>); pytest and the emulator stay in .venv.
# `make suite-integration` runs it on the dev venv's core.
.PHONY: $(addprefix integration-,$(CORES)) $(addprefix galaxy-,$(CORES)) $(addprefix inventory-,$(CORES))
$(addprefix integration-,$(CORES)): integration-%:
	@$(call need-core,$*,integration-$*); \
	 $(MAKE) --no-print-directory venv-$* && \
	 TCPG_ANSIBLE_BIN=$(call core_venv,$*)/bin $(MAKE) --no-print-directory suite-integration SUITE_JUNIT_NAME=integration-$*

# The Galaxy build and install test of the ecosystem suite, with that core's ansible-galaxy,
# ansible-doc and ansible.
$(addprefix galaxy-,$(CORES)): galaxy-%:
	@$(call need-core,$*,galaxy-$*); \
	 $(MAKE) --no-print-directory venv-$* && \
	 TCPG_ANSIBLE_BIN=$(call core_venv,$*)/bin $(MAKE) --no-print-directory suite-ecosystem \
	   SUITE_FILE=test_galaxy_build.py SUITE_JUNIT_NAME=galaxy-$*

# The inventory suite with that core's ansible-inventory and ansible-playbook: before 2.19 a core
# templates inventory values unless they are marked unsafe and wraps plugin warnings, and 2.16 and
# 2.17 answer get_option_and_origin() without the file's values, so the oldest core gets its own leg.
$(addprefix inventory-,$(CORES)): inventory-%:
	@$(call need-core,$*,inventory-$*); \
	 $(MAKE) --no-print-directory venv-$* && \
	 TCPG_ANSIBLE_BIN=$(call core_venv,$*)/bin $(MAKE) --no-print-directory suite-inventory SUITE_JUNIT_NAME=inventory-$*

# SUITE_FILE runs one file of the suite.
suite-%: venv collection-path
	@dir="$(call suite_dir,$*)$(if $(SUITE_FILE),/$(SUITE_FILE))"; \
	 if [ ! -e "$$dir" ]; then scripts/skip.sh "suite $*: $$dir does not exist yet"; exit 0; fi; \
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
# First the venvs, in two lanes: .venv, beside the core venvs one after another (each lane about
# 3 minutes on a fresh clone); then the steps run in two lanes side by side (2 cores), each lane in
# order, each step's output in .build/logs/<step>.log (the console shows when each starts and ends,
# and a failure's tail). Lane 1 is the integration suite on the oldest and the newest core, the bench
# smoke test and the units of every core but the newest, lane 2 the rest (sanity, the newest core's
# units, the other suites, the linters); a suite that no lane names goes to lane 2. The lanes are
# balanced on a CI run (CI=true: a fresh HOME, so ansible-test builds its sanity venvs anew): 28 to 35
# minutes in all, measured 2026-12-01; nearly all of it is CPU (the two cores are idle 6 % of the
# time), so more lanes would not shorten it. The dev core (.venv) drives playbooks in the reliability, ecosystem and bench suites and has
# its own units, so its integration run is left out.
STEP := scripts/step.sh
TEST_STEPS_PLAIN := format-check lint docs-lint docs changelog-lint
TEST_LANE_1 := integration-$(CORE_OLDEST) integration-$(CORE_NEWEST) bench \
               $(addprefix units-,$(filter-out $(CORE_NEWEST),$(CORES)))
TEST_LANE_2 := $(addprefix sanity-,$(SANITY_CORES)) units-$(CORE_NEWEST) \
               $(filter-out integration $(TEST_LANE_1),$(SUITES)) galaxy-$(CORE_OLDEST) inventory-$(CORE_OLDEST) \
               $(TEST_STEPS_PLAIN)
step_target = $(if $(filter $(SUITES),$(1)),suite-$(1),$(1))
run-step = $(STEP) $(if $(filter $(TEST_STEPS_PLAIN),$(1)),,--junit $(JUNIT)/$(1).xml) $(1) -- \
  $(MAKE) --no-print-directory $(call step_target,$(1))
run-setup = $(STEP) --setup $(1) -- $(MAKE) --no-print-directory $(1)
# $(call in-lanes,RUN,STEPS_1,STEPS_2): two lists side by side, each in order (STEP_QUIET: log only).
in-lanes = export STEP_QUIET=1; \
  ( $(foreach s,$(2),$(call $(1),$(s));) ) & ( $(foreach s,$(3),$(call $(1),$(s));) ) & wait
CORE_VENVS  := $(addprefix venv-,$(CORES))

.PHONY: test
test:
	@rm -rf $(JUNIT) $(STEPS) $(BUILD)/logs $(BUILD)/summary.txt
	@$(call in-lanes,run-setup,venv,$(CORE_VENVS))
	@if grep -q '^status=passed' $(STEPS)/venv.status; then \
	   $(call in-lanes,run-step,$(TEST_LANE_1),$(TEST_LANE_2)); \
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
	rm -rf $(VENV) $(foreach c,$(CORES),$(call core_venv,$(c)))
