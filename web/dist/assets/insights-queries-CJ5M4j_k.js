var e=Object.create,t=Object.defineProperty,n=Object.getOwnPropertyDescriptor,r=Object.getOwnPropertyNames,i=Object.getPrototypeOf,a=Object.prototype.hasOwnProperty,o=(e,t,n)=>()=>{if(n)throw n[0];try{return e&&(t=e(e=0)),t}catch(e){throw n=[e],e}},s=(e,t)=>()=>(t||(e((t={exports:{}}).exports,t,t.exports),e=null),t.exports),c=(e,n)=>{let r={};for(var i in e)t(r,i,{get:e[i],enumerable:!0});return n||t(r,Symbol.toStringTag,{value:`Module`}),r},l=(e,i,o,s)=>{if(i&&typeof i==`object`||typeof i==`function`)for(var c=r(i),l=0,u=c.length,d;l<u;l++)d=c[l],!a.call(e,d)&&d!==o&&t(e,d,{get:(e=>i[e]).bind(null,d),enumerable:!(s=n(i,d))||s.enumerable});return e},u=(n,r,o)=>(o=n==null?{}:e(i(n)),l(r||!n||!n.__esModule||!a.call(n,`default`)?t(o,`default`,{value:n,enumerable:!0}):o,n)),d=e=>a.call(e,`module.exports`)?e[`module.exports`]:l(t({},`__esModule`,{value:!0}),e),f=`provenance { evidence locator source { id title } }`,p=`country { id name } value share qualifier estimated
  measurements { id ${f} }`,m=`query InsightsSupply($mineral: ID!, $stage: SupplyChainStage, $series: String, $year: Int) {
  supply(mineral: $mineral, stage: $stage, series: $series, year: $year) { ${`mineral { id name } stage series edition year unit worldTotal worldTotalPublished
  worldTotalMeasurement { id ${f} } hhi cr1 cr3 otherShare shares { ${p} } withheld { country { id name } }`} }
}`,h=`query InsightsConcentration($stage: SupplyChainStage, $year: Int, $sort: ConcentrationSort, $critical: Boolean) {
  concentration(stage: $stage, year: $year, sort: $sort, criticalOnly: $critical, limit: 100) {
    edition year minerals { mineral { id name } series hhi cr1 cr3 worldTotalMeasurement { id } top { country { id name } share measurements { id ${f} } } }
  }
}`,g=`query InsightsCoverage($mineral: ID!, $stage: SupplyChainStage, $series: String, $year: Int, $of: CoverageGroup!) {
  coverage(mineral: $mineral, stage: $stage, series: $series, year: $year, of: $of) {
    partnership { id name } asOf share members { id name }
    contributing { ${p} } largestNonMember { ${p} }
    supply { edition year unit mineral { name } worldTotalMeasurement { id } }
  }
}`,_=`query InsightsDependency($partnership: ID, $asOf: PartialDate) {
  dependency(country: "US", partnership: $partnership, asOf: $asOf) {
    edition year partnership { id name } asOf
    minerals { mineral { id name } detail reliance qualifier estimated measurement { id ${f} }
      importSources { country { id name } form period share qualifier partner measurement { id } } }
  }
}`,v=`query InsightsRows($ids: [ID!]) { measurements(where: { id: { in: $ids } }) { id ${f} } }`,y=`query InsightsDisruption($supplier: ID!, $mineral: ID!, $stage: SupplyChainStage, $series: String, $year: Int) {
  disruption(supplier: $supplier, mineral: $mineral, stage: $stage, series: $series, year: $year) {
    supplier { id name } lost { share value measurements { id ${f} } } remainingTotal remainingHhi
    remainingTop { country { name } share } remaining { ${p} }
    before { edition year unit series hhi }
    importersAtStake { country { id name } form period share measurement { id ${f} } }
    projects { id name } projectCount financings { financier { id name } project { id name } }
  }
}`,b=[{title:`Insights: who produces natural graphite`,query:m,variables:{mineral:`natural-graphite`,stage:`MINING`}},{title:`Insights: the most concentrated minerals`,query:h,variables:{stage:`MINING`,sort:`HHI`,critical:!1}},{title:`Insights: the MSP's share of natural graphite`,query:g,variables:{mineral:`natural-graphite`,stage:`MINING`,of:{partnership:`msp`,asOf:`2024-06-01`}}},{title:`Insights: US net import reliance`,query:_,variables:{partnership:`msp`}},{title:`Insights: natural graphite without China`,query:y,variables:{supplier:`CN`,mineral:`natural-graphite`,stage:`MINING`}}];export{v as a,s as c,d,u as f,h as i,o as l,_ as n,m as o,y as r,b as s,g as t,c as u};