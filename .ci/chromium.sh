#!/usr/bin/env bash
# The browser of the end-to-end tests (tests/e2e): Debian's chromium at /usr/bin/chromium, installed
# with apt-get when missing (as root). Playwright drives it by its path; nothing downloads a browser.
set -euo pipefail

say() { echo ".ci/chromium.sh: $*" >&2; }

if [[ -x /usr/bin/chromium ]]; then
    exit 0
fi
if [[ "$(id -u)" != 0 ]]; then
    say "chromium is not installed and this is not root: run as root, or apt-get install chromium"
    exit 2
fi
say "installing Debian's chromium package"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq </dev/null >&2
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core </dev/null >&2
[[ -x /usr/bin/chromium ]] || { say "chromium installed but /usr/bin/chromium is missing"; exit 2; }
