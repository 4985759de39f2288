# zjtx - GNU make entry point.
#
#   make run         install missing packages, build, create the demo database, start
#   make test        install, build and run every test (unit, ASan+UBSan, CLI, corpus replay)
#   make test-quick  unit tests only, normal build
#   make bench       benchmarks, with ratios against their baselines
#   make fuzz        run each libFuzzer target for FUZZ_TIME seconds (clang)
#   make lint        clang-format check, banned calls, cppcheck
#   make web         the browser UI (web/, npm + Vite) into $(BUILD)/web; part of all when node exists
#
# Variables: WERROR=1 (CI), BUILD=dir, SAN=address,undefined, V=1.

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
.SECONDARY:
SHELL := /bin/bash

BUILD    ?= build
SAN      ?=
WERROR   ?=
FUZZ_TIME ?= 20
OPT      ?= -O2

PKGS := sqlite3 libmicrohttpd jansson libargon2 libcrypto libzip expat xlsxwriter
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)

WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith \
        -Wformat=2 -Wvla -Wundef -Wno-format-nonliteral
ifneq ($(WERROR),)
WARN += -Werror
endif

CFLAGS_ALL := -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE $(OPT) -g $(WARN) -Isrc -I$(BUILD)/gen \
              -MMD -MP $(PKG_CFLAGS) $(CFLAGS)
LDLIBS_ALL := $(PKG_LIBS) -lpthread -lm $(LDLIBS)
ifneq ($(SAN),)
CFLAGS_ALL += -fsanitize=$(SAN) -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=$(SAN)
endif

# ---- sources ----
LIB_SRC := $(sort $(wildcard src/base/*.c src/core/*.c src/rule/*.c src/store/*.c \
                             src/io/*.c src/http/*.c src/app/*.c src/cli/cmd_*.c))
MAIN_SRC := src/cli/main.c
EMBED_FILES := $(sort $(wildcard data/*.tsv data/*.txt src/store/sql/sqlite/*.sql criteria/*.zc warnings/*.zc docs/openapi/*.json) docs/openapi.json)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/embedded.o
LIB := $(BUILD)/libzjtx.a
BIN := $(BUILD)/zjtx

UNIT_SRC := $(sort $(wildcard tests/unit/t_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))
BENCH_SRC := $(sort $(wildcard bench/bench_*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
REPLAY_BIN := $(FUZZ_SRC:fuzz/%.c=$(BUILD)/replay/%)

ifeq ($(V),)
Q := @
else
Q :=
endif

.PHONY: all deps run test test-quick unit replay bench fuzz lint clean demo web

# The web UI is built when node is installed (make web says so when it is not).
WEB_TARGET := $(if $(shell command -v node 2>/dev/null),web)

all: $(BIN) $(WEB_TARGET)

deps:
	@scripts/deps.sh

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(Q)$(CC) -O1 -o $@ $<

$(BUILD)/gen/embedded.c: $(EMBED_FILES) $(BUILD)/tools/embed
	@mkdir -p $(@D)
	$(Q)$(BUILD)/tools/embed $@ $(EMBED_FILES)

$(BUILD)/obj/gen/embedded.o: $(BUILD)/gen/embedded.c
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@echo "  CC $<"
	$(Q)$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BIN): $(BUILD)/obj/$(MAIN_SRC:.c=.o) $(LIB)
	@echo "  LD $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/obj/tests/test.o $(LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS_ALL) -Itests $(LDFLAGS) -o $@ $< $(BUILD)/obj/tests/test.o $(LIB) $(LDLIBS_ALL)

# Fuzz targets built as plain programs that replay their corpus (no clang needed).
$(BUILD)/replay/%: fuzz/%.c fuzz/replay.c $(LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $< fuzz/replay.c $(LIB) $(LDLIBS_ALL)

# Benchmarks, built like unit tests (make build/bench/bench_rule).
$(BUILD)/bench/%: bench/%.c $(LIB)
	@mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS_ALL) $(LDFLAGS) -o $@ $< $(LIB) $(LDLIBS_ALL)

unit: $(UNIT_BIN) $(BIN)
replay: $(REPLAY_BIN)

# ---- web UI (web/: Vue + Element Plus + ECharts, built by Vite) ----
# npm ci only when node_modules is missing or older than the lockfile; the
# build only when a source changed. Output: $(BUILD)/web (hashed assets + .gz).
WEB_SRC := $(shell find web/src web/tools -type f 2>/dev/null) web/index.html web/vite.config.js web/package.json
WEB_STAMP := web/node_modules/.package-lock.json

$(WEB_STAMP): web/package-lock.json
	@command -v npm >/dev/null || { echo "web: npm not found (install nodejs and npm)" >&2; exit 1; }
	@echo "  NPM ci web/"
	$(Q)cd web && npm ci --no-audit --no-fund --loglevel=error
	$(Q)touch $@

$(BUILD)/web/index.html: $(WEB_STAMP) $(WEB_SRC)
	@echo "  VITE $(BUILD)/web"
	$(Q)cd web && ZJTX_WEB_OUT=$(abspath $(BUILD))/web node node_modules/vite/bin/vite.js build --logLevel warn

web: $(WEB_STAMP) $(BUILD)/web/index.html

# ---- tests ----
ASAN_BUILD := $(BUILD)/asan

test-quick: deps
	@$(MAKE) --no-print-directory unit
	@prove -e '' $(UNIT_BIN)

test: deps
	@$(MAKE) --no-print-directory unit replay $(WEB_TARGET)
	@$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) SAN=address,undefined OPT=-O1 unit replay
	@ZJTX=$(abspath $(BIN)) BUILD=$(abspath $(BUILD)) ASAN_BUILD=$(abspath $(ASAN_BUILD)) \
	  prove -j2 -e '' $(UNIT_BIN) $(UNIT_BIN:$(BUILD)/%=$(ASAN_BUILD)/%) \
	    tests/fuzz_replay.sh $(sort $(wildcard tests/cli/*.sh tests/cli/*.py tests/api/*.py tests/web/*.sh))

# ---- run ----
DEMO_DB := $(BUILD)/demo.db

run: deps all
	@scripts/run.sh $(BIN) $(DEMO_DB)

# ---- benchmarks, fuzzing, lint ----
bench: deps all
	@scripts/bench.sh

fuzz: deps
	@scripts/fuzz.sh $(FUZZ_TIME)

lint:
	@scripts/lint.sh

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
