#!/bin/sh
# An installed libxjdata serves a host program through pkg-config alone: `meson install --destdir`
# of this build into a temporary directory, then a small outside C program (not in the source
# tree, no -I or -L of ours) is compiled with `pkg-config --cflags --libs xjdata` and run, once
# finding the library through LD_LIBRARY_PATH and once through an rpath, as the README says.
# Ends with "N passed, N failed".
set -u
: "${XJD_BUILD_ROOT:?}" "${XJD_PREFIX:?}" "${XJD_LIBDIR:?}" "${XJD_CC:?}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
is() { if [ "$2" = 0 ]; then pass=$((pass + 1)); echo "ok   - $1"; else fail=$((fail + 1)); echo "FAIL - $1"; fi; }
show() { [ -s "$1" ] && sed 's/^/       /' "$1" | head -20; }

D=$T/dest
meson install -C "$XJD_BUILD_ROOT" --no-rebuild --destdir "$D" >"$T/install.log" 2>&1
is "meson install --destdir into a temporary directory" $?
show "$T/install.log" >/dev/null
libdir=$D$XJD_PREFIX/$XJD_LIBDIR
[ -f "$libdir/pkgconfig/xjdata.pc" ]; is "xjdata.pc installed in $XJD_LIBDIR/pkgconfig" $?
[ ! -e "$libdir/pkgconfig/libxjdata.pc" ]; is "  and no second name for it" $?
[ -f "$D$XJD_PREFIX/include/xjdata.h" ] && [ -f "$D$XJD_PREFIX/include/xjdata/engine.h" ]
is "headers installed" $?
[ -f "$D$XJD_PREFIX/share/doc/libxjdata/vocabulary.md" ]; is "docs installed in share/doc/libxjdata" $?

# pkg-config sees only the destdir (PKG_CONFIG_SYSROOT_DIR prefixes its -I and -L paths), plus
# the system's directories for the private requirements libcbor and libsodium.
export PKG_CONFIG_PATH="$libdir/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D"
pkg-config --exists xjdata; is "pkg-config --exists xjdata" $?
pkg-config --modversion xjdata >"$T/ver" && grep -Eq '^[0-9]+\.[0-9]+\.[0-9]+$' "$T/ver"
is "pkg-config --modversion xjdata: $(cat "$T/ver")" $?
flags=$(pkg-config --cflags --libs xjdata)
case "$flags" in *"$D"*) true ;; *) false ;; esac; is "the flags point into the installed prefix: $flags" $?

mkdir "$T/host"
cat >"$T/host/host.c" <<'C'
#include <stdio.h>
#include <string.h>
#include <xjdata.h>

int main(void)
{
    xjd_dataset *ds = NULL;
    xjd_request *req = NULL;
    xjd_engine *eng = NULL;
    xjd_decision *dec = NULL;
    int rc = xjd_dataset_new(&ds, NULL);
    if (rc == 0) rc = xjd_dataset_set_string(ds, "id", "t-1");
    if (rc == 0) rc = xjd_dataset_set_string(ds, "category", "public");
    if (rc == 0) rc = xjd_dataset_set_string(ds, "grade", "general");
    if (rc == 0) rc = xjd_dataset_set_string(ds, "secret", "none");
    if (rc == 0) rc = xjd_dataset_set_string(ds, "share_type", "unconditional");
    if (rc == 0) rc = xjd_dataset_set_bool(ds, "on_platform", true);
    if (rc == 0) rc = xjd_request_new(&req, NULL);
    if (rc == 0) rc = xjd_request_set_string(req, "action", "share");
    if (rc == 0) rc = xjd_request_set_string(req, "at", "2026-03-02T10:00:00+08:00");
    if (rc == 0) rc = xjd_request_set_string(req, "requester.id", "xj-cdc");
    if (rc == 0) rc = xjd_request_set_string(req, "requester.kind", "public_body");
    if (rc == 0) rc = xjd_request_set_bool(req, "requester.access_terminated", false);
    if (rc == 0) rc = xjd_request_set_bool(req, "purpose.statutory_duty", true);
    if (rc == 0) rc = xjd_request_set_bool(req, "purpose.onward_transfer", false);
    if (rc == 0) rc = xjd_engine_new(&eng, NULL);
    if (rc == 0) rc = xjd_decision_new(&dec, NULL);
    if (rc == 0) rc = xjd_evaluate(dec, eng, req, ds);
    if (rc < 0)
        fprintf(stderr, "error: %s\n", xjd_strerror(rc));
    else
        printf("libxjdata %s: %s\n", xjd_version(), xjd_effect_name(xjd_decision_effect(dec)));
    xjd_decision_free(dec);
    xjd_engine_free(eng);
    xjd_request_free(req);
    xjd_dataset_free(ds);
    return rc < 0;
}
C
san=
case "${XJD_SANITIZE:-none}" in none | "") ;; *) san="-fsanitize=$XJD_SANITIZE" ;; esac
cd "$T/host" || exit 1
# shellcheck disable=SC2086  # XJD_CC may be "ccache cc"; flags are words
$XJD_CC $san -std=c11 -Wall -Wextra -Werror -o host host.c $flags 2>"$T/cc.err"
is "an outside program compiles with pkg-config's flags alone" $?
show "$T/cc.err"
LD_LIBRARY_PATH=$libdir ./host >"$T/out" 2>"$T/err"
is "  runs with LD_LIBRARY_PATH=<prefix>/$XJD_LIBDIR" $?
show "$T/err"
grep -Eq '^libxjdata [0-9.]+: permit$' "$T/out"; is "  and decides: $(cat "$T/out")" $?
LD_LIBRARY_PATH=$libdir ldd ./host 2>/dev/null | grep -q "libxjdata.so.* => $D"
is "  with the installed library, not the build tree's" $?

rpath=$(pkg-config --variable=libdir xjdata)
# shellcheck disable=SC2086
$XJD_CC $san -std=c11 -o host-rpath host.c $flags -Wl,-rpath,"$rpath" 2>"$T/cc.err"
is "with -Wl,-rpath,\$(pkg-config --variable=libdir xjdata)" $?
show "$T/cc.err"
env -u LD_LIBRARY_PATH ./host-rpath >"$T/out" 2>"$T/err" && grep -q ': permit$' "$T/out" &&
    env -u LD_LIBRARY_PATH ldd ./host-rpath 2>/dev/null | grep -q "libxjdata.so.* => $D"
is "  runs without LD_LIBRARY_PATH, finding the library through the rpath ($rpath)" $?
show "$T/err"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
