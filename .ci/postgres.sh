# PostgreSQL for the hub's tests (issue 16): source this file (bash). It installs Debian's server when
# missing, starts a cluster, makes a throw-away role and database and exports STATIONDESK_TEST_PG_DSN,
# which tests/app/hub reads to run the hub's suite on PostgreSQL as well as SQLite. Needs root.
pg_setup() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
    echo "安装 PostgreSQL（汇总库测试用）"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
  fi
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
    $sudo pg_createcluster "$version" main >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -qx online; then
    $sudo pg_ctlcluster "$version" main start
  fi
  local port
  port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
  local psql="$sudo runuser -u postgres -- psql -p $port -qAt"
  [ "$(id -u)" -ne 0 ] && psql="sudo -u postgres psql -p $port -qAt"
  if [ "$($psql -c "SELECT 1 FROM pg_roles WHERE rolname='stationdesk_test'")" != "1" ]; then
    $psql -c "CREATE ROLE stationdesk_test LOGIN PASSWORD 'stationdesk_test'"
  fi
  if [ "$($psql -c "SELECT 1 FROM pg_database WHERE datname='stationdesk_hub_test'")" != "1" ]; then
    $psql -c "CREATE DATABASE stationdesk_hub_test OWNER stationdesk_test"
  fi
  export STATIONDESK_TEST_PG_DSN="postgresql://stationdesk_test:stationdesk_test@127.0.0.1:$port/stationdesk_hub_test"
}
pg_setup
