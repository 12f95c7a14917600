#!/bin/bash
# Renders the Janus configuration mounted at /etc/percorsi-janus (deploy/janus/conf) into a
# writable folder, filling @NAME@ tokens from the environment, then runs Janus in the foreground.
# Janus's .jcfg files cannot read environment variables themselves; secrets stay out of git.
set -euo pipefail

src=${JANUS_CONFIG_TEMPLATES:-/etc/percorsi-janus}
out=${JANUS_CONFIG_DIR:-/var/lib/percorsi-janus/conf}

: "${JANUS_ADMIN_KEY:?set JANUS_ADMIN_KEY: the VideoRoom admin key the platform creates rooms with}"
: "${JANUS_API_SECRET:?set JANUS_API_SECRET: the secret every request of the platform carries}"
: "${JANUS_ADMIN_SECRET:?set JANUS_ADMIN_SECRET: the platform adds join tokens through the Admin API}"
JANUS_ADMIN_WS_IP=${JANUS_ADMIN_WS_IP:-0.0.0.0}
JANUS_WS_IP=${JANUS_WS_IP:-0.0.0.0}
JANUS_WS_PORT=${JANUS_WS_PORT:-8188}
JANUS_RTP_PORT_RANGE=${JANUS_RTP_PORT_RANGE:-20000-20100}

# Values go inside double-quoted libconfig strings: escape backslashes and quotes.
jcfg_escape() {
  local bs=\\ dq=\"
  local v=${1//"$bs"/"$bs$bs"}
  printf '%s' "${v//"$dq"/"$bs$dq"}"
}

mkdir -p "$out"
for file in "$src"/*.jcfg; do
  content=$(<"$file")
  for name in JANUS_ADMIN_KEY JANUS_API_SECRET JANUS_ADMIN_SECRET JANUS_ADMIN_WS_IP JANUS_WS_IP JANUS_WS_PORT JANUS_RTP_PORT_RANGE; do
    # Quoted replacement: bash 5.2 would otherwise treat & and \ in it specially.
    content=${content//"@${name}@"/"$(jcfg_escape "${!name}")"}
  done
  printf '%s\n' "$content" >"$out/$(basename "$file")"
done
chmod 600 "$out"/*.jcfg

args=(--configs-folder="$out" --disable-colors)
if [ -n "${JANUS_NAT_1_1:-}" ]; then
  args+=(--nat-1-1="$JANUS_NAT_1_1")
fi
exec janus "${args[@]}" "$@"
