/* SPDX-License-Identifier: MIT */
/* The signing key of eval: --key FILE, or the default key under $XDG_CONFIG_HOME/xjdata/. */
#include "cli.h"

#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>

static int default_key_path(buf *out)
{
    const char *x = getenv("XDG_CONFIG_HOME");
    out->len = 0;
    if (x && *x == '/') {
        buf_adds(out, x);
    } else {
        const char *h = getenv("HOME");
        if (!h || !*h) {
            msg("no HOME or XDG_CONFIG_HOME to keep the default key in; give --key FILE (see xjdata keygen)");
            return -1;
        }
        buf_printf(out, "%s/.config", h);
    }
    buf_adds(out, "/xjdata");
    return 0;
}

static int mkdir_p(char *path, mode_t mode)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int r = mkdir(path, 0700);
        *p = '/';
        if (r != 0 && errno != EEXIST)
            return -1;
    }
    if (mkdir(path, mode) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

/* The signing key: --key FILE, or the default key (created, and said so, on first use). */
int signing_key(xjd_key **out, const char *path)
{
    int rc;
    if (path) {
        rc = xjd_key_load(out, path, NULL);
        if (rc < 0) {
            msg("key %s: %s%s", path, xjd_strerror(rc), keyerr_hint(rc));
            return -1;
        }
    } else {
        buf dir = {0};
        if (default_key_path(&dir) < 0)
            return -1;
        buf file = {0};
        buf_printf(&file, "%s/key", dir.p);
        struct stat st;
        if (stat(file.p, &st) == 0) {
            rc = xjd_key_load(out, file.p, NULL);
            if (rc < 0) {
                msg("default key %s: %s%s", file.p, xjd_strerror(rc), keyerr_hint(rc));
                buf_free(&dir), buf_free(&file);
                return -1;
            }
        } else {
            if (mkdir_p(dir.p, 0700) != 0) {
                msg("cannot create %s: %s", dir.p, strerror(errno));
                buf_free(&dir), buf_free(&file);
                return -1;
            }
            rc = xjd_key_generate(out, NULL);
            if (rc == 0)
                rc = xjd_key_save(*out, file.p, true);
            if (rc < 0) {
                msg("cannot create the default key %s: %s", file.p, xjd_strerror(rc));
                xjd_key_free(*out);
                *out = NULL;
                buf_free(&dir), buf_free(&file);
                return -1;
            }
            uint8_t kid[32];
            char h[65] = "";
            if (xjd_key_kid(kid, *out) == 0)
                hex_encode(h, kid, 32);
            msg("created a new signing key %s (kid %s); records are signed with it", file.p, h);
        }
        buf_free(&dir), buf_free(&file);
    }
    if (!xjd_key_has_secret(*out)) {
        msg("key %s holds no secret key: it can verify but not sign", path ? path : "(default)");
        xjd_key_free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}
