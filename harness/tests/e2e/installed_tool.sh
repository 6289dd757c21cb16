#!/bin/sh
# usage: installed_tool.sh BUILD_DIR CONNECTSPEC OUT_DIR
# `cmake --install` into a fresh prefix: the installed connectspec, run from another directory,
# names the installed suite in --version and runs a case with the installed reference proxy; a
# copy of the program with nothing beside it says where it looked, instead of using this checkout.
set -u
build=$1 cs=$2 out=$3
prefix=$out/installed
rm -rf "$prefix" && mkdir -p "$out"
# Outside the build tree: a program inside it is the build's own, which uses the source tree.
copy=$(mktemp -d /tmp/connectspec-copy-XXXXXX)
trap 'rm -rf "$copy"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null || { echo "FAIL: cmake --install"; exit 1; }
cd /
version=$("$prefix/bin/connectspec" --version)
echo "$version"
echo "$version" | grep -q "suite: $prefix/share/connectspec/cases, [0-9]* files, sha256 [0-9a-f]\{12\}" ||
  { echo "FAIL: --version does not name the installed suite"; exit 1; }
"$prefix/bin/connectspec" run --filter target.port-missing --json "$out/installed.json" >"$out/installed-run.log" 2>&1
rc=$?
cat "$out/installed-run.log"
[ $rc -eq 0 ] || { echo "FAIL: the installed program's run exited $rc"; exit 1; }
grep -q "\"cases_dir\": *\"$prefix/share/connectspec/cases\"" "$out/installed.json" ||
  { echo "FAIL: the run did not use the installed suite"; exit 1; }
cp "$cs" "$copy/connectspec"
"$copy/connectspec" run >"$out/copy-run.log" 2>&1
rc=$?
cat "$out/copy-run.log"
[ $rc -eq 2 ] || { echo "FAIL: a lone copy exited $rc, expected 2"; exit 1; }
grep -q "no suite: connectspec's cases/ and fixtures/ are not beside $copy" "$out/copy-run.log" ||
  { echo "FAIL: a lone copy does not say where it looked"; exit 1; }
echo "installed tool ok"
