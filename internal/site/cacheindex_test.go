package site

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"reflect"
	"runtime"
	"testing"

	"github.com/sipcodes/sipcodes/internal/content"
)

// sampleIndex is an index of a site of n pages, each with a body.
func sampleIndex(n int) index {
	idx := newIndex()
	obj := func(pack string, i, size int) object {
		return object{Pack: pack, Off: int64(i * size), Len: int64(size), Sum: uint32(i) * 2654435761}
	}
	for i := range n {
		idx.Bodies[fmt.Sprintf("%032x", i)] = bodyEntry{HTML: obj("0123.pack", 2*i, 9000), Meta: obj("0123.pack", 2*i+1, 300)}
		idx.Pages[fmt.Sprintf("%d/index.html", i)] = pageEntry{Key: fmt.Sprintf("%032x", i+n), HTML: obj("4567.pack", 2*i, 16000), Scan: obj("4567.pack", 2*i+1, 900)}
	}
	idx.Pages["404.html"] = pageEntry{Key: "k", HTML: object{Pack: "a.pack", Off: 1 << 40}}
	idx.Pages["a/index.html"] = pageEntry{Key: "o", HTML: object{Len: 9000}, Scan: obj("4567.pack", 1, 900), File: fmt.Sprintf("%032x", n)}
	return idx
}

// sampleBody is what rendering a body of a code page finds.
func sampleBody(i int) *content.Body {
	return &content.Body{
		Headings: []content.Heading{
			{Level: 2, Text: "What it means", ID: "what-it-means", Line: 7},
			{Level: 3, Text: fmt.Sprintf("Seen with %d", i), ID: fmt.Sprintf("seen-with-%d", i), Line: 19},
		},
		Blocks: []content.Block{{Lang: "sip", Text: "SIP/2.0 486 Busy Here\r\nWarning: 399 x \"é\"\r\n", Section: "What it means", Line: 11, Info: `sip {mark="Warning"}`}},
		Links:  []string{"/486/", fmt.Sprintf("/%d/#x", i+1), ""},
	}
}

func sampleScan() pageLinks {
	return pageLinks{ids: map[string]bool{"main": true, "what-it-means": true, "é": true}, order: []string{"main", "what-it-means", "é"}, links: []string{"/", "/486/", "/assets/site.css", "#main"}, roots: []int{120, 340, 15999}}
}

// decodesWhole wants data to decode to want, the same data to come of
// encoding it again, and every shorter prefix, and a byte more, refused.
func decodesWhole[T any](t *testing.T, data []byte, want T, decode func([]byte) (T, error), encode func(T) []byte) {
	t.Helper()
	got, err := decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded %+v, want %+v", got, want)
	}
	if again := encode(got); !bytes.Equal(again, data) {
		t.Errorf("the same value encodes to other bytes")
	}
	for n := range len(data) {
		if _, err := decode(data[:n]); err == nil {
			t.Fatalf("the first %d of %d bytes decode", n, len(data))
		}
	}
	if _, err := decode(append(bytes.Clone(data), 0)); err == nil {
		t.Errorf("a byte after the end is accepted")
	}
}

func TestCacheEncodings(t *testing.T) {
	idx := sampleIndex(50)
	decodesWhole(t, encodeIndex(idx), idx, decodeIndex, encodeIndex)
	body := sampleBody(3)
	decodesWhole(t, encodeBodyMeta(body), body, decodeBodyMeta, encodeBodyMeta)
	decodesWhole(t, encodeBodyMeta(&content.Body{}), &content.Body{}, decodeBodyMeta, encodeBodyMeta)
	scan := sampleScan()
	decodesWhole(t, encodeScan(scan), scan, decodeScan, encodeScan)
	decodesWhole(t, encodeScan(pageLinks{ids: map[string]bool{}}), pageLinks{ids: map[string]bool{}}, decodeScan, encodeScan)
	if got, err := decodeIndex(encodeIndex(newIndex())); err != nil || len(got.Pages)+len(got.Bodies) != 0 || got.Pages == nil || got.Bodies == nil {
		t.Errorf("an empty index: %v, %v", got, err)
	}
}

// reencodes wants what decode accepts to survive encoding and decoding.
func reencodes[T any](t *testing.T, data []byte, decode func([]byte) (T, error), encode func(T) []byte) {
	v, err := decode(data)
	if err != nil {
		return
	}
	again, err := decode(encode(v))
	if err != nil || !reflect.DeepEqual(v, again) {
		t.Fatalf("an accepted encoding does not survive encoding again: %v", err)
	}
}

// FuzzCacheIndex: no input makes the index's decoder panic, and what it
// accepts encodes to an index that decodes to the same entries.
func FuzzCacheIndex(f *testing.F) {
	f.Add(encodeIndex(sampleIndex(3)))
	f.Add(encodeIndex(newIndex()))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, data []byte) { reencodes(t, data, decodeIndex, encodeIndex) })
}

// FuzzCacheObjects: the same of a body's meta object and a page's scan.
func FuzzCacheObjects(f *testing.F) {
	f.Add(encodeBodyMeta(sampleBody(1)))
	f.Add(encodeScan(sampleScan()))
	f.Fuzz(func(t *testing.T, data []byte) {
		reencodes(t, data, decodeBodyMeta, encodeBodyMeta)
		reencodes(t, data, decodeScan, encodeScan)
	})
}

// BenchmarkCacheIndex reads and writes the index of 10,000 pages.
func BenchmarkCacheIndex(b *testing.B) {
	idx := sampleIndex(10000)
	data := encodeIndex(idx)
	b.Run("decode", func(b *testing.B) {
		for b.Loop() {
			if _, err := decodeIndex(data); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(data)), "bytes")
	})
	b.Run("encode", func(b *testing.B) {
		for b.Loop() {
			encodeIndex(idx)
		}
	})
}

// TestHostileCountsAllocateLittle decodes indexes whose counts are as
// large as their length allows, followed by nothing that decodes: the
// decoder must fail without making room for all those entries first
// (a body's or page's entry takes some 100 bytes in its map), and at
// most 16 bytes, a string's header, for each byte of a table.
func TestHostileCountsAllocateLittle(t *testing.T) {
	const n = 1 << 20
	for _, tc := range []struct {
		name string
		head []uint64 // the counts before the filler
		size int      // bytes of filler an entry is worth
		most int      // bytes it may allocate for each byte of it
	}{
		{"strings", []uint64{n}, 1, 20},
		{"bodies", []uint64{0, n}, 9, 4},
		{"pages", []uint64{0, 0, n}, 11, 4},
	} {
		var data []byte
		for _, c := range tc.head {
			data = binary.AppendUvarint(data, c)
		}
		data = append(data, make([]byte, n*tc.size)...)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		if _, err := decodeIndex(data); err == nil {
			t.Fatalf("%s: a hostile index decoded", tc.name)
		}
		runtime.ReadMemStats(&after)
		if got := after.TotalAlloc - before.TotalAlloc; got > uint64(tc.most*len(data)) {
			t.Errorf("%s: decoding %d bytes allocated %d", tc.name, len(data), got)
		}
	}
}
