#!/usr/bin/env bash
# One-shot setup of the compose stack's Superset (the `superset-init` service): the metadata
# database, an admin, the roles, then the Winnow dashboard imported from its export in
# bi/superset/dashboards/winnow (database "Winnow" at duckdb:////warehouse/winnow.duckdb,
# read-only; four datasets; eight charts). Safe to run again: every step is idempotent, and
# the import overwrites the dashboard's charts and datasets with the exported ones.
set -euo pipefail
superset db upgrade
superset fab create-admin --username "${SUPERSET_ADMIN_USER:-admin}" --firstname Winnow --lastname Admin \
    --email "${SUPERSET_ADMIN_EMAIL:-admin@localhost}" --password "${SUPERSET_ADMIN_PASSWORD:?set SUPERSET_ADMIN_PASSWORD}" \
    || true  # the admin exists already
superset init
bundle="$(mktemp -d)/winnow_dashboard.zip"
(cd /app/bi/dashboards && python -m zipfile -c "$bundle" winnow)
superset import-dashboards --path "$bundle" --username "${SUPERSET_ADMIN_USER:-admin}"
