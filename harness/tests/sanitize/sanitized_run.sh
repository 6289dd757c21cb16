#!/bin/sh
# usage: sanitized_run.sh LOG_DIR EXPECTED_EXIT OUTPUT_REGEX COMMAND [ARG...]
# Runs a sanitized program (docs/sanitizers.md) and fails on any sanitizer report, not only on its
# exit status: a report of a child process (the proxy, whose stderr goes to a log file) would not
# change it. Every process inherits ASAN_OPTIONS/UBSAN_OPTIONS, whose log_path sends each report to
# LOG_DIR/sanitizer.<pid> (ASan and LSan; UBSan ignores log_path and writes to stderr), and every
# file in LOG_DIR is searched as well: the output, the proxies' logs kept next to a JSON report
# there (run --json LOG_DIR/x.json), and proxies' stderr copied there by proxy_stderr_copy.sh.
# OUTPUT_REGEX (grep -E, "" for none) must match the output, to show the command did its work.
set -u
dir=$1 want=$2 regex=$3
shift 3
rm -rf "$dir"
mkdir -p "$dir/tmp"
reports="ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:|SUMMARY: (Address|UndefinedBehavior|Leak)Sanitizer"
export ASAN_OPTIONS="log_path=$dir/sanitizer:detect_leaks=1:halt_on_error=1:exitcode=86:abort_on_error=0:strict_string_checks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86"
# The run's work directory (proxy output logs) is made below TMPDIR: kept here, not in /tmp.
export TMPDIR="$dir/tmp"
# Where proxy_stderr_copy.sh copies a proxy's stderr (UBSan reports there, whatever log_path says).
export PROXY_STDERR_DIR="$dir"
"$@" >"$dir/output.log" 2>&1
status=$?
cat "$dir/output.log"
failed=0
if [ "$status" -ne "$want" ]; then
  echo "FAIL: exit status $status, expected $want"
  failed=1
fi
if [ -n "$regex" ] && ! grep -Eq -- "$regex" "$dir/output.log"; then
  echo "FAIL: the output does not match: $regex"
  failed=1
fi
found=$(find "$dir" -name 'sanitizer.*' -type f)
if [ -n "$found" ]; then
  for f in $found; do echo "FAIL: sanitizer report $f:"; cat "$f"; done
  failed=1
fi
logged=$(grep -rlE --exclude="sanitizer.*" -e "$reports" "$dir")
if [ -n "$logged" ]; then
  for f in $logged; do echo "FAIL: sanitizer report in $f:"; grep -E -B2 -A30 -e "$reports" "$f"; done
  failed=1
fi
[ $failed -eq 0 ] && echo "no sanitizer report (exit status $status)"
exit $failed
