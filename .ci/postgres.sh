# PostgreSQL for the hub's tests (issue 16): source this file (bash). It installs Debian's server when
# missing, starts a cluster, makes a throw-away role and database and exports STATIONDESK_TEST_PG_DSN,
# which tests/app/hub reads to run the hub's suite on PostgreSQL as well as SQLite. Needs root (or sudo).
# Safe under `set -euo pipefail`: no pipeline ends in an early-exiting reader.
pg_setup() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    echo "安装 PostgreSQL（汇总库测试用）"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  local version clusters line port="" state=""
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  clusters=$(pg_lsclusters -h)
  while read -r line; do
    set -- $line
    if [ "${1:-}" = "$version" ] && [ "${2:-}" = "main" ]; then port=$3; state=$4; fi
  done <<< "$clusters"
  if [ -z "$port" ]; then
    $sudo pg_createcluster "$version" main >/dev/null
    clusters=$(pg_lsclusters -h)
    while read -r line; do
      set -- $line
      if [ "${1:-}" = "$version" ] && [ "${2:-}" = "main" ]; then port=$3; state=$4; fi
    done <<< "$clusters"
  fi
  if [ "$state" != "online" ]; then
    $sudo pg_ctlcluster "$version" main start
  fi
  local run_as="$sudo runuser -u postgres --"
  [ "$(id -u)" -ne 0 ] && run_as="sudo -u postgres"
  local psql="$run_as psql -p $port -qAt"
  if [ "$($psql -c "SELECT 1 FROM pg_roles WHERE rolname='stationdesk_test'")" != "1" ]; then
    $psql -c "CREATE ROLE stationdesk_test LOGIN PASSWORD 'stationdesk_test'"
  fi
  if [ "$($psql -c "SELECT 1 FROM pg_database WHERE datname='stationdesk_hub_test'")" != "1" ]; then
    $psql -c "CREATE DATABASE stationdesk_hub_test OWNER stationdesk_test"
  fi
  export STATIONDESK_TEST_PG_DSN="postgresql://stationdesk_test:stationdesk_test@127.0.0.1:$port/stationdesk_hub_test"
}
pg_setup
