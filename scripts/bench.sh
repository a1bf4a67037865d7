#!/usr/bin/env bash
# `npm run bench`: Docket's published numbers, measured the same way every time (bench/run-all.ts prints one table
# and writes bench-result.json). From a fresh clone it installs, builds the native addons (libtesseract-dev for the
# native OCR engine first), provisions PostgreSQL + pgvector, Kafka, Temporal and Debian's tesseract CLI (the OCR
# baseline), fetches the models, starts the services unless DOCKET_DATABASE_URL, DOCKET_KAFKA_BROKERS and
# DOCKET_TEMPORAL_ADDRESS point at running ones, and stops what it started. `npm run bench -- --quick` runs smaller
# sizes (a check of the harness, not numbers to publish).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS" >&2; }

step "install"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm install --no-audit --no-fund
fi
step "native addon"
# The native OCR addon is one of the engines bench/page-reading.bench.ts compares: its libraries first.
bash scripts/provision.sh ocr
node native/build.mjs
step "provision"
for part in pg kafka temporal minio tesseract; do bash scripts/provision.sh "$part"; done
step "models"
node inference/embeddings/fetch-model.mjs

if [ -z "${DOCKET_DATABASE_URL:-}" ] || [ -z "${DOCKET_KAFKA_BROKERS:-}" ] || [ -z "${DOCKET_TEMPORAL_ADDRESS:-}" ]; then
  step "start services"
  bash scripts/services.sh start
  trap 'bash scripts/services.sh stop' EXIT
  # shellcheck disable=SC1091
  source .cache/services.env
fi
export DOCKET_TEMPORAL_CLI="${DOCKET_TEMPORAL_CLI:-$PWD/.cache/bin/temporal}"

step "benchmarks"
npx tsx bench/run-all.ts "$@"
