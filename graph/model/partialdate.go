package model

import (
	"fmt"
	"io"
	"strconv"

	"github.com/mineralgraph/mineralgraph/graph/scalar"
)

// PartialDate is a date at the precision a source gives: YYYY, YYYY-MM or YYYY-MM-DD.
type PartialDate string

// ParsePartialDate validates s: the shape and, for full dates, the calendar.
func ParsePartialDate(s string) (PartialDate, error) {
	d, err := scalar.ParsePartialDate(s)
	return PartialDate(d), err
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
