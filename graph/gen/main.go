// Command gen regenerates everything derived from the annotated model in schema/:
// the label and relationship metadata of graph/store, then the gqlgen code.
// Run it with `go generate ./...`.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen/config"
	"github.com/vektah/gqlparser/v2"
)

const (
	metadataFile = "graph/store/model_gen.go"
	decodersFile = "resolvers/entities_gen.go"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	if err := chdirModuleRoot(); err != nil {
		return err
	}
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return fmt.Errorf("load gqlgen.yml: %w", err)
	}
	schema, err := gqlparser.LoadSchema(cfg.Sources...)
	if err != nil {
		return fmt.Errorf("parse schema: %w", err)
	}
	model, err := readModel(schema)
	if err != nil {
		return err
	}
	src, err := renderMetadata(model)
	if err != nil {
		return err
	}
	if err := os.WriteFile(metadataFile, src, 0o644); err != nil {
		return err
	}
	decoders, err := renderDecoders(model)
	if err != nil {
		return err
	}
	if err := os.WriteFile(decodersFile, decoders, 0o644); err != nil {
		return err
	}
	markResolverFields(cfg, model)
	return api.Generate(cfg, api.AddPlugin(implementer{model: model}))
}

// markResolverFields makes gqlgen generate a resolver, not a struct field, for every
// relationship and computed field, so the annotated SDL alone decides what is traversed.
func markResolverFields(cfg *config.Config, m *model) {
	for _, t := range m.Nodes {
		entry := cfg.Models[t.Name]
		if entry.Fields == nil {
			entry.Fields = map[string]config.TypeMapField{}
		}
		for _, r := range t.Relations {
			entry.Fields[r.Field] = config.TypeMapField{Resolver: true}
		}
		for _, f := range t.Computed {
			entry.Fields[f] = config.TypeMapField{Resolver: true}
		}
		cfg.Models[t.Name] = entry
	}
}

func chdirModuleRoot() error {
	dir, err := os.Getwd()
	if err != nil {
		return err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return os.Chdir(dir)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return fmt.Errorf("go.mod not found above the working directory")
		}
		dir = parent
	}
}
