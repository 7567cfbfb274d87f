// Command gen regenerates everything derived from the annotated model in schema/:
// the label and relationship metadata of graph/store, then the gqlgen code.
// Run it with `go generate ./...`.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/99designs/gqlgen/api"
	"github.com/99designs/gqlgen/codegen/config"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

const (
	schemaGlob   = "schema/*.graphqls"
	apiFile      = "graph/generated/schema.graphqls"
	metadataFile = "graph/store/model_gen.go"
	decodersFile = "resolvers/entities_gen.go"
	setPropsFile = "graph/model/props_gen.go"
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
	sources, err := readSources(schemaGlob)
	if err != nil {
		return err
	}
	schema, err := gqlparser.LoadSchema(sources...)
	if err != nil {
		return fmt.Errorf("parse schema: %w", err)
	}
	model, err := readModel(schema)
	if err != nil {
		return err
	}
	apiSDL, err := buildAPI(sources, model)
	if err != nil {
		return err
	}
	if err := os.WriteFile(apiFile, apiSDL, 0o644); err != nil {
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
	setProps, err := renderSetProps(model)
	if err != nil {
		return err
	}
	if err := os.WriteFile(setPropsFile, setProps, 0o644); err != nil {
		return err
	}
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return fmt.Errorf("load gqlgen.yml: %w", err)
	}
	if err := cfg.LoadSchema(); err != nil {
		return fmt.Errorf("load %s: %w", apiFile, err)
	}
	bindInputsToMaps(cfg)
	markResolverFields(cfg, model)
	return api.Generate(cfg, api.AddPlugin(implementer{model: model}))
}

// markResolverFields makes gqlgen generate a resolver, not a struct field, for every
// relationship, connection and provenance field, so the annotated SDL alone decides
// what is traversed.
func markResolverFields(cfg *config.Config, m *model) {
	resolve := func(typeName string, fields ...string) {
		entry := cfg.Models[typeName]
		if entry.Fields == nil {
			entry.Fields = map[string]config.TypeMapField{}
		}
		for _, f := range fields {
			entry.Fields[f] = config.TypeMapField{Resolver: true}
		}
		cfg.Models[typeName] = entry
	}
	for _, t := range m.Nodes {
		resolve(t.Name, t.Computed...)
		for _, r := range t.Relations {
			resolve(t.Name, r.Field, r.Field+"Connection")
		}
	}
	for _, p := range m.RelProperties {
		resolve(p.Name, "provenance")
	}
	// Other types that carry provenance (GraphEdge of the exploration queries).
	for name, def := range cfg.Schema.Types {
		if def.Kind == ast.Object && def.Fields.ForName("provenance") != nil && def.Fields.ForName("sources") != nil {
			resolve(name, "provenance")
		}
	}
}

// bindInputsToMaps hands every filter and sort input to the store's compiler as a plain
// map: one generic compiler reads them against the metadata, no per-type Go code.
func bindInputsToMaps(cfg *config.Config) {
	for name, def := range cfg.Schema.Types {
		generated := strings.HasSuffix(name, "Where") || strings.HasSuffix(name, "Sort") || strings.HasSuffix(name, "Filters")
		if def.Kind == ast.InputObject && !def.BuiltIn && generated {
			cfg.Models[name] = config.TypeMapEntry{Model: config.StringList{"map[string]interface{}"}}
		}
	}
}

func readSources(glob string) ([]*ast.Source, error) {
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no schema files match %s", glob)
	}
	var sources []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		sources = append(sources, &ast.Source{Name: f, Input: string(b)})
	}
	return sources, nil
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
