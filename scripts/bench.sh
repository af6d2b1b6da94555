#!/usr/bin/env bash
# Builds the same synthetic corpus with sitegen, with Hugo (Debian's hugo and
# the minimal site in bench/hugo) and with goldmark alone, alternating the
# runs, and prints the median wall time and peak memory of each, and the
# ratios. Usage: scripts/bench.sh [PAGES...]   (default: 1000 10000)
#
# Needs hugo (apt-get install --no-install-recommends hugo, or Debian pulls in
# an old Go) and GNU time (apt-get install time). RUNS=5 by default.
#
# The sites are built in BENCH_TMP, /dev/shm by default: on this project's
# machines the disk takes about 1 ms to create a file, 10 s for 10,000 pages
# whoever writes them, and varies from run to run, which would hide the work
# of the generators. BENCH_TMP=/tmp measures on disk.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
runs=${RUNS:-5}
for tool in hugo /usr/bin/time; do
	command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install --no-install-recommends hugo time" >&2; exit 1; }
done

work=$(mktemp -d -p "${BENCH_TMP:-/dev/shm}")
trap 'rm -rf "$work"' EXIT
go build -o "$work/sitegen" ./cmd/sitegen
go build -o "$work/goldmarkonly" ./bench/goldmarkonly
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
printf '%-8s %-12s %10s %12s\n' pages tool "wall (s)" "peak (MiB)"
for n in "${sizes[@]}"; do
	site=$work/src-sitegen-$n hugo=$work/src-hugo-$n
	"$work/corpus" -n "$n" -seed 1 "$site"
	cp -r layouts assets "$site/"
	mkdir -p "$hugo"
	cp -r bench/hugo/. "$hugo/"
	cp -r "$site/content" "$hugo/"
	rm -f "$work"/{sitegen,hugo,goldmark}-"$n"
	for _ in $(seq "$runs"); do
		rm -rf "$site/public" "$hugo/public"
		measure "sitegen-$n" "$work/sitegen" --src "$site" --quiet
		measure "hugo-$n" hugo --source "$hugo" --quiet
		measure "goldmark-$n" "$work/goldmarkonly" "$site"
	done
	for tool in sitegen hugo goldmark; do
		wall[$tool-$n]=$(median "$work/$tool-$n" 1)
		kib[$tool-$n]=$(median "$work/$tool-$n" 2)
		printf '%-8s %-12s %10s %12s\n' "$n" "$tool" "${wall[$tool-$n]}" "$((kib[$tool-$n] / 1024))"
	done
done
echo
for n in "${sizes[@]}"; do
	awk -v n="$n" -v sw="${wall[sitegen-$n]}" -v hw="${wall[hugo-$n]}" -v gw="${wall[goldmark-$n]}" \
		-v sk="${kib[sitegen-$n]}" -v hk="${kib[hugo-$n]}" 'BEGIN {
		printf "%s pages: sitegen/hugo wall %.2fx, peak memory %.2fx; sitegen/goldmark-only wall %.2fx\n", n, sw/hw, sk/hk, sw/gw }'
done
if [ ${#sizes[@]} -ge 2 ]; then
	first=${sizes[0]} last=${sizes[-1]}
	awk -v a="${wall[sitegen-$first]}" -v b="${wall[sitegen-$last]}" -v f="$first" -v l="$last" 'BEGIN { printf "sitegen scaling: %s pages take %.1fx the time of %s pages (%.0fx the pages)\n", l, b/a, f, l/f }'
fi

# Watch mode: from saving a page to its new output on disk, on the first
# size's corpus (sitegen --watch; hugo server writing to disk).
n=${sizes[0]}
page=content/bench/page-00001.md out=public/bench/page-00001/index.html
echo
echo "save → output on disk, $n pages:"
printf '  sitegen --watch:  '
"$work/watchlatency" -dir "$work/src-sitegen-$n" -page "$page" -out "$out" -n 20 -- \
	"$work/sitegen" --watch --addr 127.0.0.1:0 --quiet
printf '  hugo server:      '
"$work/watchlatency" -dir "$work/src-hugo-$n" -page "$page" -out "$out" -n 20 -- \
	hugo server --renderToDisk --bind 127.0.0.1 --port 13999 --disableLiveReload --quiet
