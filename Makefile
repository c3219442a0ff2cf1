# The two commands (see README.md):
#   make run    install what is missing, build, create a demo database if
#               none exists, serve the portal on http://127.0.0.1:8080
#   make test   install what is missing, build with sanitizers, run every
#               test suite (unit, end-to-end, browser and accessibility)

RUN_BUILD  := build/release
TEST_BUILD := build/test
DB         ?= var/demo.db
DATA_DIR   ?= var/data
ADDRESS    ?= 127.0.0.1
PORT       ?= 8080

.PHONY: run test deps build build-test unit e2e clean

run: deps build
	@if [ ! -f "$(DB)" ]; then \
		mkdir -p "$(dir $(DB))" && \
		$(RUN_BUILD)/disclose demo --db "$(DB)"; \
	fi
	$(RUN_BUILD)/disclose serve --db "$(DB)" --data-dir "$(DATA_DIR)" \
		--address $(ADDRESS) --port $(PORT)

deps:
	@scripts/deps.sh run

build:
	@[ -f $(RUN_BUILD)/build.ninja ] || \
		meson setup $(RUN_BUILD) --buildtype=release -Db_ndebug=false >/dev/null
	@ninja -C $(RUN_BUILD)

test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory build-test unit e2e

build-test:
	@[ -f $(TEST_BUILD)/build.ninja ] || \
		meson setup $(TEST_BUILD) --buildtype=debugoptimized -Dwerror=true \
			-Db_sanitize=address,undefined >/dev/null
	@ninja -C $(TEST_BUILD)

unit:
	meson test -C $(TEST_BUILD) --suite unit --print-errorlogs

e2e:
	DISCLOSE_BIN=$(TEST_BUILD)/disclose tests/run-node-tests.sh

clean:
	rm -rf build
