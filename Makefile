# valuemap: the two commands a newcomer needs are `make demo` and `make check`.
# Both install missing Debian packages first (scripts/install-deps), then build with meson.

BUILD := build
VALUEMAP := $(BUILD)/valuemap

.PHONY: all deps build demo check bench clean fuzz

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
