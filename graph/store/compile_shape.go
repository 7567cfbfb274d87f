package store

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// shape is the key of the compile cache (compile_cache.go): everything the compiler
// reads of a compileInput, written out, except the values it binds as parameters. Those,
// the leaves, are collected in order instead and written as a mark of their kind: every
// non-null scalar of a filter (and every non-empty list of them, the operand of `in`)
// and every asOf date. Sorts, windows, fields, properties and the Go kinds of the input
// are written out; nulls too, since a null operand changes the text (`eq: null`).
//
// The key is unambiguous: strings are prefixed with their length and every value with a
// letter of its kind, so two inputs with the same key differ in their leaves only.
type shape struct {
	b      []byte
	leaves []leaf
	paths  bool // also name each leaf as the compiler's errors do (to match a compile's slots)
	bad    bool // the input holds what no key stands for: an after cursor, a value of another Go type
}

// leaf is a value of the input the compiler binds as a parameter; scope and path (with
// shape.paths only) are those of cypherBuilder.record.
type leaf struct {
	v           any
	list        bool
	scope, path string
}

func (s *shape) input(in *compileInput) {
	s.b = append(s.b, in.kind)
	s.flag(in.sized)
	s.str(in.typeName)
	s.b = strconv.AppendUint(s.b, in.stats.meanClasses(), 36) // the order of a list's tests (stage.go)
	s.b = append(s.b, ';')
	switch in.kind {
	case inputList:
		s.listArgs(&in.list, "")
		skip, limit, _ := listWindow(in.list)
		s.flag(in.stats.beyondWalk(in.typeName, skip+limit))
		s.flag(in.stats.walkPays(in.typeName, skip+limit))
	case inputPage:
		s.flag(in.withTotal)
		s.pageArgs(&in.page, "")
		first, _ := pageSize(in.page.First)
		s.flag(in.stats.beyondWalk(in.typeName, first+1))
		s.flag(in.stats.walkPays(in.typeName, first+1))
	case inputOne:
		s.fetch(in, in.typeName, &in.fetches[0], "")
		return
	}
	s.strs(in.props)
	s.fetches(in, in.typeName, in.fetches, "")
}

// fetches writes fs, the fetch at index i in scope scope/i (as cypherBuilder.enter).
func (s *shape) fetches(in *compileInput, typeName string, fs []Fetch, scope string) {
	s.b = append(s.b, '[')
	for i := range fs {
		inner := ""
		if s.paths {
			inner = scope + "/" + strconv.Itoa(i)
		}
		s.fetch(in, typeName, &fs[i], inner)
	}
	s.b = append(s.b, ']')
}

// fetch writes f, a fetch below nodes of typeName, and whether the statistics of in
// make it a list of many rows per parent (manyPerParent) and one whose filtered window
// may walk the index below a hub (hubsFor).
func (s *shape) fetch(in *compileInput, typeName string, f *Fetch, scope string) {
	s.b = append(s.b, 'F')
	s.str(f.Field)
	if f.List == nil {
		s.b = append(s.b, 'z')
	} else {
		s.listArgs(f.List, scope)
		s.flag(in.stats.manyPerParent(typeName, f.Field))
		skip, limit, _ := listWindow(*f.List)
		s.flag(in.stats.hubsFor(typeName, f.Field, skip+limit))
	}
	if f.Page == nil {
		s.b = append(s.b, 'z')
	} else {
		s.pageArgs(f.Page, scope)
	}
	s.flag(f.WithTotal)
	s.strs(f.Props)
	s.strs(f.EdgeProps)
	target := ""
	if _, _, t, err := lookupRelation(typeName, f.Field); err == nil {
		target = t.Name
	}
	s.fetches(in, target, f.Children, scope)
}

func (s *shape) listArgs(a *ListArgs, scope string) {
	s.b = append(s.b, 'L')
	s.where(a.Where, scope)
	s.sort(a.Sort)
	s.num(a.Limit)
	s.num(a.Offset)
	s.asOf(a.AsOf, scope)
}

func (s *shape) pageArgs(a *PageArgs, scope string) {
	s.b = append(s.b, 'P')
	s.where(a.Where, scope)
	s.sort(a.Sort)
	s.num(a.First)
	if a.After != nil {
		s.bad = true // its values decide the text (a null key value is IS NULL); rare enough to compile
	}
	s.asOf(a.AsOf, scope)
	s.flag(a.NoCursors)
	s.flag(a.NoNodeCount)
	s.flag(a.NoRows)
	if a.Aggregate == nil {
		s.b = append(s.b, 'z')
		return
	}
	s.b = append(s.b, 'A')
	s.strs(a.Aggregate.Node)
	s.strs(a.Aggregate.Edge)
}

func (s *shape) where(w map[string]any, scope string) {
	if w == nil {
		s.b = append(s.b, 'z')
		return
	}
	s.value(w, scope, "where", true)
}

func (s *shape) sort(keys []map[string]any) {
	if keys == nil {
		s.b = append(s.b, 'z')
		return
	}
	s.b = append(s.b, '[')
	for _, k := range keys {
		s.value(k, "", "", false)
	}
	s.b = append(s.b, ']')
}

func (s *shape) asOf(d *string, scope string) {
	if d == nil {
		s.b = append(s.b, 'z')
		return
	}
	s.leaf(*d, false, scope, "asOf")
}

// value writes v at path; with leaves, its scalars are leaves (a filter), otherwise
// they are written out (a sort).
func (s *shape) value(v any, scope, path string, leaves bool) {
	switch x := v.(type) {
	case nil:
		s.b = append(s.b, 'z')
	case map[string]any:
		if x == nil {
			s.b = append(s.b, 'z')
			return
		}
		var small [8]string
		keys := small[:0]
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		s.b = append(s.b, '{')
		for _, k := range keys {
			s.str(k)
			inner := ""
			if s.paths {
				inner = joinPath(path, k)
			}
			s.value(x[k], scope, inner, leaves)
		}
		s.b = append(s.b, '}')
	case []any:
		if x == nil {
			s.b = append(s.b, 'z')
			return
		}
		if leaves && len(x) > 0 && !slices.ContainsFunc(x, notScalar) {
			s.leaf(x, true, scope, path)
			return
		}
		s.b = append(s.b, '[')
		for i, e := range x {
			inner := ""
			if s.paths {
				inner = fmt.Sprintf("%s[%d]", path, i)
			}
			s.value(e, scope, inner, leaves)
		}
		s.b = append(s.b, ']')
	case string, bool, int64, float64, json.Number:
		if leaves {
			s.leaf(x, false, scope, path)
			return
		}
		s.scalar(x)
	default:
		// A typed nil, a pointer, a named or sized type: as the compiler sees it (plain).
		switch p := plain(v).(type) {
		case nil, string, bool, int64, float64, json.Number:
			s.value(p, scope, path, leaves)
		default:
			s.bad = true
		}
	}
}

// notScalar reports whether v is anything but a non-null scalar of a decoded input.
func notScalar(v any) bool {
	switch v.(type) {
	case string, bool, int64, float64, json.Number:
		return false
	}
	return true
}

// leaf collects v and writes its mark: its kind, not its value.
func (s *shape) leaf(v any, list bool, scope, path string) {
	mark := "*" // a list
	if !list {
		switch v.(type) {
		case string:
			mark = "?s"
		case bool:
			mark = "?b"
		default:
			mark = "?n"
		}
	}
	s.b = append(s.b, mark...)
	l := leaf{v: v, list: list}
	if s.paths {
		l.scope, l.path = scope, path
	}
	s.leaves = append(s.leaves, l)
}

func (s *shape) scalar(v any) {
	switch x := v.(type) {
	case string:
		s.b = append(s.b, 's')
		s.str(x)
	case json.Number:
		s.b = append(s.b, 'n')
		s.str(string(x))
	case bool:
		s.flag(x)
	case int64:
		s.b = append(s.b, 'i')
		s.b = strconv.AppendInt(s.b, x, 10)
		s.b = append(s.b, ';')
	case float64:
		s.b = append(s.b, 'f')
		s.b = strconv.AppendUint(s.b, math.Float64bits(x), 16)
		s.b = append(s.b, ';')
	}
}

func (s *shape) str(x string) {
	s.b = strconv.AppendInt(s.b, int64(len(x)), 10)
	s.b = append(s.b, ':')
	s.b = append(s.b, x...)
}

// strs writes a list of names; nil (all properties) differs from empty.
func (s *shape) strs(xs []string) {
	if xs == nil {
		s.b = append(s.b, 'z')
		return
	}
	s.b = append(s.b, '[')
	for _, x := range xs {
		s.str(x)
	}
	s.b = append(s.b, ']')
}

func (s *shape) num(p *int) {
	if p == nil {
		s.b = append(s.b, 'z')
		return
	}
	s.b = append(s.b, 'i')
	s.b = strconv.AppendInt(s.b, int64(*p), 10)
	s.b = append(s.b, ';')
}

func (s *shape) flag(b bool) {
	if b {
		s.b = append(s.b, 'T')
	} else {
		s.b = append(s.b, 'F')
	}
}
