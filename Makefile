# valuemap: the two commands a newcomer needs are `make demo` and `make check`.
# Both install missing Debian packages first (scripts/install-deps), then build with meson.

BUILD := build
VALUEMAP := $(BUILD)/valuemap
DEMO_MODEL := examples/mental-health-employment/model.yaml

.PHONY: all deps build demo check bench clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja: | deps
	meson setup $(BUILD)

build: deps $(BUILD)/build.ninja
	ninja -C $(BUILD)

demo: build
	$(VALUEMAP) appraise $(DEMO_MODEL) --out out/demo
	@echo
	@echo "outputs in out/demo: summary.json flows.csv agencies.csv matrix.csv"

check: deps
	scripts/check

bench: build
	bench/run

clean:
	rm -rf build build-sanitize out
