# Commands for the kit. Every target that needs the Python environment depends on setup.
#   make setup   create .venv and install the kit with its test tools (idempotent)
#   make demo    set up, create the two fictional demo schools (po and vo) and run all notebooks on them
#   make serve   set up and start the workshop apps (Voila) on http://127.0.0.1:8866/
#   make test    set up (plus Chromium for the browser tests) and run the whole test suite
#   make bench   set up and run the benchmarks in benchmarks/
#   make test-heavy  the long load and fault runs (tests marked heavy), with their figures printed

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kit-installed
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core
APT_PACKAGES_TEST := chromium

.PHONY: setup demo serve test test-heavy bench system-deps system-test-deps clean-output

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 of nieuwer is nodig; gevonden: " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Debian packages, installed with apt-get only when dpkg says they are missing:
# Pango and a font for the PDF (WeasyPrint), Chromium for the browser tests.
define apt_install
	@missing=""; \
	if command -v dpkg >/dev/null 2>&1; then \
	  for pkg in $(1); do dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	fi; \
	if [ -n "$$missing" ]; then \
	  echo "Debian-pakketten installeren:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO=sudo; \
	  else echo "Installeer eerst als beheerder: apt-get install$$missing" >&2; exit 1; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi
endef

system-deps:
	$(call apt_install,$(APT_PACKAGES))

system-test-deps: system-deps
	$(call apt_install,$(APT_PACKAGES_TEST))

demo: setup system-deps
	$(BIN)/kit demo

serve: setup system-deps
	$(BIN)/kit serve

# Two processes, a test file each at a time (its module fixtures, such as a shared server, stay in one process).
test: setup system-test-deps
	$(BIN)/python -m pytest -n 2 --dist loadfile

test-heavy: setup system-test-deps
	$(BIN)/python -m pytest -m heavy -s

bench: setup
	$(BIN)/python -m benchmarks

clean-output:
	rm -rf workspace/*/output
