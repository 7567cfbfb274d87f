#!/usr/bin/env bash
# Local Neo4j Community 5.26 (embedded DBMS + Bolt on 127.0.0.1) for dev and tests, without Docker.
#
#   tools/neo4j/neo4j.sh start|stop|status|run [--port N] [--data DIR] [--fresh] [--short-lived] [--conf FILE]
#   tools/neo4j/neo4j.sh import [--data DIR] [--fresh] IMPORTER-ARGS…
#
# `start` prints only the Bolt URI on stdout (progress goes to stderr): URI=$(tools/neo4j/neo4j.sh start)
# --port 0: a free port picked at start (race-free, by the kernel); the URI names it.
# --short-lived: for tests, whose JVM compiles with C1 only (half the CPU of start + a seed)
#   and maps the classes from an archive made once per machine (class data sharing).
# --conf FILE: more Neo4j settings, in neo4j.conf's format (make test-go: go-tests.conf).
# Env: NEO4J_LOCAL_PORT (7687), NEO4J_LOCAL_DATA (<repo>/.neo4j/dev), NEO4J_LOCAL_PASSWORD (auth off
# when unset), NEO4J_LOCAL_START_TIMEOUT (180 s), NEO4J_LOCAL_JAVA_OPTS (extra JVM flags),
# NEO4J_LOCAL_CDS (0: no class data sharing), MINERALGRAPH_CACHE (jar + class cache root).
# `stop` names the CPU-seconds the instance used. `import`: Neo4j's offline importer (neo4j-admin
# database import full) into DIR's database "neo4j", while no instance runs on DIR; every other
# argument goes to the importer (--nodes=…, --relationships=…). NEO4J_LOCAL_IMPORT_JAVA_OPTS:
# its JVM flags. See README.md.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(git -C "$here" rev-parse --show-toplevel 2>/dev/null || (cd "$here/../.." && pwd))
# pom.xml is the single place the version lives.
version=$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' "$here/pom.xml")
cache=${MINERALGRAPH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mineralgraph}/neo4j-$version
# One launcher jar per Launcher.java version: checkouts with different versions (a branch, a
# clean clone beside a working tree) must not swap classes under a JVM. A jar, not a classes
# dir: class data sharing (cds_flags) archives only classes from jars.
launcher=$cache/launcher-$(sha256sum "$here/Launcher.java" | cut -c1-16)

die() { echo "neo4j: $*" >&2; exit 1; }
say() { echo "neo4j: $*" >&2; }

usage() {
  sed -n '2,18s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
  exit "${1:-2}"
}

cmd='' port=${NEO4J_LOCAL_PORT:-7687} data=${NEO4J_LOCAL_DATA:-$repo/.neo4j/dev} fresh='' short_lived='' conf=''
importer_args=()
while (($#)); do
  case $1 in
    start | stop | status | run | import) [[ -z $cmd ]] || importer_args+=("$1"); cmd=${cmd:-$1} ;;
    --port) port=${2:?--port needs a value}; shift ;;
    --port=*) port=${1#*=} ;;
    --data) data=${2:?--data needs a value}; shift ;;
    --data=*) data=${1#*=} ;;
    --fresh) fresh=1 ;;
    --short-lived) short_lived=1 ;;
    --conf) conf=$(realpath "${2:?--conf needs a file}"); shift ;;
    -h | --help) usage 0 ;;
    *)
      [[ $cmd == import ]] || { echo "neo4j: unknown argument: $1" >&2; usage; }
      importer_args+=("$1") ;;
  esac
  shift
done
[[ -n $cmd ]] || usage
if ! [[ $port =~ ^(0|[1-9][0-9]{0,4})$ ]] || ((port > 65535)); then die "bad port: $port"; fi
data=$(realpath -m "$data")
pidfile=$data/neo4j.pid portfile=$data/neo4j.port log=$data/launcher.log
uri=bolt://127.0.0.1:$port

# --- process state -------------------------------------------------------------------------

# A pid counts only while it is alive and still our Launcher (pids get reused).
live_pid() {
  local pid
  pid=$(cat "$pidfile" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r /proc/$pid/cmdline ]]; then
    [[ $(tr '\0' ' ' <"/proc/$pid/cmdline") == *" Launcher "* ]] || return 1
  fi
  echo "$pid"
}

# Something accepts TCP connections on the port (any program, not only Neo4j). Generous
# timeout: a busy machine can take seconds to start bash; a free port refuses at once.
port_taken() { timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# A real Bolt handshake (magic + proposals 5.8..5.0, 4.4..4.0): a Bolt server answers with a
# non-zero version, anything else with nothing or zeros.
bolt_ok() {
  local reply
  reply=$(timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1
    printf '\x60\x60\xb0\x17\x00\x08\x08\x05\x00\x04\x04\x04\x00\x00\x00\x00\x00\x00\x00\x00' >&3
    head -c 4 <&3 | od -An -tx1" 2>/dev/null) || return 1
  reply=${reply//[[:space:]]/}
  [[ ${#reply} -eq 8 && $reply != 00000000 ]]
}

way_out() {
  echo "start the local Neo4j on another port with NEO4J_LOCAL_PORT=7690 (or --port), or use the one there with NEO4J_URI=bolt://127.0.0.1:$port"
}

# --- jars and launcher class ---------------------------------------------------------------

need() { command -v "$1" >/dev/null || die "$1 not found on PATH ($2)"; }

# Both steps are skipped once done, so a warm start needs neither network nor Maven nor javac.
prepare() {
  need java "Java 17 or 21 is needed to run Neo4j $version"
  local pom_sum
  pom_sum=$(sha256sum "$here/pom.xml" | cut -d' ' -f1)
  [[ $(cat "$cache/lib/.complete" 2>/dev/null) == "$pom_sum" && -f $launcher/.complete ]] && return 0

  mkdir -p "$cache"
  # Parallel first starts (e.g. several test packages) must not download into the same dir.
  exec 9>"$cache/.lock"
  flock 9
  if [[ $(cat "$cache/lib/.complete" 2>/dev/null) != "$pom_sum" ]]; then
    need mvn "needed once, to download the Neo4j jars into $cache"
    say "downloading Neo4j $version jars with Maven into $cache/lib (first start only, ~125 MB)"
    rm -rf "${cache:?}/lib"
    # Maven prints its errors on stdout: keep stdout for the URI alone. Debian's Maven 3.8
    # emits colour resets even with -B, hence the sed.
    mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$cache/lib" -DincludeScope=runtime 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2 ||
      die "Maven could not download the Neo4j jars (see above)"
    # Written last: a download that died half-way has no marker and is redone.
    echo "$pom_sum" >"$cache/lib/.complete"
  fi
  if [[ ! -f $launcher/.complete ]]; then
    need javac "needed to compile $here/Launcher.java once"
    need jar "needed to pack $here/Launcher.java's class once"
    rm -rf "${launcher:?}.tmp"
    mkdir -p "$launcher.tmp/classes"
    javac -nowarn -d "$launcher.tmp/classes" -cp "$cache/lib/*" "$here/Launcher.java" >&2 ||
      die "could not compile $here/Launcher.java"
    jar --create --file "$launcher.tmp/launcher.jar" -C "$launcher.tmp/classes" . >&2 ||
      die "could not pack $here/Launcher.java's class"
    touch "$launcher.tmp/.complete"
    rm -rf "${launcher:?}"
    mv "$launcher.tmp" "$launcher"
  fi
  exec 9>&- # must not leak into the background JVM, or it would hold the lock forever
}

java_cmd() {
  # Flags Neo4j 5.26's own launcher passes; the heap leaves room for the 256 MB page cache.
  # shellcheck disable=SC2206 # NEO4J_LOCAL_JAVA_OPTS is meant to be word-split
  local extra=(${NEO4J_LOCAL_JAVA_OPTS:-})
  # A test's Neo4j lives minutes and runs each statement a few times: C2's compiles never
  # pay back. C1 alone took 8.5 instead of 14.3 CPU-s to start, 32 instead of 61 to load
  # the seed data set and the USGS releases (measured side by side, 2 cores).
  local cds=''
  [[ -z $short_lived ]] || { cds=$(cds_flags); extra=(-XX:TieredStopAtLevel=1 ${cds:+"$cds"} "${extra[@]}"); }
  cmdline=(java -Xms256m -Xmx1g
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED
    -Dio.netty.tryReflectionSetAccessible=true -Djdk.nio.maxCachedBufferSize=1024
    -Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8 "${extra[@]}"
    -cp "$launcher/launcher.jar:$cache/lib/*" Launcher --home "$data" --port "$port")
  [[ -z $conf ]] || cmdline+=(--conf "$conf")
}

# Class data sharing for the short-lived JVMs (make test starts six): the classes a test
# Neo4j loaded, parsed and verified once per machine into an archive that later JVMs map
# instead of loading them from the jars again (a start took 4.8 instead of 7.5 CPU-s,
# measured side by side). A start without the archive has the JVM write one into its data
# dir at exit, with every class it loaded meanwhile; the stop puts it into the cache
# (save_cds). Keyed by the JDK and the jars: the JVM refuses an archive of other ones (then
# it loads as without). NEO4J_LOCAL_CDS=0 turns it off.
cds_archive() {
  local jdk
  jdk=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  echo "$cache/cds-$(echo "$jdk $(stat -c %s.%Y "$jdk/lib/modules" 2>/dev/null) $launcher" |
    cat - "$cache/lib/.complete" | sha256sum | cut -c1-16).jsa"
}
cds_flags() {
  [[ ${NEO4J_LOCAL_CDS:-1} != 0 ]] || return 0
  local archive
  archive=$(cds_archive)
  if [[ -s $archive ]]; then
    echo "-XX:SharedArchiveFile=$archive"
  else
    echo "-XX:ArchiveClassesAtExit=$data/cds.jsa"
  fi
}
save_cds() {
  [[ -s $data/cds.jsa ]] || return 0
  local archive
  archive=$(cds_archive)
  # Written whole beside the archive, then renamed: a JVM never maps half a file.
  [[ -s $archive ]] || { cp "$data/cds.jsa" "$archive.$$" && mv -f "$archive.$$" "$archive"; } || rm -f "$archive.$$"
  rm -f "$data/cds.jsa"
}

# CPU-seconds a process used so far (utime + stime of /proc/PID/stat).
cpu_seconds() {
  local stat
  read -r -a stat <"/proc/$1/stat" 2>/dev/null || { echo '?'; return; }
  echo $(((stat[13] + stat[14]) / $(getconf CLK_TCK)))
}

# --fresh deletes a directory the user named, so only one that is empty or looks like ours.
wipe_data() {
  local pid
  if pid=$(live_pid); then die "refusing --fresh: the instance in $data is running (pid $pid); stop it first"; fi
  [[ -e $data ]] || return 0
  if [[ -n $(ls -A "$data") && ! -d $data/data/databases && ! -e $log ]]; then
    die "refusing --fresh: $data does not look like a Neo4j data dir"
  fi
  rm -rf "$data"
  mkdir -p "$data"
}

# --- commands ------------------------------------------------------------------------------

do_start() {
  local pid running_port
  [[ -z $fresh ]] || wipe_data
  if pid=$(live_pid); then
    running_port=$(cat "$portfile" 2>/dev/null || echo "?")
    [[ $running_port == "$port" || $port == 0 ]] ||
      die "the instance in $data already runs on port $running_port (pid $pid); stop it first"
    if [[ $running_port =~ ^[1-9] ]] && bolt_ok "$running_port"; then
      say "already running (pid $pid)"
      echo "bolt://127.0.0.1:$running_port"
      return 0
    fi
    say "pid $pid is still starting; waiting for it"
  else
    rm -f "$pidfile" "$portfile"
    if ((port)) && port_taken "$port"; then
      die "port $port on 127.0.0.1 is already in use; $(way_out)"
    fi
    prepare
    java_cmd
    mkdir -p "$data"
    # The log exists before the wait below reads it: the background job opens it only when it
    # runs, and on a busy machine the first read came first (sed: no such file, exit 2 under
    # pipefail: the start ended silently, failing test-go on clean clones).
    : >"$log"
    # setsid: a Ctrl-C or a test runner killing our process group must not take Neo4j down
    # (callers that want it gone on Ctrl-C stop it in their own trap).
    setsid "${cmdline[@]}" </dev/null >"$log" 2>&1 &
    pid=$!
    echo "$pid" >"$pidfile"
    echo "$port" >"$portfile"
    say "starting Neo4j $version on $( ((port)) && echo "$uri" || echo "a free port") (pid $pid, data $data, log $log)"
  fi

  local deadline=$((SECONDS + ${NEO4J_LOCAL_START_TIMEOUT:-180})) tick=0 ready_port=''
  while :; do
    # The READY line names the port actually bound (the one asked for, or the kernel's pick for 0).
    ready_port=$(sed -n 's/^READY bolt:\/\/127\.0\.0\.1:\([0-9]*\)$/\1/p' "$log" 2>/dev/null | head -1 || true)
    [[ -n $ready_port ]] && bolt_ok "$ready_port" && break
    if ! kill -0 "$pid" 2>/dev/null; then
      ((tick < 10)) || echo >&2
      rm -f "$pidfile" "$portfile"
      local why
      why=$(grep -m1 '^neo4j: ' "$log" 2>/dev/null | sed 's/^neo4j: //') || why="exited during start-up; see $log"
      [[ $why != *"already in use"* ]] || why+="; $(way_out)"
      die "$why"
    fi
    if ((SECONDS >= deadline)); then
      ((tick < 10)) || echo >&2
      do_stop
      die "not ready after ${NEO4J_LOCAL_START_TIMEOUT:-180} s; see $log and $data/logs/debug.log"
    fi
    sleep 0.2
    ((++tick % 10 == 0)) && printf . >&2
  done
  ((tick < 10)) || echo >&2
  echo "$ready_port" >"$portfile"
  say "ready on port $ready_port after ${SECONDS}s"
  echo "bolt://127.0.0.1:$ready_port"
}

do_stop() {
  local pid cpu deadline=$((SECONDS + 60))
  if ! pid=$(live_pid); then
    rm -f "$pidfile" "$portfile"
    say "not running ($data)"
    return 0
  fi
  cpu=$(cpu_seconds "$pid")
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      say "warning: pid $pid ignored SIGTERM for 60 s; sending SIGKILL (store may need recovery)"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$pidfile" "$portfile"
  save_cds
  say "stopped (pid $pid, which used $cpu CPU-s)"
}

do_status() {
  local pid running_port
  if pid=$(live_pid); then
    running_port=$(cat "$portfile" 2>/dev/null || echo "$port")
    if bolt_ok "$running_port"; then
      echo "running bolt://127.0.0.1:$running_port (pid $pid, data $data)"
      return 0
    fi
    echo "starting bolt://127.0.0.1:$running_port (pid $pid, data $data)"
    return 3
  fi
  echo "stopped (data $data)"
  return 3
}

do_run() {
  [[ -z $fresh ]] || wipe_data
  prepare
  java_cmd
  mkdir -p "$data"
  exec "${cmdline[@]}"
}

# The offline importer writes a new store into DIR/data/databases/neo4j and its
# transaction log into DIR/data/transactions/neo4j: NEO4J_HOME=DIR gives it the same
# server.directories.* defaults the launcher's DatabaseManagementServiceBuilder(DIR) uses.
# Neo4j's own CPU-seconds are the importer's (a JVM of its own), reported at the end.
do_import() {
  local pid
  if pid=$(live_pid); then die "refusing to import: the instance in $data is running (pid $pid); stop it first"; fi
  ((${#importer_args[@]})) || die "import needs the importer's arguments (--nodes=Label=file.csv …); see README.md"
  [[ -z $fresh ]] || wipe_data
  prepare
  mkdir -p "$data/conf" "$data/logs"
  local report=() arg
  for arg in "${importer_args[@]}"; do [[ $arg == --report-file* ]] && report=(x); done
  ((${#report[@]})) || importer_args+=("--report-file=$data/logs/import.report")
  # shellcheck disable=SC2206 # meant to be word-split
  local jvm=(${NEO4J_LOCAL_IMPORT_JAVA_OPTS:-})
  local before after start=$SECONDS
  before=$(children_cpu)
  say "importing into $data/data/databases/neo4j (importer log: $data/logs/import.log)"
  # Its progress (stdout) goes to stderr: stdout stays free for callers, as with start.
  if ! NEO4J_HOME=$data NEO4J_CONF=$data/conf java "${jvm[@]}" -Dfile.encoding=UTF-8 -cp "$cache/lib/*" \
    org.neo4j.cli.AdminTool database import full neo4j "${importer_args[@]}" 2>&1 | tee "$data/logs/import.log" >&2; then
    die "the import failed (see above and $data/logs/import.log$( [[ -s $data/logs/import.report ]] && echo ", $data/logs/import.report"))"
  fi
  after=$(children_cpu)
  say "imported after $((SECONDS - start))s (the importer used $((after - before)) CPU-s)"
}

# CPU-seconds of this shell's children that have ended (cutime + cstime of /proc/$$/stat).
children_cpu() {
  local stat
  read -r -a stat <"/proc/$$/stat"
  echo $(((stat[15] + stat[16]) / $(getconf CLK_TCK)))
}

case $cmd in
  start) do_start ;;
  import) do_import ;;
  stop) do_stop ;;
  status) do_status ;;
  run) do_run ;;
esac
