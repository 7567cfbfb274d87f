package seed

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Fact is one row of a facts CSV: subject —relation→ object, or, when relation names a
// Metric, a measurement of the object (a mineral) about the subject.
type Fact struct {
	Row                                  int
	Subject, Relation, Object            string
	Value, Unit, Year                    string
	SourceTitle, SourceURL, Quote, Extra string
}

// csvColumns: the first five are required in the header, the others optional.
var csvColumns = []string{"subject", "relation", "object", "source_title", "quote", "value", "unit", "year", "source_url", "properties"}

// ParseFacts reads a facts CSV (header row first) and reports every malformed row.
func ParseFacts(r io.Reader, file string) ([]Fact, []Problem) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, []Problem{{File: file, Line: 1, Message: "cannot read the header row: " + err.Error()}}
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.ToLower(h))] = i
	}
	var problems []Problem
	for _, c := range csvColumns[:5] {
		if _, ok := col[c]; !ok {
			problems = append(problems, Problem{File: file, Line: 1, Message: fmt.Sprintf("the header lacks the column %q (columns: %s)", c, strings.Join(csvColumns, ","))})
		}
	}
	if len(problems) > 0 {
		return nil, problems
	}
	var facts []Fact
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			line := 0
			if errors.As(err, &pe) {
				line = pe.Line
			}
			problems = append(problems, Problem{File: file, Line: line, Message: err.Error()})
			if line == 0 {
				break // not a row-level problem: the rest cannot be read either
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(rec) {
				return strings.TrimSpace(rec[i])
			}
			return ""
		}
		f := Fact{Row: line, Subject: get("subject"), Relation: get("relation"), Object: get("object"),
			Value: get("value"), Unit: get("unit"), Year: get("year"), SourceTitle: get("source_title"),
			SourceURL: get("source_url"), Quote: get("quote"), Extra: get("properties")}
		for _, req := range []struct{ name, v string }{{"subject", f.Subject}, {"relation", f.Relation}, {"source_title", f.SourceTitle}, {"source_url", f.SourceURL}, {"quote", f.Quote}} {
			if req.v == "" {
				problems = append(problems, Problem{File: file, Line: line, Message: req.name + " is empty"})
			}
		}
		facts = append(facts, f)
	}
	if len(facts) == 0 && len(problems) == 0 {
		problems = append(problems, Problem{File: file, Line: 1, Message: "no rows after the header"})
	}
	return facts, problems
}

// EntityIDs returns the subject and object ids the facts refer to.
func EntityIDs(facts []Fact) []string {
	var ids []string
	for _, f := range facts {
		for _, id := range []string{f.Subject, f.Object} {
			if id != "" && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// FactsBatch turns facts into one batch, given the model type of each referenced entity
// (typeOf, from the database). Every problem is reported with its row: each row's part
// of the batch goes through the write path's own checks (store.Check), so a batch
// without problems is one Apply accepts.
func FactsBatch(facts []Fact, typeOf map[string]string, file string) (store.Batch, []Problem) {
	var b store.Batch
	var problems []Problem
	sources := map[string]bool{}
	bad := func(f Fact, format string, args ...any) {
		problems = append(problems, Problem{File: file, Line: f.Row, Message: fmt.Sprintf(format, args...)})
	}
	nodeRow, relRow := map[string]int{}, map[string]int{} // which row wrote an id first
	for _, f := range facts {
		nodes, rels := len(b.Nodes), len(b.Relations)
		b = factBatch(b, f, typeOf, sources, bad)
		row := store.Batch{Nodes: b.Nodes[nodes:], Relations: b.Relations[rels:]}
		if err := store.Check(row); err != nil {
			bad(f, "%s", checkMessage(err))
			b.Nodes, b.Relations = b.Nodes[:nodes], b.Relations[:rels]
			continue
		}
		for _, n := range row.Nodes {
			if first, dup := nodeRow[n.ID]; dup && n.Type != "Source" {
				bad(f, "writes %s %q again (row %d already does)", n.Type, n.ID, first)
			} else if !dup {
				nodeRow[n.ID] = f.Row
			}
		}
		for _, r := range row.Relations {
			id := store.RelationID(r.From, r.Type, r.To, r.Key)
			if first, dup := relRow[id]; dup {
				bad(f, "writes relation %s again (row %d already does)", id, first)
			} else {
				relRow[id] = f.Row
			}
		}
	}
	return b, problems
}

// checkMessage is the message of a store error without its code: a row problem is a
// problem of the input by definition.
func checkMessage(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// factBatch adds to b what fact f writes, or reports why it cannot.
func factBatch(b store.Batch, f Fact, typeOf map[string]string, sources map[string]bool, bad func(Fact, string, ...any)) store.Batch {
	src := sourceID(f.SourceTitle, f.SourceURL)
	if !sources[src] {
		sources[src] = true
		// A facts CSV compiles what cited pages say; the project does not store them.
		props := map[string]any{"title": f.SourceTitle, "evidence": store.Compiled, "sources": []any{src}, "quotes": []any{f.SourceTitle}}
		if f.SourceURL != "" {
			props["url"] = f.SourceURL
		}
		b.Nodes = append(b.Nodes, store.NodeInput{Type: "Source", ID: src, Props: props})
	}
	prov := map[string]any{"sources": []any{src}, "quotes": []any{f.Quote}}
	subjectType, ok := typeOf[f.Subject]
	if !ok {
		bad(f, "subject %q is not an entity in the database", f.Subject)
		return b
	}
	if slices.Contains(store.Enums["Metric"], f.Relation) {
		n, rels, err := measurement(f, subjectType, typeOf, prov)
		if err != nil {
			bad(f, "%v", err)
			return b
		}
		b.Nodes = append(b.Nodes, n)
		b.Relations = append(b.Relations, rels...)
		return b
	}
	objectType, ok := typeOf[f.Object]
	if !ok {
		bad(f, "object %q is not an entity in the database", f.Object)
		return b
	}
	decl, ok := store.RelationBetween(subjectType, f.Relation, objectType)
	if !ok {
		bad(f, "%s is neither a Metric nor a relation declared from %s to %s", f.Relation, subjectType, objectType)
		return b
	}
	props, err := relationColumns(f, decl.Properties, prov)
	if err != nil {
		bad(f, "%v", err)
		return b
	}
	b.Relations = append(b.Relations, store.RelationInput{Type: f.Relation, From: f.Subject, FromType: subjectType,
		To: f.Object, ToType: objectType, Key: f.Year, Props: props})
	return b
}

// relationColumns maps value, unit and year onto the relationship's properties: an
// amount and its currency for financings, a role for memberships; year is validFrom.
func relationColumns(f Fact, propsType string, prov map[string]any) (map[string]any, error) {
	props, err := extraProperties(f.Extra, store.RelationshipProperties[propsType])
	if err != nil {
		return nil, err
	}
	has := func(name string) bool {
		_, ok := store.PropertyNamed(store.RelationshipProperties[propsType], name)
		return ok
	}
	switch {
	case f.Value == "" && f.Unit == "":
	case has("amount"):
		amount, err := cell("Float", f.Value)
		if err != nil {
			return nil, fmt.Errorf("value %q is not a number (the amount of a %s)", f.Value, propsType)
		}
		props["amount"], props["currency"] = amount, f.Unit
	case has("role") && f.Unit == "":
		props["role"] = f.Value
	default:
		return nil, fmt.Errorf("a %s relation takes no value or unit; put properties in the properties column", propsType)
	}
	if f.Year != "" {
		props["validFrom"] = f.Year
	}
	for k, v := range prov {
		props[k] = v
	}
	return props, nil
}

func measurement(f Fact, subjectType string, typeOf map[string]string, prov map[string]any) (store.NodeInput, []store.RelationInput, error) {
	value, err := cell("Float", f.Value)
	if err != nil {
		return store.NodeInput{}, nil, fmt.Errorf("value %q is not a number (a %s measurement)", f.Value, f.Relation)
	}
	if f.Unit == "" {
		return store.NodeInput{}, nil, fmt.Errorf("a %s measurement needs a unit", f.Relation)
	}
	// Its own prefix, so an import never takes over a measurement of the seed data set.
	id := slug("csv-m-" + f.Subject + "-" + f.Relation + "-" + f.Object + "-" + f.Year)
	props := map[string]any{"name": fmt.Sprintf("%s %s %s %s", f.Subject, f.Relation, f.Object, f.Year), "metric": f.Relation, "value": value, "unit": f.Unit}
	if f.Year != "" {
		year, err := cell("Int", f.Year)
		if err != nil {
			return store.NodeInput{}, nil, fmt.Errorf("year %q is not a whole number", f.Year)
		}
		props["year"] = year
	}
	for k, v := range prov {
		props[k] = v
	}
	if _, ok := store.RelationBetween("Measurement", "ABOUT", subjectType); !ok {
		return store.NodeInput{}, nil, fmt.Errorf("a measurement cannot be about a %s", subjectType)
	}
	rels := []store.RelationInput{{Type: "ABOUT", From: id, FromType: "Measurement", To: f.Subject, ToType: subjectType, Props: prov}}
	if f.Object != "" {
		if typeOf[f.Object] != "Mineral" {
			return store.NodeInput{}, nil, fmt.Errorf("object %q of a measurement must be a mineral in the database", f.Object)
		}
		rels = append(rels, store.RelationInput{Type: "INVOLVES_MINERAL", From: id, FromType: "Measurement", To: f.Object, ToType: "Mineral", Props: prov})
	}
	return store.NodeInput{Type: "Measurement", ID: id, Props: props}, rels, nil
}

// extraProperties reads `key=value;key=value`, typed by the declared properties.
func extraProperties(s string, declared []store.Property) (map[string]any, error) {
	props := map[string]any{}
	for _, pair := range strings.Split(s, ";") {
		if strings.TrimSpace(pair) == "" {
			continue
		}
		k, v, ok := strings.Cut(pair, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		p, declaredProp := store.PropertyNamed(declared, k)
		if !ok || !declaredProp || p.List {
			return nil, fmt.Errorf("properties: %q is not key=value for a single-valued property of the relation", pair)
		}
		x, err := cell(p.Type, v)
		if err != nil {
			return nil, fmt.Errorf("properties: %s=%q is not a %s", k, v, p.Type)
		}
		props[k] = x
	}
	return props, nil
}

// cell reads the text of a CSV cell as a value of the GraphQL type typ.
func cell(typ, text string) (any, error) {
	k, err := kindNamed(typ)
	if err != nil {
		return nil, err
	}
	return k.Parse(text)
}

// sourceID is stable for a title and URL, so importing a file twice changes nothing.
func sourceID(title, url string) string {
	sum := sha256.Sum256([]byte(title + "\x00" + url))
	base := slug(title)
	if len(base) > 48 {
		base = strings.TrimRight(base[:48], "-")
	}
	return "src-" + base + "-" + hex.EncodeToString(sum[:4])
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

func slug(s string) string {
	return strings.Trim(nonSlug.ReplaceAllString(strings.ToLower(s), "-"), "-")
}
