#!/bin/sh
# One-shot job (temporalio/admin-tools): waits for the Temporal frontend, then creates the
# platform's namespace and its custom search attributes if they are missing. Safe to re-run.
set -eu

: "${TEMPORAL_ADDRESS:?}"
ns=${TEMPORAL_NAMESPACE:-percorsi}
retention=${TEMPORAL_RETENTION:-30d}

tries=0
until temporal operator cluster health --address "$TEMPORAL_ADDRESS" >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -ge 90 ]; then
    echo "Temporal at $TEMPORAL_ADDRESS is not serving after 3 minutes" >&2
    exit 1
  fi
  sleep 2
done

if temporal operator namespace describe --address "$TEMPORAL_ADDRESS" --namespace "$ns" >/dev/null 2>&1; then
  echo "namespace $ns exists"
else
  temporal operator namespace create --address "$TEMPORAL_ADDRESS" --namespace "$ns" --retention "$retention"
  echo "namespace $ns created (retention $retention)"
fi

# PERCORSI_SEARCH_ATTRIBUTES="TenantId=Keyword PathwayId=Keyword ...": created when missing.
for attribute in ${PERCORSI_SEARCH_ATTRIBUTES:-}; do
  name=${attribute%%=*}
  type=${attribute#*=}
  if temporal operator search-attribute list --address "$TEMPORAL_ADDRESS" --namespace "$ns" | grep -qw "$name"; then
    echo "search attribute $name exists"
  else
    temporal operator search-attribute create --address "$TEMPORAL_ADDRESS" --namespace "$ns" \
      --name "$name" --type "$type"
  fi
done
