package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// proc is a child process the runner started (our server, the library's server).
type proc struct {
	name string
	cmd  *exec.Cmd
	log  string
}

// startProc starts name with env added to the runner's environment; its output goes to
// logPath. It runs in its own process group so that stopping it stops its children.
func startProc(name, logPath, dir string, env []string, argv ...string) (*proc, error) {
	f, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdout, cmd.Stderr = f, f
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		f.Close()
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	go func() { cmd.Wait(); f.Close() }()
	return &proc{name: name, cmd: cmd, log: logPath}, nil
}

func (p *proc) pid() int { return p.cmd.Process.Pid }

// stop sends SIGTERM to the process group and waits up to 10 s, then SIGKILL.
func (p *proc) stop() {
	if p == nil || p.cmd.Process == nil {
		return
	}
	pgid := p.cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if syscall.Kill(pgid, 0) != nil {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	syscall.Kill(-pgid, syscall.SIGKILL)
}

// waitHTTP polls url until it answers 200 or the timeout passes.
func waitHTTP(ctx context.Context, url string, timeout time.Duration, p *proc) error {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		resp, err := http.Get(url)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		if p != nil && p.cmd.ProcessState != nil {
			return fmt.Errorf("%s exited; see %s", p.name, p.log)
		}
		time.Sleep(100 * time.Millisecond)
	}
	tail := ""
	if p != nil {
		tail = lastLines(p.log, 10)
	}
	return fmt.Errorf("%s did not answer within %s\n%s", url, timeout, tail)
}

func lastLines(path string, n int) string {
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// cpuSeconds is the user+system CPU time of pid and its threads so far, from /proc.
func cpuSeconds(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	s := string(b)
	// Fields after the command name, which is in parentheses and may contain spaces.
	i := strings.LastIndexByte(s, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(s[i+1:])
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseFloat(f[11], 64)
	st, _ := strconv.ParseFloat(f[12], 64)
	return (ut + st) / clockTicks
}

// clockTicks is USER_HZ, 100 on Linux for every architecture Go supports.
const clockTicks = 100

// memKB reads a field (VmRSS, VmHWM) of /proc/pid/status, in KiB.
func memKB(pid int, field string) int64 {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, field+":") {
			v := strings.Fields(strings.TrimPrefix(line, field+":"))
			if len(v) > 0 {
				n, _ := strconv.ParseInt(v[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// neo4jPid is the pid of the local Neo4j of dataDir (tools/neo4j writes it).
func neo4jPid(dataDir string) int {
	b, err := os.ReadFile(filepath.Join(dataDir, "neo4j.pid"))
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}

// runCmd runs argv, streaming its output to w, and returns its stdout as well.
func runCmd(ctx context.Context, w io.Writer, env []string, argv ...string) (string, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), env...)
	var out strings.Builder
	cmd.Stdout = io.MultiWriter(&out, w)
	cmd.Stderr = w
	err := cmd.Run()
	return out.String(), err
}
