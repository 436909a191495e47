# `make test` is the one command that runs every test on a fresh machine: it installs the
# real servers and browser the live tests use, then runs vet, gofmt and the test suite.
TOOLS ?= $(HOME)/.cache/preloadgen-tools
export PATH := $(TOOLS)/bin:/usr/sbin:$(PATH)
export PRELOADGEN_CADDY ?= $(TOOLS)/bin/caddy

.PHONY: test deps check unit bench fuzz demo npm

test: deps check
	go test -count=1 -timeout 20m ./...
	# The middleware users copy, under concurrent load with the race detector.
	go test -count=1 -race -run 'Concurrent|Behaviour' ./emit/hintmw/

deps:
	bash scripts/install-test-deps.sh

check:
	go vet ./...
	@out="$$(gofmt -l .)"; if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

unit:
	go test -short ./...

bench:
	go test -run '^$$' -bench . -benchmem ./...

# Every fuzz target, one after another, FUZZTIME each (default 10m).
fuzz:
	bash scripts/fuzz-all.sh

demo:
	go run ./cmd/preloadgen analyze fixtures/blog

# The npm packages, the way esbuild ships its binary (npm/build.sh): @preloadgen/<platform>
# for linux, darwin and windows on x64 and arm64, and preloadgen, which depends on them, in
# npm/dist/ with their tarballs. `make npm VERSION=0.3.1` for a release (default: the vX.Y.Z
# tag at HEAD, else 0.0.0-dev); PLATFORMS=linux-x64 builds only that binary. `make test`
# builds and installs the host's only (npm/npm_test.go).
VERSION ?=
npm:
	VERSION="$(VERSION)" bash npm/build.sh

# Rebuild the real generators' sites in corpus/site/ (npm ci + Debian packages; see corpus/README.md).
# Not part of `make test`: the built sites are committed. `make corpus GENS="hugo nextjs"` for some.
.PHONY: corpus
corpus:
	bash corpus/build.sh $(GENS)

# The real-theme benchmark (BENCHMARKS.md, "real themes"): installs three documentation
# sites from pinned Debian packages when missing (Sphinx classic, Sphinx pydata, rustdoc),
# then times build -out and analyze on each, against the Node floor and beasties (npm ci in
# bench/node). SITE=rustdoc for one; PG=path/to/preloadgen to time another binary. The Go
# benchmarks over the same sites: go test -run '^$' -bench RealSites -benchtime 1x -timeout 60m .
.PHONY: bench-realsites
bench-realsites:
	bash scripts/realsites.sh bench $(SITE)
