package synth

// The fixed part of the synthetic graph: minerals, technologies, and the named hubs
// (financiers, unions, partnerships) whose ids the benchmark queries use. Every other
// node is numbered (org-000123, project-000042…).

// mineral is a Mineral node; partOf names broader entries.
type mineral struct {
	id, name, kind, symbol string
	partOf                 []string
}

// minerals are ordered by how often the synthetic graph mentions them: a power-law pick
// favours the front of the list.
var minerals = []mineral{
	{"lithium", "Lithium", "ELEMENT", "Li", []string{"battery-minerals", "critical-minerals"}},
	{"graphite", "Graphite", "GROUP", "", []string{"battery-minerals", "critical-minerals"}},
	{"nickel", "Nickel", "ELEMENT", "Ni", []string{"battery-minerals", "critical-minerals"}},
	{"cobalt", "Cobalt", "ELEMENT", "Co", []string{"battery-minerals", "critical-minerals"}},
	{"rare-earths", "Rare earth elements", "GROUP", "", []string{"critical-minerals"}},
	{"copper", "Copper", "ELEMENT", "Cu", []string{"critical-minerals"}},
	{"manganese", "Manganese", "ELEMENT", "Mn", []string{"battery-minerals", "critical-minerals"}},
	{"natural-graphite", "Natural graphite", "FORM", "", []string{"graphite"}},
	{"synthetic-graphite", "Synthetic graphite", "FORM", "", []string{"graphite"}},
	{"gallium", "Gallium", "ELEMENT", "Ga", []string{"critical-minerals"}},
	{"germanium", "Germanium", "ELEMENT", "Ge", []string{"critical-minerals"}},
	{"neodymium", "Neodymium", "ELEMENT", "Nd", []string{"rare-earths", "light-rare-earths"}},
	{"dysprosium", "Dysprosium", "ELEMENT", "Dy", []string{"rare-earths", "heavy-rare-earths"}},
	{"praseodymium", "Praseodymium", "ELEMENT", "Pr", []string{"rare-earths", "light-rare-earths"}},
	{"terbium", "Terbium", "ELEMENT", "Tb", []string{"rare-earths", "heavy-rare-earths"}},
	{"tungsten", "Tungsten", "ELEMENT", "W", []string{"critical-minerals"}},
	{"titanium", "Titanium", "ELEMENT", "Ti", []string{"critical-minerals"}},
	{"uranium", "Uranium", "ELEMENT", "U", nil},
	{"vanadium", "Vanadium", "ELEMENT", "V", []string{"critical-minerals"}},
	{"antimony", "Antimony", "ELEMENT", "Sb", []string{"critical-minerals"}},
	{"platinum-group-metals", "Platinum group metals", "GROUP", "", []string{"critical-minerals"}},
	{"platinum", "Platinum", "ELEMENT", "Pt", []string{"platinum-group-metals"}},
	{"palladium", "Palladium", "ELEMENT", "Pd", []string{"platinum-group-metals"}},
	{"iridium", "Iridium", "ELEMENT", "Ir", []string{"platinum-group-metals"}},
	{"tin", "Tin", "ELEMENT", "Sn", nil},
	{"tantalum", "Tantalum", "ELEMENT", "Ta", []string{"critical-minerals"}},
	{"niobium", "Niobium", "ELEMENT", "Nb", []string{"critical-minerals"}},
	{"beryllium", "Beryllium", "ELEMENT", "Be", []string{"critical-minerals"}},
	{"magnesium", "Magnesium", "ELEMENT", "Mg", []string{"critical-minerals"}},
	{"silicon", "Silicon", "ELEMENT", "Si", []string{"critical-minerals"}},
	{"phosphate-rock", "Phosphate rock", "PRODUCT", "", []string{"critical-minerals"}},
	{"bauxite", "Bauxite", "PRODUCT", "", nil},
	{"aluminium", "Aluminium", "ELEMENT", "Al", nil},
	{"zinc", "Zinc", "ELEMENT", "Zn", nil},
	{"indium", "Indium", "ELEMENT", "In", []string{"critical-minerals"}},
	{"bismuth", "Bismuth", "ELEMENT", "Bi", []string{"critical-minerals"}},
	{"hafnium", "Hafnium", "ELEMENT", "Hf", []string{"critical-minerals"}},
	{"scandium", "Scandium", "ELEMENT", "Sc", []string{"rare-earths"}},
	{"yttrium", "Yttrium", "ELEMENT", "Y", []string{"rare-earths", "heavy-rare-earths"}},
	{"lanthanum", "Lanthanum", "ELEMENT", "La", []string{"rare-earths", "light-rare-earths"}},
	{"cerium", "Cerium", "ELEMENT", "Ce", []string{"rare-earths", "light-rare-earths"}},
	{"samarium", "Samarium", "ELEMENT", "Sm", []string{"rare-earths", "light-rare-earths"}},
	{"europium", "Europium", "ELEMENT", "Eu", []string{"rare-earths", "heavy-rare-earths"}},
	{"gadolinium", "Gadolinium", "ELEMENT", "Gd", []string{"rare-earths", "heavy-rare-earths"}},
	{"holmium", "Holmium", "ELEMENT", "Ho", []string{"rare-earths", "heavy-rare-earths"}},
	{"erbium", "Erbium", "ELEMENT", "Er", []string{"rare-earths", "heavy-rare-earths"}},
	{"lutetium", "Lutetium", "ELEMENT", "Lu", []string{"rare-earths", "heavy-rare-earths"}},
	{"fluorspar", "Fluorspar", "PRODUCT", "", []string{"critical-minerals"}},
	{"barite", "Barite", "PRODUCT", "", []string{"critical-minerals"}},
	{"chromium", "Chromium", "ELEMENT", "Cr", []string{"critical-minerals"}},
	{"zirconium", "Zirconium", "ELEMENT", "Zr", []string{"critical-minerals"}},
	{"arsenic", "Arsenic", "ELEMENT", "As", nil},
	{"tellurium", "Tellurium", "ELEMENT", "Te", []string{"critical-minerals"}},
	{"lithium-hydroxide", "Lithium hydroxide", "PRODUCT", "", []string{"lithium"}},
	{"lithium-carbonate", "Lithium carbonate", "PRODUCT", "", []string{"lithium"}},
	{"nickel-sulphate", "Nickel sulphate", "PRODUCT", "", []string{"nickel"}},
	{"cobalt-sulphate", "Cobalt sulphate", "PRODUCT", "", []string{"cobalt"}},
	{"active-anode-material", "Active anode material", "PRODUCT", "", []string{"graphite"}},
	{"ndfeb-magnets", "NdFeB permanent magnets", "PRODUCT", "", []string{"rare-earths"}},
	{"light-rare-earths", "Light rare earth elements", "GROUP", "", []string{"rare-earths"}},
	{"heavy-rare-earths", "Heavy rare earth elements", "GROUP", "", []string{"rare-earths"}},
	{"battery-minerals", "Battery minerals", "GROUP", "", []string{"critical-minerals"}},
	{"critical-minerals", "Critical minerals", "GROUP", "", nil},
}

// graphiteFamily are graphite and the entries PART_OF it: the example question's
// mineral filter matches these.
var graphiteFamily = []int{1, 7, 8, 58} // graphite, natural-, synthetic-graphite, active anode material

var technologies = [][2]string{
	{"ev-batteries", "EV batteries"}, {"electric-vehicles", "Electric vehicles"}, {"wind", "Wind turbines"},
	{"solar", "Solar photovoltaics"}, {"grid-storage", "Grid-scale storage"}, {"semiconductors", "Semiconductors"},
	{"defence-technologies", "Defence technologies"}, {"data-centers", "Data centres"},
	{"artificial-intelligence", "Artificial intelligence"}, {"nuclear-technologies", "Nuclear technologies"},
	{"electrolysers", "Electrolysers"}, {"fuel-cells", "Fuel cells"}, {"consumer-electronics", "Consumer electronics"},
	{"aerospace", "Aerospace"}, {"catalytic-converters", "Catalytic converters"}, {"fibre-optics", "Fibre optics"},
	{"heat-pumps", "Heat pumps"}, {"power-electronics", "Power electronics"}, {"robotics", "Robotics"},
	{"clean-technologies", "Clean technologies"},
}

// namedOrg is an organisation with a fixed id; financiers come first, in the order of
// their power-law weight (the DFC finances the most projects).
type namedOrg struct {
	id, name, alias, kind, country string
}

var namedOrgs = []namedOrg{
	{"dfc", "US International Development Finance Corporation", "DFC", "FINANCIER", "US"},
	{"jogmec", "Japan Organization for Metals and Energy Security", "JOGMEC", "FINANCIER", "JP"},
	{"kfw-ipex-bank", "KfW IPEX-Bank", "KfW", "FINANCIER", "DE"},
	{"exim-us", "Export-Import Bank of the United States", "EXIM", "FINANCIER", "US"},
	{"kexim", "Export-Import Bank of Korea", "KEXIM", "FINANCIER", "KR"},
	{"efa", "Export Finance Australia", "EFA", "FINANCIER", "AU"},
	{"edc", "Export Development Canada", "EDC", "FINANCIER", "CA"},
	{"jbic", "Japan Bank for International Cooperation", "JBIC", "FINANCIER", "JP"},
	{"eib", "European Investment Bank", "EIB", "FINANCIER", "LU"},
	{"ifc", "International Finance Corporation", "IFC", "FINANCIER", "US"},
	{"cdb", "China Development Bank", "CDB", "FINANCIER", "CN"},
	{"bpifrance", "Bpifrance", "Bpi", "FINANCIER", "FR"},
	{"eu", "European Union", "EU", "SUPRANATIONAL_UNION", "BE"},
	{"iea", "International Energy Agency", "IEA", "INTERNATIONAL_ORGANIZATION", "FR"},
	{"us-department-of-state", "US Department of State", "State Department", "GOVERNMENT_BODY", "US"},
	{"us-department-of-energy", "US Department of Energy", "DOE", "GOVERNMENT_BODY", "US"},
	{"mofcom", "Ministry of Commerce of the People's Republic of China", "MOFCOM", "GOVERNMENT_BODY", "CN"},
	{"meti", "Ministry of Economy, Trade and Industry", "METI", "GOVERNMENT_BODY", "JP"},
}

// namedPartnerships come first among partnerships, the MSP being the hub.
var namedPartnerships = [][3]string{
	{"msp", "Minerals Security Partnership", "INITIATIVE"},
	{"forge", "Forum on Resource Geostrategic Engagement", "INITIATIVE"},
	{"msp-finance-network", "MSP Finance Network", "FINANCE_NETWORK"},
	{"msp-forum", "MSP Forum", "FORUM"},
	{"g7", "Group of Seven", "GROUP"},
}

// mspFounders are the MSP's founding partners (June 2022), then later partners.
var mspFounders = []string{"AU", "CA", "FI", "FR", "DE", "JP", "KR", "SE", "GB", "US"}
var mspPartners = []string{"IN", "IT", "NO", "EE", "UA", "PH"}

// Words for names: places, feature words and suffixes, so that names read like real ones
// and full-text search has something to rank.
var places = []string{
	"Kalgoorlie", "Pilbara", "Atacama", "Katanga", "Kolwezi", "Sulawesi", "Balama", "Epanko", "Mount Weld",
	"Bayan Obo", "Salar", "Greenbushes", "Thacker Pass", "Kvanefjeld", "Norilsk", "Sudbury", "Jadar",
	"Kipushi", "Mutanda", "Tenke", "Morowali", "Weda Bay", "Goulamina", "Manono", "Arcadia", "Bikita",
	"Pampa Norte", "Olaroz", "Cauchari", "Hombre Muerto", "Keliber", "Kiruna", "Lappland", "Nolans",
	"Browns Range", "Yangibana", "Mountain Pass", "Round Top", "Nechalacho", "Songwe", "Ngualla", "Makuutu",
	"Tanbreez", "Steenkampskraal", "Lofdal", "Halleck Creek", "Ambatovy", "Molo", "Nachu", "Montepuez",
}

var features = []string{"Mine", "Refinery", "Processing Plant", "Hub", "Project", "Expansion", "Smelter",
	"Recycling Plant", "Cathode Plant", "Anode Facility", "Magnet Plant", "Concentrator"}

var companyWords = []string{"Resources", "Minerals", "Mining", "Metals", "Materials", "Holdings",
	"Lithium", "Energy", "Exploration", "Refining", "Technologies", "Group"}
