#!/bin/sh
# One-shot job (temporalio/admin-tools): creates Temporal's two PostgreSQL databases and brings
# their schemas to the version this admin-tools image ships. Safe to re-run: `create` of an
# existing database fails harmlessly, `setup-schema -v 0.0` leaves a newer schema alone and
# `update-schema` applies only what is missing.
set -eu

: "${POSTGRES_SEEDS:?}" "${POSTGRES_USER:?}" "${POSTGRES_PWD:?}"
port=${DB_PORT:-5432}
schema_dir=/etc/temporal/schema/postgresql/v12

# The tool reads the password from the environment, which keeps it out of the process list.
export SQL_PASSWORD="$POSTGRES_PWD"
sql() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$port" -u "$POSTGRES_USER" "$@"
}

for db in "${TEMPORAL_DB:-temporal}:temporal" "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}:visibility"; do
  name=${db%%:*}
  kind=${db#*:}
  echo "schema for $name ($kind)"
  sql --db "$name" create || echo "database $name already exists"
  sql --db "$name" setup-schema -v 0.0
  sql --db "$name" update-schema -d "$schema_dir/$kind/versioned"
done
echo "Temporal schema ready"
