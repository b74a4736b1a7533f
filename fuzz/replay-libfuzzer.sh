#!/bin/sh
# In a libFuzzer build: run the fuzz binary $1 once over every file of the corpus directory $2.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
exe=$1
dir=$2
set -- "$dir"/*
[ -e "$1" ] || { echo "empty corpus $dir" >&2; exit 1; }
"$exe" -runs=1 "$@" || exit 1
echo "$# passed, 0 failed"
