#!/usr/bin/env bash
# System packages the tests need: Debian's Chromium and a CJK font for the browser tests
# (Playwright drives /usr/bin/chromium and never downloads a browser of its own), and gettext's
# msgfmt to compile the English translation.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi 'wenquanyi\|wqy' || need+=(fonts-wqy-microhei)
command -v msgfmt >/dev/null || need+=(gettext)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "browser tests need: ${need[*]} (apt-get install ${need[*]}); the tests that need them will fail" >&2
fi
