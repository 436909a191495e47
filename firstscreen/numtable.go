package firstscreen

import (
	"unsafe"

	"golang.org/x/net/html"
)

// numTable holds the positions of a page's elements (positions), each found by its
// element. A page has an element for every few bytes (a large source view, a quarter of a
// million), and every element is numbered once, so the table is built for that: it is
// sized once for the page's elements, open-addressed with linear probing, its slots the
// elements' numbers (0 for none: 4 bytes, with no pointer for the collector to scan,
// where a pointer and a number took 16), and the elements' addresses and their
// positions kept by number (their order), where a map keyed by the element would move
// each position around with its key as it grows. The addresses are only compared and
// hashed (slot), never turned back into pointers: the page's DOM holds its elements
// while the table is used, and the collector has no pointer of the table to scan, nor
// of the memory a goroutine keeps of it for its next page (pageScratch).
type numTable struct {
	slots  []int32
	shift  uint       // 64 - log2(len(slots))
	region uint       // log2 of the bytes of memory whose elements go to one run of slots (slot)
	run    uint64     // the slots of a run, less 1
	addrs  []uintptr  // the elements' addresses by position.index; addrs[0] is 0
	pos    []position // by position.index; pos[0] is not an element's
}

// newNumTable returns an empty table for about elements elements (it grows past them).
func newNumTable(elements int) *numTable {
	t := &numTable{}
	t.reset(elements)
	return t
}

// reset empties t for about elements elements, in the memory it holds where that is
// large enough (a goroutine's table serves its pages in turn: pageScratch).
func (t *numTable) reset(elements int) {
	if cap(t.addrs) < elements+1 {
		t.addrs, t.pos = make([]uintptr, 1, elements+1), make([]position, 1, elements+1)
	} else {
		t.addrs, t.pos = t.addrs[:1], t.pos[:1]
		t.pos[0] = position{}
	}
	t.alloc(elements)
}

// alloc makes room for n elements, the table at most half full.
func (t *numTable) alloc(n int) {
	size, shift := 16, uint(60)
	for size < 2*n {
		size, shift = size*2, shift-1
	}
	if cap(t.slots) >= size {
		t.slots = t.slots[:size]
		clear(t.slots)
	} else {
		t.slots = make([]int32, size)
	}
	t.shift = shift
	// A run is a 64th of the table, 128 slots at least: 32 bytes of memory a slot.
	t.region = max(7, 64-shift-6) + 5
	t.run = 1<<(t.region-5) - 1
}

// slot is where element n's probe starts, from the element's address (only compared
// and hashed, never turned back into a pointer). The parser allocates a page's nodes in
// runs, in document order: within a region of memory (t.region), elements apart in the
// page are apart in the table by their distance in memory (a slot for 32 bytes), so the
// walks, which number and look elements up in document order, go through the table in
// order there; each region starts at a hashed place. A region's run is a 64th of the
// table, so that a page's regions are many and their runs pile up no more than hashed
// slots would: runs of a megabyte's 16,384 slots, half the table of a page of 16,000
// elements, made probes of 10 to 300 slots on average on the Python docs'
// library/os.html and Rust's core::arch::x86 index (under 1 now); runs of 4 kB, a
// cache miss every few dozen elements in the 16 MB table of a source view.
func (t *numTable) slot(n uintptr) int {
	addr := uint64(n)
	return int((addr>>5&t.run + (addr>>t.region)*0x9E3779B97F4A7C15>>t.shift) & uint64(len(t.slots)-1))
}

// addrOf is the address of element n, for slot.
func addrOf(n *html.Node) uintptr { return uintptr(unsafe.Pointer(n)) }

// add records element n at position p, numbered p.index: the elements are added in the
// order of their numbers, each once, and their ends set (setEnd) once known.
func (t *numTable) add(n *html.Node, p position) {
	if 2*len(t.pos) > len(t.slots) {
		t.alloc(2 * len(t.pos))
		for i, n := range t.addrs[1:] {
			t.put(n, int32(i+1))
		}
	}
	addr := addrOf(n)
	t.addrs = append(t.addrs, addr)
	t.pos = append(t.pos, p)
	t.put(addr, int32(p.index))
}

func (t *numTable) put(n uintptr, i int32) {
	mask := len(t.slots) - 1
	for j := t.slot(n); ; j = (j + 1) & mask {
		if t.slots[j] == 0 {
			t.slots[j] = i
			return
		}
	}
}

// setEnd records the end of the element numbered i.
func (t *numTable) setEnd(i, end int) { t.pos[i].end = end }

// get returns the position of element n, and whether it is numbered.
func (t *numTable) get(n *html.Node) (position, bool) {
	if t == nil || n == nil {
		return position{}, false
	}
	mask := len(t.slots) - 1
	addr := addrOf(n)
	for j := t.slot(addr); ; j = (j + 1) & mask {
		i := t.slots[j]
		if i == 0 {
			return position{}, false
		}
		if t.addrs[i] == addr {
			return t.pos[i], true
		}
	}
}

// len is the number of elements numbered.
func (t *numTable) len() int { return len(t.pos) - 1 }
