// The Insights page's GraphQL queries, also saved as examples in the playground. Every figure
// comes with its provenance: the page links each number to its measurement and to its row.
const ROW = 'provenance { evidence locator source { id title } }';
export const SHARE = `country { id name } value share qualifier estimated
  measurements { id ${ROW} }`;
export const SUPPLY_FIELDS = `mineral { id name } stage series edition year unit worldTotal worldTotalPublished
  worldTotalMeasurement { id ${ROW} } hhi cr1 cr3 otherShare shares { ${SHARE} } withheld { country { id name } }`;
export const SUPPLY = `query InsightsSupply($mineral: ID!, $stage: SupplyChainStage, $series: String, $year: Int) {
  supply(mineral: $mineral, stage: $stage, series: $series, year: $year) { ${SUPPLY_FIELDS} }
}`;
export const RANKING = `query InsightsConcentration($stage: SupplyChainStage, $year: Int, $sort: ConcentrationSort, $critical: Boolean) {
  concentration(stage: $stage, year: $year, sort: $sort, criticalOnly: $critical, limit: 100) {
    edition year minerals { mineral { id name } series hhi cr1 cr3 worldTotalMeasurement { id } top { country { id name } share measurements { id ${ROW} } } }
  }
}`;
export const COVERAGE = `query InsightsCoverage($mineral: ID!, $stage: SupplyChainStage, $series: String, $year: Int, $of: CoverageGroup!) {
  coverage(mineral: $mineral, stage: $stage, series: $series, year: $year, of: $of) {
    partnership { id name } asOf share members { id name }
    contributing { ${SHARE} } largestNonMember { ${SHARE} }
    supply { edition year unit mineral { name } worldTotalMeasurement { id } }
  }
}`;

export const DEPENDENCY = `query InsightsDependency($partnership: ID, $asOf: PartialDate) {
  dependency(country: "US", partnership: $partnership, asOf: $asOf) {
    edition year partnership { id name } asOf
    minerals { mineral { id name } detail reliance qualifier estimated measurement { id ${ROW} }
      importSources { country { id name } form period share qualifier partner measurement { id } } }
  }
}`;
// The published rows of a few figures: the import sources of the chosen mineral (asking for
// them in DEPENDENCY would bring every mineral's, doubling its answer).
export const ROWS = `query InsightsRows($ids: [ID!]) { measurements(where: { id: { in: $ids } }) { id ${ROW} } }`;
export const DISRUPTION = `query InsightsDisruption($supplier: ID!, $mineral: ID!, $stage: SupplyChainStage, $series: String, $year: Int) {
  disruption(supplier: $supplier, mineral: $mineral, stage: $stage, series: $series, year: $year) {
    supplier { id name } lost { share value measurements { id ${ROW} } } remainingTotal remainingHhi
    remainingTop { country { name } share } remaining { ${SHARE} }
    before { edition year unit series hhi }
    importersAtStake { country { id name } form period share measurement { id ${ROW} } }
    projects { id name } projectCount financings { financier { id name } project { id name } }
  }
}`;

// The same queries as saved examples in the playground, with the page's default variables.
export const insightsExamples = [
  { title: 'Insights: who produces natural graphite', query: SUPPLY, variables: { mineral: 'natural-graphite', stage: 'MINING' } },
  { title: 'Insights: the most concentrated minerals', query: RANKING, variables: { stage: 'MINING', sort: 'HHI', critical: false } },
  { title: "Insights: the MSP's share of natural graphite", query: COVERAGE, variables: { mineral: 'natural-graphite', stage: 'MINING', of: { partnership: 'msp', asOf: '2024-06-01' } } },
  { title: 'Insights: US net import reliance', query: DEPENDENCY, variables: { partnership: 'msp' } },
  { title: 'Insights: natural graphite without China', query: DISRUPTION, variables: { supplier: 'CN', mineral: 'natural-graphite', stage: 'MINING' } },
];
