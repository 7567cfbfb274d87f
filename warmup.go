package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/mineralgraph/mineralgraph/web"
)

// warmUp sends the pages' saved queries (the playground's README examples, the Insights
// page's queries with their default variables) to the server once, one at a time, over
// HTTP like any client: Neo4j plans an analytic statement the first time it sees it,
// which took 4.0–6.8 s for concentration and 1.4–2.2 s for dependency on the seed data
// set at load 24 (0.03–0.20 s once planned), and those
// queries are what a researcher opening the pages asks first. Their answers also land in
// the response cache. It stops when ctx ends (shutdown) and logs one summary line.
func warmUp(ctx context.Context, addr net.Addr, timeout time.Duration, logger *slog.Logger) {
	examples, err := web.SavedExamples()
	if err != nil {
		logger.Warn("warm-up skipped", "err", err)
		return
	}
	url := warmUpURL(addr)
	client := &http.Client{Timeout: timeout + 5*time.Second}
	start := time.Now()
	answered, withErrors := 0, 0
	for _, ex := range examples {
		if ctx.Err() != nil {
			break
		}
		answerErr, err := warmUpOne(ctx, client, url, ex)
		switch {
		case ctx.Err() != nil: // shutting down: not the query's failure
		case err != nil:
			withErrors++
			logger.Warn("warm-up query failed", "title", ex.Title, "err", err)
		case answerErr != "":
			withErrors++
			logger.Warn("warm-up query answered with errors", "title", ex.Title, "error", answerErr)
		default:
			answered++
		}
	}
	logger.Info("warm-up done", "queries", len(examples), "answered", answered, "withErrors", withErrors,
		"took", time.Since(start).Round(time.Millisecond).String())
}

// warmUpURL is the server's endpoint at the address it listens on; one that listens on
// every interface (0.0.0.0, ::) is asked on loopback.
func warmUpURL(addr net.Addr) string {
	host, port := "127.0.0.1", 0
	if tcp, ok := addr.(*net.TCPAddr); ok {
		port = tcp.Port
		if tcp.IP != nil && !tcp.IP.IsUnspecified() {
			host = tcp.IP.String()
		}
	}
	return "http://" + net.JoinHostPort(host, fmt.Sprint(port)) + "/graphql"
}

// warmUpOne posts one saved query; answerErr is the answer's first GraphQL error, with
// its code.
func warmUpOne(ctx context.Context, client *http.Client, url string, ex web.Example) (answerErr string, err error) {
	body, err := json.Marshal(map[string]any{"query": ex.Query, "variables": ex.Variables})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var answer struct {
		Errors []struct {
			Message    string
			Extensions struct{ Code string }
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		return "", fmt.Errorf("HTTP %d: %w", resp.StatusCode, err)
	}
	if len(answer.Errors) > 0 {
		return answer.Errors[0].Extensions.Code + ": " + answer.Errors[0].Message, nil
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Sprintf("HTTP %d", resp.StatusCode), nil
	}
	return "", nil
}
