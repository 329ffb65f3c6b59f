#!/usr/bin/env bash
# Install the peer tools used to cross-check planner's import graphs.
# Idempotent and fast when everything is present (only checks, no network).
#
#   PEERS_DIR   where to install (default /work/tools); node tools go to $PEERS_DIR/node
#   PEERS_NO_APT=1    skip chromium (mmdc then unusable)
#   PEERS_NO_MMDC=1   skip mermaid-cli + chromium
#
# Results:
#   python: grimp, code-maat-python (pip, current interpreter: ${PYTHON:-python3})
#   $PEERS_DIR/node/node_modules/.bin/{depcruise,madge,mmdc,tsc}
#   $PEERS_DIR/puppeteer-config.json  (chromium at /usr/bin/chromium, --no-sandbox)
#   $PEERS_DIR/bin/mmdc               (wrapper: mmdc -p puppeteer-config.json "$@")
set -euo pipefail

PEERS_DIR="${PEERS_DIR:-/work/tools}"
NODE_DIR="$PEERS_DIR/node"
PYTHON="${PYTHON:-python3}"
GRIMP_VERSION="3.19"
CODE_MAAT_VERSION="0.2.0"
NPM_PKGS=(dependency-cruiser@17.4.3 madge@8.0.0 typescript@5.9.3)
MMDC_PKG="@mermaid-js/mermaid-cli@11.17.0"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

log() { echo "[peers/install] $*" >&2; }
mkdir -p "$PEERS_DIR/bin" "$NODE_DIR"

# --- python peers ------------------------------------------------------------
if "$PYTHON" - <<PY 2>/dev/null
import importlib.metadata as m, sys
ok = m.version("grimp") == "$GRIMP_VERSION" and m.version("code-maat-python") == "$CODE_MAAT_VERSION"
sys.exit(0 if ok else 1)
PY
then
  log "grimp $GRIMP_VERSION + code-maat-python present"
else
  log "pip install grimp code-maat-python"
  "$PYTHON" -m pip install -q --disable-pip-version-check \
    "grimp==$GRIMP_VERSION" "code-maat-python==$CODE_MAAT_VERSION"
fi

# --- node peers --------------------------------------------------------------
[ -f "$NODE_DIR/package.json" ] || echo '{"name":"planner-peers","private":true}' > "$NODE_DIR/package.json"
need_npm=()
have_ver() { # $1=pkg@ver -> 0 if installed at that version
  local pkg="${1%@*}" ver="${1##*@}" f="$NODE_DIR/node_modules/${1%@*}/package.json"
  [ -f "$f" ] && [ "$(node -p "require('$f').version" 2>/dev/null)" = "$ver" ]
}
for p in "${NPM_PKGS[@]}"; do have_ver "$p" || need_npm+=("$p"); done
if [ -z "${PEERS_NO_MMDC:-}" ]; then have_ver "$MMDC_PKG" || need_npm+=("$MMDC_PKG"); fi
if [ ${#need_npm[@]} -gt 0 ]; then
  log "npm install ${need_npm[*]} (in $NODE_DIR)"
  (cd "$NODE_DIR" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --loglevel=error "${need_npm[@]}")
else
  log "node peers present"
fi

# --- chromium + mmdc config ----------------------------------------------------
if [ -z "${PEERS_NO_MMDC:-}" ]; then
  if [ -z "${PEERS_NO_APT:-}" ] && ! [ -x /usr/bin/chromium ]; then
    log "apt-get install chromium"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
  cat > "$PEERS_DIR/puppeteer-config.json" <<'JSON'
{
  "executablePath": "/usr/bin/chromium",
  "args": ["--no-sandbox", "--disable-setuid-sandbox", "--disable-gpu"]
}
JSON
  cat > "$PEERS_DIR/bin/mmdc" <<SH
#!/usr/bin/env bash
export PUPPETEER_EXECUTABLE_PATH=/usr/bin/chromium
exec "$NODE_DIR/node_modules/.bin/mmdc" -p "$PEERS_DIR/puppeteer-config.json" "\$@"
SH
  chmod +x "$PEERS_DIR/bin/mmdc"
fi

# --- quick sanity ---------------------------------------------------------------
"$PYTHON" -c "import grimp" 
"$NODE_DIR/node_modules/.bin/depcruise" --version >/dev/null
"$NODE_DIR/node_modules/.bin/madge" --version >/dev/null
if [ "${1:-}" = "--check-mmdc" ] && [ -z "${PEERS_NO_MMDC:-}" ]; then
  tmp="$(mktemp -d)"
  printf 'flowchart LR\n  A --> B\n' > "$tmp/t.mmd"
  "$PEERS_DIR/bin/mmdc" -q -i "$tmp/t.mmd" -o "$tmp/t.png" 2>/dev/null
  [ -s "$tmp/t.png" ] && log "mmdc renders PNG ok"
  rm -rf "$tmp"
fi
log "ok (PEERS_DIR=$PEERS_DIR)"
