#!/bin/sh
# Fails when a C++ file of ours does not follow .clang-format, and names the files.
set -eu
top=$1
format=$2
cd "$top"
bad=$(find app core ui tests bench -name '*.cpp' -o -name '*.h' | sort | while read -r file; do
    "$format" --dry-run -Werror "$file" >/dev/null 2>&1 || echo "$file"
done)
if [ -n "$bad" ]; then
    echo "Not formatted with .clang-format (run clang-format -i on them):"
    echo "$bad"
    exit 1
fi
echo "All C++ files follow .clang-format."
