#!/usr/bin/env bash
# Runs every test of the project: formatting, vet, the Go tests with the race
# detector, a check of the real site, then validators on the built site
# (links, HTML, netlify.toml, the CI workflow) and the browser tests.
# Installs what the tests need when it is missing: Debian packages with
# apt-get (as root, or through sudo), npm packages from package-lock.json,
# Go tools from tools/go.mod. This is the README's test command; CI runs
# exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

# Debian packages the tests need, as "command:package"; the missing ones are
# installed in one go.
needs=(gcc:gcc node:nodejs npm:npm shellcheck:shellcheck chromium:chromium)
missing=()
for need in "${needs[@]}"; do
	command -v "${need%%:*}" >/dev/null 2>&1 || missing+=("${need#*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
	sudo=""
	[ "$(id -u)" = 0 ] || sudo="sudo"
	if ! command -v apt-get >/dev/null 2>&1 || { [ -n "$sudo" ] && ! command -v sudo >/dev/null 2>&1; }; then
		echo "missing Debian packages: ${missing[*]}; install them and run again" >&2
		exit 1
	fi
	step "installing ${missing[*]}"
	$sudo apt-get update -qq
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
	step "npm ci"
	npm ci --no-audit --no-fund
fi

step "gofmt"
unformatted=$(gofmt -l cmd internal tools bench)
if [ -n "$unformatted" ]; then
	echo "gofmt would change:" >&2
	echo "$unformatted" >&2
	exit 1
fi

step "go vet"
go vet ./...

step "go test -race"
go test -race -count=1 ./...

step "build the site"
# Every registered code needs a page only while the site asks for it.
grep -qx 'require_all_codes: true' content/_index.md || {
	echo "content/_index.md must set require_all_codes: true, or a missing code page goes unnoticed" >&2
	exit 1
}
# --strict: a warning (a page unreachable from the home page) fails here, not only in review.
go run ./cmd/sitegen --strict

step "htmltest: links and anchors of public/"
(cd tools && go tool htmltest -c ../.htmltest.yml ../public)

step "html-validate: every page of public/"
# html-validate:recommended, except that the minifier writes <!doctype html>
# and the search box lists results in an ARIA listbox (a <select> cannot
# hold links), so prefer-native-element skips that role.
npx html-validate 'public/**/*.html'

step "@netlify/config: netlify.toml"
node scripts/check-netlify-config.mjs

step "actionlint (with shellcheck): .github/workflows"
(cd tools && go tool actionlint -shellcheck "$(command -v shellcheck)" ../.github/workflows/*.yml)
shellcheck scripts/*.sh .ci/run

step "unit tests of the site's scripts (Node)"
node --test tests/unit/

step "browser tests (headless Chromium)"
node --test tests/browser/

step "Lighthouse: home, a class page and a code page, mobile and desktop (every category at least 98)"
node scripts/lighthouse.mjs
