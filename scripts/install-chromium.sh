#!/usr/bin/env bash
# Installs Debian's Chromium (/usr/bin/chromium) for the headless browser tests in tests/e2e-browser.
# Idempotent: does nothing but print the version when Chromium is already there.
# CI runs as root on a fresh Debian machine; elsewhere sudo is used when we are not root.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "install-chromium: $CHROMIUM is missing and this user is not root (no sudo available)." >&2
    exit 1
  fi
  echo "install-chromium: installing Debian's chromium package..."
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends chromium
fi

"$CHROMIUM" --version
