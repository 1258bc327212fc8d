#!/usr/bin/env bash
# Debian packages Linnet's tests need: Chromium for browser tests, espeak-ng and sox for audio
# fixtures and the corpus, pocketsphinx (+ its US-English model) for captions and flite for the
# speech it is tested with, and python3, make and g++ for node-gyp to compile better-sqlite3 (SQLite
# storage) from source when `pnpm install` runs: its prebuilt binaries are not downloadable here; redis-server for
# the STORE=redis tests (each starts its own on a free loopback port) and nginx for the reverse-proxy one (the test runs
# its own nginx, in the foreground, on a free loopback port). Idempotent; needs root (CI and the dev machines run as root).
set -euo pipefail
packages=(chromium fonts-liberation espeak-ng sox libsox-fmt-all pocketsphinx pocketsphinx-en-us flite festival festvox-kallpc16k festvox-kdlpc16k festvox-us-slt-hts python3 make g++ redis-server nginx)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v pnpm >/dev/null 2>&1 || npm install -g pnpm@10.34.9 >/dev/null
echo "system dependencies ready: $(chromium --version 2>/dev/null | head -1), espeak-ng $(espeak-ng --version | awk '{print $4}'), sox $(sox --version | awk '{print $NF}'), pnpm $(pnpm --version)"
