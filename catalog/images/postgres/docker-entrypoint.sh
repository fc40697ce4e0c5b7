#!/usr/bin/env bash
# Entrypoint of the postgres image, following the official image's contract: on the first start
# with an empty PGDATA it runs initdb with POSTGRES_USER / POSTGRES_PASSWORD, allows remote
# connections with POSTGRES_HOST_AUTH_METHOD (scram-sha-256 by default), creates POSTGRES_DB and
# runs /docker-entrypoint-initdb.d/* once; then it runs the server as the postgres user.
# Each POSTGRES_* variable may instead be given as a file, as POSTGRES_*_FILE (Docker secrets).
set -Eeo pipefail

# file_env VAR [DEFAULT]: VAR from $VAR or from the file named by $VAR_FILE, exported.
file_env() {
  local variable="$1" default="${2:-}" file_variable="${1}_FILE"
  if [ -n "${!variable:-}" ] && [ -n "${!file_variable:-}" ]; then
    echo >&2 "error: both $variable and $file_variable are set (but are exclusive)"
    exit 1
  fi
  local value="$default"
  if [ -n "${!variable:-}" ]; then
    value="${!variable}"
  elif [ -n "${!file_variable:-}" ]; then
    value="$(< "${!file_variable}")"
  fi
  export "$variable"="$value"
  unset "$file_variable"
}

setup_environment() {
  file_env POSTGRES_PASSWORD
  file_env POSTGRES_USER postgres
  file_env POSTGRES_DB "$POSTGRES_USER"
  file_env POSTGRES_INITDB_ARGS
  export POSTGRES_HOST_AUTH_METHOD="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}"
}

create_directories() {
  mkdir -p "$PGDATA" /var/run/postgresql
  chmod 00700 "$PGDATA"
  chmod 03775 /var/run/postgresql
  if [ "$(id -u)" = 0 ]; then
    # A fresh named volume or bind mount belongs to root.
    find "$PGDATA" \! -user postgres -exec chown postgres:postgres '{}' +
    find /var/run/postgresql \! -user postgres -exec chown postgres:postgres '{}' +
  fi
}

refuse_without_password() {
  if [ -n "$POSTGRES_PASSWORD" ] || [ "$POSTGRES_HOST_AUTH_METHOD" = trust ]; then return; fi
  cat >&2 <<'MESSAGE'
Error: Database is uninitialized and superuser password is not specified.
       You must specify POSTGRES_PASSWORD to a non-empty value for the
       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
       connections without a password. This is *not* recommended.

       See PostgreSQL documentation about "trust":
       https://www.postgresql.org/docs/current/auth-trust.html
MESSAGE
  exit 1
}

init_database_directory() {
  local password_option=''
  if [ -n "$POSTGRES_PASSWORD" ]; then
    password_option='--pwfile=<(printf "%s\n" "$POSTGRES_PASSWORD")'
  fi
  # POSTGRES_INITDB_ARGS is a string of options, split like a shell would; the password travels
  # through a pipe, never on a command line.
  eval "initdb --username=\"\$POSTGRES_USER\" $password_option $POSTGRES_INITDB_ARGS"
  {
    printf '\n'
    if [ "$POSTGRES_HOST_AUTH_METHOD" = trust ]; then
      printf '# warning: trust is enabled for all connections\n'
    fi
    printf 'host all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD"
  } >> "$PGDATA/pg_hba.conf"
}

# run_sql [psql options]: SQL from stdin or -f, as POSTGRES_USER over the local socket.
run_sql() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc \
    --dbname "${database:-$POSTGRES_DB}" "$@"
}

create_database() {
  local database=postgres
  if [ "$POSTGRES_DB" = postgres ]; then return; fi
  local exists
  exists="$(run_sql --set db="$POSTGRES_DB" --tuples-only <<< "SELECT 1 FROM pg_database WHERE datname = :'db';")"
  if [ -z "$exists" ]; then
    run_sql --set db="$POSTGRES_DB" <<< 'CREATE DATABASE :"db";'
  fi
}

run_init_files() {
  local file
  for file in /docker-entrypoint-initdb.d/*; do
    case "$file" in
      *.sh)
        if [ -x "$file" ]; then
          echo "$0: running $file"
          "$file"
        else
          echo "$0: sourcing $file"
          # shellcheck disable=SC1090
          . "$file"
        fi
        ;;
      *.sql) echo "$0: running $file"; run_sql -f "$file" ;;
      *.sql.gz) echo "$0: running $file"; gunzip -c "$file" | run_sql ;;
      */\*) ;;
      *) echo "$0: ignoring $file" ;;
    esac
  done
}

initialize() {
  refuse_without_password
  # Unreadable init scripts (a bind-mounted folder of mode 700) fail here, before initdb, rather
  # than leave a database that looks initialised but is not.
  ls /docker-entrypoint-initdb.d/ > /dev/null
  init_database_directory
  # A server on the socket only, so nothing outside sees a half-initialised database.
  PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start
  create_database
  run_init_files
  PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -m fast -w stop
  echo
  echo 'PostgreSQL init process complete; ready for start up.'
  echo
}

# `docker run postgres -c shared_buffers=256MB` passes options to the server.
if [ "${1:0:1}" = '-' ]; then
  set -- postgres "$@"
fi

if [ "$1" = postgres ]; then
  setup_environment
  create_directories
  if [ "$(id -u)" = 0 ]; then
    exec gosu postgres "${BASH_SOURCE[0]}" "$@"
  fi
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    initialize
  else
    echo
    echo 'PostgreSQL Database directory appears to contain a database; Skipping initialization'
    echo
  fi
fi

exec "$@"
