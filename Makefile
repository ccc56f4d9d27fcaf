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

bench:
	sh tools/install-deps.sh build bench
	@test -f build-bench/build.ninja || meson setup build-bench --buildtype=release >/dev/null
	ninja -C build-bench
	SROI_BIN=$(CURDIR)/build-bench/sroi sh bench/run-all.sh

clean:
	rm -rf build build-test build-bench
