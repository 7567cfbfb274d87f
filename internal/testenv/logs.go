package testenv

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
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
func (l *Logs) WithAttrs(as []slog.Attr) slog.Handler         { return withAttrs{l, as} }
func (l *Logs) WithGroup(string) slog.Handler                 { return l }
func (l *Logs) Handle(_ context.Context, r slog.Record) error { return l.keep(nil, r) }

// withAttrs is Logs under logger.With: its attributes come first on each line.
type withAttrs struct {
	l     *Logs
	attrs []slog.Attr
}

func (w withAttrs) Enabled(ctx context.Context, lv slog.Level) bool { return w.l.Enabled(ctx, lv) }
func (w withAttrs) WithAttrs(as []slog.Attr) slog.Handler {
	return withAttrs{w.l, append(slices.Clip(w.attrs), as...)}
}
func (w withAttrs) WithGroup(string) slog.Handler                 { return w }
func (w withAttrs) Handle(_ context.Context, r slog.Record) error { return w.l.keep(w.attrs, r) }

func (l *Logs) keep(attrs []slog.Attr, r slog.Record) error {
	var b strings.Builder
	b.WriteString(r.Level.String() + " " + r.Message)
	write := func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%.300s", a.Key, a.Value.String())
		return true
	}
	for _, a := range attrs {
		write(a)
	}
	r.Attrs(write)
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
