package store

import (
	"context"
	"slices"

	"github.com/mineralgraph/mineralgraph/graph/apperr"
	"github.com/mineralgraph/mineralgraph/graph/model"
)

// CoverageOf is the group whose share Coverage measures: the members of a partnership as
// of a date, or a list of countries.
type CoverageOf struct {
	Partnership *string
	AsOf        *string
	Countries   []string
	Members     []string // the properties returned of the members; nil: all
}

// Coverage is a group's share of a mineral's supply.
type Coverage struct {
	Supply           *Supply
	Partnership      map[string]any
	AsOf             string
	Members          []map[string]any
	Contributing     []CountryFigure
	Share            float64
	LargestNonMember *CountryFigure
}

// CoverageMaxCountries bounds the list of countries a coverage is asked for.
const CoverageMaxCountries = 300

// Coverage answers Query.coverage in one statement: the supply of the mineral, the
// group's members (a partnership's member countries whose membership holds as of the date,
// observers excepted) and their combined share.
func (s *Store) Coverage(ctx context.Context, a SupplyArgs, of CoverageOf) (*Coverage, error) {
	if err := checkSupplyArgs(a); err != nil {
		return nil, err
	}
	if (of.Partnership == nil) == (of.Countries == nil) {
		return nil, apperr.Errorf(apperr.BadUserInput, "`of` takes either a partnership or a list of countries")
	}
	if of.Countries != nil && (len(of.Countries) == 0 || len(of.Countries) > CoverageMaxCountries) {
		return nil, apperr.Errorf(apperr.BadUserInput, "`of.countries` must list 1 to %d countries", CoverageMaxCountries)
	}
	if of.AsOf != nil {
		if of.Partnership == nil {
			return nil, apperr.Errorf(apperr.BadUserInput, "`of.asOf` applies to a partnership's membership only")
		}
		if _, err := model.ParsePartialDate(*of.AsOf); err != nil {
			return nil, apperr.Errorf(apperr.BadUserInput, "`of.asOf` must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not %q", *of.AsOf)
		}
	}
	// The members: from the partnership's memberships, or the countries by id (one of the
	// two, so each is a plain match rather than a test of every country).
	memberMatch := `OPTIONAL MATCH (c:Country)-[r:MEMBER_OF]->(p)
  WHERE r.role <> 'OBSERVER' AND (r.validFrom IS NULL OR r.validFrom <= asOf) AND (r.validTo IS NULL OR asOf < r.validTo)
    AND ` + partnershipHolds("p", "asOf") + `
  WITH DISTINCT c`
	if of.Partnership == nil {
		memberMatch = `OPTIONAL MATCH (c:Country) WHERE c.id IN $opt.countries
  WITH DISTINCT c`
	}
	q := `MATCH (x:Mineral {id: $mineral})
` + supplyRows("x", "$opt.edition", "$opt.year") + supplyChoice("x", "$opt.series") + supplyFigures("x") + `OPTIONAL MATCH (p:Partnership {id: $opt.partnership})
WITH x, ` + a.Props.supply("supply") + ` AS supply, p, coalesce($opt.asOf, toString(supply.year)) AS asOf
CALL (p, asOf) {
  ` + memberMatch + ` ORDER BY c.name
  RETURN collect(` + Projection{Node: of.Members}.nodes("c") + `) AS members
}
WITH x, supply, p, asOf, members, [c IN members | c.id] AS ids
WITH x, supply, p, asOf, members, [e IN supply.shares WHERE e.c.id IN ids] AS contributing, [e IN supply.shares WHERE NOT e.c.id IN ids] AS others
RETURN ` + a.Props.mineral("x") + ` AS mineral, supply, properties(p) AS partnership, asOf, members, contributing,
       reduce(s = 0.0, e IN contributing | s + coalesce(e.share, 0.0)) AS share, others[0] AS largestNonMember`
	params := a.params()
	opt := params["opt"].(map[string]any)
	opt["partnership"], opt["asOf"], opt["countries"] = deref(of.Partnership), deref(of.AsOf), of.Countries
	if of.Countries == nil {
		opt["countries"] = []string{}
	}
	row, err := s.readMineralRow(ctx, q, a.Mineral, params)
	if err != nil {
		return nil, err
	}
	if of.Partnership != nil && row["partnership"] == nil {
		return nil, apperr.Errorf(apperr.NotFound, "there is no partnership %q", *of.Partnership)
	}
	sup, err := s.supplyOf(ctx, row, a)
	if err != nil {
		return nil, err
	}
	out := &Coverage{Supply: sup, Share: num(row["share"]), Contributing: countryFigures(row["contributing"])}
	out.Partnership, _ = row["partnership"].(map[string]any)
	out.AsOf, _ = row["asOf"].(string)
	members, _ := row["members"].([]any)
	for _, m := range members {
		out.Members = append(out.Members, returnedProps(m))
	}
	if of.Countries != nil {
		if unknown := unknownIDs(of.Countries, out.Members); len(unknown) > 0 {
			return nil, apperr.Errorf(apperr.BadUserInput, "there are no countries %s", quoteList(toAny(unknown)))
		}
		out.AsOf = ""
	}
	if l := countryFigures([]any{row["largestNonMember"]}); row["largestNonMember"] != nil {
		out.LargestNonMember = &l[0]
	}
	return out, nil
}

func unknownIDs(ids []string, found []map[string]any) []string {
	var unknown []string
	for _, id := range ids {
		if !slices.ContainsFunc(found, func(p map[string]any) bool { return p["id"] == id }) && !slices.Contains(unknown, id) {
			unknown = append(unknown, id)
		}
	}
	return unknown
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
