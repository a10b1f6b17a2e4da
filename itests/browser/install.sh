#!/usr/bin/env bash
# Installs what the browser test needs, when it is missing: Debian's Chromium and playwright-core
# (which drives it; it downloads no browser of its own). Idempotent; needs root for apt-get.
set -euo pipefail
cd "$(dirname "$0")"
if ! command -v chromium > /dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium > /dev/null
fi
if [ ! -d node_modules/playwright-core ]; then
  npm ci --no-audit --no-fund --silent
fi
command -v chromium
