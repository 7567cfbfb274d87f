package store

// SupplyProps names the properties a supply analytic returns of the nodes in its answer,
// nil meaning all (the id always): the mineral, the countries and figures of the shares
// and withheld rows, the world total's and "Other countries"' figures. A ranking returns
// hundreds of figures and countries, and reading and sending all their properties cost
// more than computing it.
type SupplyProps struct {
	Mineral, Country, Figure, World, Other []string
}

// mineral is the Cypher expression of the mineral x as returned.
func (p *SupplyProps) mineral(x string) string {
	if p == nil {
		return "properties(" + x + ")"
	}
	return Projection{Node: p.Mineral}.nodes(x)
}

// supply is the Cypher expression of the map v (supplyFigures' `supply`) with its nodes
// projected; v itself without a projection.
func (p *SupplyProps) supply(v string) string {
	if p == nil {
		return v
	}
	c, m := Projection{Node: p.Country}.nodes("c"), Projection{Node: p.Figure}.nodes("m")
	return v + ` {.*, world: [m IN [` + v + `.world] | ` + Projection{Node: p.World}.nodes("m") + `][0],
  other: [m IN [` + v + `.other] | ` + Projection{Node: p.Other}.nodes("m") + `][0],
  shares: [e IN ` + v + `.shares | {ms: [m IN e.ms | ` + m + `], c: [c IN [e.c] | ` + c + `][0], value: e.value, share: e.share}],
  withheld: [e IN ` + v + `.withheld | {ms: [m IN e.ms | ` + m + `], c: [c IN [e.c] | ` + c + `][0]}]}`
}
