#!/usr/bin/env bash
# Runs shellcheck over every script in scripts/; `mvn verify` calls it (the root pom's
# "shellcheck" execution), and so can anyone: scripts/shellcheck.sh
#
# Exit status: 0 clean, 1 shellcheck found a problem, 2 shellcheck is not installed under CI.
# Without CI (CI unset or not "true"), a missing shellcheck is reported and skipped; under CI it
# fails the build, never skips: scripts/services.sh start installs the Debian package, as it does
# nats-server.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v shellcheck >/dev/null 2>&1; then
  if [[ ${CI:-} == true ]]; then
    echo "shellcheck: not installed, and CI=true: run scripts/services.sh start (as root, it installs the Debian package shellcheck) or apt-get install shellcheck" >&2
    exit 2
  fi
  echo "shellcheck: NOT RUN: shellcheck is not installed (apt-get install shellcheck; scripts/services.sh start installs it when run as root)" >&2
  exit 0
fi

mapfile -t files < <(find scripts -name '*.sh' -type f | sort)
shellcheck --version | sed -n 's/^version: /shellcheck: version /p' >&2
# -x follows the files the scripts source (scripts/lib/*.sh).
shellcheck -x "${files[@]}"
echo "shellcheck: ${#files[@]} scripts clean" >&2
