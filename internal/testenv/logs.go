package testenv

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
)

// Logs is a slog.Handler keeping the lines a server logs at level WARN and above:
// failed authentications and database trouble are warnings, internal errors and
// recovered panics errors.
type Logs struct {
	mu    sync.Mutex
	lines []logLine
}

type logLine struct {
	level slog.Level
	text  string
}

func (l *Logs) Enabled(_ context.Context, lv slog.Level) bool { return lv >= slog.LevelWarn }
func (l *Logs) WithAttrs([]slog.Attr) slog.Handler            { return l }
func (l *Logs) WithGroup(string) slog.Handler                 { return l }

func (l *Logs) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Level.String() + " " + r.Message)
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%.300s", a.Key, a.Value.String())
		return true
	})
	l.mu.Lock()
	l.lines = append(l.lines, logLine{r.Level, b.String()})
	l.mu.Unlock()
	return nil
}

// Take returns the lines logged at level min or above since the last Take, and
// forgets every line logged so far.
func (l *Logs) Take(min slog.Level) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []string
	for _, line := range l.lines {
		if line.level >= min {
			out = append(out, line.text)
		}
	}
	l.lines = nil
	return out
}
