#!/usr/bin/env bash
# Runs `storybank eval` on the shared dev sets (not in a user's clone: ../shared).
# Usage: scripts/eval-dev.sh [--per-query]   (from the repository root)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
bin="$root/target/release/storybank"
[ -x "$bin" ] || cargo build --release --quiet --manifest-path "$root/Cargo.toml"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$bin" --data "$work/small" --index "$work/small-index" import "$shared/seeds/000_3d99409e77d760d5.txt" >/dev/null 2>&1
"$bin" --data "$work/large" --index "$work/large-index" import "$shared/seeds/000_3d99409e77d760d5.txt" "$shared/eval/dev-bank.md" >/dev/null 2>&1
echo "== dev-prompts.yaml (14 seed stories)"
"$bin" --data "$work/small" --index "$work/small-index" eval "$shared/eval/dev-prompts.yaml" "$@"
echo "== dev-prompts-large.yaml (seed + dev-bank, 50 stories)"
"$bin" --data "$work/large" --index "$work/large-index" eval "$shared/eval/dev-prompts-large.yaml" "$@"
