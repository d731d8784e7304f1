package submissions

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"math/bits"
	"slices"
	"time"

	"github.com/thiduabot/thiduabot/scoring"
)

// The compact record of a cluster's year (see Reports.Compact) is its
// summary in a small binary encoding, so that a process's first ranking
// decodes about a megabyte instead of reading every report's JSON:
//
//	"TDF1"                         magic; the digit is the encoding's version
//	token                          the version token it was summarized from
//	n, n criterion ids             ascending, each used by some series
//	n, n units                     ascending by id, each:
//	    id
//	    confirmed, late            month masks (late ⊆ confirmed ⊆ 0xFFF)
//	    n, n series                ascending by criterion index, each:
//	        criterion index
//	        month mask             non-zero
//	        a value per month set, in month order
//
// Numbers are unsigned varints, strings a length and their bytes. A value
// is 2·zigzag(v) when v is a whole number of magnitude at most 2^53 (not
// -0), else 1 and the 8 bytes of its IEEE 754 bits, little endian. A unit
// has a series or a confirmed month.
const recordMagic = "TDF1"

var errRecord = errors.New("submissions: malformed figures record")

const monthMask = 1<<12 - 1

// encodeRecord encodes s, summarized from the reports as of token.
func encodeRecord(s *summary, token string) []byte {
	units := make([]string, 0, len(s.base)+len(s.submitted))
	idx := map[string]int{}
	for u, crits := range s.base {
		units = append(units, u)
		for c := range crits {
			idx[c] = 0
		}
	}
	for u := range s.submitted {
		if _, ok := s.base[u]; !ok {
			units = append(units, u)
		}
	}
	slices.Sort(units)
	crits := make([]string, 0, len(idx))
	for c := range idx {
		crits = append(crits, c)
	}
	slices.Sort(crits)
	for i, c := range crits {
		idx[c] = i
	}
	b := make([]byte, 0, 64+len(units)*(16+len(crits)*16))
	b = append(b, recordMagic...)
	b = appendString(b, token)
	b = binary.AppendUvarint(b, uint64(len(crits)))
	for _, c := range crits {
		b = appendString(b, c)
	}
	b = binary.AppendUvarint(b, uint64(len(units)))
	order := make([]int, 0, len(crits))
	for _, u := range units {
		b = appendString(b, u)
		ms := s.submitted[u]
		b = binary.AppendUvarint(b, uint64(ms.confirmed))
		b = binary.AppendUvarint(b, uint64(ms.late))
		order = order[:0]
		for c := range s.base[u] {
			order = append(order, idx[c])
		}
		slices.Sort(order)
		b = binary.AppendUvarint(b, uint64(len(order)))
		for _, ci := range order {
			ser := s.base[u][crits[ci]]
			var set uint16
			for m := range 12 {
				if _, ok := ser.Get(monthOf(m)); ok {
					set |= 1 << m
				}
			}
			b = binary.AppendUvarint(b, uint64(ci))
			b = binary.AppendUvarint(b, uint64(set))
			for m := range 12 {
				if v, ok := ser.Get(monthOf(m)); ok {
					b = appendValue(b, v)
				}
			}
		}
	}
	return b
}

func monthOf(i int) time.Month { return time.Month(i + 1) }

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// whole reports whether v is written as a whole number.
func whole(v float64) bool {
	return v == math.Trunc(v) && math.Abs(v) <= 1<<53 && !(v == 0 && math.Signbit(v))
}

func appendValue(b []byte, v float64) []byte {
	if whole(v) {
		i := int64(v)
		return binary.AppendUvarint(b, uint64(i<<1^i>>63)<<1)
	}
	b = append(b, 1)
	return binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
}

// recordReader reads a record; the first error sticks.
type recordReader struct {
	b   []byte
	err error
}

func (r *recordReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errRecord
		return 0
	}
	r.b = r.b[n:]
	return x
}

// count reads a count of things each taking at least min bytes, so that
// a corrupt count never allocates more than the record could hold.
func (r *recordReader) count(min int) int {
	n := r.uvarint()
	if r.err == nil && n > uint64(len(r.b)/min) {
		r.err = errRecord
		return 0
	}
	return int(n)
}

func (r *recordReader) bytes() []byte {
	n := r.count(1)
	if r.err != nil {
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func (r *recordReader) mask() uint16 {
	x := r.uvarint()
	if x > monthMask {
		r.err = errRecord
	}
	return uint16(x)
}

func (r *recordReader) value() float64 {
	x := r.uvarint()
	if r.err != nil {
		return 0
	}
	if x&1 == 0 {
		x >>= 1
		i := int64(x>>1) ^ -int64(x&1)
		if i > 1<<53 || i < -(1<<53) {
			r.err = errRecord
		}
		return float64(i)
	}
	if x != 1 || len(r.b) < 8 {
		r.err = errRecord
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
	r.b = r.b[8:]
	if whole(v) { // a whole number has one encoding
		r.err = errRecord
	}
	return v
}

// decodeRecord decodes a compact record into the summary and the token it
// was summarized from.
func decodeRecord(data []byte) (*summary, string, error) {
	if !bytes.HasPrefix(data, []byte(recordMagic)) {
		return nil, "", errRecord
	}
	r := &recordReader{b: data[len(recordMagic):]}
	token := string(r.bytes())
	crits := make([]string, r.count(1))
	for i := range crits {
		crits[i] = string(r.bytes())
		if r.err == nil && i > 0 && crits[i] <= crits[i-1] {
			r.err = errRecord
		}
	}
	used := make([]bool, len(crits))
	nUnits := r.count(4)
	s := &summary{base: make(scoring.Values, nUnits), submitted: map[string]months{}}
	prev := ""
	for i := 0; i < nUnits && r.err == nil; i++ {
		unit := string(r.bytes())
		confirmed, late := r.mask(), r.mask()
		nSeries := r.count(3)
		if r.err != nil {
			break
		}
		if i > 0 && unit <= prev || late&^confirmed != 0 || nSeries == 0 && confirmed == 0 {
			r.err = errRecord
			break
		}
		prev = unit
		if confirmed != 0 {
			s.submitted[unit] = months{confirmed, late}
		}
		if nSeries == 0 {
			continue
		}
		slab := make([]scoring.Series, nSeries)
		m := make(map[string]*scoring.Series, nSeries)
		last := -1
		for j := range slab {
			ci := r.uvarint()
			set := r.mask()
			if r.err == nil && (ci >= uint64(len(crits)) || int(ci) <= last || set == 0) {
				r.err = errRecord
			}
			if r.err != nil {
				break
			}
			last = int(ci)
			used[ci] = true
			for set != 0 {
				k := bits.TrailingZeros16(set)
				set &^= 1 << k
				slab[j].Set(monthOf(k), r.value())
			}
			m[crits[ci]] = &slab[j]
		}
		s.base[unit] = m
	}
	if r.err == nil && len(r.b) != 0 || slices.Contains(used, false) {
		r.err = errRecord
	}
	if r.err != nil {
		return nil, "", r.err
	}
	return s, token, nil
}
