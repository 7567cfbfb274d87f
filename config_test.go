package main

import (
	"log/slog"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/mineralgraph/mineralgraph/httpapi"
)

func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name    string
		env     map[string]string
		wantErr string
		check   func(t *testing.T, c Config)
	}{
		{name: "defaults match the local setup", env: nil, check: func(t *testing.T, c Config) {
			if c.Neo4jURI != "bolt://127.0.0.1:7687" || c.Neo4jDatabase != "neo4j" || c.HTTPAddr != "127.0.0.1:8080" {
				t.Errorf("unexpected defaults: %+v", c)
			}
			if len(c.CORSAllowedOrigins) != 2 || c.LogLevel != slog.LevelInfo {
				t.Errorf("unexpected defaults: %+v", c)
			}
		}},
		{name: "the HTTP layer's defaults are those documented", env: nil, check: func(t *testing.T, c Config) {
			if want := httpapi.Defaults(); !reflect.DeepEqual(c.Options, want) {
				t.Errorf("an empty environment gives the HTTP layer\n%+v\nhttpapi.Defaults is\n%+v", c.Options, want)
			}
		}},
		{name: "values from the environment", env: map[string]string{
			"NEO4J_URI": "neo4j+s://db.example.org:7687", "CORS_ALLOWED_ORIGINS": "https://a.example, https://b.example/",
			"LOG_LEVEL": "debug", "HTTP_ADDR": ":9000",
		}, check: func(t *testing.T, c Config) {
			if c.Neo4jURI != "neo4j+s://db.example.org:7687" || c.LogLevel != slog.LevelDebug || c.HTTPAddr != ":9000" {
				t.Errorf("got %+v", c)
			}
			if strings.Join(c.CORSAllowedOrigins, " ") != "https://a.example https://b.example" {
				t.Errorf("origins %v", c.CORSAllowedOrigins)
			}
		}},
		{name: "bad URI scheme", env: map[string]string{"NEO4J_URI": "http://localhost:7474"}, wantErr: "NEO4J_URI"},
		{name: "bad address", env: map[string]string{"HTTP_ADDR": "8080"}, wantErr: "HTTP_ADDR"},
		{name: "wildcard origin", env: map[string]string{"CORS_ALLOWED_ORIGINS": "*"}, wantErr: "CORS_ALLOWED_ORIGINS"},
		{name: "origin with a path", env: map[string]string{"CORS_ALLOWED_ORIGINS": "https://a.example/app"}, wantErr: "CORS_ALLOWED_ORIGINS"},
		{name: "bad log level", env: map[string]string{"LOG_LEVEL": "loud"}, wantErr: "LOG_LEVEL"},
		{name: "bad timeout", env: map[string]string{"NEO4J_CONNECT_TIMEOUT": "-1s"}, wantErr: "NEO4J_CONNECT_TIMEOUT"},
		{name: "every problem at once", env: map[string]string{"LOG_LEVEL": "loud", "HTTP_ADDR": "x"}, wantErr: "HTTP_ADDR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := loadConfig(func(name string) string { return tt.env[name] })
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one mentioning %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}

// The README's configuration table lists exactly the variables the server reads, with their defaults.
func TestREADMEConfigurationTable(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile("(?m)^\\| `([A-Z0-9_]+)` \\| (?:`([^`]+)`|\\(empty\\)) \\|")
	documented := map[string]string{}
	for _, m := range row.FindAllStringSubmatch(string(readme), -1) {
		documented[m[1]] = m[2]
	}
	for _, v := range envVars {
		def, ok := documented[v.Name]
		if !ok {
			t.Errorf("README configuration table lacks %s", v.Name)
			continue
		}
		if def != v.Default {
			t.Errorf("README gives %s default %q, the server uses %q", v.Name, def, v.Default)
		}
		delete(documented, v.Name)
	}
	for name := range documented {
		t.Errorf("README documents %s, which the server does not read", name)
	}
}
