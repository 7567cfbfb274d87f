package seed

import (
	"strings"
	"testing"
)

func TestParseFacts(t *testing.T) {
	const header = "subject,relation,object,value,unit,year,source_title,source_url,quote\n"
	tests := []struct {
		name, csv string
		rows      int
		problems  []string
	}{
		{"valid", header + "jogmec,FINANCES,lofdal,1,USD million,2025,T,https://example.org/t,q\nCN,PRODUCTION_SHARE,gallium,98,%,2024,T,https://example.org/t,q\n", 2, nil},
		{"missing column", "subject,relation,object\nx,y,z\n", 0, []string{
			`f.csv:1: the header lacks the column "source_title" (columns: subject,relation,object,source_title,quote,value,unit,year,source_url,properties)`,
			`f.csv:1: the header lacks the column "quote" (columns: subject,relation,object,source_title,quote,value,unit,year,source_url,properties)`}},
		{"empty cells", header + "jogmec,FINANCES,lofdal,1,USD,2025,T,https://example.org/t,q\n,FINANCES,lofdal,1,USD,2025,,,\n", 2,
			[]string{"f.csv:3: subject is empty", "f.csv:3: source_title is empty", "f.csv:3: source_url is empty", "f.csv:3: quote is empty"}},
		{"quoted newline keeps row numbers", header + "a,B,c,,,,\"two\nlines\",https://example.org/t,q\nd,E,f,,,,T,https://example.org/t,\n", 2, []string{"f.csv:4: quote is empty"}},
		{"bad quoting", header + "a,B,c,,,,\"T,,q\n", 0, []string{`f.csv:2: parse error on line 2, column 16: extraneous or missing " in quoted-field`}},
		{"no rows", header, 0, []string{"f.csv:1: no rows after the header"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			facts, problems := ParseFacts(strings.NewReader(tt.csv), "f.csv")
			if len(facts) != tt.rows {
				t.Errorf("%d rows, want %d", len(facts), tt.rows)
			}
			var got []string
			for _, p := range problems {
				got = append(got, p.String())
			}
			if strings.Join(got, "\n") != strings.Join(tt.problems, "\n") {
				t.Errorf("problems\n got %q\nwant %q", got, tt.problems)
			}
		})
	}
}

func TestFactsBatch(t *testing.T) {
	typeOf := map[string]string{"jogmec": "Organization", "lofdal": "Project", "CN": "Country", "gallium": "Mineral", "msp": "Partnership", "JP": "Country"}
	fact := func(subject, relation, object, value, unit, year, extra string) Fact {
		return Fact{Row: 7, Subject: subject, Relation: relation, Object: object, Value: value, Unit: unit, Year: year,
			SourceTitle: "T", SourceURL: "https://example.org/t", Quote: "q", Extra: extra}
	}
	tests := []struct {
		name    string
		fact    Fact
		problem string
		check   func(t *testing.T, props map[string]any)
	}{
		{"financing", fact("jogmec", "FINANCES", "lofdal", "12.5", "USD million", "2025", "instrument=EQUITY;stake=40"), "", func(t *testing.T, p map[string]any) {
			if p["amount"] != 12.5 || p["currency"] != "USD million" || p["validFrom"] != "2025" || p["instrument"] != "EQUITY" || p["stake"] != 40.0 {
				t.Errorf("props %v", p)
			}
		}},
		{"membership role", fact("JP", "MEMBER_OF", "msp", "PARTNER", "", "2022", ""), "", func(t *testing.T, p map[string]any) {
			if p["role"] != "PARTNER" || p["validFrom"] != "2022" {
				t.Errorf("props %v", p)
			}
		}},
		{"measurement", fact("CN", "PRODUCTION_SHARE", "gallium", "98", "%", "2024", ""), "", nil},
		{"unknown subject", fact("atlantis", "FINANCES", "lofdal", "", "", "", ""), `f.csv:7: subject "atlantis" is not an entity in the database`, nil},
		{"undeclared relation", fact("jogmec", "LOBBIES", "lofdal", "", "", "", ""), "f.csv:7: LOBBIES is neither a Metric nor a relation declared from Organization to Project", nil},
		{"value where none fits", fact("jogmec", "OPERATES", "lofdal", "3", "t", "", ""), "f.csv:7: a Fact relation takes no value or unit; put properties in the properties column", nil},
		{"amount not a number", fact("jogmec", "FINANCES", "lofdal", "lots", "USD", "", ""), `f.csv:7: value "lots" is not a number (the amount of a Financing)`, nil},
		{"measurement without unit", fact("CN", "PRODUCTION_SHARE", "gallium", "98", "", "2024", ""), "f.csv:7: a PRODUCTION_SHARE measurement needs a unit", nil},
		{"measurement of a non-mineral", fact("CN", "PRODUCTION_SHARE", "lofdal", "98", "%", "2024", ""), `f.csv:7: object "lofdal" of a measurement must be a mineral in the database`, nil},
		{"bad extra property", fact("jogmec", "FINANCES", "lofdal", "", "", "", "colour=red"), `f.csv:7: properties: "colour=red" is not key=value for a single-valued property of the relation`, nil},
		{"badly typed extra property", fact("jogmec", "FINANCES", "lofdal", "", "", "", "stake=most"), `f.csv:7: properties: stake="most" is not a Float`, nil},
		// The properties column is read by the scalar table: enums and dates are checked there.
		{"extra property not an enum value", fact("jogmec", "FINANCES", "lofdal", "", "", "", "instrument=BOND"), `f.csv:7: properties: instrument="BOND" is not a FinancingInstrument`, nil},
		{"extra property not a date", fact("jogmec", "FINANCES", "lofdal", "", "", "", "instrument=LOAN;validTo=2025-02-30"), `f.csv:7: properties: validTo="2025-02-30" is not a PartialDate`, nil},
		{"amount not finite", fact("jogmec", "FINANCES", "lofdal", "NaN", "USD", "", "instrument=LOAN"), `f.csv:7: value "NaN" is not a number (the amount of a Financing)`, nil},
		{"year not an integer", fact("CN", "PRODUCTION_SHARE", "gallium", "98", "%", "2024.5", ""), `f.csv:7: year "2024.5" is not a whole number`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, problems := FactsBatch([]Fact{tt.fact}, typeOf, "f.csv")
			if tt.problem != "" {
				if len(problems) != 1 || problems[0].String() != tt.problem {
					t.Fatalf("problems %v, want %q", problems, tt.problem)
				}
				return
			}
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			if tt.check != nil {
				tt.check(t, b.Relations[0].Props)
			}
			if b.Nodes[0].Type != "Source" || len(b.Relations) == 0 {
				t.Errorf("batch %+v", b)
			}
		})
	}
}
