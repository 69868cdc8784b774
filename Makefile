# valuemap: the two commands a newcomer needs are `make demo` and `make check`.
# Both install missing Debian packages first (scripts/install-deps), then build with meson.

BUILD := build
VALUEMAP := $(BUILD)/valuemap

.PHONY: all deps build demo check bench clean fuzz torture

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: | deps
	meson setup $(BUILD)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

# The whole story on synthetic departments: synth (once), then `valuemap run` on its project.
demo: build
	@scripts/demo

check: deps
	scripts/check

bench: build
	bench/run

clean:
	rm -rf build build-sanitize build-fuzz build-mpi build-det-* out

# --- fuzz (issue 17 A) ---
# Coverage-guided fuzzing of every parser with libFuzzer (clang): FUZZ_SECONDS each (default
# 60), one after another; FUZZ_HARNESSES picks some (e.g. "csv model"). See docs/reliability.md.
FUZZ_SECONDS ?= 60
fuzz:
	scripts/fuzz $(FUZZ_SECONDS) $(FUZZ_HARNESSES)

# valgrind memcheck over the unit tests and the fuzz replays (normal build).
valgrind: deps
	scripts/valgrind

# The same bytes from gcc and clang, -O0 and -O2, 1/2/7 threads (four plain builds).
determinism: deps
	scripts/determinism --builds
.PHONY: valgrind determinism
# --- end fuzz ---

# ----- faultinj (issue 17 part B) -----
# The fault loops of make check, in full: every N for allocation failure (sanitizer build),
# every N for each I/O fault and kill -9 (normal build). Long: tens of minutes.
torture: deps
	[ -f build/build.ninja ] || meson setup build
	[ -f build-sanitize/build.ninja ] || meson setup build-sanitize \
		-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
	ninja -C build && ninja -C build-sanitize
	VMAP_FAULT_LOOP=full meson test -C build-sanitize --suite fault --print-errorlogs \
		--timeout-multiplier 0
	VMAP_FAULT_LOOP=full meson test -C build --suite fault --print-errorlogs \
		--timeout-multiplier 0
# ----- end faultinj -----
