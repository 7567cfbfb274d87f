package resolvers

import (
	"context"
	"slices"

	"github.com/mineralgraph/mineralgraph/graph/loader"
	"github.com/mineralgraph/mineralgraph/graph/model"
	"github.com/mineralgraph/mineralgraph/graph/store"
)

// Query.supply and the other supply analytics: the store computes, these map its answer
// onto the model. The store returns of each node the properties the selection reads
// (with those of provenance, which is then one lookup of their sources away) and those
// the answer's fields are computed from.

func supply(ctx context.Context, st *store.Store, mineral string, stage *model.SupplyChainStage, metric *model.SupplyMetric, series *string, year *int, edition *string) (*model.Supply, error) {
	a := supplyArgs(mineral, stage, metric, series, year, edition)
	a.Props = supplyProps(ctx, nil)
	s, err := st.Supply(ctx, a)
	if err != nil {
		return nil, err
	}
	return supplyModel(s, metricOr(metric))
}

func supplyArgs(mineral string, stage *model.SupplyChainStage, metric *model.SupplyMetric, series *string, year *int, edition *string) store.SupplyArgs {
	a := store.SupplyArgs{Mineral: mineral, Metric: string(metricOr(metric)), Series: series, Year: year, Edition: edition}
	if stage != nil {
		s := string(*stage)
		a.Stage = &s
	}
	return a
}

func metricOr(m *model.SupplyMetric) model.SupplyMetric {
	if m == nil {
		return model.SupplyMetricProduction
	}
	return *m
}

func supplyModel(s *store.Supply, metric model.SupplyMetric) (*model.Supply, error) {
	mineral, err := store.Decode[model.Mineral](s.Mineral)
	if err != nil {
		return nil, err
	}
	out := &model.Supply{Mineral: mineral, Metric: metric, Series: s.Series, Edition: s.Edition, Year: s.Year,
		Unit: s.Unit, WorldTotal: s.WorldTotal, WorldTotalPublished: s.WorldTotalPublished, Hhi: s.HHI,
		Cr1: s.CR1, Cr3: s.CR3, Cr5: s.CR5, OtherShare: s.OtherShare}
	if s.Stage != nil {
		stage := model.SupplyChainStage(*s.Stage)
		out.Stage = &stage
	}
	if out.WorldTotalMeasurement, err = optionalMeasurement(s.World); err != nil {
		return nil, err
	}
	if out.OtherMeasurement, err = optionalMeasurement(s.Other); err != nil {
		return nil, err
	}
	if out.Shares, err = countryShares(s.Shares); err != nil {
		return nil, err
	}
	if out.Withheld, err = countryShares(s.Withheld); err != nil {
		return nil, err
	}
	if len(out.Shares) > 0 {
		out.Top = out.Shares[0]
	}
	return out, nil
}

func optionalMeasurement(props map[string]any) (*model.Measurement, error) {
	if props == nil {
		return nil, nil
	}
	return store.Decode[model.Measurement](props)
}

func countryShares(figures []store.CountryFigure) ([]*model.CountryShare, error) {
	out := make([]*model.CountryShare, 0, len(figures))
	for _, f := range figures {
		c, err := store.Decode[model.Country](f.Country)
		if err != nil {
			return nil, err
		}
		share := &model.CountryShare{Country: c, Value: f.Value, Share: f.Share}
		for _, props := range f.Measurements {
			m, err := store.Decode[model.Measurement](props)
			if err != nil {
				return nil, err
			}
			share.Measurements = append(share.Measurements, m)
			share.Estimated = orTrue(share.Estimated, m.Estimated)
			if share.Qualifier == nil || (m.Qualifier != nil && *m.Qualifier != model.ValueQualifierExact) {
				share.Qualifier = m.Qualifier
			}
		}
		out = append(out, share)
	}
	return out, nil
}

// orTrue is true when either is true, nil when both are.
func orTrue(a, b *bool) *bool {
	if a == nil {
		return b
	}
	if b != nil && *b {
		return b
	}
	return a
}

func concentration(ctx context.Context, st *store.Store, stage *model.SupplyChainStage, metric *model.SupplyMetric, year *int, edition *string, criticalOnly *bool, sort *model.ConcentrationSort, limit *int) (*model.Concentration, error) {
	a := supplyArgs("", stage, metric, nil, year, edition)
	by := model.ConcentrationSortHhi
	if sort != nil {
		by = *sort
	}
	ed, y, ranked, err := st.Concentration(ctx, store.ConcentrationArgs{Stage: a.Stage, Metric: a.Metric, Year: year, Edition: edition,
		CriticalOnly: criticalOnly != nil && *criticalOnly, Sort: string(by), Limit: orDefault(limit, 10), Props: supplyProps(ctx, []string{"minerals"})})
	if err != nil {
		return nil, err
	}
	out := &model.Concentration{Edition: ed, Year: y}
	for _, r := range ranked {
		s, err := supplyModel(r.Supply, metricOr(metric))
		if err != nil {
			return nil, err
		}
		out.Minerals = append(out.Minerals, s)
	}
	return out, nil
}

func coverage(ctx context.Context, st *store.Store, mineral string, stage *model.SupplyChainStage, metric *model.SupplyMetric, series *string, year *int, edition *string, of model.CoverageGroup) (*model.Coverage, error) {
	group := store.CoverageOf{Partnership: of.Partnership, Countries: of.Countries}
	if of.AsOf != nil {
		d := string(*of.AsOf)
		group.AsOf = &d
	}
	group.Members = loader.PropsAt(ctx, "Country", "members")
	a := supplyArgs(mineral, stage, metric, series, year, edition)
	a.Props = supplyProps(ctx, []string{"supply"}, []string{"contributing"}, []string{"largestNonMember"})
	c, err := st.Coverage(ctx, a, group)
	if err != nil {
		return nil, err
	}
	out := &model.Coverage{Share: c.Share}
	if out.Supply, err = supplyModel(c.Supply, metricOr(metric)); err != nil {
		return nil, err
	}
	if c.Partnership != nil {
		if out.Partnership, err = store.Decode[model.Partnership](c.Partnership); err != nil {
			return nil, err
		}
	}
	if c.AsOf != "" {
		d := model.PartialDate(c.AsOf)
		out.AsOf = &d
	}
	for _, props := range c.Members {
		m, err := store.Decode[model.Country](props)
		if err != nil {
			return nil, err
		}
		out.Members = append(out.Members, m)
	}
	if out.Contributing, err = countryShares(c.Contributing); err != nil {
		return nil, err
	}
	if c.LargestNonMember != nil {
		l, err := countryShares([]store.CountryFigure{*c.LargestNonMember})
		if err != nil {
			return nil, err
		}
		out.LargestNonMember = l[0]
	}
	return out, nil
}

func dependency(ctx context.Context, st *store.Store, country string, year *int, edition *string, minReliance, moreThan *float64, partnership *string, asOf *model.PartialDate, agreementLimit *int) (*model.Dependency, error) {
	a := store.DependencyArgs{Country: country, Year: year, Edition: edition, MinReliance: minReliance, MoreThan: moreThan, Partnership: partnership,
		AgreementLimit: store.DependencyDefaultAgreements}
	if agreementLimit != nil {
		a.AgreementLimit = *agreementLimit
	}
	// Only what the selection shows of the nodes, and what the figures' fields are read from.
	a.Props = store.DependencyProps{
		Home:        loader.PropsAt(ctx, "Country", "country"),
		Partnership: loader.PropsAt(ctx, "Partnership", "partnership"),
		Mineral:     loader.PropsAt(ctx, "Mineral", "minerals", "mineral"),
		Reliance:    withProps(loader.PropsAt(ctx, "Measurement", "minerals", "measurement"), "stageDetail", "value", "qualifier", "estimated"),
		Source:      withProps(loader.PropsAt(ctx, "Measurement", "minerals", "importSources", "measurement"), "stageDetail", "period", "value", "qualifier"),
		Country:     loader.PropsAt(ctx, "Country", "minerals", "importSources", "country"),
		Agreement:   loader.PropsAt(ctx, "Agreement", "minerals", "importSources", "agreements"),
	}
	if asOf != nil {
		d := string(*asOf)
		a.AsOf = &d
	}
	d, err := st.Dependency(ctx, a)
	if err != nil {
		return nil, err
	}
	dependencyBelow(ctx, d)
	out := &model.Dependency{Edition: d.Edition, Year: d.Year, Minerals: []*model.MineralDependency{}}
	if out.Country, err = store.Decode[model.Country](d.Country); err != nil {
		return nil, err
	}
	if d.Partnership != nil {
		if out.Partnership, err = store.Decode[model.Partnership](d.Partnership); err != nil {
			return nil, err
		}
		date := model.PartialDate(d.AsOf)
		out.AsOf = &date
	}
	// A mineral's forms share its import sources, and a country is the source of many
	// minerals: each is built once, and the answer's lists share them (only read).
	countries, built := sourceCountries{}, map[any][]*model.ImportSource{}
	for _, md := range d.Minerals {
		mineral, err := store.Decode[model.Mineral](md.Mineral)
		if err != nil {
			return nil, err
		}
		m, err := store.Decode[model.Measurement](md.Measurement)
		if err != nil {
			return nil, err
		}
		sources, ok := built[md.Mineral["id"]]
		if !ok {
			sources = make([]*model.ImportSource, 0, len(md.ImportSources))
			for _, f := range md.ImportSources {
				src, err := countries.importSource(f)
				if err != nil {
					return nil, err
				}
				sources = append(sources, src)
			}
			built[md.Mineral["id"]] = sources
		}
		out.Minerals = append(out.Minerals, &model.MineralDependency{Mineral: mineral, Detail: m.StageDetail, Reliance: m.Value,
			Qualifier: m.Qualifier, Estimated: m.Estimated, Measurement: m, ImportSources: sources})
	}
	return out, nil
}

// dependencyBelow reads what the selection asks below the answer's nodes (relationships,
// provenance) before the resolver returns, each node once at each place: its lists are
// then marshalled in order (graph/gen/order.go), not in a goroutine for each of its
// hundreds of import sources.
func dependencyBelow(ctx context.Context, d *store.Dependency) {
	l := loader.For(ctx)
	below := func(typeName string, props []map[string]any, path ...string) {
		seen := map[any]bool{}
		var nodes []store.Node
		for _, p := range props {
			if p != nil && !seen[p["id"]] {
				seen[p["id"]] = true
				nodes = append(nodes, store.Node{Type: typeName, Props: p})
			}
		}
		l.Below(ctx, nodes, path...)
	}
	below("Country", []map[string]any{d.Country}, "country")
	below("Partnership", []map[string]any{d.Partnership}, "partnership")
	var minerals, figures, sources, countries, agreements []map[string]any
	listed := map[any]bool{} // the minerals whose sources are listed: its forms share them
	for _, m := range d.Minerals {
		minerals, figures = append(minerals, m.Mineral), append(figures, m.Measurement)
		if listed[m.Mineral["id"]] {
			continue
		}
		listed[m.Mineral["id"]] = true
		for _, f := range m.ImportSources {
			sources, countries = append(sources, f.Measurement), append(countries, f.Country)
			agreements = append(agreements, f.Agreements...)
		}
	}
	below("Mineral", minerals, "minerals", "mineral")
	below("Measurement", figures, "minerals", "measurement")
	below("Measurement", sources, "minerals", "importSources", "measurement")
	below("Country", countries, "minerals", "importSources", "country")
	below("Agreement", agreements, "minerals", "importSources", "agreements")
}

// supplyProps is what the selection reads of the nodes of the Supply at prefix (and of
// the country shares at more, made of its shares); nil outside a GraphQL operation.
func supplyProps(ctx context.Context, prefix []string, more ...[]string) *store.SupplyProps {
	at := func(path ...string) []string { return append(slices.Clone(prefix), path...) }
	shares := append([][]string{at("shares"), at("withheld"), at("top")}, more...)
	var p store.SupplyProps
	for _, share := range shares {
		country := loader.PropsAt(ctx, "Country", append(slices.Clone(share), "country")...)
		figure := loader.PropsAt(ctx, "Measurement", append(slices.Clone(share), "measurements")...)
		if country == nil || figure == nil {
			return nil
		}
		p.Country = withProps(append(p.Country, country...))
		// A share's qualifier and estimate are read from its figures.
		p.Figure = withProps(append(p.Figure, figure...), "qualifier", "estimated")
	}
	p.Mineral = loader.PropsAt(ctx, "Mineral", at("mineral")...)
	p.World = loader.PropsAt(ctx, "Measurement", at("worldTotalMeasurement")...)
	p.Other = loader.PropsAt(ctx, "Measurement", at("otherMeasurement")...)
	return &p
}

// withProps adds names to a list of properties to read; nil (all of them) stays nil.
func withProps(props []string, names ...string) []string {
	if props == nil {
		return nil
	}
	for _, name := range names {
		if !slices.Contains(props, name) {
			props = append(props, name)
		}
	}
	return props
}

func importSource(f store.ImportSourceFigure) (*model.ImportSource, error) {
	return sourceCountries(nil).importSource(f)
}

// sourceCountries holds the source countries decoded, with their agreements, by id (nil:
// none kept).
type sourceCountries map[any]sourceCountry

type sourceCountry struct {
	country    *model.Country // nil for "Other countries"
	agreements []*model.Agreement
}

// importSource builds the import source of a figure, its country and agreements those
// decoded before when cs holds them.
func (cs sourceCountries) importSource(f store.ImportSourceFigure) (*model.ImportSource, error) {
	m, err := store.Decode[model.Measurement](f.Measurement)
	if err != nil {
		return nil, err
	}
	c, err := cs.country(f)
	if err != nil {
		return nil, err
	}
	return &model.ImportSource{Form: m.StageDetail, Period: m.Period, Share: m.Value, Qualifier: m.Qualifier, Partner: f.Partner,
		Measurement: m, Country: c.country, Agreements: c.agreements, AgreementCount: f.AgreementCount}, nil
}

func (cs sourceCountries) country(f store.ImportSourceFigure) (sourceCountry, error) {
	if c, ok := cs[f.Country["id"]]; ok && f.Country != nil {
		return c, nil
	}
	c := sourceCountry{agreements: make([]*model.Agreement, 0, len(f.Agreements))}
	var err error
	if f.Country != nil {
		if c.country, err = store.Decode[model.Country](f.Country); err != nil {
			return c, err
		}
	}
	for _, props := range f.Agreements {
		a, err := store.Decode[model.Agreement](props)
		if err != nil {
			return c, err
		}
		c.agreements = append(c.agreements, a)
	}
	if cs != nil && f.Country != nil {
		cs[f.Country["id"]] = c
	}
	return c, nil
}

func disruption(ctx context.Context, st *store.Store, supplier, mineral string, stage *model.SupplyChainStage, metric *model.SupplyMetric, series *string, year *int, edition *string, limit *int) (*model.Disruption, error) {
	a := supplyArgs(mineral, stage, metric, series, year, edition)
	listed := store.DisruptionDefaultLimit
	if limit != nil {
		listed = *limit
	}
	a.Props = supplyProps(ctx, []string{"before"}, []string{"lost"}, []string{"remaining"}, []string{"remainingTop"})
	d, err := st.Disruption(ctx, supplier, a, listed, store.DisruptionProps{
		Project:         loader.PropsAt(ctx, "Project", "projects"),
		Financier:       loader.PropsAt(ctx, "Organization", "financings", "financier"),
		FinancedProject: loader.PropsAt(ctx, "Project", "financings", "project"),
		Agreement:       loader.PropsAt(ctx, "Agreement", "agreements"),
		Policy:          loader.PropsAt(ctx, "Policy", "policies"),
		// An exposure's fields are read from its figure (importSource).
		Importer:        withProps(loader.PropsAt(ctx, "Measurement", "importersAtStake", "measurement"), "stageDetail", "period", "value", "qualifier"),
		ImporterCountry: loader.PropsAt(ctx, "Country", "importersAtStake", "country"),
	})
	if err != nil {
		return nil, err
	}
	out := &model.Disruption{RemainingTotal: d.RemainingTotal, RemainingHhi: d.RemainingHHI, ImportersAtStake: []*model.ImportExposure{},
		ProjectCount: d.ProjectCount, FinancingCount: d.FinancingCount, AgreementCount: d.AgreementCount, PolicyCount: d.PolicyCount}
	if out.Supplier, err = store.Decode[model.Country](d.Supplier); err != nil {
		return nil, err
	}
	if out.Before, err = supplyModel(d.Before, metricOr(metric)); err != nil {
		return nil, err
	}
	if d.Lost != nil {
		lost, err := countryShares([]store.CountryFigure{*d.Lost})
		if err != nil {
			return nil, err
		}
		out.Lost = lost[0]
	}
	if out.Remaining, err = countryShares(d.Remaining); err != nil {
		return nil, err
	}
	if len(out.Remaining) > 0 {
		out.RemainingTop = out.Remaining[0]
	}
	for _, f := range d.Importers {
		src, err := importSource(f)
		if err != nil {
			return nil, err
		}
		if src.Country == nil {
			continue
		}
		out.ImportersAtStake = append(out.ImportersAtStake, &model.ImportExposure{Country: src.Country, Form: src.Form,
			Period: src.Period, Share: src.Share, Qualifier: src.Qualifier, Measurement: src.Measurement})
	}
	if out.Projects, err = decodeList[model.Project](d.Projects); err != nil {
		return nil, err
	}
	if out.Agreements, err = decodeList[model.Agreement](d.Agreements); err != nil {
		return nil, err
	}
	if out.Policies, err = decodeList[model.Policy](d.Policies); err != nil {
		return nil, err
	}
	out.Financings = []*model.ProjectFinancing{}
	for _, f := range d.Financings {
		pf := &model.ProjectFinancing{}
		if pf.Financier, err = store.Decode[model.Organization](f.Financier); err != nil {
			return nil, err
		}
		if pf.Project, err = store.Decode[model.Project](f.Project); err != nil {
			return nil, err
		}
		if pf.Financing, err = store.Decode[model.Financing](f.Financing); err != nil {
			return nil, err
		}
		out.Financings = append(out.Financings, pf)
	}
	return out, nil
}

func decodeList[T any](props []map[string]any) ([]*T, error) {
	out := make([]*T, 0, len(props))
	for _, p := range props {
		v, err := store.Decode[T](p)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
