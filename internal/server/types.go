package server

import "strings"

// contentTypes maps file extensions to the Content-Type a static host sends
// for them. It is a table, not mime.TypeByExtension, because that one reads
// the machine's /etc/mime.types and answers differently from one machine to
// the next; with X-Content-Type-Options: nosniff a wrong answer breaks the
// page (a font or a module that the browser refuses).
var contentTypes = map[string]string{
	// Pages, styles, scripts and data.
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".jsonld":      "application/ld+json",
	".webmanifest": "application/manifest+json",
	".xml":         "application/xml",
	".rss":         "application/rss+xml",
	".atom":        "application/atom+xml",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".wasm":        "application/wasm",

	// Images.
	".svg":  "image/svg+xml",
	".png":  "image/png",
	".apng": "image/apng",
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".gif":  "image/gif",
	".webp": "image/webp",
	".avif": "image/avif",
	".ico":  "image/x-icon",
	".bmp":  "image/bmp",

	// Fonts.
	".woff2": "font/woff2",
	".woff":  "font/woff",
	".ttf":   "font/ttf",
	".otf":   "font/otf",

	// Audio and video.
	".mp4":  "video/mp4",
	".webm": "video/webm",
	".ogv":  "video/ogg",
	".mp3":  "audio/mpeg",
	".m4a":  "audio/mp4",
	".ogg":  "audio/ogg",
	".opus": "audio/ogg",
	".wav":  "audio/wav",
	".flac": "audio/flac",
	".vtt":  "text/vtt; charset=utf-8",

	// Documents and archives.
	".pdf": "application/pdf",
	".zip": "application/zip",
	".gz":  "application/gzip",
}

// contentType returns the Content-Type for a file with extension ext
// (".JPG" as ".jpg"), or application/octet-stream for one not in the table.
func contentType(ext string) string {
	if ct, ok := contentTypes[strings.ToLower(ext)]; ok {
		return ct
	}
	return "application/octet-stream"
}
