/* SPDX-License-Identifier: MIT */
/* --national FILE (repeatable): national rule set documents (JSON) loaded into the options. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

int load_national_files(xjd_options *o, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *path = NULL;
        if (strcmp(a, "--") == 0)
            break;
        if (strcmp(a, "--national") == 0 && i + 1 < argc)
            path = argv[++i];
        else if (strncmp(a, "--national=", 11) == 0)
            path = a + 11;
        else
            continue;
        buf text = {0};
        xjd_json *ws = NULL;
        const uint8_t *cbor;
        size_t cbor_len;
        if (read_all(&text, path) < 0)
            return -1;
        int rc = xjd_json_new(&ws, NULL);
        if (rc == 0 && (rc = xjd_json_cbor(&cbor, &cbor_len, ws, text.p, text.len)) < 0) {
            msg("--national %s: %s", path, xjd_json_errmsg(ws));
        } else if (rc == 0 && (rc = xjd_options_load_national(o, cbor, cbor_len)) < 0) {
            msg("--national %s: %s", path, rc == XJD_EINPUT ? xjd_options_errmsg(o) : xjd_strerror(rc));
        } else if (rc < 0) {
            msg("--national %s: %s", path, xjd_strerror(rc));
        }
        xjd_json_free(ws);
        buf_free(&text);
        if (rc < 0)
            return -1;
    }
    return 0;
}
