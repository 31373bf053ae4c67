# Entry points for a fresh Debian 12 machine (as root). Each target installs any missing
# Debian packages first, then drives CMake presets (see CMakePresets.json).
#   make run    build the release preset and serve examples/components on port 3500
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

# Main job: the Dapr-compatible bindings service on port 3500, serving the example components
# (examples/components: `wasm`, the docs' Ruby seed example played by a C stand-in, and `echo`).
# It runs from the repository root because their file:// urls are relative to the working
# directory, as in Dapr. Ctrl-C (SIGINT) or SIGTERM stops it.
run: deps build-release
	exec $(RELEASE_DIR)/tools/wasmbind serve --resources-path examples/components --port 3500

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
