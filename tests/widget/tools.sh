# Sourced by tests/widget/run and crates/widget/demo: installs what building and testing the
# widget needs, each step skipped when the pinned version is already there, so a warm run
# costs a few seconds and a fresh machine still works. Nothing comes from anywhere but
# crates.io, npm and Debian's archive.
#   - the wasm32-unknown-unknown target (rust-toolchain.toml)
#   - trunk 0.21.14 (the newest that builds on Rust 1.95) into ~/.cargo/bin
#   - wasm-bindgen-cli equal to the wasm-bindgen crate in Cargo.lock, into ~/.cargo/bin
#   - npm's binaryen (wasm-opt 132), playwright-core, rolldown, vite and typescript, from package-lock.json
#   - with GOXBOOK_NEED_BROWSER=1: Debian's chromium and chromium-driver
# trunk runs offline (Trunk.toml) and finds wasm-bindgen and wasm-opt on PATH.

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

tool_step() { printf '  - %s\n' "$*"; }

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown

if trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  tool_step "trunk $TRUNK_VERSION: present"
else
  tool_step "trunk $TRUNK_VERSION: installing with cargo (about 10 min, once)"
  cargo install --locked "trunk@$TRUNK_VERSION"
fi

if wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  tool_step "wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
else
  tool_step "wasm-bindgen-cli $WASM_BINDGEN_VERSION: installing with cargo (about 3 min, once)"
  # Not --locked: its lockfile pins a crate version this registry does not serve.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! command -v npm >/dev/null; then
  tool_step "node and npm: installing from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
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
    tool_step "chromium and chromium-driver: installing from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi

# trunk builds offline: have every crate of the lockfile on disk first.
cargo fetch --locked >/dev/null
