# Sourced by tests/widget/run, crates/widget/demo and web/build: installs what building and
# testing the widget needs, each step skipped when the pinned version is already there, so a
# warm run costs a few seconds and a fresh machine still works. Nothing comes from anywhere
# but crates.io, npm and Debian's archive.
# What it cannot install itself it names and stops (exit 1): rustup always; Node.js/npm and
# Chromium when apt-get is not possible (not root, or not Debian/Ubuntu).
#   - the wasm32-unknown-unknown target (rust-toolchain.toml)
#   - trunk 0.21.14 (the newest that builds on Rust 1.95) into ~/.cargo/bin
#   - wasm-bindgen-cli equal to the wasm-bindgen crate in Cargo.lock, into ~/.cargo/bin
#   - npm's binaryen (wasm-opt 132), playwright-core, rolldown, vite and typescript, from package-lock.json
#   - with GOXBOOK_NEED_BROWSER=1: Debian's chromium and chromium-driver
# trunk runs offline (Trunk.toml) and finds wasm-bindgen and wasm-opt on PATH.
# First run on a fresh 2-core machine: trunk 10–14 min, wasm-bindgen-cli 3–4 min (cargo
# prints its progress), the rest seconds to a minute or two.

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

tool_step() { printf '  - %s\n' "$*"; }

# Stops with what is missing and how to get it.
tool_missing() {
  printf '\ngoxbook: %s is missing.\n%s\n' "$1" "$2" >&2
  exit 1
}

# apt-get works here only as root on Debian or Ubuntu.
can_apt() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; }

# Runs a long command with its output in LOG, saying every 15 s that it is still going (and
# where to follow it); on a terminal the command's own progress is shown instead. On failure
# the end of LOG is printed.   long_step LOG CMD ARGS…
long_step() {
  local log=$1 pid s=0
  shift
  if [ -t 2 ]; then
    "$@"
    return
  fi
  mkdir -p "$(dirname "$log")"
  "$@" >"$log" 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    s=$((s + 1))
    if [ $((s % 15)) = 0 ]; then printf '    … %d s, still running: %s (log: %s)\n' "$s" "$1" "$log" >&2; fi
  done
  wait "$pid" || { tail -n 40 "$log" >&2; return 1; }
}

command -v rustup >/dev/null && command -v cargo >/dev/null \
  || tool_missing "rustup (with cargo)" "Install it from https://rustup.rs (curl --proto '=https' -sSf https://sh.rustup.rs | sh), open a new shell, and run this again: it installs the pinned toolchain of rust-toolchain.toml by itself."

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

if trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  tool_step "trunk $TRUNK_VERSION: present"
else
  tool_step "trunk $TRUNK_VERSION: installing with cargo (10 to 14 min, once; cargo shows its progress)" >&2
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

if wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  tool_step "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
else
  tool_step "wasm-bindgen-cli $WASM_BINDGEN_VERSION: installing with cargo (3 to 4 min, once)" >&2
  # Not --locked: its lockfile pins a crate version this registry does not serve.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# vite 8 needs Node.js ^20.19 or >= 22.12.
node_ok() {
  local v major minor
  v=$(node --version 2>/dev/null) || return 1
  v=${v#v}
  major=${v%%.*}
  minor=${v#*.}
  minor=${minor%%.*}
  [ "$major" -ge 23 ] || { [ "$major" = 22 ] && [ "$minor" -ge 12 ]; } || { [ "$major" = 20 ] && [ "$minor" -ge 19 ]; }
}
NODE_HINT="Install Node.js 20.19+ or 22.12+ with npm: https://nodejs.org/en/download (or your system's packages if they are that new; Debian 13: sudo apt-get install nodejs npm)."
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
  can_apt || tool_missing "Node.js with npm" "$NODE_HINT"
  tool_step "node and npm: installing from Debian" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
node_ok || tool_missing "Node.js 20.19+ or 22.12+ (found $(node --version 2>/dev/null || echo none))" "$NODE_HINT"
npm_has() { grep -q "\"version\": \"$2\"" "node_modules/$1/package.json" 2>/dev/null; }
if npm_has binaryen 132.0.0 && npm_has playwright-core 1.65.1 && npm_has rolldown 1.2.19 && npm_has vite 8.3.8 \
  && npm_has typescript 5.9.3; then
  tool_step "npm packages (binaryen, playwright-core, rolldown, vite, typescript; package-lock.json): present"
else
  tool_step "npm packages (binaryen, playwright-core, rolldown, vite, typescript; package-lock.json): npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${GOXBOOK_NEED_BROWSER:-0}" = 1 ]; then
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    tool_step "chromium and chromium-driver: present"
  else
    can_apt || tool_missing "Chromium and chromedriver (/usr/bin/chromium, /usr/bin/chromedriver)" \
      "The browser tests drive them. Debian: sudo apt-get install chromium chromium-driver; Ubuntu's snap puts them elsewhere: link both to /usr/bin, or install from https://www.chromium.org/getting-involved/download-chromium/."
    tool_step "chromium and chromium-driver: installing from Debian (about 2 min)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi

# trunk builds offline: have every crate of the lockfile on disk first.
cargo fetch --locked >/dev/null
