#!/usr/bin/env bash
# Installs the pinned exa-js and exa-mcp-server (package-lock.json) into this folder's copy in the
# build tree. Without npm or the registry the build goes on; the tests that need them then
# report themselves skipped.
set -u
cd "$1" || exit 0
if ! command -v npm >/dev/null; then
  echo "exa SDKs: npm is not installed; the SDK tests will be skipped" >&2
  exit 0
fi
if ! npm ci --no-audit --no-fund --loglevel=error; then
  echo "exa SDKs: npm ci failed (is the npm registry reachable?); the SDK tests will be skipped" >&2
  rm -rf node_modules
fi
exit 0
