# sroi: the two commands (make run, make test) and a few more.
# The real build is meson + ninja; this file only strings steps together.

DB ?= sroi.db
LISTEN ?= 127.0.0.1:8080

.PHONY: build run test bench deps clean

build:
	@command -v meson >/dev/null && command -v ninja >/dev/null || sh tools/install-deps.sh build
	@test -f build/build.ninja || meson setup build --buildtype=release >/dev/null
	ninja -C build sroi

deps:
	sh tools/install-deps.sh build

run: deps build
	@test -f $(DB) || ./build/sroi demo --db $(DB) >/dev/null
	@echo "Demo logins (only for this demo database):"
	@./build/sroi demo --logins
	@echo "sroi serves on http://$(LISTEN)/"
	./build/sroi serve --db $(DB) --listen $(LISTEN)

# Tests run on a separate build with AddressSanitizer and UBSan.
test:
	sh tools/install-deps.sh build test
	@test -f build-test/build.ninja || meson setup build-test -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
	ninja -C build-test
	meson test -C build-test --print-errorlogs
	SROI_BIN=$(CURDIR)/build-test/sroi sh tests/run-api-tests.sh
	SROI_BIN=$(CURDIR)/build-test/sroi sh tests/run-ui-tests.sh
	SROI_BIN=$(CURDIR)/build-test/sroi sh tests/run-fault-tests.sh

bench:
	sh tools/install-deps.sh build bench
	@test -f build-bench/build.ninja || meson setup build-bench --buildtype=release >/dev/null
	ninja -C build-bench
	SROI_BIN=$(CURDIR)/build-bench/sroi sh bench/run-all.sh

# 10 minutes of mixed load with 64 connections; checks errors, memory and
# open files (outside make test).
.PHONY: soak
soak:
	sh tools/install-deps.sh build bench
	@test -f build-bench/build.ninja || meson setup build-bench --buildtype=release >/dev/null
	ninja -C build-bench
	SROI_BIN=$(CURDIR)/build-bench/sroi sh bench/soak/run.sh

FUZZ_SECONDS ?= 60
FUZZ_TARGETS = api_body query policy calc dimacs csv

# libFuzzer targets on a clang build of their own (docs/fuzzing.md): each
# runs FUZZ_SECONDS with its dictionary and checked-in corpus. New inputs go
# to build-fuzz/corpus/NAME, findings to build-fuzz/artifacts/NAME, the whole
# output to build-fuzz/fuzz-NAME.log.
.PHONY: fuzz
fuzz:
	sh tools/install-deps.sh build test fuzz
	@test -f build-fuzz/build.ninja || CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
	ninja -C build-fuzz $(FUZZ_TARGETS:%=fuzz/fuzz_%)
	@for t in $(FUZZ_TARGETS); do \
	  mkdir -p build-fuzz/corpus/$$t build-fuzz/artifacts/$$t; \
	  echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 build-fuzz/fuzz/fuzz_$$t \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=25 -print_final_stats=1 \
	    -artifact_prefix=build-fuzz/artifacts/$$t/ -dict=fuzz/dict/$$t.dict \
	    build-fuzz/corpus/$$t fuzz/corpus/$$t >build-fuzz/fuzz-$$t.log 2>&1; rc=$$?; \
	  grep -E '^Done|number_of_executed_units' build-fuzz/fuzz-$$t.log; \
	  if [ $$rc != 0 ]; then tail -n 40 build-fuzz/fuzz-$$t.log; exit 1; fi; \
	done

clean:
	rm -rf build build-test build-bench build-fuzz
