# Entry points for a fresh Debian 12 machine (as root). Each target installs any missing
# Debian packages first, then drives CMake presets (see CMakePresets.json).
#   make run    build the release preset and run the main job
#   make test   build release, gcc and asan; run CTest on each; then a fuzz smoke run
#   make clean  remove build/
# Per-preset pieces are available too: make build-asan, make ctest-gcc, make fuzz-smoke.

TEST_PRESETS := release gcc asan
FUZZ_SECONDS ?= 60
RELEASE_DIR := build/release

.PHONY: run test deps clean fuzz-smoke
.DEFAULT_GOAL := run

deps:
	./scripts/install-deps.sh

# Main job until the HTTP service exists: validate the example module and list its
# imports/exports.
run: deps build-release
	$(RELEASE_DIR)/tools/wasmbind validate --verbose $(RELEASE_DIR)/examples/hello.wasm

test: deps $(addprefix ctest-,$(TEST_PRESETS)) fuzz-smoke

# Configure is cheap when the build dir exists, so always rerun it: preset edits take effect.
configure-%: deps
	cmake --preset $* --log-level=WARNING

build-%: configure-%
	cmake --build --preset $*

ctest-%: build-%
	ctest --preset $*

# The fuzz build preset builds only the fuzz targets, not the whole tree.
fuzz-smoke: build-fuzz
	./fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf build
