#!/usr/bin/env bash
# Builds the same synthetic corpora with sitegen, with Hugo (Debian's hugo
# and the minimal site in bench/hugo) and with the floor (bench/floor: read
# every page, goldmark on every core, write every page, nothing else),
# alternating the runs, and prints the median wall time and peak memory of
# each, the ratios sitegen/floor and sitegen/Hugo, and the same as Markdown
# tables for the README.
#
#   scripts/bench.sh [PAGES...]        default: 1000 10000
#   SHAPES="codes prose" RUNS=5        the corpus shapes (internal/corpus) and runs
#   WATCH_EDITS=20                     timed saves per watch-mode measurement
#
# Every sitegen build goes into the output folder that an untimed first
# build made, as a user's build does. Each run builds, in turn:
#
#   cold       the cache removed first: the build renders everything and
#              writes its cache (.sitegen-cache), as a first build or CI
#              without a kept cache does
#   no-cache   --no-cache: the same, reading and writing no cache
#   warm       a second build, nothing changed since the last one
#   warm-edit  one page's body changed since the last build
#
# and Hugo, cold (it keeps no page cache), and the floor, into a fresh
# folder, right after the cold build. Then, for the
# codes shape at every size: from saving a page to its new output on
# disk, sitegen --watch and hugo server side by side (bench/watchlatency
# waits for each server's first build and a first, untimed edit before
# it times any).
#
# Needs hugo (apt-get install --no-install-recommends hugo, or Debian pulls in
# an old Go) and GNU time (apt-get install time).
#
# The sites are built in BENCH_TMP, /dev/shm by default: on this project's
# machines the disk takes about 1 ms to create a file, 10 s for 10,000 pages
# whoever writes them, and varies from run to run, which would hide the work
# of the generators. BENCH_TMP=/tmp measures on disk.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
read -r -a shapes <<<"${SHAPES:-codes prose}"
runs=${RUNS:-5}
edits=${WATCH_EDITS:-20}
for tool in hugo /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install --no-install-recommends hugo time" >&2; exit 1; }
done

work=$(mktemp -d -p "${BENCH_TMP:-/dev/shm}")
trap 'rm -rf "$work"' EXIT
go build -o "$work/sitegen" ./cmd/sitegen
go build -o "$work/floor" ./bench/floor
go build -o "$work/corpus" ./cmd/corpus
go build -o "$work/watchlatency" ./bench/watchlatency

# measure NAME CMD...: run once, append "wall_seconds peak_kib" to $work/NAME.
# The wall time is taken with nanosecond clocks around the command (GNU
# time's own has a resolution of 10 ms, a seventh of a 1,000-page build).
measure() {
	local name=$1 start end
	shift
	start=$(date +%s%N)
	/usr/bin/time -f '%M' -o "$work/last" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
	end=$(date +%s%N)
	if [ -s "$work/stderr" ]; then
		echo "$name: unexpected output:" >&2
		cat "$work/stderr" >&2
		exit 1
	fi
	echo "$(((end - start) / 1000000)) $(cat "$work/last")" | awk '{printf "%.3f %s\n", $1 / 1000, $2}' >>"$work/$name"
}

# median FILE COLUMN
median() { sort -n -k"$2","$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {print v[int((NR+1)/2)]}'; }

# thousands N: N with thousands separators (10000 → 10,000).
thousands() { printf '%s' "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

# cell KEY: "0.248 s, 42 MiB" for a build's medians.
cell() { printf '%s s, %s MiB' "${wall[$1]}" "$(thousands $((kib[$1] / 1024)))"; }

# ratio A B: A/B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

# spread NAME: the fastest and slowest wall time of NAME's runs, "1.90–3.04 s".
spread() { sort -n "$work/$1" | awk 'NR == 1 {lo = $1} {hi = $1} END {printf "%.2f–%.2f s", lo, hi}'; }

builds=(cold no-cache warm warm-edit hugo floor)
declare -A wall kib cache label=(
	[cold]="sitegen, cold" [no-cache]="sitegen --no-cache" [warm]="sitegen, warm"
	[warm-edit]="sitegen, warm, 1 edit" [hugo]="hugo" [floor]="floor")
printf '%-6s %-8s %-22s %10s %12s\n' shape pages build "wall (s)" "peak (MiB)"
for shape in "${shapes[@]}"; do
	for n in "${sizes[@]}"; do
		key=$shape-$n site=$work/src-sitegen-$key hugo=$work/src-hugo-$key
		"$work/corpus" -shape "$shape" -n "$n" -seed 1 "$site"
		cp -r layouts assets "$site/"
		mkdir -p "$hugo"
		cp -r bench/hugo/. "$hugo/"
		cp -r "$site/content" "$hugo/"
		# The page that warm-edit changes, and watch mode edits.
		page=$(cd "$site" && find content -name '*.md' ! -name _index.md | LC_ALL=C sort | sed -n 1p)
		cp "$site/$page" "$work/page-$key.md"
		# The untimed first builds that make the output folders.
		"$work/sitegen" --src "$site" --quiet
		hugo --source "$hugo" --quiet >/dev/null
		for r in $(seq "$runs"); do
			# The floor right after the cold build it is set against.
			rm -rf "$site/.sitegen-cache"
			measure "cold-$key" "$work/sitegen" --src "$site" --quiet
			rm -rf "$work/floor-out"
			measure "floor-$key" "$work/floor" "$site" "$work/floor-out"
			measure "no-cache-$key" "$work/sitegen" --src "$site" --quiet --no-cache
			measure "warm-$key" "$work/sitegen" --src "$site" --quiet
			{ cat "$work/page-$key.md"; printf '\nEdited before run %s.\n' "$r"; } >"$site/$page"
			measure "warm-edit-$key" "$work/sitegen" --src "$site" --quiet
			measure "hugo-$key" hugo --source "$hugo" --quiet
		done
		cp "$work/page-$key.md" "$site/$page"
		cache[$key]=$(du -sk "$site/.sitegen-cache" | cut -f1)
		for b in "${builds[@]}"; do
			wall[$b-$key]=$(median "$work/$b-$key" 1)
			kib[$b-$key]=$(median "$work/$b-$key" 2)
			printf '%-6s %-8s %-22s %10s %12s\n' "$shape" "$n" "${label[$b]}" "${wall[$b-$key]}" "$((kib[$b-$key] / 1024))"
		done
	done
done

echo
echo "medians of $runs alternating runs (and the fastest and slowest run); sitegen builds into an existing output folder:"
for shape in "${shapes[@]}"; do
	for n in "${sizes[@]}"; do
		k=$shape-$n
		echo "  $shape, $n pages:"
		h=${wall[hugo-$k]}
		echo "    cold:  sitegen/floor $(ratio "${wall[cold-$k]}" "${wall[floor-$k]}")x (--no-cache $(ratio "${wall[no-cache-$k]}" "${wall[floor-$k]}")x)," \
			"sitegen/hugo $(ratio "${wall[cold-$k]}" "$h")x wall, $(ratio "${kib[cold-$k]}" "${kib[hugo-$k]}")x peak memory;" \
			"writing the cache: $(ratio "${wall[cold-$k]}" "${wall[no-cache-$k]}")x the time of --no-cache"
		echo "    runs:  cold $(spread "cold-$k"), --no-cache $(spread "no-cache-$k"), floor $(spread "floor-$k"), hugo $(spread "hugo-$k")"
		echo "    warm:  nothing changed $(ratio "${wall[warm-$k]}" "$h")x hugo's cold build," \
			"one page changed $(ratio "${wall[warm-edit-$k]}" "$h")x; cache $(thousands $((cache[$k] / 1024))) MiB on disk"
	done
done

declare -A latency=()
for n in "${sizes[@]}"; do
	[[ " ${shapes[*]} " == *" codes "* ]] || break
	key=codes-$n
	page=$(cd "$work/src-sitegen-$key" && find content -name '*.md' ! -name _index.md | LC_ALL=C sort | sed -n 1p)
	rel=${page#content/}
	out=public/${rel%.md}/index.html
	echo
	echo "save → output on disk, $n pages (codes), $edits edits:"
	printf '  sitegen --watch:  '
	latency[sitegen-$n]=$("$work/watchlatency" -dir "$work/src-sitegen-$key" -page "$page" -out "$out" -n "$edits" \
		-url "http://127.0.0.1:13998/${rel%.md}/" -- \
		"$work/sitegen" --watch --addr 127.0.0.1:13998 --quiet)
	echo "${latency[sitegen-$n]}"
	printf '  hugo server:      '
	latency[hugo-$n]=$("$work/watchlatency" -dir "$work/src-hugo-$key" -page "$page" -out "$out" -n "$edits" \
		-url "http://127.0.0.1:13999/${rel%.md}/" -- \
		hugo server --renderToDisk --bind 127.0.0.1 --port 13999 --disableLiveReload --quiet)
	echo "${latency[hugo-$n]}"
done

# The same, as the README's tables.
echo
echo "| shape, pages | sitegen, cold | sitegen --no-cache | Hugo | floor | sitegen / floor (--no-cache) | sitegen / Hugo |"
echo "|---|---|---|---|---|---|---|"
for shape in "${shapes[@]}"; do
	for n in "${sizes[@]}"; do
		k=$shape-$n
		echo "| $shape, $(thousands "$n") | $(cell "cold-$k") | $(cell "no-cache-$k") | $(cell "hugo-$k") | $(cell "floor-$k") |" \
			"$(ratio "${wall[cold-$k]}" "${wall[floor-$k]}")× ($(ratio "${wall[no-cache-$k]}" "${wall[floor-$k]}")×) | $(ratio "${wall[cold-$k]}" "${wall[hugo-$k]}")× time, $(ratio "${kib[cold-$k]}" "${kib[hugo-$k]}")× memory |"
	done
done
echo
echo "| shape, pages | sitegen, warm: nothing changed | warm: one page changed | / Hugo's cold build | cache on disk |"
echo "|---|---|---|---|---|"
for shape in "${shapes[@]}"; do
	for n in "${sizes[@]}"; do
		k=$shape-$n
		echo "| $shape, $(thousands "$n") | $(cell "warm-$k") | $(cell "warm-edit-$k") |" \
			"$(ratio "${wall[warm-$k]}" "${wall[hugo-$k]}")×, $(ratio "${wall[warm-edit-$k]}" "${wall[hugo-$k]}")× | $(thousands $((cache[$k] / 1024))) MiB |"
	done
done
if [ ${#latency[@]} -gt 0 ]; then
	echo
	echo "| pages (codes) | sitegen --watch | hugo server |"
	echo "|---|---|---|"
	for n in "${sizes[@]}"; do
		med() { sed -n 's/.*median \([^,]*\),.*/\1/p' <<<"$1"; }
		echo "| $(thousands "$n") | $(med "${latency[sitegen-$n]}") | $(med "${latency[hugo-$n]}") |"
	done
fi
