#!/usr/bin/env bash
# Shows the drift check can fail: in a scratch copy of the tree, change a schema
# description without regenerating and expect tools/check-generated.sh to refuse it, for
# that reason (its message names the drifted files), not for another.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
git ls-files --cached --others --exclude-standard -z | xargs -0 cp --parents -t "$scratch"
# The unchanged copy must pass first (else the failure below proves nothing); make test has
# just run that very check on this tree and says so with CHECK_GENERATED_PASSED=1, which
# saves a go generate (a minute or more on a busy machine).
if [[ -z ${CHECK_GENERATED_PASSED:-} ]]; then
  (cd "$scratch" && tools/check-generated.sh >/dev/null) || { echo "check-generated-selftest: the unchanged copy fails the check" >&2; exit 1; }
fi
sed -i 's/"Any entity by its id/"Any entity, by its id/' "$scratch/schema/query.graphqls"
grep -q '"Any entity, by its id' "$scratch/schema/query.graphqls"
# Neither building the generated code nor tidying go.mod is how drift is found, and in a
# copy at another path (another build cache key) the build compiles the module afresh,
# about a minute of CPU: the copy's gqlgen.yml skips both. The tree's own check builds it.
printf '\nskip_validation: true\nskip_mod_tidy: true\n' >>"$scratch/gqlgen.yml"
if out=$(cd "$scratch" && tools/check-generated.sh 2>&1); then
  echo "check-generated-selftest: a schema change without regeneration went unnoticed" >&2
  exit 1
fi
if ! grep -q "had drifted" <<<"$out" || ! grep -q "graph/generated/schema.graphqls" <<<"$out"; then
  echo "check-generated-selftest: the check failed, but not on the drift:" >&2
  echo "$out" >&2
  exit 1
fi
echo "check-generated-selftest: drift is detected"
