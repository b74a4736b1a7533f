#!/bin/sh
# The man page, --help and the option parser agree: for every command, the options that
# `xjdata COMMAND --help` lists, those its section of tools/xjdata.1 names, and those its table in
# tools/cmd_*.c accepts are the same set; and the tool accepts each of them.
. "$(dirname "$0")/lib.sh"

MAN=$ROOT/tools/xjdata.1

# man_opts CMD: the options named in the man page's sections "xjdata CMD ..." (up to the next .SS/.SH)
man_opts() {
    awk -v c="$1" '
        /^\.S[SH] / { on = ($0 ~ "^\\.SS \"xjdata " c "( |\")") }
        on { print }' "$MAN" | grep -o '\\-\\-[a-z][a-z\\-]*' | sed 's/\\-/-/g' | sort -u | grep -vx -- --help
}
help_opts() {
    "$X" "$1" --help | grep -o -- '--[a-z][a-z-]*' | sort -u | grep -vx -- --help
}
# src_opts FILE: the option names of the table {"name", true|false, NULL} in a command's source
src_opts() {
    grep -o '{"[a-z][a-z-]*", \(true\|false\), NULL}' "$ROOT/tools/$1" | sed 's/{"\([^"]*\)".*/--\1/' | sort -u
}

for pair in eval:cmd_eval.c verify:cmd_verify.c show:cmd_verify.c check:cmd_check.c rules:cmd_rules.c \
    due:cmd_due.c keygen:cmd_keygen.c key:cmd_key.c log:cmd_log.c national:cmd_national.c serve:cmd_serve.c; do
    c=${pair%%:*}
    rm -f "$T/err"
    f=${pair#*:}
    man_opts "$c" >"$T/man"
    help_opts "$c" >"$T/help"
    [ -s "$T/help" ] || [ -s "$T/man" ] || [ "$c" = due ] || { bad "$c: no option found in --help nor man page"; continue; }
    if diff "$T/help" "$T/man" >"$T/diff"; then ok "$c: --help and xjdata.1 name the same options"; else
        bad "$c: --help and xjdata.1 differ (< help, > man): $(grep '^[<>]' "$T/diff" | tr '\n' ' ')"
    fi
    src_opts "$f" >"$T/src"
    if [ "$c" = show ]; then grep -vx -- --key "$T/src" >"$T/src2"; mv "$T/src2" "$T/src"; fi # shared table; show refuses --key
    if diff "$T/help" "$T/src" >"$T/diff"; then ok "$c: --help names every option the parser accepts"; else
        bad "$c: --help and the option table of $f differ (< help, > source): $(grep '^[<>]' "$T/diff" | tr '\n' ' ')"
    fi
    unknown=""
    # serve would start serving: a port out of range makes it stop right after the option parser
    # (and an option that takes a value takes "--port" as its own, leaving a stray argument)
    extra=""
    [ "$c" = serve ] && extra="--port 70000"
    for o in $(cat "$T/help"); do
        "$X" "$c" "$o" $extra >/dev/null 2>"$T/err"
        grep -q "unknown option" "$T/err" && unknown="$unknown $o"
    done
    [ -z "$unknown" ]; is "$c: the tool accepts every option its --help lists${unknown:+ (refused:$unknown)}" $?
done
finish
