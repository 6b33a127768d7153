#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (never a downloaded browser). Install it when missing;
# on a machine where we cannot (not root, no apt), say so and let the browser tests report it.
set -u
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
    || echo "warning: apt-get install chromium failed; browser tests will fail" >&2
else
  echo "warning: /usr/bin/chromium is missing; install Debian's chromium package for the browser tests" >&2
fi
exit 0
