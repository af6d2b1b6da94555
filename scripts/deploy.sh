#!/usr/bin/env bash
# Builds the site for its final URL and deploys it with the Netlify CLI.
#
#   scripts/deploy.sh production   build for the site's URL, deploy to production
#   scripts/deploy.sh ALIAS        build for https://ALIAS--SITE.netlify.app, deploy there
#
# Needs NETLIFY_AUTH_TOKEN and NETLIFY_SITE_ID in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:?usage: scripts/deploy.sh production|ALIAS}
: "${NETLIFY_AUTH_TOKEN:?set NETLIFY_AUTH_TOKEN}"
: "${NETLIFY_SITE_ID:?set NETLIFY_SITE_ID}"

# The CLI version is pinned so a deploy never changes under us.
netlify() { npx --yes netlify-cli@27.10.2 "$@"; }

# Ask Netlify for the site's name and main URL, so canonical links, the
# sitemap and the API point at the address the deploy is served from.
site=$(netlify api getSite --data "{\"site_id\": \"$NETLIFY_SITE_ID\"}")
name=$(jq -r .name <<<"$site")
main_url=$(jq -r '.ssl_url // .url' <<<"$site")

if [ "$target" = production ]; then
	base_url=$main_url
else
	base_url="https://$target--$name.netlify.app"
fi

echo "building for $base_url"
go run ./cmd/sitegen --base-url "$base_url"

if [ "$target" = production ]; then
	netlify deploy --prod --dir public --site "$NETLIFY_SITE_ID" --message "main ${GITHUB_SHA:-local}"
else
	netlify deploy --dir public --site "$NETLIFY_SITE_ID" --alias "$target" --message "$target ${GITHUB_SHA:-local}"
fi
echo "deployed: $base_url"
