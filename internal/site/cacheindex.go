package site

import (
	"encoding/binary"
	"errors"
	"maps"
	"slices"

	"github.com/sipcodes/sipcodes/internal/content"
)

// The index's own encoding, after its magic and version lines.
//
// Every page of a site lists much the same links (the navigation, the
// footer), and a body's headings and a page's ids repeat the same words,
// so the index first holds a table of strings, each once, and the entries
// then name strings by their number. For the 10,000 pages of the codes
// corpus (cmd/corpus) the index is 6.0 MB where gob wrote 15.0 MB, and a
// warm build opens it in half the time (70 ms, not 134 ms); gob wrote
// every string of every entry again and decoded each through reflection.
// BenchmarkCacheIndex compares the two on a synthetic index.
//
//	uvarint count, then each string: uvarint length, bytes
//	uvarint count of bodies, then each: key, object, headings, blocks, links
//	uvarint count of pages, then each: file, key, object, ids, links, roots
//
// where a string is its uvarint number in the table, a list is a uvarint
// count and its items, and an object is its pack, offset, length and
// CRC-32C. Entries are written in the order of their keys, so the same
// index is always the same bytes. Decoding checks every count and number
// against what is left, so no input makes it panic or allocate more than
// the input's size (FuzzCacheIndex).

// encodeIndex returns the encoding of idx.
func encodeIndex(idx index) []byte {
	var e indexEncoder
	e.nums = map[string]uint64{}
	var body []byte
	e.out = &body
	for _, key := range slices.Sorted(maps.Keys(idx.Bodies)) {
		b := idx.Bodies[key]
		e.str(key)
		e.object(b.HTML)
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
	}
	bodies := body
	body = nil
	for _, file := range slices.Sorted(maps.Keys(idx.Pages)) {
		p := idx.Pages[file]
		e.str(file)
		e.str(p.Key)
		e.object(p.HTML)
		e.strs(p.IDs)
		e.strs(p.Links)
		e.uint(uint64(len(p.Roots)))
		for _, r := range p.Roots {
			e.uint(uint64(r))
		}
	}
	out := binary.AppendUvarint(nil, uint64(len(e.table)))
	for _, s := range e.table {
		out = binary.AppendUvarint(out, uint64(len(s)))
		out = append(out, s...)
	}
	out = binary.AppendUvarint(out, uint64(len(idx.Bodies)))
	out = append(out, bodies...)
	out = binary.AppendUvarint(out, uint64(len(idx.Pages)))
	return append(out, body...)
}

type indexEncoder struct {
	nums  map[string]uint64
	table []string
	out   *[]byte
}

func (e *indexEncoder) uint(v uint64) { *e.out = binary.AppendUvarint(*e.out, v) }

func (e *indexEncoder) str(s string) {
	n, ok := e.nums[s]
	if !ok {
		n = uint64(len(e.table))
		e.nums[s] = n
		e.table = append(e.table, s)
	}
	e.uint(n)
}

func (e *indexEncoder) strs(list []string) {
	e.uint(uint64(len(list)))
	for _, s := range list {
		e.str(s)
	}
}

func (e *indexEncoder) object(o object) {
	e.str(o.Pack)
	e.uint(uint64(o.Off))
	e.uint(uint64(o.Len))
	e.uint(uint64(o.Sum))
}

var errIndex = errors.New("the index is corrupt")

// decodeIndex reads what encodeIndex wrote.
func decodeIndex(data []byte) (index, error) {
	d := indexDecoder{data: data}
	// One string holds every string of the table, so the table costs one
	// allocation, not one per string.
	n := d.count(1)
	d.table = make([]string, 0, n)
	start := d.pos
	spans := make([][2]int, 0, n)
	for range n {
		l := d.count(1)
		if d.err != nil {
			break
		}
		spans = append(spans, [2]int{d.pos, d.pos + int(l)})
		d.pos += int(l)
	}
	if d.err != nil {
		return index{}, d.err
	}
	all := string(data[start:d.pos])
	for _, sp := range spans {
		d.table = append(d.table, all[sp[0]-start:sp[1]-start])
	}
	idx := newIndex()
	// The smallest entries are 4 and 6 bytes long: no count can be more
	// than the bytes left divided by those.
	for range d.count(4) {
		key := d.str()
		b := bodyEntry{HTML: d.object()}
		if k := d.count(4); k > 0 {
			b.Headings = make([]content.Heading, k)
			for i := range b.Headings {
				b.Headings[i] = content.Heading{Level: d.int(), Text: d.str(), ID: d.str(), Line: d.int()}
			}
		}
		if k := d.count(5); k > 0 {
			b.Blocks = make([]content.Block, k)
			for i := range b.Blocks {
				b.Blocks[i] = content.Block{Lang: d.str(), Text: d.str(), Section: d.str(), Line: d.int(), Info: d.str()}
			}
		}
		b.Links = d.strs()
		if d.err != nil {
			return index{}, d.err
		}
		idx.Bodies[key] = b
	}
	for range d.count(6) {
		file := d.str()
		p := pageEntry{Key: d.str(), HTML: d.object(), IDs: d.strs(), Links: d.strs()}
		if k := d.count(1); k > 0 {
			p.Roots = make([]int, k)
			for i := range p.Roots {
				p.Roots[i] = d.int()
			}
		}
		if d.err != nil {
			return index{}, d.err
		}
		idx.Pages[file] = p
	}
	if d.err == nil && d.pos != len(d.data) {
		d.err = errIndex
	}
	return idx, d.err
}

// indexDecoder reads the encoding; its first problem sticks, and every
// read after it returns zero.
type indexDecoder struct {
	data  []byte
	pos   int
	table []string
	err   error
}

func (d *indexDecoder) uint() uint64 {
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
func (d *indexDecoder) count(size int) uint64 {
	v := d.uint()
	if v > uint64((len(d.data)-d.pos)/size) {
		d.err = errIndex
		return 0
	}
	return v
}

// int reads a number that an int holds on every platform.
func (d *indexDecoder) int() int {
	v := d.uint()
	if v > 1<<31-1 {
		d.err = errIndex
		return 0
	}
	return int(v)
}

func (d *indexDecoder) str() string {
	v := d.uint()
	if v >= uint64(len(d.table)) {
		d.err = errIndex
		return ""
	}
	return d.table[v]
}

func (d *indexDecoder) strs() []string {
	k := d.count(1)
	if k == 0 {
		return nil
	}
	list := make([]string, k)
	for i := range list {
		list[i] = d.str()
	}
	return list
}

func (d *indexDecoder) object() object {
	o := object{Pack: d.str()}
	off, l, sum := d.uint(), d.uint(), d.uint()
	if off > 1<<62 || l > MaxSourceSize || sum > 1<<32-1 {
		d.err = errIndex
	}
	o.Off, o.Len, o.Sum = int64(off), int64(l), uint32(sum)
	return o
}
