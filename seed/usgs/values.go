package usgs

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// value is a parsed cell: a number, a bound, a range or a code.
type value struct {
	v, max    *float64
	qualifier Qualifier
	// qualitative is set for reserves given in words (Large, Small…): skipped by rule.
	qualitative bool
}

var (
	plainNumber   = regexp.MustCompile(`^\d+(\.\d+)?$`)
	groupedNumber = regexp.MustCompile(`^\d{1,3}(,\d{3})+(\.\d+)?$`)
	rangePattern  = regexp.MustCompile(`^(\S+)\s*[-–]\s*(\S+)$`)
)

// codes are the special values of the releases (README "Format and conventions").
var codes = map[string]Qualifier{
	"W":  Withheld,
	"—":  Zero,
	"NA": NotAvailable,
	"XX": NotApplicable,
	"E":  NetExporter,
	"s":  LessThanHalfUnit,
}

// qualitativeWords are reserves given in words instead of a number.
var qualitativeWords = map[string]bool{"Large": true, "Small": true, "Moderate": true, "Very small": true, "Moderate to large": true, "Moderate to Large": true}

// clean trims spaces and no-break spaces, and turns inner no-break spaces into spaces.
func clean(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
}

// number reads 226,000 or 226000 or 0.5; thousands separators must group by three.
func number(s string) (float64, bool) {
	switch {
	case plainNumber.MatchString(s):
	case groupedNumber.MatchString(s):
		s = strings.ReplaceAll(s, ",", "")
	default:
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// parseValue reads a non-empty cell.
func parseValue(cell string) (value, error) {
	s := clean(cell)
	if q, ok := codes[s]; ok {
		if q == Zero {
			zero := 0.0
			return value{v: &zero, qualifier: q}, nil
		}
		return value{qualifier: q}, nil
	}
	if qualitativeWords[s] {
		return value{qualitative: true}, nil
	}
	if f, ok := number(s); ok {
		return value{v: &f, qualifier: Exact}, nil
	}
	if rest, ok := strings.CutPrefix(s, ">"); ok {
		if f, ok := number(strings.TrimSpace(rest)); ok {
			return value{v: &f, qualifier: Over}, nil
		}
	}
	if rest, ok := strings.CutPrefix(s, "<"); ok {
		if f, ok := number(strings.TrimSpace(rest)); ok {
			return value{v: &f, qualifier: Under}, nil
		}
	}
	if m := rangePattern.FindStringSubmatch(s); m != nil {
		lo, ok1 := number(m[1])
		hi, ok2 := number(m[2])
		if ok1 && ok2 && lo <= hi {
			return value{v: &lo, max: &hi, qualifier: Range}, nil
		}
	}
	return value{}, fmt.Errorf("%q is neither a number (226,000 or 226000) nor a known code (W, —, NA, XX, E, s, >N, <N, A–B, Large, Small, Moderate)", cell)
}

// unitScale is the canonical unit of a published unit and the factor to it.
type unitScale struct {
	canonical string
	factor    float64
}

// units are the units the releases use. In the MCS, "tons" means metric tons.
var units = map[string]unitScale{
	"metric tons":              {"t", 1},
	"tons":                     {"t", 1},
	"thousand metric tons":     {"t", 1e3},
	"thousand metric dry tons": {"t", 1e3},
	"million metric tons":      {"t", 1e6},
	"kilograms":                {"kg", 1},
	"thousand carats":          {"carat", 1e3},
	"thousands of carats":      {"carat", 1e3},
	"million carats":           {"carat", 1e6},
	"million cubic meters":     {"m3", 1e6},
	"million liters":           {"L", 1e6},
	"percent":                  {"%", 1},
}

func knownUnits() string {
	return `metric tons, tons, thousand metric tons, thousand metric dry tons, million metric tons, kilograms, thousand carats, thousands of carats, million carats, million cubic meters, million liters, percent`
}

// canonical fills the canonical unit and values of r from its unit and values.
func canonical(r *Record) error {
	u, ok := units[clean(r.Unit)]
	if !ok {
		return fmt.Errorf("%q is not a known unit (%s)", r.Unit, knownUnits())
	}
	r.CanonicalUnit = u.canonical
	scale := func(v *float64) *float64 {
		if v == nil {
			return nil
		}
		c := *v * u.factor
		return &c
	}
	r.CanonicalValue, r.CanonicalValueMax = scale(r.Value), scale(r.ValueMax)
	return nil
}

// stageRules map the wording of a production or capacity series to a stage: the first
// rule whose word the lower-cased wording contains wins.
var stageRules = []struct {
	word  string
	stage Stage
}{
	{"mine", Mining}, {"mining", Mining},
	{"refinery", Refining}, {"refined", Refining},
	{"smelter", Smelting},
	{"primary", Primary},
	{"plant", Processing}, {"cement", Processing}, {"clinker", Processing}, {"pig iron", Processing},
	{"raw steel", Processing}, {"sponge", Processing}, {"pigment", Processing}, {"ferrosilicon", Processing},
	{"silicon metal", Processing}, {"fused aluminum oxide", Processing}, {"silicon carbide", Processing},
}

func stageOf(m Metric, wording string) Stage {
	if m != Production && m != Capacity {
		return ""
	}
	w := strings.ToLower(wording)
	for _, r := range stageRules {
		if strings.Contains(w, r.word) {
			return r.stage
		}
	}
	return ""
}
