#!/bin/sh
# Draws the site's PNG icons and Open Graph images into content/, where the
# build copies them as they are: apple-touch-icon.png (180×180), the web app
# manifest's icons (192, 512, and a maskable 512 whose mark keeps inside
# the central 80% circle), and one 1200×630 og:image per kind of page
# (internal/sip/discovery.go names them). Each is an SVG rendered by
# Debian's Chromium with a fixed window size, scale factor and font
# (DejaVu Sans), so reruns on one Chromium give the same pixels. The
# images are committed; run this again only to change them, and look at
# the result.
set -eu
cd "$(dirname "$0")/.."
out=content
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out/icons" "$out/og"

blue='#1f5fbf'
font="font-family='DejaVu Sans' font-weight='700'"

# render W H FILE SVG: FILE is SVG drawn on a transparent W×H page.
render() {
	w=$1 h=$2 file=$3 svg=$4
	printf '<!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0;background:transparent}svg{display:block}</style></head><body>%s</body></html>\n' "$svg" >"$tmp/page.html"
	chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
		--disable-component-update --no-first-run --hide-scrollbars \
		--force-device-scale-factor=1 --default-background-color=00000000 \
		--window-size="$w,$h" --screenshot="$tmp/shot.png" "file://$tmp/page.html" >/dev/null 2>&1
	mv "$tmp/shot.png" "$file"
	echo "$file"
}

# mark S R: the "SIP" mark of assets/icon.svg on an S×S square with
# corner radius R, the text at 3/8 of the size.
mark() {
	s=$1 r=$2 size=$(($1 * 3 / 8)) y=$(($1 * 21 / 32))
	printf "<svg xmlns='http://www.w3.org/2000/svg' width='%s' height='%s'><rect width='%s' height='%s' rx='%s' fill='%s'/><text x='%s' y='%s' %s font-size='%s' text-anchor='middle' fill='#fff'>SIP</text></svg>" \
		"$s" "$s" "$s" "$s" "$r" "$blue" $(($1 / 2)) "$y" "$font" "$size"
}

render 180 180 "$out/apple-touch-icon.png" "$(mark 180 0)" # iOS rounds the corners itself
render 192 192 "$out/icons/icon-192.png" "$(mark 192 36)"
render 512 512 "$out/icons/icon-512.png" "$(mark 512 96)"
# Maskable: full bleed, the text small enough for the safe circle.
render 512 512 "$out/icons/maskable-512.png" "<svg xmlns='http://www.w3.org/2000/svg' width='512' height='512'><rect width='512' height='512' fill='$blue'/><text x='256' y='300' $font font-size='136' text-anchor='middle' fill='#fff'>SIP</text></svg>"

# og KIND TITLE LINE1 LINE2: a 1200×630 card, the mark, the site's name,
# what this kind of page answers.
og() {
	render 1200 630 "$out/og/$1.png" "<svg xmlns='http://www.w3.org/2000/svg' width='1200' height='630'>
<rect width='1200' height='630' fill='#ffffff'/><rect width='1200' height='24' fill='$blue'/>
<rect x='80' y='104' width='160' height='160' rx='30' fill='$blue'/><text x='160' y='209' $font font-size='60' text-anchor='middle' fill='#fff'>SIP</text>
<text x='280' y='170' font-family='DejaVu Sans' font-size='40' fill='#57606a'>SIP response codes</text>
<text x='280' y='240' $font font-size='64' fill='#1b1f24'>$2</text>
<text x='80' y='420' font-family='DejaVu Sans' font-size='38' fill='#1b1f24'>$3</text>
<text x='80' y='480' font-family='DejaVu Sans' font-size='38' fill='#1b1f24'>$4</text>
<text x='80' y='570' font-family='DejaVu Sans' font-size='30' fill='#57606a'>RFC sections · Q.850 causes · what platforms send</text></svg>"
}

og home 'Every code explained' 'What it means, whose side is at fault,' 'and what to do now, mid-incident.'
og code 'A response code' 'What it means, whose side is at fault,' 'how to fix it, and an example response.'
og class 'A response class' 'What the class means, and how an unknown' 'code of the class is treated.'
og cause 'Q.850 causes' 'What each cause means, how RFC 3398 maps it' 'to SIP and back, and what platforms send.'
og wild 'Seen in the wild' 'Codes and phrases real traces carry' 'that no registry lists.'
og explain 'Explain a trace' 'Paste a SIP message or a trace: it is explained' 'in your browser, and nothing is sent.'
og page 'A reference page' 'SIP for the middle of an incident:' 'plain words, the exact RFC section.'
