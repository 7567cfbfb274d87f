package store

import (
	"context"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
)

// FinancingFigure is a financing of a project: the financier, the project and the edge.
type FinancingFigure struct {
	Financier, Project, Financing map[string]any
}

// Disruption is Query.disruption's answer.
type Disruption struct {
	Supplier             map[string]any
	Before               *Supply
	Lost                 *CountryFigure
	RemainingTotal       *float64
	Remaining            []CountryFigure
	RemainingHHI         float64
	Importers            []ImportSourceFigure // Country: the importer
	Projects             []map[string]any
	Financings           []FinancingFigure
	Agreements, Policies []map[string]any
	// The lists' full lengths; each list holds at most the limit asked.
	ProjectCount, FinancingCount, AgreementCount, PolicyCount int
}

// DisruptionMaxLimit is the most items one answer lists of each kind of alternative;
// DisruptionDefaultLimit is how many it lists when the limit is null (the schema's
// default is the same).
const (
	DisruptionMaxLimit     = 1000
	DisruptionDefaultLimit = 100
)

// DisruptionProps names the properties Disruption returns of the alternatives, nil
// meaning all (the id always): a mineral with many projects has thousands of them.
type DisruptionProps struct {
	Project, Financier, FinancedProject, Agreement, Policy, Importer, ImporterCountry []string
}

// Disruption answers "if the supplier stops": the supply without it, who imports from it,
// and what the graph holds about the mineral outside it; in one statement.
func (s *Store) Disruption(ctx context.Context, supplier string, a SupplyArgs, limit int, props DisruptionProps) (*Disruption, error) {
	if err := checkSupplyArgs(a); err != nil {
		return nil, err
	}
	if limit < 0 || limit > DisruptionMaxLimit {
		return nil, apperr.Errorf(apperr.BadUserInput, "limit must be between 0 and %d, not %d", DisruptionMaxLimit, limit)
	}
	pr := struct{ Project, Financier, FinancedProject, Agreement, Policy, Importer, ImporterCountry Projection }{
		Projection{Node: props.Project}, Projection{Node: props.Financier}, Projection{Node: props.FinancedProject},
		Projection{Node: props.Agreement}, Projection{Node: props.Policy}, Projection{Node: props.Importer}, Projection{Node: props.ImporterCountry}}
	q := `MATCH (x:Mineral {id: $mineral})
OPTIONAL MATCH (sup:Country {id: $supplier})
WITH x, sup
` + supplyRows("x, sup", "$opt.edition", "$opt.year") + supplyChoice("x, sup", "$opt.series") + supplyFigures("x, sup") + `WITH x, sup, ` + a.Props.supply("supply") + ` AS supply
WITH x, sup, supply, [e IN supply.shares WHERE e.c.id = $supplier][0] AS lost
WITH x, sup, supply, lost, supply.worldTotal - coalesce(lost.value, 0.0) AS less,
     reduce(t = coalesce(supply.otherValue, 0.0), e IN supply.shares | t + CASE WHEN e.c.id = $supplier THEN 0.0 ELSE e.value END) AS rows
WITH x, sup, supply, lost, CASE WHEN less < rows THEN rows ELSE less END AS rest
WITH x, sup, supply, lost, rest, [e IN supply.shares WHERE e.c.id <> $supplier |
       {ms: e.ms, c: e.c, value: e.value, share: CASE WHEN rest > 0 THEN 100.0 * e.value / rest END}] AS remaining
CALL (x, sup) {
  // The latest edition's import sources of the mineral, whichever countries they name:
  // a supplier absent from them is at stake for no one, whatever an older edition said.
  OPTIONAL MATCH (x)<-[:INVOLVES_MINERAL]-(f:Measurement {metric: 'IMPORT_SOURCE_SHARE'})
  WITH x, sup, max(f.edition) AS latest
  OPTIONAL MATCH (sup)<-[:RELATIVE_TO]-(s:Measurement {metric: 'IMPORT_SOURCE_SHARE', edition: latest})-[:INVOLVES_MINERAL]->(x)
  WITH s ORDER BY coalesce(s.value, -1.0) DESC, s.stageDetail
  WITH collect(s) AS found
  RETURN [s IN found | {m: ` + pr.Importer.nodes("s") + `, c: [(s)-[:ABOUT]->(c:Country) | ` + pr.ImporterCountry.nodes("c") + `][0]}] AS importers
}
// The mineral and its parts at any depth (a part's part is a part: dysprosium oxide of
// dysprosium of the rare earths), each once, then what involves them: read from the
// minerals, not by testing every project, agreement and policy of the graph.
WITH x, sup, supply, lost, rest, remaining, importers, COLLECT { MATCH (y:Mineral)-[:PART_OF*0..]->(x) RETURN DISTINCT y } AS family
CALL (family, sup, supply) {
  UNWIND family AS y
  MATCH (y)<-[:INVOLVES_MINERAL]-(pr:Project)
  WHERE (supply.stage IS NULL OR pr.stage = supply.stage) AND NOT EXISTS { (pr)-[:LOCATED_IN]->(sup) }
  WITH DISTINCT pr ORDER BY pr.name, pr.id
  RETURN collect(pr) AS allProjects
}
// Every list is counted whole and returned up to $limit: a mineral's alternatives
// number in the thousands in a large graph.
CALL (allProjects) {
  UNWIND allProjects AS pr
  MATCH (o:Organization)-[f:FINANCES]->(pr)
  WITH o, f, pr ORDER BY pr.name, pr.id, o.name, o.id, elementId(f)
  WITH collect({o: o, f: f, p: pr}) AS items
  CALL (items) {
    UNWIND items[..$limit] AS e
    WITH e.o AS o, e.f AS f, e.p AS pr
    RETURN collect({o: ` + pr.Financier.nodes("o") + `, f: properties(f), p: ` + pr.FinancedProject.nodes("pr") + `}) AS financings
  }
  RETURN size(items) AS financingCount, financings
}
CALL (family, sup) {
  UNWIND family AS y
  MATCH (y)<-[:INVOLVES_MINERAL]-(ag:Agreement)
  WHERE NOT EXISTS { (sup)-[:PARTY_TO]->(ag) }
  WITH DISTINCT ag ORDER BY ag.name, ag.id
  WITH collect(ag) AS items
  RETURN size(items) AS agreementCount, [ag IN items[..$limit] | ` + pr.Agreement.nodes("ag") + `] AS agreements
}
CALL (family, sup) {
  UNWIND family AS y
  MATCH (y)<-[:INVOLVES_MINERAL]-(pol:Policy)
  WHERE NOT EXISTS { (sup)-[:ISSUES]->(pol) }
  WITH DISTINCT pol ORDER BY pol.name, pol.id
  WITH collect(pol) AS items
  RETURN size(items) AS policyCount, [pol IN items[..$limit] | ` + pr.Policy.nodes("pol") + `] AS policies
}
RETURN ` + a.Props.mineral("x") + ` AS mineral, properties(sup) AS supplier, supply, lost, rest, remaining,
       reduce(h = 0.0, e IN remaining | h + coalesce(e.share, 0.0) ^ 2) AS remainingHHI,
       importers, size(allProjects) AS projectCount, [pr IN allProjects[..$limit] | ` + pr.Project.nodes("pr") + `] AS projects,
       financingCount, financings, agreementCount, agreements, policyCount, policies`
	params := a.params()
	params["supplier"] = supplier
	params["limit"] = limit
	row, err := s.readMineralRow(ctx, q, a.Mineral, params)
	if err != nil {
		return nil, err
	}
	if row["supplier"] == nil {
		return nil, apperr.Errorf(apperr.NotFound, "there is no country %q", supplier)
	}
	before, err := s.supplyOf(ctx, row, a)
	if err != nil {
		return nil, err
	}
	out := &Disruption{Before: before, RemainingTotal: numPtr(row["rest"]), RemainingHHI: num(row["remainingHHI"]),
		Remaining: countryFigures(row["remaining"])}
	out.Supplier, _ = row["supplier"].(map[string]any)
	if row["lost"] != nil {
		out.Lost = &countryFigures([]any{row["lost"]})[0]
	}
	importers, _ := row["importers"].([]any)
	for _, item := range importers {
		e, _ := item.(map[string]any)
		out.Importers = append(out.Importers, ImportSourceFigure{Measurement: returnedProps(e["m"]), Country: returnedProps(e["c"])})
	}
	out.Projects, out.Agreements, out.Policies = nodeList(row["projects"]), nodeList(row["agreements"]), nodeList(row["policies"])
	out.ProjectCount, out.FinancingCount = int(num(row["projectCount"])), int(num(row["financingCount"]))
	out.AgreementCount, out.PolicyCount = int(num(row["agreementCount"])), int(num(row["policyCount"]))
	financings, _ := row["financings"].([]any)
	for _, item := range financings {
		e, _ := item.(map[string]any)
		f, _ := e["f"].(map[string]any)
		out.Financings = append(out.Financings, FinancingFigure{Financier: returnedProps(e["o"]), Project: returnedProps(e["p"]), Financing: f})
	}
	return out, nil
}

func nodeList(v any) []map[string]any {
	list, _ := v.([]any)
	out := make([]map[string]any, 0, len(list))
	for _, n := range list {
		out = append(out, returnedProps(n))
	}
	return out
}
