#!/usr/bin/env bash
# Validates every *.sarif under $1 with ../shared/tools/sarif/validate.sh.
# Exit 77 (skipped) when the validator is absent and cannot be installed.
set -uo pipefail
dir="$1"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${POLICYCHECK_SARIF_TOOLS:-$here/../shared/tools/sarif}"
if [[ ! -x "$tools/validate.sh" ]]; then echo "SKIP: no SARIF validator at $tools"; exit 77; fi
if ! "$tools/setup.sh" >/dev/null 2>&1; then echo "SKIP: SARIF validator setup failed (offline?)"; exit 77; fi
shopt -s nullglob globstar
files=("$dir"/**/*.sarif)
if (( ${#files[@]} == 0 )); then echo "no SARIF goldens under $dir"; exit 1; fi
rc=0
for f in "${files[@]}"; do
  if out=$("$tools/validate.sh" "$f" 2>&1); then echo "ok   $f"; else echo "FAIL $f"; echo "$out"; rc=1; fi
done
exit $rc
