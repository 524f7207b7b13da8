#!/usr/bin/env bash
# Install the Debian packages the test suite needs, if they are missing:
#   chromium              headless browser for the view tests (driven by Playwright, not downloaded by it)
#   libicu-dev, pkg-config, g++
#                         to build PyICU, which the followthemoney package needs (FtM import/export)
#   fonts-wqy-microhei    a small CJK font (1.6 MB), so that Chinese names render in the browser
#                         tests and screenshots instead of empty boxes
#   virtuoso-opensource-7 a second real SPARQL engine for the push and query tests (started by
#                         the tests themselves, on 127.0.0.1 with their own configuration)
# Idempotent: does nothing when everything is present.
set -euo pipefail

packages=()
command -v chromium >/dev/null 2>&1 || packages+=(chromium)
if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists icu-uc; }; then
  packages+=(libicu-dev pkg-config)
fi
command -v g++ >/dev/null 2>&1 || packages+=(g++)
command -v virtuoso-t >/dev/null 2>&1 || packages+=(virtuoso-opensource-7)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || packages+=(fonts-wqy-microhei)

if [ ${#packages[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install-system-deps: need root or sudo to install: ${packages[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-system-deps: installing ${packages[*]}" >&2
if ! $SUDO apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null; then
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q --no-install-recommends "${packages[@]}" >/dev/null
fi
