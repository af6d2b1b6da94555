package site

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"maps"
	"slices"

	"github.com/sipcodes/sipcodes/internal/content"
)

// The cache's encodings: the index, and the two kinds of object that
// describe what a page body or a page holds.
//
// The index is only keys and where objects lie: what a body's rendering
// found (headings, code blocks, links) and what a page's HTML holds (ids,
// links) are objects in the packs, beside the HTML, read by the build's
// workers on all cores as they need them. Held in the index, as gob
// wrote it at first, they made it 15 MB at 10,000 pages (every page's
// navigation links again), which one core decoded in 134 ms before a warm
// build could start and encoded in 270 ms after an edit; now the index is
// about 1.3 MB.
//
// The index, after its magic and version lines:
//
//	uvarint count, then each string: uvarint length, bytes
//	uvarint count of bodies, then each: key, HTML object, meta object
//	uvarint count of pages, then each: file, key, HTML object, scan object,
//	    and the SHA-256 of the page's file (a string, empty for a page in a pack)
//
// where a key or file is its uvarint number in the table (pack names
// repeat), and an object its pack (a number in the table), offset, length
// and CRC-32C. Entries are written in the order of their keys, so the same
// index is always the same bytes. Decoding checks every count and number
// against what is left, and the counts of entries make room for at most
// maxHint of them ahead (more grow as they come), so no input makes it
// panic or allocate more than 16 bytes for each of its own: a string of
// the table, its header, is at least a byte long (FuzzCacheIndex,
// FuzzCacheObjects, TestHostileCountsAllocateLittle).

// maxHint is the most entries a count in the index makes room for before
// they are read: a true index of 20,000 pages, while a hostile one of 9
// bytes an entry made a map of 24 times its size.
const maxHint = 1 << 16

// encodeIndex returns the encoding of idx.
func encodeIndex(idx index) []byte {
	e := encoder{nums: map[string]uint64{}}
	for _, key := range slices.Sorted(maps.Keys(idx.Bodies)) {
		b := idx.Bodies[key]
		e.ref(key)
		e.object(b.HTML)
		e.object(b.Meta)
	}
	bodies := e.out
	e.out = nil
	for _, file := range slices.Sorted(maps.Keys(idx.Pages)) {
		p := idx.Pages[file]
		e.ref(file)
		e.ref(p.Key)
		e.object(p.HTML)
		e.object(p.Scan)
		e.str(p.File)
	}
	out := binary.AppendUvarint(nil, uint64(len(e.table)))
	for _, s := range e.table {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	out = binary.AppendUvarint(out, uint64(len(idx.Bodies)))
	out = append(out, bodies...)
	out = binary.AppendUvarint(out, uint64(len(idx.Pages)))
	return append(out, e.out...)
}

// decodeIndex reads what encodeIndex wrote.
func decodeIndex(data []byte) (index, error) {
	d := newDecoder(data)
	n := d.count(1)
	d.table = make([]string, 0, n)
	for range n {
		d.table = append(d.table, d.str())
	}
	// An entry is at least 9 or 11 bytes: no count can be more than the
	// bytes left divided by that.
	nb := d.count(9)
	idx := index{Bodies: make(map[string]bodyEntry, min(nb, maxHint))}
	for range nb {
		key := d.ref()
		b := bodyEntry{HTML: d.object(), Meta: d.object()}
		if d.err != nil {
			break
		}
		idx.Bodies[key] = b
	}
	np := d.count(11)
	idx.Pages = make(map[string]pageEntry, min(np, maxHint))
	for range np {
		file := d.ref()
		p := pageEntry{Key: d.ref(), HTML: d.object(), Scan: d.object(), File: d.str()}
		if p.File != "" && len(p.File) != sha256.Size {
			d.err = errIndex
		}
		if d.err != nil {
			break
		}
		idx.Pages[file] = p
	}
	if err := d.end(); err != nil {
		return index{}, err
	}
	return idx, nil
}

// encodeBodyMeta is the meta object of a body: what its rendering found.
func encodeBodyMeta(b *content.Body) []byte {
	var e encoder
	e.uint(uint64(len(b.Headings)))
	for _, h := range b.Headings {
		e.uint(uint64(h.Level))
		e.str(h.Text)
		e.str(h.ID)
		e.uint(uint64(h.Line))
	}
	e.uint(uint64(len(b.Blocks)))
	for _, bl := range b.Blocks {
		e.str(bl.Lang)
		e.str(bl.Text)
		e.str(bl.Section)
		e.uint(uint64(bl.Line))
		e.str(bl.Info)
	}
	e.strs(b.Links)
	return e.out
}

// decodeBodyMeta reads what encodeBodyMeta wrote, into a body without its
// HTML.
func decodeBodyMeta(data []byte) (*content.Body, error) {
	d := newDecoder(data)
	b := &content.Body{}
	if n := d.count(4); n > 0 {
		b.Headings = make([]content.Heading, n)
		for i := range b.Headings {
			b.Headings[i] = content.Heading{Level: d.int(), Text: d.str(), ID: d.str(), Line: d.int()}
		}
	}
	if n := d.count(5); n > 0 {
		b.Blocks = make([]content.Block, n)
		for i := range b.Blocks {
			b.Blocks[i] = content.Block{Lang: d.str(), Text: d.str(), Section: d.str(), Line: d.int(), Info: d.str()}
		}
	}
	b.Links = d.strs()
	return b, d.end()
}

// encodeScan is the scan object of a page: what scanHTML found in its
// HTML, the ids in the order of the page.
func encodeScan(pl pageLinks) []byte {
	var e encoder
	e.strs(pl.order)
	e.strs(pl.links)
	e.uint(uint64(len(pl.roots)))
	for _, r := range pl.roots {
		e.uint(uint64(r))
	}
	return e.out
}

// decodeScan reads what encodeScan wrote.
func decodeScan(data []byte) (pageLinks, error) {
	d := newDecoder(data)
	ids := d.strs()
	pl := pageLinks{ids: make(map[string]bool, len(ids)), order: ids, links: d.strs()}
	for _, id := range ids {
		pl.ids[id] = true
	}
	if n := d.count(1); n > 0 {
		pl.roots = make([]int, n)
		for i := range pl.roots {
			pl.roots[i] = d.int()
		}
	}
	return pl, d.end()
}

// encoder appends uvarints and strings to out; a string is written in
// place, or, through ref, as its number in a table of the strings seen.
type encoder struct {
	out   []byte
	nums  map[string]uint64
	table []string
}

func (e *encoder) uint(v uint64) { e.out = binary.AppendUvarint(e.out, v) }

func (e *encoder) str(s string) {
	e.uint(uint64(len(s)))
	e.out = append(e.out, s...)
}

func (e *encoder) strs(list []string) {
	e.uint(uint64(len(list)))
	for _, s := range list {
		e.str(s)
	}
}

func (e *encoder) ref(s string) {
	n, ok := e.nums[s]
	if !ok {
		n = uint64(len(e.table))
		e.nums[s] = n
		e.table = append(e.table, s)
	}
	e.uint(n)
}

func (e *encoder) object(o object) {
	e.ref(o.Pack)
	e.uint(uint64(o.Off))
	e.uint(uint64(o.Len))
	e.uint(uint64(o.Sum))
}

var errIndex = errors.New("the index is corrupt")

// decoder reads what an encoder wrote. Its first problem sticks, and every
// read after it returns zero. The strings it returns share one copy of
// the data, made at the start: one allocation, not one per string.
type decoder struct {
	data  []byte
	all   string // data, as a string
	pos   int
	table []string
	err   error
}

func newDecoder(data []byte) *decoder { return &decoder{data: data, all: string(data)} }

// end reports the first problem, or bytes left after the end.
func (d *decoder) end() error {
	if d.err == nil && d.pos != len(d.data) {
		d.err = errIndex
	}
	return d.err
}

func (d *decoder) uint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.data[d.pos:])
	if n <= 0 {
		d.err = errIndex
		return 0
	}
	d.pos += n
	return v
}

// count reads a count of items of at least size bytes each.
func (d *decoder) count(size int) uint64 {
	v := d.uint()
	if v > uint64((len(d.data)-d.pos)/size) {
		d.err = errIndex
		return 0
	}
	return v
}

// int reads a number that an int holds on every platform.
func (d *decoder) int() int {
	v := d.uint()
	if v > 1<<31-1 {
		d.err = errIndex
		return 0
	}
	return int(v)
}

func (d *decoder) str() string {
	n := int(d.count(1))
	if d.err != nil {
		return ""
	}
	s := d.all[d.pos : d.pos+n]
	d.pos += n
	return s
}

func (d *decoder) strs() []string {
	n := d.count(1)
	if n == 0 {
		return nil
	}
	list := make([]string, n)
	for i := range list {
		list[i] = d.str()
	}
	return list
}

func (d *decoder) ref() string {
	v := d.uint()
	if v >= uint64(len(d.table)) {
		d.err = errIndex
		return ""
	}
	return d.table[v]
}

func (d *decoder) object() object {
	o := object{Pack: d.ref()}
	off, l, sum := d.uint(), d.uint(), d.uint()
	if off > 1<<62 || l > MaxSourceSize || sum > 1<<32-1 {
		d.err = errIndex
	}
	o.Off, o.Len, o.Sum = int64(off), int64(l), uint32(sum)
	return o
}
