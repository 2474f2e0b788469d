#!/usr/bin/env bash
# End-to-end memory check (issue 8): the reference app, the broken reference app, Helm fixtures
# and manifests through the policycheck binary under valgrind, in every output format. Fails on
# any leak (definite or indirect) or memory error; exit 77 (skipped) when valgrind is absent.
#   scripts/valgrind_end_to_end.sh build/policycheck
set -uo pipefail
bin="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
command -v valgrind >/dev/null || { echo "SKIP: valgrind not installed"; exit 77; }
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
rc=0
for format in text json sarif; do
  valgrind --quiet --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
    --suppressions="$root/tests/robustness/valgrind.supp" \
    "$bin" --no-config --deterministic --format "$format" --output "$out/report.$format" \
    "$root/charts/todo-app" "$root/fixtures/todo-app" "$root/fixtures/todo-app-broken" \
    "$root/fixtures/helm" "$root/fixtures/k8s" 2>"$out/valgrind.log"
  code=$?
  # 0-2 are policycheck's own exit codes; 99 is valgrind's verdict.
  if (( code == 99 )) || (( code > 2 )); then
    echo "FAIL ($format): exit $code"
    cat "$out/valgrind.log"
    rc=1
  else
    echo "ok   ($format): policycheck exit $code, no leak or memory error"
  fi
done
exit $rc
