/* SPDX-License-Identifier: MIT */
/* xjdata keygen: a new Ed25519 signing key written as a COSE_Key. */
#include "cli.h"

#include <stdlib.h>
#include <sys/stat.h>

static void print_key_ids(const xjd_key *k)
{
    char hex[65], kh[65];
    uint8_t kid[32];
    if (xjd_key_public_hex(hex, k) == 0 && xjd_key_kid(kid, k) == 0) {
        hex_encode(kh, kid, 32);
        printf("public_key %s\nkid %s\n", hex, kh);
    }
}

int cmd_keygen(int argc, char **argv)
{
    opt opts[] = {{"out", true, NULL}, {"force", false, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_KEYGEN, &helped) < 0)
        return free(pos), EXIT_USAGE;
    free(pos);
    if (helped)
        return EXIT_DECIDED;
    const char *out = optv(opts, "out");
    if (!out || !*out || npos) {
        msg("keygen: expected --out FILE and no other argument (see xjdata keygen --help)");
        return EXIT_USAGE;
    }
    struct stat st;
    if (!optv(opts, "force") && lstat(out, &st) == 0) {
        msg("keygen: %s exists; not overwriting a key (use --force)", out);
        return EXIT_USAGE;
    }
    xjd_key *k = NULL;
    int rc = xjd_key_generate(&k, NULL);
    if (rc == 0)
        rc = xjd_key_save(k, out, true);
    if (rc < 0) {
        msg("keygen %s: %s", out, xjd_strerror(rc));
        xjd_key_free(k);
        return EXIT_USAGE;
    }
    print_key_ids(k);
    xjd_key_free(k);
    return fflush(stdout) == 0 ? EXIT_DECIDED : EXIT_USAGE;
}
