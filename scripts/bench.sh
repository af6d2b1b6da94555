#!/usr/bin/env bash
# Builds the same synthetic corpora with sitegen, with Hugo (Debian's hugo
# and the minimal site in bench/hugo) and with the floor (bench/floor: read
# every page, goldmark on every core, write every page, nothing else),
# alternating the runs, and prints the median wall time and peak memory of
# each and the ratios sitegen/floor and sitegen/Hugo.
#
#   scripts/bench.sh [PAGES...]        default: 1000 10000
#   SHAPES="codes prose" RUNS=5        the corpus shapes (internal/corpus) and runs
#
# Every timed build is cold (no cache of sitegen's survives between runs)
# and goes into the output folder an untimed first build made, as a user's
# build does; the floor writes into a fresh folder each time, the least a
# build can do. Warm builds (a persistent cache) do not exist yet.
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
	echo "$(((end - start) / 1000000)) $(cat "$work/last")" | awk '{printf "%.3f %s\n", $1 / 1000, $2}' >>"$work/$name"
}

# median FILE COLUMN
median() { sort -n -k"$2","$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {print v[int((NR+1)/2)]}'; }

declare -A wall kib
printf '%-6s %-8s %-8s %10s %12s\n' shape pages tool "wall (s)" "peak (MiB)"
for shape in "${shapes[@]}"; do
	for n in "${sizes[@]}"; do
		key=$shape-$n site=$work/src-sitegen-$key hugo=$work/src-hugo-$key
		"$work/corpus" -shape "$shape" -n "$n" -seed 1 "$site"
		cp -r layouts assets "$site/"
		mkdir -p "$hugo"
		cp -r bench/hugo/. "$hugo/"
		cp -r "$site/content" "$hugo/"
		# The untimed first builds that make the output folders.
		"$work/sitegen" --src "$site" --quiet
		hugo --source "$hugo" --quiet >/dev/null
		for _ in $(seq "$runs"); do
			measure "sitegen-$key" "$work/sitegen" --src "$site" --quiet
			measure "hugo-$key" hugo --source "$hugo" --quiet
			rm -rf "$work/floor-out"
			measure "floor-$key" "$work/floor" "$site" "$work/floor-out"
		done
		for tool in sitegen hugo floor; do
			wall[$tool-$key]=$(median "$work/$tool-$key" 1)
			kib[$tool-$key]=$(median "$work/$tool-$key" 2)
			printf '%-6s %-8s %-8s %10s %12s\n' "$shape" "$n" "$tool" "${wall[$tool-$key]}" "$((kib[$tool-$key] / 1024))"
		done
	done
done
echo
echo "cold builds into an existing output folder (medians of $runs alternating runs):"
for shape in "${shapes[@]}"; do
	for n in "${sizes[@]}"; do
		key=$shape-$n
		awk -v s="$shape" -v n="$n" -v sw="${wall[sitegen-$key]}" -v hw="${wall[hugo-$key]}" -v fw="${wall[floor-$key]}" \
			-v sk="${kib[sitegen-$key]}" -v hk="${kib[hugo-$key]}" 'BEGIN {
			printf "  %s, %s pages: sitegen/floor %.2fx, sitegen/hugo %.2fx wall, %.2fx peak memory\n", s, n, sw/fw, sw/hw, sk/hk }'
	done
done
echo "warm builds: n/a (sitegen has no persistent cache yet)"

# Watch mode: from saving a page to its new output on disk, on the first
# size's codes corpus (sitegen --watch; hugo server writing to disk). The
# output is removed first, so the edits wait for the server's own first
# build (watchlatency).
n=${sizes[0]}
[[ " ${shapes[*]} " == *" codes "* ]] || exit 0
page=content/bench/page-00001.md out=public/bench/page-00001/index.html
echo
echo "save → output on disk, $n pages (codes):"
printf '  sitegen --watch:  '
"$work/watchlatency" -dir "$work/src-sitegen-codes-$n" -page "$page" -out "$out" -n 20 -- \
	"$work/sitegen" --watch --addr 127.0.0.1:0 --quiet
printf '  hugo server:      '
"$work/watchlatency" -dir "$work/src-hugo-codes-$n" -page "$page" -out "$out" -n 20 -- \
	hugo server --renderToDisk --bind 127.0.0.1 --port 13999 --disableLiveReload --quiet
