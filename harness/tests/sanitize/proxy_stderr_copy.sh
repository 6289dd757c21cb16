#!/bin/bash
# usage: connectspec mutants --refproxy proxy_stderr_copy.sh, with SANITIZED_PROXY (the real proxy)
# and PROXY_STDERR_DIR (set by sanitized_run.sh) in the environment.
# UBSan (libubsan) ignores log_path and reports on stderr, which connectspec sends to a log in a
# work directory it deletes after a passing run (and `mutants` keeps no proxy logs): this runs the
# proxy as itself (exec) with its stderr also copied to PROXY_STDERR_DIR, where sanitized_run.sh
# searches every file for sanitizer reports.
# The copier ignores the stop signal sent to the proxy's whole process group, so that it is still
# there for what the proxy reports on its way out (leaks, UB at exit); it ends with the proxy's stderr.
exec "$SANITIZED_PROXY" "$@" 2> >(trap '' TERM INT; exec tee -a "$PROXY_STDERR_DIR/proxy-stderr.$$.log" >&2)
