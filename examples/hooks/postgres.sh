#!/bin/sh
# examples/hooks/postgres.sh — arca rotation hook for PostgreSQL passwords.
#
# Wire it up in arca's config file (never in the vault, see SPEC §5):
#
#     [hooks.postgres]
#     command = "/path/to/examples/hooks/postgres.sh"
#     timeout = "60s"
#
#     arca rotate prod/db/app --hook postgres --every 30d
#
# arca runs this script via `sh -c` once per step. It reads:
#   ARCA_STEP          create | set | test | finish
#   ARCA_SECRET_NAME   name of the secret being rotated (e.g. prod/db/app)
#   ARCA_SECRET_ID, ARCA_VERSION_ID, ARCA_VAULT   (informational here; ARCA_VAULT
#                      is inherited by the `arca get` below, so it reads the same
#                      vault)
#   stdin              {"step":..., "secret_name":..., "secret_id":...,
#                       "version_id":"<pending>",
#                       "current":{"version_id":...,"value":"<string>"},
#                       "pending":{"version_id":...,"value":"<string>"} | null}
#
# The secret value is a JSON object (the shape AWS uses for RDS secrets):
#     {"engine":"postgres","host":"db.example or /run/postgresql","port":5432,
#      "username":"app","password":"...","dbname":"app"}
# host, port and dbname may be omitted (libpq defaults / PG* env apply).
#
# Steps:
#   create  print the current JSON with a fresh 32-character alphanumeric
#           `password` (and, for PG_STRATEGY=alternating, the other username).
#           Every other field is kept. Output is compact JSON.
#   set     log in as the MASTER user and run
#               ALTER ROLE "<pending username>" WITH PASSWORD '<pending password>'
#   test    log in as the pending username with the pending password and run
#           SELECT 1; a failure stops the rotation (arca exits 6, AWSCURRENT
#           does not move, the pending version is kept for a retry).
#   finish  nothing to do: arca moves the labels itself.
#
# Strategies (PG_STRATEGY):
#   single (default)
#       One role; its password changes in place. Between `set` and `finish`
#       clients still holding the old password fail to open NEW connections
#       (existing ones stay up) until they re-read AWSCURRENT. Simple, and fine
#       when clients re-fetch credentials on an authentication failure.
#   alternating
#       Two login roles with identical rights, named <base>_a and <base>_b,
#       e.g. set up once by the DBA as
#           CREATE ROLE app NOLOGIN;                      -- owns/gets the grants
#           CREATE ROLE app_a LOGIN PASSWORD '...' IN ROLE app;
#           CREATE ROLE app_b LOGIN PASSWORD '...' IN ROLE app;
#           -- and in the app: SET ROLE app (or ALTER ROLE app_a SET role = 'app')
#       The secret's username is app_a or app_b. `create` flips it to the other
#       one, `set` changes the password of that (inactive) role only, so the
#       credentials in AWSCURRENT keep working during and after the rotation
#       until the next one. Both roles must exist (this hook does not create
#       roles).
#
# Master credentials (used by `set`):
#   PG_MASTER_SECRET   name or id of an arca secret of the same JSON shape
#                      holding an admin role (superuser, or a role with
#                      CREATEROLE that may alter the target role).
#                      Default: "${ARCA_SECRET_NAME%/*}/master", i.e. the
#                      sibling "master" secret (prod/db/app -> prod/db/master).
#                      Missing host/port/dbname fall back to the rotated
#                      secret's. Set PG_MASTER_SECRET="" (empty) for "self"
#                      mode: the user changes its own password, logging in
#                      with the current password (or, when resuming a rotation
#                      that already got past `set`, the pending one). Self
#                      mode needs no master secret but only works with
#                      PG_STRATEGY=single.
#   ARCA_BIN           arca executable to call (default: arca on PATH). arca
#                      holds no lock while a hook runs, so calling it is safe.
#
# Other knobs: PG_PASSWORD_LENGTH (default 32), and every libpq variable
# (PGSSLMODE, PGSSLROOTCERT, PGCONNECT_TIMEOUT (default here 10), ...) is
# passed through to psql.
#
# Dependencies: POSIX sh, psql (Debian: postgresql-client), jq >= 1.5
# (Debian: jq), tr/head and /dev/urandom.
#
# Secret hygiene:
#   - no secret ever appears in a process's argv (world-readable through ps
#     and /proc): passwords go to psql through PGPASSWORD (the environment is
#     only readable by the same user) and through SQL on psql's stdin; jq gets
#     them on stdin or through its environment, never via --arg.
#   - nothing is written to disk; no password is ever printed on stderr.
#   - psql runs with VERBOSITY=terse and SHOW_CONTEXT=never so that an error
#     never echoes the statement text; when the master is a superuser the
#     session also turns statement logging off before ALTER ROLE. (When it is
#     not, log_statement=ddl/all on the server would log the new password: the
#     same caveat as psql's own ALTER ROLE ... PASSWORD. pg_stat_statements
#     with track_utility=on stores utility statements too.)
#   - caveat for `test`: if pg_hba.conf says `trust` (or `peer`) for that
#     connection, any password "works" and the test proves nothing. Point
#     host/port at a password-authenticated (scram-sha-256) listener.

set -eu

me="arca postgres hook"
die() { printf '%s: error: %s\n' "$me" "$*" >&2; exit 1; }
info() { printf '%s: %s\n' "$me" "$*" >&2; }

command -v jq >/dev/null 2>&1 ||
    die "jq is required but not installed (Debian/Ubuntu: apt-get install jq)"

step=${ARCA_STEP:-}
[ -n "$step" ] || die "ARCA_STEP is not set; this script is meant to be run by 'arca rotate'"
name=${ARCA_SECRET_NAME:-}
strategy=${PG_STRATEGY:-single}
case $strategy in
    single | alternating) ;;
    *) die "PG_STRATEGY must be 'single' or 'alternating', not '$strategy'" ;;
esac

# The whole stdin document (current and pending values) — kept in memory only.
input=$(cat)

# doc_value current|pending: the value string of that version ("" when null).
doc_value() {
    printf '%s' "$input" | jq -j --arg v "$1" '
        if type != "object" then error("stdin is not the JSON document arca sends")
        else (.[$v] // {} | .value // "")
             | if type == "string" then . else error("\($v).value is not a string") end
        end' 2>/dev/null || die "stdin is not the JSON document arca sends (or $1.value is not a string)"
}

# field JSON KEY: one top-level field of a secret value as text ("" if absent).
# Refuses anything that is not a JSON object.
field() {
    printf '%s' "$1" | jq -j --arg k "$2" '
        if type == "object" then (.[$k] // "" | tostring)
        else error("not an object") end' 2>/dev/null ||
        die "the secret value is not a JSON object (expected {\"username\":...,\"password\":...})"
}

# pg HOST PORT USER DBNAME PASSWORD: run psql on SQL read from stdin. The
# password reaches psql through its environment only. Empty HOST/PORT/DBNAME
# leave libpq's defaults (and any PGHOST/PGPORT/PGDATABASE) in effect.
pg() (
    command -v psql >/dev/null 2>&1 ||
        die "psql is required but not installed (Debian/Ubuntu: apt-get install postgresql-client)"
    if [ -n "$1" ]; then PGHOST=$1; export PGHOST; fi
    if [ -n "$2" ]; then PGPORT=$2; export PGPORT; fi
    if [ -n "$4" ]; then PGDATABASE=$4; export PGDATABASE; fi
    PGUSER=$3 PGPASSWORD=$5
    PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10} PGAPPNAME=arca-rotate
    export PGUSER PGPASSWORD PGCONNECT_TIMEOUT PGAPPNAME
    exec psql --no-psqlrc --no-password --quiet --tuples-only --no-align \
        --set=ON_ERROR_STOP=1 --set=VERBOSITY=terse --set=SHOW_CONTEXT=never
)

# other_user NAME: app_a -> app_b, app_b -> app_a (alternating strategy).
other_user() {
    case $1 in
        ?*_a) printf '%s_b' "${1%_a}" ;;
        ?*_b) printf '%s_a' "${1%_b}" ;;
        *) die "PG_STRATEGY=alternating needs a username ending in _a or _b (got '$1')" ;;
    esac
}

# new_password: PG_PASSWORD_LENGTH random characters from [A-Za-z0-9].
new_password() {
    len=${PG_PASSWORD_LENGTH:-32}
    case $len in '' | *[!0-9]*) die "PG_PASSWORD_LENGTH must be a number" ;; esac
    pw=$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c "$len")
    [ "${#pw}" -eq "$len" ] || die "could not read random bytes from /dev/urandom"
    printf '%s' "$pw"
}

case $step in
create)
    current=$(doc_value current)
    [ -n "$current" ] || die "no current value to start from"
    user=$(field "$current" username)
    [ -n "$user" ] || die "the secret value has no 'username' field"
    [ -n "$(field "$current" password)" ] || info "warning: the current value has no 'password' field; adding one"
    if [ "$strategy" = alternating ]; then user=$(other_user "$user"); fi
    pw=$(new_password)
    # The new password reaches jq through its environment, not its argv.
    printf '%s' "$current" |
        ARCA_PG_NEW_PASSWORD=$pw ARCA_PG_NEW_USER=$user \
            jq -c '.username = env.ARCA_PG_NEW_USER | .password = env.ARCA_PG_NEW_PASSWORD'
    info "create: new password generated for role '$user'"
    ;;

set)
    pending=$(doc_value pending)
    [ -n "$pending" ] || die "set: no pending value on stdin"
    host=$(field "$pending" host)
    port=$(field "$pending" port)
    db=$(field "$pending" dbname)
    user=$(field "$pending" username)
    [ -n "$user" ] || die "set: the pending value has no 'username' field"
    [ -n "$(field "$pending" password)" ] || die "set: the pending value has no 'password' field"

    # psql script: the role and password become psql variables (single-quoted
    # meta-command arguments, escaped by jq: \ -> \\, ' -> \', newline -> \n),
    # then :"role" and :'pw' let psql quote them as identifier and literal.
    # jq reads the value on stdin and writes the script to psql's stdin.
    script=$(printf '%s' "$pending" | jq -r '
        def mq: "\u0027" + (tostring | gsub("\\\\"; "\\\\") | gsub("\u0027"; "\\\u0027")
                            | gsub("\n"; "\\n") | gsub("\r"; "\\r")) + "\u0027";
        "\\set arca_role " + (.username | mq),
        "\\set arca_pw " + (.password | mq),
        "SELECT rolsuper AS arca_is_super FROM pg_roles WHERE rolname = current_user \\gset",
        "\\if :arca_is_super",
        "SET log_statement = \u0027none\u0027;",
        "SET log_min_duration_statement = -1;",
        "SET log_min_error_statement = \u0027panic\u0027;",
        "\\endif",
        "ALTER ROLE :\"arca_role\" WITH PASSWORD :\u0027arca_pw\u0027;"')

    master_name=${PG_MASTER_SECRET-"${name%/*}/master"}
    if [ -n "$master_name" ]; then
        arca=${ARCA_BIN:-arca}
        command -v "$arca" >/dev/null 2>&1 || die "set: '$arca' not found on PATH (set ARCA_BIN)"
        master=$("$arca" get "$master_name") ||
            die "set: could not read the master secret '$master_name' (set PG_MASTER_SECRET)"
        m_user=$(field "$master" username)
        m_pw=$(field "$master" password)
        [ -n "$m_user" ] || die "set: master secret '$master_name' has no 'username' field"
        m_host=$(field "$master" host)
        m_port=$(field "$master" port)
        m_db=$(field "$master" dbname)
        printf '%s\n' "$script" |
            pg "${m_host:-$host}" "${m_port:-$port}" "$m_user" "${m_db:-$db}" "$m_pw" ||
            die "set: ALTER ROLE \"$user\" as master '$m_user' failed (see psql's message above)"
        info "set: password of role '$user' changed (as '$m_user')"
    else
        # Self mode: the role changes its own password.
        [ "$strategy" = single ] || die "set: PG_MASTER_SECRET='' (self mode) needs PG_STRATEGY=single"
        current=$(doc_value current)
        c_pw=$(field "$current" password)
        p_pw=$(field "$pending" password)
        if printf '%s\n' "$script" | pg "$host" "$port" "$user" "$db" "$c_pw" 2>/dev/null; then
            info "set: role '$user' changed its own password"
        elif printf 'SELECT 1;\n' | pg "$host" "$port" "$user" "$db" "$p_pw" >/dev/null; then
            info "set: role '$user' already has the pending password (resumed rotation)"
        else
            die "set: role '$user' can log in with neither the current nor the pending password"
        fi
    fi
    ;;

test)
    pending=$(doc_value pending)
    [ -n "$pending" ] || die "test: no pending value on stdin"
    host=$(field "$pending" host)
    port=$(field "$pending" port)
    db=$(field "$pending" dbname)
    user=$(field "$pending" username)
    pw=$(field "$pending" password)
    [ -n "$user" ] || die "test: the pending value has no 'username' field"
    out=$(printf 'SELECT 1;\n' | pg "$host" "$port" "$user" "$db" "$pw") ||
        die "test: role '$user' cannot log in with the pending password"
    [ "$out" = 1 ] || die "test: unexpected answer to SELECT 1 as '$user'"
    info "test: role '$user' logs in with the pending password"
    ;;

finish)
    # arca itself moves AWSCURRENT/AWSPREVIOUS and drops AWSPENDING.
    ;;

*)
    die "unknown ARCA_STEP '$step' (expected create, set, test or finish)"
    ;;
esac
