/* SPDX-License-Identifier: MIT */
/* xjdata key public: the public key of a key file. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_key(int argc, char **argv)
{
    opt opts[] = {{"format", true, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos, status = EXIT_USAGE;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_KEY, &helped) < 0)
        return free(pos), EXIT_USAGE;
    if (helped)
        return free(pos), EXIT_DECIDED;
    int cose = parse_format(opts, "hex", "cose");
    if (cose < 0)
        return free(pos), EXIT_USAGE;
    if (npos != 2 || strcmp(pos[0], "public") != 0) {
        msg("key: expected: xjdata key public FILE (see xjdata key --help)");
        return free(pos), EXIT_USAGE;
    }
    xjd_key *k = NULL;
    int rc = xjd_key_load(&k, pos[1], NULL);
    if (rc < 0) {
        msg("key %s: %s%s", pos[1], xjd_strerror(rc), keyerr_hint(rc));
        goto done;
    }
    if (cose) {
        if (isatty(STDOUT_FILENO)) {
            msg("key public --format cose writes binary: redirect it to a file");
            goto done;
        }
        size_t len = 0;
        uint8_t tmp[256];
        if ((rc = xjd_key_encode(tmp, sizeof tmp, &len, k, false)) < 0) {
            msg("key %s: %s", pos[1], xjd_strerror(rc));
            goto done;
        }
        fwrite(tmp, 1, len, stdout);
    } else {
        char hex[65];
        if ((rc = xjd_key_public_hex(hex, k)) < 0) {
            msg("key %s: %s", pos[1], xjd_strerror(rc));
            goto done;
        }
        printf("%s\n", hex);
    }
    status = fflush(stdout) == 0 ? EXIT_DECIDED : EXIT_USAGE;
done:
    xjd_key_free(k);
    free(pos);
    return status;
}
