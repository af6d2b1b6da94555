package site

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"reflect"
	"testing"

	"github.com/sipcodes/sipcodes/internal/content"
)

// sampleIndex is an index shaped as a site's: every page lists the same
// navigation links and some of its own, as the bodies list headings.
func sampleIndex(pages int) index {
	idx := newIndex()
	var nav []string
	for i := range 80 {
		nav = append(nav, fmt.Sprintf("/%d/", 100+i))
	}
	for i := range pages {
		page := fmt.Sprintf("%d/index.html", i)
		body := bodyEntry{
			HTML: object{Pack: "0123456789abcdef0123456789abcdef.pack", Off: int64(i) * 9000, Len: 9000, Sum: uint32(i) * 2654435761},
			Headings: []content.Heading{
				{Level: 2, Text: "What it means", ID: "what-it-means", Line: 7},
				{Level: 2, Text: fmt.Sprintf("Seen with %d", i), ID: fmt.Sprintf("seen-with-%d", i), Line: 19},
			},
			Blocks: []content.Block{{Lang: "sip", Text: fmt.Sprintf("SIP/2.0 %d Something\r\n", i), Section: "What it means", Line: 11, Info: `sip {mark="Warning"}`}},
			Links:  []string{"/486/", fmt.Sprintf("/%d/#x", i+1)},
		}
		idx.Bodies[fmt.Sprintf("%032x", i)] = body
		idx.Pages[page] = pageEntry{
			Key:   fmt.Sprintf("%032x", i+pages),
			HTML:  object{Pack: "fedcba9876543210fedcba9876543210.pack", Off: int64(i) * 16000, Len: 16000, Sum: uint32(i)},
			IDs:   []string{"main", "what-it-means", fmt.Sprintf("seen-with-%d", i)},
			Links: append(append([]string{}, nav...), fmt.Sprintf("/%d/", i+1)),
			Roots: []int{120, 340, 15999},
		}
	}
	idx.Bodies["empty"] = bodyEntry{HTML: object{Pack: "a.pack"}}
	idx.Pages["404.html"] = pageEntry{Key: "k", HTML: object{Pack: "a.pack", Off: 1 << 40}}
	return idx
}

func TestCacheIndexRoundTrip(t *testing.T) {
	idx := sampleIndex(50)
	data := encodeIndex(idx)
	got, err := decodeIndex(data)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, idx) {
		t.Errorf("the decoded index differs from the one encoded")
	}
	if again := encodeIndex(got); !bytes.Equal(again, data) {
		t.Errorf("the same index encodes to other bytes")
	}
	if got, err := decodeIndex(encodeIndex(newIndex())); err != nil || len(got.Pages)+len(got.Bodies) != 0 || got.Pages == nil {
		t.Errorf("an empty index: %v, %v", got, err)
	}
	// Every shorter prefix, and anything after the end, is refused.
	for n := range len(data) {
		if _, err := decodeIndex(data[:n]); err == nil {
			t.Fatalf("the first %d of %d bytes decode", n, len(data))
		}
	}
	if _, err := decodeIndex(append(data, 0)); err == nil {
		t.Errorf("a byte after the end is accepted")
	}
}

// FuzzCacheIndex: no input makes the decoder panic, and what it accepts
// encodes to an index that decodes to the same entries.
func FuzzCacheIndex(f *testing.F) {
	f.Add(encodeIndex(sampleIndex(3)))
	f.Add(encodeIndex(newIndex()))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, data []byte) {
		idx, err := decodeIndex(data)
		if err != nil {
			return
		}
		again, err := decodeIndex(encodeIndex(idx))
		if err != nil || !reflect.DeepEqual(idx, again) {
			t.Fatalf("an accepted index does not survive encoding again: %v", err)
		}
	})
}

// BenchmarkCacheIndex reads and writes the index of 10,000 pages, in this
// encoding and, for comparison, as gob wrote it before.
func BenchmarkCacheIndex(b *testing.B) {
	idx := sampleIndex(10000)
	var gobbed bytes.Buffer
	if err := gob.NewEncoder(&gobbed).Encode(idx); err != nil {
		b.Fatal(err)
	}
	data := encodeIndex(idx)
	b.Run("decode", func(b *testing.B) {
		b.ReportMetric(float64(len(data)), "bytes")
		for b.Loop() {
			if _, err := decodeIndex(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("decode-gob", func(b *testing.B) {
		b.ReportMetric(float64(gobbed.Len()), "bytes")
		for b.Loop() {
			var got index
			if err := gob.NewDecoder(bytes.NewReader(gobbed.Bytes())).Decode(&got); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encode", func(b *testing.B) {
		for b.Loop() {
			encodeIndex(idx)
		}
	})
	b.Run("encode-gob", func(b *testing.B) {
		for b.Loop() {
			var buf bytes.Buffer
			if err := gob.NewEncoder(&buf).Encode(idx); err != nil {
				b.Fatal(err)
			}
		}
	})
}
