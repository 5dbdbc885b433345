# Two commands for a newcomer on Debian 12: `make run` and `make test`.
# Everything else here is what those two need.
PRESET      ?= release
SANITIZE    ?=
FUZZ_SECONDS ?= 60
JOBS        ?= $(shell nproc)
ifeq ($(SANITIZE),1)
PRESET := asan
endif
BUILD_DIR := build/$(PRESET)
BIN       := $(BUILD_DIR)/helmarr
export CCACHE_DIR ?= $(CURDIR)/build/.ccache
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_MAXSIZE ?= 2G

.PHONY: all deps test-deps configure build run test bench fuzz format clean

all: build

deps:
	@scripts/install-deps.sh build

test-deps:
	@scripts/install-deps.sh test
	@cd tests && { [ -d node_modules/ws ] && [ -d node_modules/@xmldom/xmldom ] || npm ci --no-audit --no-fund --loglevel=error; }

configure: deps
	@[ -f $(BUILD_DIR)/build.ninja ] || cmake --preset $(PRESET)

build: configure
	cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	$(BIN) serve

test: test-deps configure
	cmake --build $(BUILD_DIR) -j $(JOBS)
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) --timeout 600

bench: build
	@scripts/install-deps.sh bench
	bench/run.sh $(BIN)

# libFuzzer targets (fuzz/, clang) built in build/fuzz, each run FUZZ_SECONDS;
# fails when any finds a crash, a leak, a hang or a broken property.
fuzz:
	@scripts/install-deps.sh fuzz
	@[ -f build/fuzz/build.ninja ] || cmake --preset fuzz
	cmake --build build/fuzz -j $(JOBS) --target fuzz_targets
	fuzz/run.sh build/fuzz $(FUZZ_SECONDS)

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc' 'tests/*.h' 'bench/*.cc')

clean:
	rm -rf build
