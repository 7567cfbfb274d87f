package model

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"time"
)

// PartialDate is a date at the precision a source gives: YYYY, YYYY-MM or YYYY-MM-DD.
type PartialDate string

var partialDatePattern = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// ParsePartialDate validates s: the shape and, for full dates, the calendar.
func ParsePartialDate(s string) (PartialDate, error) {
	if !partialDatePattern.MatchString(s) {
		return "", fmt.Errorf("%q is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD", s)
	}
	layout := map[int]string{4: "2006", 7: "2006-01", 10: "2006-01-02"}[len(s)]
	if _, err := time.Parse(layout, s); err != nil {
		return "", fmt.Errorf("%q is not a calendar date", s)
	}
	return PartialDate(s), nil
}

// UnmarshalGQL implements graphql.Unmarshaler.
func (d *PartialDate) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("PartialDate must be a string")
	}
	parsed, err := ParsePartialDate(s)
	if err != nil {
		return err
	}
	*d = parsed
	return nil
}

// MarshalGQL implements graphql.Marshaler.
func (d PartialDate) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(d)))
}
