# The two commands a newcomer needs:
#   make serve   build the site and serve it at http://127.0.0.1:8000/scaledown/
#   make test    run the whole test suite
# Both create .venv/ and install pinned dependencies on first use.
# Writing only a blog post or a page? make preview serves the site from a small
# .venv-preview/ with only the site tools (no TensorFlow); tutorial pages are placeholders.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: serve preview build build-zensical offline test browser toolchain bench tutorials reviews check clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e ".[all]"
	touch $(STAMP)

# build-content checks the content and writes docs/ plus every generated page into
# build/docs/ (only what changed); the engine renders that folder.
CONTENT := $(PY) -m scaledown.cli build-content

# make serve ENGINE=zensical serves the same build/docs/ with 'zensical serve' instead.
ENGINE ?= mkdocs
serve: $(STAMP)
	@# a failing tutorial or Try-it is reported but does not stop you previewing the site
	-$(PY) -m scaledown.cli tutorials run
	-$(PY) -m scaledown.cli reviews run
	@# builds build/docs/, serves it with 'mkdocs serve --dirty', and reruns build-content
	@# (incrementally) whenever docs/, the catalogue, tutorials, reviews or the package change
	$(PY) -m scaledown.site.serve --dev-addr 127.0.0.1:8000 --engine $(ENGINE)

# A writer's preview: only the 'site' extra, in its own venv, so .venv/ stays as it is.
PREVIEW       := .venv-preview
PREVIEW_STAMP := $(PREVIEW)/.installed

$(PREVIEW_STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(PREVIEW)
	$(PREVIEW)/bin/python -m pip install --quiet --upgrade pip
	$(PREVIEW)/bin/python -m pip install --quiet -c constraints.txt -e ".[site]"
	touch $(PREVIEW_STAMP)

preview: $(PREVIEW_STAMP)
	$(PREVIEW)/bin/python -m mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(PY) -m scaledown.cli tutorials run
	$(PY) -m scaledown.cli reviews run
	$(CONTENT)
	SCALEDOWN_BUILD_CONTENT=false $(PY) -m mkdocs build --strict

# The same site rendered by the second engine, Zensical (pinned; the zensical extra),
# from the same mkdocs.yml and build/docs/, into build/zensical-site/ (see
# docs/contribute/engines.md). CI builds it too: make test runs the last line.
ZENSICAL := $(PY) -m scaledown.site.zensical_build
build-zensical: $(STAMP)
	$(PY) -m scaledown.cli tutorials run
	$(PY) -m scaledown.cli reviews run
	$(CONTENT)
	$(ZENSICAL)

# The whole site as one zip for reading without a network (Material's offline plugin:
# .html links, search from file://). Run after 'make build': it goes into site/.
offline: $(STAMP)
	$(PY) -m scaledown.site.offline site/scaledown-offline.zip

check: $(STAMP)
	$(PY) -m scaledown.cli check

tutorials: $(STAMP)
	$(PY) -m scaledown.cli tutorials run

# The paper reviews' Try-it blocks (cached like the tutorials); the strict build
# needs their output, so test and build run them first.
reviews: $(STAMP)
	$(PY) -m scaledown.cli reviews run

# The end-to-end tests drive Debian's Chromium. As root with apt-get we install
# it; otherwise the test prints how to install it (and fails in CI).
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# The virtual board (sd.emulate) builds for Arm Cortex-M and runs on QEMU, and
# builds the same C for this machine (cc) for the expected output. As root with
# apt-get we install Debian's packages; otherwise its tests print the install
# command (and fail in CI). cmake builds the firmware projects sd.export writes.
TOOLCHAIN_PACKAGES := gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm gcc libc6-dev cmake
toolchain:
	@if { ! command -v arm-none-eabi-gcc >/dev/null || ! command -v qemu-system-arm >/dev/null \
	      || ! command -v cc >/dev/null || ! command -v cmake >/dev/null \
	      || [ ! -f /usr/lib/arm-none-eabi/newlib/libc_nano.a ]; } \
	    && [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $(TOOLCHAIN_PACKAGES) >/dev/null; \
	fi

test: $(STAMP) browser toolchain reviews
	$(CONTENT)
	$(ZENSICAL)
	$(PY) -m pytest -n 2 --dist loadfile

bench: $(STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV) $(PREVIEW) site .pytest_cache .scaledown-cache
