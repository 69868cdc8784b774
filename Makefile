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
	rm -rf build build-sanitize build-fuzz build-mpi out

# Coverage-guided fuzzing of the parsers with libFuzzer (clang), a minute each.
fuzz:
	@scripts/install-deps fuzz
	[ -f build-fuzz/build.ninja ] || CC=clang meson setup build-fuzz -Dfuzz=true \
		-Db_sanitize=address,undefined -Db_lundef=false
	ninja -C build-fuzz
	for h in build-fuzz/fuzz/fuzz_*; do [ -x "$$h" ] || continue; n=$${h##*/fuzz_}; \
		mkdir -p out/fuzz/$$n; $$h -max_total_time=60 out/fuzz/$$n fuzz/corpus/$$n || exit 1; done

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
