#!/usr/bin/env bash
# Runs every test of the project: formatting, vet, the Go tests with the race
# detector, and a check of the real site. Installs what the tests need when it
# is missing (on Debian, as root). This is the README's test command; CI runs
# exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

# need CMD PACKAGE: install Debian PACKAGE when CMD is missing.
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		step "installing $2 (for $1)"
		apt-get update -qq
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$2"
	else
		echo "missing $1: install the $2 package (sudo apt-get install $2)" >&2
		exit 1
	fi
}

need go golang-go
need gcc gcc # the race detector needs cgo

step "gofmt"
unformatted=$(gofmt -l $(find . -name '*.go' -not -path './node_modules/*'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change:" >&2
	echo "$unformatted" >&2
	exit 1
fi

step "go vet"
go vet ./...

step "go test -race"
go test -race -count=1 ./...

step "sitegen check (the real site)"
go run ./cmd/sitegen check
