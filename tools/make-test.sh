#!/usr/bin/env bash
# `make test`: the stages of FIRST one after another, then test-go beside a lane that runs
# the stages of BESIDE one after another. Each stage is `make <stage>`; its duration is
# printed, and the first failure stops the run, names its stage and stops the other lane.
#   tools/make-test.sh "FIRST STAGES..." "BESIDE STAGES..."
# test-go waits on its databases much of the time and leaves CPU that the browser tests
# and the benchmark's smoke run use meanwhile. The side lane's output goes to a log per
# stage, shown once test-go has ended (or the stage failed), so the two do not interleave;
# only one line per side stage ("passed in") is printed as it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

read -ra first <<<"${1:?usage: tools/make-test.sh FIRST BESIDE}"
read -ra beside <<<"${2:-}"
logs=$(mktemp -d "${TMPDIR:-/tmp}/mineralgraph-make-test.XXXXXX")
lanes=()
stop_lanes() {
  local pid
  # Each lane is a session of its own (setsid): TERM reaches every process in it, and
  # their traps (test-go.sh, web/tests/run.sh, the benchmark) stop their Neo4j and servers.
  for pid in "${lanes[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${lanes[@]}"; do wait "$pid" 2>/dev/null || true; done
  lanes=()
}
trap 'stop_lanes; rm -rf "$logs"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The machine's busy CPU-seconds (all processes: on a machine running nothing else, make
# test's own): the run is CPU-bound when they come near cores x seconds.
busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat 2>/dev/null || echo 0; }
total=$SECONDS times='' busy0=$(busy_ticks)
fail() { # stage seconds
  echo "make test: FAILED in $1 after $2s (before it:${times:- none})" >&2
  exit 1
}

for stage in "${first[@]}"; do
  echo "make test: $stage"
  start=$SECONDS
  make --no-print-directory "$stage" || fail "$stage" $((SECONDS - start))
  times+=" $stage $((SECONDS - start))s"
  # The selftest then skips checking the unchanged tree again.
  [[ $stage != check-generated ]] || export CHECK_GENERATED_PASSED=1
done

# lane NAME STAGE...: runs the stages in turn, each line of $logs/NAME.done saying how one
# ended ("<stage> <seconds> <exit status>"); stops at the first failure. The side lane
# writes each stage's output to $logs/<stage>.log.
lane() {
  local name=$1 stage start status
  shift
  for stage in "$@"; do
    start=$SECONDS status=0
    if [[ $name == go ]]; then
      make --no-print-directory "$stage" || status=$?
    else
      make --no-print-directory "$stage" >"$logs/$stage.log" 2>&1 || status=$?
      ((status)) || echo "make test: $stage passed in $((SECONDS - start))s (beside test-go)"
    fi
    echo "$stage $((SECONDS - start)) $status" >>"$logs/$name.done"
    ((status == 0)) || return "$status"
  done
}
export -f lane
export logs

echo "make test: test-go${beside[*]:+, beside it: ${beside[*]}}"
setsid bash -c 'lane go test-go' &
go_lane=$!
lanes+=("$go_lane")
if ((${#beside[@]})); then
  setsid bash -c 'lane side "$@"' _ "${beside[@]}" &
  lanes+=($!)
fi

# The side stages that ended, with their output when asked to show it.
side_results() { # show-output
  local stage secs status
  [[ -f $logs/side.done ]] || return 0
  while read -r stage secs status; do
    if [[ $1 == show || $status != 0 ]]; then
      echo "make test: output of $stage (beside test-go):"
      cat "$logs/$stage.log"
    fi
    ((status == 0)) || { stop_lanes; fail "$stage" "$secs"; }
    times+=" $stage ${secs}s"
  done <"$logs/side.done"
}
lane_failed() { # name status: a lane ended with an error without recording it (killed)
  echo "make test: FAILED: the lane of $1 ended with status $2 (killed?) (before it:${times:- none})" >&2
  exit 1
}

pending=("${lanes[@]}")
while ((${#pending[@]})); do
  status=0
  wait -n -p ended "${pending[@]}" || status=$?
  left=()
  for pid in "${pending[@]}"; do [[ $pid == "$ended" ]] || left+=("$pid"); done
  pending=("${left[@]}")
  if [[ $ended == "$go_lane" ]]; then
    if ((status)); then
      stop_lanes
      [[ -s $logs/go.done ]] || lane_failed test-go "$status"
      read -r _ secs _ <"$logs/go.done"
      fail test-go "$secs"
    fi
  else
    if ((status)); then
      stop_lanes
      side_results quiet
      lane_failed "${beside[*]}" "$status"
    fi
  fi
done
lanes=()
read -r _ secs _ <"$logs/go.done"
times+=" test-go ${secs}s"
side_results show
secs=$((SECONDS - total)) busy=$((($(busy_ticks) - busy0) / $(getconf CLK_TCK)))
echo "make test: passed in ${secs}s:$times"
echo "make test: the machine was busy $busy CPU-s meanwhile, $(awk -v b="$busy" -v s="$secs" 'BEGIN{printf "%.2f", b / (s ? s : 1)}') of its $(nproc) cores on average"
