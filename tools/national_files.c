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
        buf text = {0}, cbor = {0};
        jp_error je;
        if (read_all(&text, path) < 0)
            return -1;
        if (json_text_to_cbor(&cbor, text.p, text.len, &je) < 0) {
            msg("--national %s: line %d, column %d: %s", path, je.line, je.column, je.text);
            buf_free(&text);
            buf_free(&cbor); /* what was converted before the error */
            return -1;
        }
        int rc = xjd_options_load_national(o, (const uint8_t *)cbor.p, cbor.len);
        if (rc < 0)
            msg("--national %s: %s", path, rc == XJD_EINPUT ? xjd_options_errmsg(o) : xjd_strerror(rc));
        buf_free(&text);
        buf_free(&cbor);
        if (rc < 0)
            return -1;
    }
    return 0;
}
