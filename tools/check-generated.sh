#!/usr/bin/env bash
# Regenerates the code derived from schema/ and fails if that changed anything:
# generated code must always be committed in step with the schema.
set -euo pipefail
cd "$(dirname "$0")/.."

generated() {
  # Everything go generate writes: gqlgen output, store metadata, resolvers.
  find graph/generated graph/model graph/store/model_gen.go resolvers -type f \( -name "*.go" -o -name "*.graphqls" \) | sort
}
snapshot() { generated | xargs sha256sum; }

before=$(snapshot)
go generate ./...
after=$(snapshot)
if [[ "$before" != "$after" ]]; then
  echo "check-generated: schema/ and the generated code had drifted; 'go generate ./...' changed:" >&2
  diff <(echo "$before") <(echo "$after") | sed -n 's/^[<>] [0-9a-f]*  /  /p' | sort -u >&2
  echo "check-generated: commit the regenerated files." >&2
  exit 1
fi
echo "check-generated: generated code is up to date"
