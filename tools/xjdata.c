/* SPDX-License-Identifier: MIT */
/*
 * xjdata: the command line of libxjdata. Requests and datasets are JSON (docs/vocabulary.md); they are
 * turned into CBOR and decoded by the library, so every error names the same field path the C API
 * would. Exit codes: 0 decided (deny included), 1 verification failed, 2 bad input or usage.
 */
#include "cli.h"
#include "records.h"

#include <string.h>
#include <sodium.h>

typedef struct command {
    const char *name;
    int (*run)(int, char **);
} command;

static const command commands[] = {
    {"eval", cmd_eval},   {"verify", run_verify}, {"show", run_show}, {"check", cmd_check},
    {"rules", cmd_rules}, {"due", cmd_due},       {"keygen", cmd_keygen}, {"key", cmd_key},
    {"national", cmd_national}, {"log", cmd_log}, {"serve", cmd_serve},
    {NULL, NULL},
};

int main(int argc, char **argv)
{
    const char *jp = getenv("XJDATA_JSON_PARSER");
    use_jansson = jp && strcmp(jp, "jansson") == 0;
    if (sodium_init() < 0) {
        msg("libsodium could not be initialised");
        return EXIT_USAGE;
    }
    if (argc < 2) {
        fputs(HELP_MAIN, stderr);
        return EXIT_USAGE;
    }
    const char *c = argv[1];
    if (strcmp(c, "--help") == 0 || strcmp(c, "-h") == 0)
        return help(HELP_MAIN);
    if (strcmp(c, "--version") == 0) {
        printf("xjdata %s (libxjdata %s)\n", XJD_VERSION_STRING, xjd_version());
        return EXIT_DECIDED;
    }
    if (strcmp(c, "help") == 0) {
        if (argc < 3)
            return help(HELP_MAIN);
        const char *h = help_of(argv[2]);
        if (!h) {
            msg("no command \"%s\" (see xjdata --help)", argv[2]);
            return EXIT_USAGE;
        }
        return help(h);
    }
    for (const command *k = commands; k->name; k++)
        if (strcmp(k->name, c) == 0)
            return k->run(argc - 1, argv + 1);
    msg("no command \"%s\" (see xjdata --help)", c);
    return EXIT_USAGE;
}
