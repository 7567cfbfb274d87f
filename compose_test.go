package main

// Static checks of docker-compose.yml and the Dockerfile. This machine cannot run
// Docker, so these tests are what keeps the container path consistent with
// config.go and go.mod: no network, no Docker engine needed.

import (
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

func TestComposeFile(t *testing.T) {
	tests := []struct {
		name, path string
		want       []string // substrings; every one must match a problem and every problem must match one
	}{
		{name: "repository file", path: "docker-compose.yml"},
		{name: "broken fixture", path: "testdata/compose-broken.yml", want: []string{
			`obsolete top-level "version"`,
			`neo4j image is "neo4j:latest"`,
			"neo4j has no healthcheck",
			"neo4j mounts no volume at /data",
			`neo4j publishes container port 7687 on host address "" `,
			`neo4j publishes container port 7474 on host address "0.0.0.0"`,
			`seed build context is "./no-such-dir", want .`,
			"seed build context ./no-such-dir has no Dockerfile",
			"api build context . has no Dockerfile",
			`seed depends on neo4j with condition "service_started"`,
			`api does not depend on seed`,
			`api sets NEO4J_URL, which is not in envVars`,
			"api does not set NEO4J_URI",
			"api: invalid configuration",
			`api NEO4J_PASSWORD "wrong-password-1" differs from the password in neo4j's NEO4J_AUTH`,
			`seed NEO4J_URI "bolt://localhost:7687" does not point at the neo4j service`,
			`seed NEO4J_PASSWORD "probe-NEO4J_PASS" differs from the password in neo4j's NEO4J_AUTH (with every variable set)`,
			`api HTTP_ADDR "127.0.0.1:9090" listens on a loopback address`,
			`api HTTP_ADDR port 9090 is not the container port of any of its published ports [8080]`,
			`seed has restart "always"`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkProblems(t, composeProblems(tc.path), tc.want)
		})
	}
}

func TestDockerfile(t *testing.T) {
	tests := []struct {
		name, path string
		want       []string
	}{
		{name: "repository file", path: "Dockerfile"},
		{name: "broken fixture", path: "testdata/Dockerfile.broken", want: []string{
			`builder image "golang:1.25" is Go 1.25 but go.mod says go 1.26`,
			"go build does not set CGO_ENABLED=0",
			"final stage has no ENTRYPOINT",
			`final stage HTTP_ADDR "127.0.0.1:8080" listens on a loopback address`,
			"final stage does not EXPOSE port 8080",
			`final stage runs as USER "root"`,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkProblems(t, dockerfileProblems(tc.path, "go.mod"), tc.want)
		})
	}
}

// checkProblems fails unless got and want match one to one by substring; a nil
// want means no problem is allowed.
func checkProblems(t *testing.T, got, want []string) {
	t.Helper()
	for _, w := range want {
		if !slices.ContainsFunc(got, func(g string) bool { return strings.Contains(g, w) }) {
			t.Errorf("expected a problem containing %q, got none", w)
		}
	}
	for _, g := range got {
		if !slices.ContainsFunc(want, func(w string) bool { return strings.Contains(g, w) }) {
			t.Errorf("unexpected problem: %s", g)
		}
	}
}

// ---------------------------------------------------------------- compose file

type composeFile struct {
	Version  *string                   `yaml:"version"`
	Services map[string]composeService `yaml:"services"`
	Volumes  map[string]any            `yaml:"volumes"`
}

type composeService struct {
	Image       string              `yaml:"image"`
	Build       *composeBuild       `yaml:"build"`
	Command     composeCommand      `yaml:"command"`
	Environment composeEnv          `yaml:"environment"`
	Ports       []composePort       `yaml:"ports"`
	Expose      []string            `yaml:"expose"`
	Volumes     []composeVolume     `yaml:"volumes"`
	DependsOn   composeDependsOn    `yaml:"depends_on"`
	Healthcheck *composeHealthcheck `yaml:"healthcheck"`
	Restart     string              `yaml:"restart"`
}

type composeBuild struct {
	Context    string `yaml:"context"`
	Dockerfile string `yaml:"dockerfile"`
}

func (b *composeBuild) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		b.Context = n.Value
		return nil
	}
	type plain composeBuild
	return n.Decode((*plain)(b))
}

type composeCommand []string

func (c *composeCommand) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*c = strings.Fields(n.Value)
		return nil
	}
	return n.Decode((*[]string)(c))
}

// composeEnv maps a name to its value; nil means "KEY" without a value (taken
// from the host environment).
type composeEnv map[string]*string

func (e *composeEnv) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		return n.Decode((*map[string]*string)(e))
	}
	var list []string
	if err := n.Decode(&list); err != nil {
		return err
	}
	*e = composeEnv{}
	for _, kv := range list {
		if k, v, ok := strings.Cut(kv, "="); ok {
			(*e)[k] = &v
		} else {
			(*e)[kv] = nil
		}
	}
	return nil
}

type composePort struct {
	HostIP, Published, Target string
}

func (p *composePort) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		var long struct {
			Target    string `yaml:"target"`
			Published string `yaml:"published"`
			HostIP    string `yaml:"host_ip"`
		}
		if err := n.Decode(&long); err != nil {
			return err
		}
		*p = composePort{HostIP: long.HostIP, Published: long.Published, Target: long.Target}
		return nil
	}
	// Short syntax: [[HOST_IP:]PUBLISHED:]TARGET[/PROTOCOL], HOST_IP may be [v6].
	s, _, _ := strings.Cut(n.Value, "/")
	if strings.HasPrefix(s, "[") {
		end := strings.Index(s, "]:")
		if end < 0 {
			return fmt.Errorf("bad port %q", n.Value)
		}
		p.HostIP, s = s[1:end], s[end+2:]
	}
	parts := strings.Split(s, ":")
	switch {
	case len(parts) == 1:
		p.Target = parts[0]
	case len(parts) == 2:
		p.Published, p.Target = parts[0], parts[1]
	case len(parts) == 3 && p.HostIP == "":
		p.HostIP, p.Published, p.Target = parts[0], parts[1], parts[2]
	default:
		return fmt.Errorf("bad port %q", n.Value)
	}
	return nil
}

type composeVolume struct {
	Source, Target string
}

func (v *composeVolume) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.MappingNode {
		type plain struct {
			Source string `yaml:"source"`
			Target string `yaml:"target"`
		}
		var long plain
		if err := n.Decode(&long); err != nil {
			return err
		}
		*v = composeVolume(long)
		return nil
	}
	parts := strings.Split(n.Value, ":")
	if len(parts) == 1 {
		v.Target = parts[0]
	} else {
		v.Source, v.Target = parts[0], parts[1]
	}
	return nil
}

// composeDependsOn maps a service to the condition waited for.
type composeDependsOn map[string]string

func (d *composeDependsOn) UnmarshalYAML(n *yaml.Node) error {
	*d = composeDependsOn{}
	if n.Kind == yaml.SequenceNode {
		var names []string
		if err := n.Decode(&names); err != nil {
			return err
		}
		for _, name := range names {
			(*d)[name] = "service_started"
		}
		return nil
	}
	var long map[string]struct {
		Condition string `yaml:"condition"`
	}
	if err := n.Decode(&long); err != nil {
		return err
	}
	for name, dep := range long {
		if dep.Condition == "" {
			dep.Condition = "service_started"
		}
		(*d)[name] = dep.Condition
	}
	return nil
}

type composeHealthcheck struct {
	Test        composeCommand `yaml:"test"`
	Interval    string         `yaml:"interval"`
	Timeout     string         `yaml:"timeout"`
	StartPeriod string         `yaml:"start_period"`
	Retries     int            `yaml:"retries"`
	Disable     bool           `yaml:"disable"`
}

// loadCompose parses a compose file after Compose-style interpolation of every
// scalar value with vars standing in for the shell environment. It also returns
// the names of the variables the file references.
func loadCompose(path string, vars map[string]string) (*composeFile, []string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", path, err)
	}
	referenced := map[string]bool{}
	if err := interpolateNode(&root, vars, referenced); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", path, err)
	}
	var cf composeFile
	if err := root.Decode(&cf); err != nil {
		return nil, nil, fmt.Errorf("%s: %v", path, err)
	}
	names := make([]string, 0, len(referenced))
	for name := range referenced {
		names = append(names, name)
	}
	slices.Sort(names)
	return &cf, names, nil
}

// interpolateNode rewrites scalar values (not keys, not through aliases, so
// nothing is expanded twice) as Compose does.
func interpolateNode(n *yaml.Node, vars map[string]string, referenced map[string]bool) error {
	switch n.Kind {
	case yaml.DocumentNode, yaml.SequenceNode:
		for _, c := range n.Content {
			if err := interpolateNode(c, vars, referenced); err != nil {
				return err
			}
		}
	case yaml.MappingNode:
		for i := 1; i < len(n.Content); i += 2 {
			if err := interpolateNode(n.Content[i], vars, referenced); err != nil {
				return err
			}
		}
	case yaml.ScalarNode:
		v, err := interpolate(n.Value, vars, referenced)
		if err != nil {
			return fmt.Errorf("line %d: %v", n.Line, err)
		}
		n.Value = v
	}
	return nil
}

// interpolate implements the Compose subset $$, $NAME, ${NAME}, ${NAME:-default},
// ${NAME-default}, ${NAME:+alt}, ${NAME+alt}, ${NAME:?err} and ${NAME?err}.
func interpolate(s string, vars map[string]string, referenced map[string]bool) (string, error) {
	isNameByte := func(c byte, first bool) bool {
		return c == '_' || 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || !first && '0' <= c && c <= '9'
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '$' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		switch next := s[i+1]; {
		case next == '$':
			b.WriteByte('$')
			i++
		case isNameByte(next, true):
			j := i + 1
			for j < len(s) && isNameByte(s[j], false) {
				j++
			}
			referenced[s[i+1:j]] = true
			b.WriteString(vars[s[i+1:j]])
			i = j - 1
		case next == '{':
			end := strings.IndexByte(s[i+2:], '}')
			if end < 0 {
				return "", fmt.Errorf("unterminated ${ in %q", s)
			}
			expr := s[i+2 : i+2+end]
			if strings.Contains(expr, "$") {
				return "", fmt.Errorf("nested interpolation in %q is not supported by this test", s)
			}
			j := 0
			for j < len(expr) && isNameByte(expr[j], j == 0) {
				j++
			}
			name, op := expr[:j], expr[j:]
			if name == "" {
				return "", fmt.Errorf("bad variable reference ${%s}", expr)
			}
			referenced[name] = true
			val, set := vars[name]
			switch {
			case op == "":
				b.WriteString(val)
			case strings.HasPrefix(op, ":-"):
				if val == "" {
					val = op[2:]
				}
				b.WriteString(val)
			case strings.HasPrefix(op, "-"):
				if !set {
					val = op[1:]
				}
				b.WriteString(val)
			case strings.HasPrefix(op, ":+"):
				if val != "" {
					b.WriteString(op[2:])
				}
			case strings.HasPrefix(op, "+"):
				if set {
					b.WriteString(op[1:])
				}
			case strings.HasPrefix(op, ":?") && val == "", strings.HasPrefix(op, "?") && !set:
				return "", fmt.Errorf("variable %s is required (%s): the file must work without a .env", name, op)
			case strings.HasPrefix(op, ":?"), strings.HasPrefix(op, "?"):
				b.WriteString(val)
			default:
				return "", fmt.Errorf("unsupported interpolation ${%s}", expr)
			}
			i += 2 + end
		default:
			b.WriteByte('$')
		}
	}
	return b.String(), nil
}

// appServices are built from this repository and run the mineralgraph binary,
// with the subcommand each must run.
var appServices = []struct{ name, command string }{
	{"seed", "seed"},
	{"api", "serve"},
}

const neo4jService = "neo4j"

// composeProblems returns everything wrong with the compose file at path; nil
// means it is consistent with config.go and the Dockerfile next to it.
func composeProblems(path string) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	// First pass: nothing set in the shell or .env, so every ${VAR:-default}
	// takes its default. This is what `docker compose up` does on a fresh clone.
	cf, referenced, err := loadCompose(path, nil)
	if err != nil {
		return []string{err.Error()}
	}
	if cf.Version != nil {
		add(`obsolete top-level "version" key (the Compose spec ignores it and warns)`)
	}

	neo, ok := cf.Services[neo4jService]
	if !ok {
		return append(problems, "no neo4j service")
	}
	if neo.Image != "neo4j:5.26-community" {
		add("neo4j image is %q, want neo4j:5.26-community", neo.Image)
	}
	if hc := neo.Healthcheck; hc == nil || hc.Disable || len(hc.Test) == 0 || hc.Test[0] == "NONE" {
		add("neo4j has no healthcheck; seed and api wait for service_healthy")
	} else {
		if !strings.Contains(strings.Join(hc.Test, " "), "cypher-shell") {
			add("neo4j healthcheck does not use cypher-shell, so it does not prove that Bolt answers")
		}
		for field, d := range map[string]string{"interval": hc.Interval, "timeout": hc.Timeout, "start_period": hc.StartPeriod} {
			if _, err := time.ParseDuration(d); err != nil {
				add("neo4j healthcheck %s %q is not a duration", field, d)
			}
		}
		if hc.Retries <= 0 {
			add("neo4j healthcheck sets no retries")
		}
	}
	if !slices.ContainsFunc(neo.Volumes, func(v composeVolume) bool { return v.Target == "/data" }) {
		add("neo4j mounts no volume at /data, so the database is lost with the container")
	}
	for _, v := range neo.Volumes {
		if named := v.Source != "" && !strings.ContainsAny(v.Source[:1], "./~"); named {
			if _, declared := cf.Volumes[v.Source]; !declared {
				add("neo4j uses volume %q, which is not declared under top-level volumes", v.Source)
			}
		}
	}
	neoPorts := map[string]bool{}
	for _, p := range neo.Ports {
		neoPorts[p.Target] = true
	}
	for _, p := range neo.Expose {
		neoPorts[p] = true
	}

	var authUser, authPassword string
	if auth := envValue(neo.Environment, "NEO4J_AUTH"); auth == "" || auth == "none" {
		add("neo4j NEO4J_AUTH is %q; want neo4j/<password>", auth)
	} else if user, pw, ok := strings.Cut(auth, "/"); !ok || len(pw) < 8 {
		add("neo4j NEO4J_AUTH %q must be user/password with a password of 8 or more characters (Neo4j 5 refuses shorter ones)", auth)
	} else {
		authUser, authPassword = user, pw
	}

	for _, name := range sortedKeys(cf.Services) {
		for _, p := range cf.Services[name].Ports {
			if p.HostIP != "127.0.0.1" {
				add("%s publishes container port %s on host address %q (all interfaces unless set), want 127.0.0.1", name, p.Target, p.HostIP)
			}
		}
	}

	passwordReported := map[string]bool{}
	known := map[string]bool{}
	for _, e := range envVars {
		known[e.Name] = true
	}
	for _, app := range appServices {
		svc, ok := cf.Services[app.name]
		if !ok {
			add("no %s service", app.name)
			continue
		}
		if svc.Build == nil {
			add("%s is not built from this repository (no build:)", app.name)
		} else {
			dockerfile := svc.Build.Dockerfile
			if dockerfile == "" {
				dockerfile = "Dockerfile"
			}
			if svc.Build.Context != "." {
				add("%s build context is %q, want . (the repository root)", app.name, svc.Build.Context)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(path), svc.Build.Context, dockerfile)); err != nil {
				add("%s build context %s has no %s", app.name, svc.Build.Context, dockerfile)
			}
		}
		if !slices.Equal(svc.Command, []string{app.command}) {
			add("%s command is %q, want [%q]", app.name, svc.Command, app.command)
		}
		if cond, ok := svc.DependsOn[neo4jService]; !ok {
			add("%s does not depend on neo4j", app.name)
		} else if cond != "service_healthy" {
			add("%s depends on neo4j with condition %q, want service_healthy", app.name, cond)
		}
		for _, name := range sortedKeys(svc.Environment) {
			if !known[name] {
				add("%s sets %s, which is not in envVars (config.go); the server ignores it", app.name, name)
			}
		}
		for _, name := range []string{"NEO4J_URI", "NEO4J_USERNAME", "NEO4J_PASSWORD", "NEO4J_DATABASE"} {
			if envValue(svc.Environment, name) == "" {
				add("%s does not set %s", app.name, name)
			}
		}
		// An invalid value is reported but does not stop the other checks, which
		// read the raw values.
		if _, err := loadConfig(func(name string) string { return envValue(svc.Environment, name) }); err != nil {
			add("%s: %v", app.name, err)
		}
		if uri := envValue(svc.Environment, "NEO4J_URI"); uri != "" {
			if u, err := url.Parse(uri); err == nil {
				port := u.Port()
				if port == "" {
					port = "7687"
				}
				if u.Hostname() != neo4jService {
					add("%s NEO4J_URI %q does not point at the neo4j service (bolt://neo4j:7687)", app.name, uri)
				} else if !neoPorts[port] {
					add("%s NEO4J_URI %q uses port %s, which the neo4j service does not expose (%v)", app.name, uri, port, sortedKeys(neoPorts))
				}
			}
		}
		if authPassword != "" {
			if user := envValue(svc.Environment, "NEO4J_USERNAME"); user != authUser {
				add("%s NEO4J_USERNAME %q differs from the user in neo4j's NEO4J_AUTH %q", app.name, user, authUser)
			}
			if pw := envValue(svc.Environment, "NEO4J_PASSWORD"); pw != authPassword {
				add("%s NEO4J_PASSWORD %q differs from the password in neo4j's NEO4J_AUTH %q", app.name, pw, authPassword)
				passwordReported[app.name] = true
			}
		}
		switch app.name {
		case "seed":
			if r := svc.Restart; r != "" && r != "no" && !strings.HasPrefix(r, "on-failure") {
				add(`seed has restart %q; a one-shot job must not be restarted after it succeeds (use "no")`, r)
			}
		case "api":
			if cond := svc.DependsOn["seed"]; cond != "service_completed_successfully" {
				add("api does not depend on seed with condition service_completed_successfully (got %q)", cond)
			}
			problems = append(problems, httpAddrProblems(svc)...)
		}
	}

	// Second pass: every referenced variable set, as a user with a .env would.
	// The passwords must still agree, i.e. come from the same variable.
	probe := map[string]string{}
	for _, name := range referenced {
		probe[name] = "probe-" + name
	}
	if cf, _, err := loadCompose(path, probe); err != nil {
		add("%v (with every variable set)", err)
	} else if auth := envValue(cf.Services[neo4jService].Environment, "NEO4J_AUTH"); auth != "" {
		_, authPassword, _ := strings.Cut(auth, "/")
		for _, app := range appServices {
			if pw := envValue(cf.Services[app.name].Environment, "NEO4J_PASSWORD"); pw != authPassword && !passwordReported[app.name] {
				add("%s NEO4J_PASSWORD %q differs from the password in neo4j's NEO4J_AUTH (with every variable set) %q", app.name, pw, authPassword)
			}
		}
	}
	return problems
}

// httpAddrProblems checks that the api listens where its published port points.
func httpAddrProblems(api composeService) []string {
	addr := envValue(api.Environment, "HTTP_ADDR")
	if addr == "" {
		return []string{"api does not set HTTP_ADDR (the binary defaults to 127.0.0.1, unreachable from outside the container)"}
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil // loadConfig already reported it
	}
	var problems []string
	if !allInterfaces(host) {
		problems = append(problems, fmt.Sprintf("api HTTP_ADDR %q listens on a loopback address or single interface; want 0.0.0.0", addr))
	}
	var targets []string
	for _, p := range api.Ports {
		targets = append(targets, p.Target)
	}
	if !slices.Contains(targets, port) {
		problems = append(problems, fmt.Sprintf("api HTTP_ADDR port %s is not the container port of any of its published ports %v", port, targets))
	}
	return problems
}

// allInterfaces reports whether a listen host accepts connections from outside
// the container ("" and "::" do too, as Go listens on every interface for them).
func allInterfaces(host string) bool {
	return host == "0.0.0.0" || host == "" || host == "::"
}

func envValue(env composeEnv, name string) string {
	if v := env[name]; v != nil {
		return *v
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// ------------------------------------------------------------------ Dockerfile

type dockerInstruction struct {
	cmd, args string // cmd upper-cased
}

type dockerStage struct {
	image, name  string
	instructions []dockerInstruction
}

// parseDockerfile splits a Dockerfile into stages, joining continuation lines
// and dropping comments.
func parseDockerfile(path string) ([]dockerStage, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var logical []string
	var cur strings.Builder
	for _, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.HasSuffix(trimmed, `\`) {
			cur.WriteString(strings.TrimSuffix(trimmed, `\`) + " ")
			continue
		}
		cur.WriteString(trimmed)
		logical = append(logical, cur.String())
		cur.Reset()
	}
	if cur.Len() > 0 {
		logical = append(logical, cur.String())
	}
	var stages []dockerStage
	for _, l := range logical {
		cmd, args, _ := strings.Cut(l, " ")
		cmd, args = strings.ToUpper(cmd), strings.TrimSpace(args)
		if cmd == "FROM" {
			var fields []string
			for _, f := range strings.Fields(args) {
				if !strings.HasPrefix(f, "--") { // --platform=...
					fields = append(fields, f)
				}
			}
			if len(fields) == 0 {
				return nil, fmt.Errorf("%s: FROM without an image", path)
			}
			st := dockerStage{image: fields[0]}
			if len(fields) == 3 && strings.EqualFold(fields[1], "AS") {
				st.name = fields[2]
			}
			stages = append(stages, st)
			continue
		}
		if len(stages) == 0 {
			if cmd == "ARG" {
				continue
			}
			return nil, fmt.Errorf("%s: %s before the first FROM", path, cmd)
		}
		last := &stages[len(stages)-1]
		last.instructions = append(last.instructions, dockerInstruction{cmd, args})
	}
	return stages, nil
}

// dockerEnv returns the ENV settings of a stage (both KEY=VALUE and KEY VALUE forms).
func dockerEnv(st dockerStage) map[string]string {
	env := map[string]string{}
	for _, in := range st.instructions {
		if in.cmd != "ENV" {
			continue
		}
		first, rest, _ := strings.Cut(in.args, " ")
		if !strings.Contains(first, "=") {
			env[first] = strings.Trim(strings.TrimSpace(rest), `"`)
			continue
		}
		for _, kv := range strings.Fields(in.args) {
			k, v, _ := strings.Cut(kv, "=")
			env[k] = strings.Trim(v, `"`)
		}
	}
	return env
}

// majorMinor turns "1.26.0", "1.26" or "1.26rc1" into "1.26".
func majorMinor(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	minor := parts[1]
	if i := strings.IndexFunc(minor, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
		minor = minor[:i]
	}
	return parts[0] + "." + minor
}

// dockerfileProblems returns everything wrong with the Dockerfile at path
// given the go.mod at gomod; nil means none.
func dockerfileProblems(path, gomod string) []string {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }

	mod, err := os.ReadFile(gomod)
	if err != nil {
		return []string{err.Error()}
	}
	var goVersion string
	for _, line := range strings.Split(string(mod), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(line), "go "); ok {
			goVersion = majorMinor(strings.TrimSpace(v))
		}
	}
	if goVersion == "" {
		return []string{gomod + " has no go directive"}
	}

	stages, err := parseDockerfile(path)
	if err != nil {
		return []string{err.Error()}
	}
	if len(stages) < 2 {
		return []string{fmt.Sprintf("%s has %d stage(s), want a builder and a runtime stage", path, len(stages))}
	}

	// The builder is the stage that runs go build.
	builder, binary := -1, ""
	for i, st := range stages {
		for _, in := range st.instructions {
			if in.cmd != "RUN" || !strings.Contains(in.args, "go build") {
				continue
			}
			builder = i
			if !strings.Contains(in.args, "CGO_ENABLED=0") && dockerEnv(st)["CGO_ENABLED"] != "0" {
				add("go build does not set CGO_ENABLED=0; the distroless static runtime has no libc")
			}
			fields := strings.Fields(in.args)
			if j := slices.Index(fields, "-o"); j >= 0 && j+1 < len(fields) {
				binary = fields[j+1]
			} else {
				add("go build has no -o output path")
			}
		}
	}
	if builder < 0 {
		return append(problems, "no stage runs go build")
	}
	image := strings.SplitN(stages[builder].image, "@", 2)[0]
	repo, tag, _ := strings.Cut(image, ":")
	if repo != "golang" && repo != "docker.io/library/golang" {
		add("builder image %q is not the official golang image", stages[builder].image)
	} else if v := majorMinor(strings.SplitN(tag, "-", 2)[0]); v != goVersion {
		add("builder image %q is Go %s but go.mod says go %s", stages[builder].image, v, goVersion)
	}

	final := stages[len(stages)-1]
	if len(stages)-1 == builder {
		return append(problems, "the final stage is the builder; want a separate runtime stage")
	}
	// The binary's path in the final stage, from COPY --from=<builder>.
	var installed string
	for _, in := range final.instructions {
		fields := strings.Fields(in.args)
		if in.cmd != "COPY" || len(fields) < 3 {
			continue
		}
		from := strings.TrimPrefix(fields[0], "--from=")
		if from == fields[0] || (from != stages[builder].name && from != fmt.Sprint(builder)) {
			continue
		}
		src, dst := fields[len(fields)-2], fields[len(fields)-1]
		if src == binary {
			installed = dst
			if strings.HasSuffix(dst, "/") {
				installed = dst + filepath.Base(binary)
			}
		}
	}
	if binary != "" && installed == "" {
		add("final stage does not COPY %s from the builder", binary)
	}

	var entrypoint []string
	var exposed []string
	var user string
	for _, in := range final.instructions {
		switch in.cmd {
		case "ENTRYPOINT":
			if err := json.Unmarshal([]byte(in.args), &entrypoint); err != nil || len(entrypoint) == 0 {
				add("final stage ENTRYPOINT %s is not a JSON array (exec form); there is no shell in distroless", in.args)
				entrypoint = []string{""}
			}
		case "EXPOSE":
			for _, p := range strings.Fields(in.args) {
				p, _, _ = strings.Cut(p, "/")
				exposed = append(exposed, p)
			}
		case "USER":
			user = in.args
		}
	}
	switch {
	case entrypoint == nil:
		add("final stage has no ENTRYPOINT")
	case installed != "" && entrypoint[0] != installed:
		add("final stage ENTRYPOINT runs %q, but the binary is installed at %q", entrypoint[0], installed)
	}
	if u, _, _ := strings.Cut(user, ":"); u == "" || u == "root" || u == "0" {
		add("final stage runs as USER %q; want a non-root user (nonroot)", user)
	}

	addr, ok := dockerEnv(final)["HTTP_ADDR"]
	if !ok {
		add("final stage does not set HTTP_ADDR; the binary's default 127.0.0.1:8080 is unreachable from outside the container")
	} else if host, port, err := net.SplitHostPort(addr); err != nil {
		add("final stage HTTP_ADDR %q is not host:port", addr)
	} else {
		if !allInterfaces(host) {
			add("final stage HTTP_ADDR %q listens on a loopback address or single interface; want 0.0.0.0", addr)
		}
		if !slices.Contains(exposed, port) {
			add("final stage does not EXPOSE port %s from HTTP_ADDR", port)
		}
	}
	return problems
}
