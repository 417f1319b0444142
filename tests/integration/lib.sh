# Helpers for the integration tests (sourced). Each test runs the real binary.

fail() { echo "FAIL: $*" >&2; exit 1; }

# expect CODE PATTERN CMD...: runs CMD, checks its exit code and that its stdout+stderr
# contain PATTERN (a fixed string; "" for any).
expect() {
    local code=$1 pattern=$2; shift 2
    local out rc=0
    out=$("$@" 2>&1) || rc=$?
    if [[ $rc -ne $code ]]; then
        printf '%s\n' "$out" >&2
        fail "exit $rc, expected $code: $*"
    fi
    if [[ -n $pattern && $out != *"$pattern"* ]]; then
        printf '%s\n' "$out" >&2
        fail "output lacks '$pattern': $*"
    fi
    echo "ok: exit $code${pattern:+, '$pattern'}: ${*:2:8}"
}

# git with fixed identity and dates, so test repositories are reproducible.
export GIT_AUTHOR_NAME=claimcheck-test GIT_AUTHOR_EMAIL=test@example.invalid \
    GIT_COMMITTER_NAME=claimcheck-test GIT_COMMITTER_EMAIL=test@example.invalid \
    GIT_AUTHOR_DATE='2026-01-01T00:00:00Z' GIT_COMMITTER_DATE='2026-01-01T00:00:00Z'
testgit() { git -c init.defaultBranch=main -c commit.gpgsign=false -c core.autocrlf=false "$@"; }
