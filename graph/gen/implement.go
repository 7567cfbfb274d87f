package main

import (
	"fmt"

	"github.com/99designs/gqlgen/codegen"
)

// implementer writes the bodies of the resolvers that follow from the annotations:
// relationship fields and their connections ask the per-request loaders, root lists,
// connections and lookups ask the store, provenance fields join sources. Other
// resolvers keep their hand-written bodies.
type implementer struct{ model *model }

func (implementer) Name() string { return "mineralgraph-implementer" }

func (p implementer) Implement(prev string, f *codegen.Field) string {
	if body := p.body(f); body != "" {
		return body
	}
	if prev != "" {
		return prev
	}
	return fmt.Sprintf("panic(fmt.Errorf(\"not implemented: %v - %v\"))", f.GoFieldName, f.Name)
}

func (p implementer) body(f *codegen.Field) string {
	if f.Name == "provenance" {
		return "return provenance(ctx, obj.Sources, obj.Quotes, obj.Locators)"
	}
	switch f.Object.Name {
	case "Query":
		return p.rootBody(f.Name)
	case "Mutation":
		return fmt.Sprintf("return %s(ctx, r.Store, r.Logger, input)", f.Name+"Mutation")
	}
	for _, t := range p.model.Nodes {
		if t.Name != f.Object.Name {
			continue
		}
		for _, r := range t.Relations {
			asOf := "nil"
			if hasValidity(p.model.relProperties(r.Properties)) {
				asOf = "asOf"
			}
			switch f.Name {
			case r.Field:
				return fmt.Sprintf("return relatedList[model.%s](ctx, %q, %q, obj.ID, where, sort, limit, offset, %s)", r.Target, t.Name, r.Field, asOf)
			case r.Field + "Connection":
				prefix := t.Name + ucFirst(r.Field)
				return fmt.Sprintf(`p, err := relatedPage(ctx, %[1]q, %[2]q, obj.ID, where, first, after, sort, %[6]s)
	if err != nil {
		return nil, err
	}
	edges, err := edgesOf(p, func(cursor string, node *model.%[3]s, props *model.%[4]s) *model.%[5]sRelationship {
		return &model.%[5]sRelationship{Cursor: cursor, Node: node, Properties: props}
	})
	if err != nil {
		return nil, err
	}
	aggregate, err := aggregateOf(p, %[7]s)
	if err != nil {
		return nil, err
	}
	return &model.%[5]sConnection{Edges: edges, TotalCount: p.TotalCount, PageInfo: pageInfo(p), Aggregate: aggregate}, nil`, t.Name, r.Field, r.Target, r.Properties, prefix, asOf, p.relationAggregate(prefix, r))
			}
		}
	}
	return ""
}

func (p implementer) rootBody(field string) string {
	switch field {
	case "node":
		return "return nodeByID(ctx, id)"
	case "nodes":
		return "return nodesByIDs(ctx, ids)"
	case "search":
		return "return search(ctx, r.Store, text, kinds, first)"
	case "neighborhood":
		return "return neighborhood(ctx, r.Store, id, depth, relationTypes, limit)"
	case "paths":
		return "return paths(ctx, r.Store, from, to, maxHops, relationTypes, limit)"
	case "supply":
		return "return supply(ctx, r.Store, mineral, stage, metric, series, year, edition)"
	case "coverage":
		return "return coverage(ctx, r.Store, mineral, stage, metric, series, year, edition, of)"
	case "dependency":
		return "return dependency(ctx, r.Store, country, year, edition, minReliance, moreThan, partnership, asOf, agreementLimit)"
	case "disruption":
		return "return disruption(ctx, r.Store, supplier, mineral, stage, metric, series, year, edition, limit)"
	case "concentration":
		return "return concentration(ctx, r.Store, stage, metric, year, edition, criticalOnly, sort, limit)"
	}
	for _, t := range p.model.Nodes {
		asOf := "nil"
		if hasValidity(t.Properties) {
			asOf = "asOf"
		}
		switch field {
		case plural(t.Name):
			return fmt.Sprintf("return list[model.%s](ctx, %q, where, sort, limit, offset, %s)", t.Name, t.Name, asOf)
		case plural(t.Name) + "Connection":
			conn := ucFirst(plural(t.Name))
			return fmt.Sprintf(`p, err := rootPage(ctx, %[1]q, where, first, after, sort, %[3]s)
	if err != nil {
		return nil, err
	}
	edges, err := nodeEdgesOf(p, func(cursor string, node *model.%[1]s) *model.%[1]sEdge {
		return &model.%[1]sEdge{Cursor: cursor, Node: node}
	})
	if err != nil {
		return nil, err
	}
	aggregate, err := aggregateOf(p, %[4]s)
	if err != nil {
		return nil, err
	}
	return &model.%[2]sConnection{Edges: edges, TotalCount: p.TotalCount, PageInfo: pageInfo(p), Aggregate: aggregate}, nil`, t.Name, conn, asOf, rootAggregate(t))
		case lcFirst(t.Name):
			return fmt.Sprintf("return lookup[model.%s](ctx, %q, id)", t.Name, t.Name)
		}
	}
	return ""
}

// A connection's aggregate is built with its counts and empty property aggregates
// (what a selection that asks for none reads), which aggregateOf completes with the
// property aggregates the statement read; its fields follow api.graphqls.tmpl.

// relationAggregate is the aggregate of the connection of relation r named prefix.
func (p implementer) relationAggregate(prefix string, r relation) string {
	lit := fmt.Sprintf("&model.%sAggregate{Count: count(p)", prefix)
	if aggregatable(p.model.NodeByName()[r.Target].Properties) != nil {
		lit += fmt.Sprintf(", Node: &model.%sAggregateNode{}", r.Target)
	}
	if p.model.EdgeAggregatable(r.Properties) != nil {
		lit += fmt.Sprintf(", Edge: &model.%sAggregateEdge{}", r.Properties)
	}
	return lit + "}"
}

// rootAggregate is the aggregate of the root connection of the nodes of t.
func rootAggregate(t nodeType) string {
	lit := fmt.Sprintf("&model.%sAggregate{Count: &model.NodeCount{Nodes: p.TotalCount}", t.Name)
	if aggregatable(t.Properties) != nil {
		lit += fmt.Sprintf(", Node: &model.%sAggregateNode{}", t.Name)
	}
	return lit + "}"
}
