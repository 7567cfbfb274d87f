// Command gen regenerates everything derived from the annotated model in schema/:
// the label and relationship metadata of graph/store, then the gqlgen code.
// Run it with `go generate ./...`.
package main

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
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
	return generate()
}

// generate renders the files derived from schema/ in memory and has gqlgen check the
// served schema before anything is written; then it writes them, runs gqlgen and makes
// its executor resolve below the root fields in order (order.go). Any
// error leaves the tree as it was: a failure while writing or inside gqlgen puts back
// what the run had changed.
func generate() error {
	files, m, err := render(schemaGlob)
	if err != nil {
		return err
	}
	cfg, err := config.LoadConfigFromDefaultLocations()
	if err != nil {
		return fmt.Errorf("load gqlgen.yml: %w", err)
	}
	useSource(cfg, apiFile, files[apiFile])
	if err := cfg.LoadSchema(); err != nil {
		return fmt.Errorf("load %s: %w", apiFile, err)
	}
	bindInputsToMaps(cfg)
	markResolverFields(cfg, m)
	outputs := append(slices.Sorted(maps.Keys(files)), cfg.Exec.Filename, cfg.Model.Filename, inOrderPath(cfg))
	before, err := snapshot(outputs, cfg.Resolver.Dir())
	if err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if err := os.WriteFile(name, files[name], 0o644); err != nil {
			return errors.Join(err, before.restore())
		}
	}
	// gqlgen's own check builds its output before the executor is rewritten (order.go):
	// a compile of the 140k-line executor that nothing reuses. The final code is built
	// instead, below, as go build, vet and test build it: on an unchanged tree the build
	// cache already holds it (make check-generated after go vet compiles nothing).
	// skip_validation in gqlgen.yml skips both.
	validate := !cfg.SkipValidation
	cfg.SkipValidation = true
	if err := api.Generate(cfg, api.AddPlugin(implementer{model: m}), api.AddPlugin(sequencer{})); err != nil {
		return errors.Join(err, before.restore())
	}
	if err := writeOrderedLists(cfg, m); err != nil {
		return errors.Join(err, before.restore())
	}
	if !validate {
		return nil
	}
	if err := build(cfg.Exec.Dir(), cfg.Model.Dir(), cfg.Resolver.Dir()); err != nil {
		return errors.Join(err, before.restore())
	}
	return nil
}

// build runs go build on the packages in and below dirs: the generated code must compile.
func build(dirs ...string) error {
	args := []string{"build"}
	for _, dir := range dirs {
		if !filepath.IsAbs(dir) {
			dir = "./" + dir // a path, not an import path
		}
		args = append(args, filepath.ToSlash(dir)+"/...")
	}
	if out, err := exec.Command("go", args...).CombinedOutput(); err != nil {
		return fmt.Errorf("the generated code does not build: %w\n%s", err, out)
	}
	return nil
}

// render reads the annotated model of the schema files matching glob and renders the
// files graph/gen writes itself, by path: the served schema, the store's metadata, the
// entity decoders and the SetProps methods.
func render(glob string) (map[string][]byte, *model, error) {
	sources, err := readSources(glob)
	if err != nil {
		return nil, nil, err
	}
	schema, err := gqlparser.LoadSchema(sources...)
	if err != nil {
		return nil, nil, fmt.Errorf("parse schema: %w", err)
	}
	m, err := readModel(schema)
	if err != nil {
		return nil, nil, err
	}
	files := map[string][]byte{}
	apiSDL, err := buildAPI(sources, m)
	if err != nil {
		return nil, nil, err
	}
	files[apiFile] = apiSDL
	for name, r := range map[string]func(*model) ([]byte, error){
		metadataFile: renderMetadata, decodersFile: renderDecoders, setPropsFile: renderSetProps,
	} {
		src, err := r(m)
		if err != nil {
			return nil, nil, fmt.Errorf("render %s: %w", name, err)
		}
		files[name] = src
	}
	return files, m, nil
}

// useSource hands gqlgen the served schema as rendered, not as it is on disk.
func useSource(cfg *config.Config, name string, text []byte) {
	for _, s := range cfg.Sources {
		if s.Name == name {
			s.Input = string(text)
			return
		}
	}
	cfg.Sources = append(cfg.Sources, &ast.Source{Name: name, Input: string(text)})
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
