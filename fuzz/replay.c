/* SPDX-License-Identifier: MIT */
/*
 * Plain-program driver for the fuzz targets when they are not built with libFuzzer: replays
 * every file of the corpus directories (or single files) given on the command line through
 * LLVMFuzzerTestOneInput, each whole and, with --prefixes, also cut short at every length, since
 * truncated input is the commonest way a decoder runs past its buffer (inputs over 400 bytes are
cut at evenly spaced lengths). Each input is copied into
 * an allocation of exactly its size so that AddressSanitizer and valgrind see any overread.
 * Prints "N passed, 0 failed" (one case per file); a crash ends the run with a non-zero status.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CUTS 400

static int prefixes;
static size_t nfiles;

static int cmp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "replay: cannot open %s\n", path);
        return -1;
    }
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    size_t n;
    while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            uint8_t *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (!buf) {
        fprintf(stderr, "replay: out of memory reading %s\n", path);
        return -1;
    }
    fprintf(stderr, "replay: %s (%zu bytes)\n", path, len); /* names the input that crashed */
    /* at most ~MAX_CUTS cuts per input, so that big seeds stay quick under valgrind */
    size_t from = prefixes ? 0 : len, step = len / MAX_CUTS + 1;
    for (size_t cut = from; cut <= len; cut = cut == len ? len + 1 : (cut + step > len ? len : cut + step)) {
        uint8_t *exact = malloc(cut ? cut : 1);
        if (!exact) {
            free(buf);
            return -1;
        }
        memcpy(exact, buf, cut);
        LLVMFuzzerTestOneInput(exact, cut); /* never NULL, as with libFuzzer */
        free(exact);
    }
    free(buf);
    nfiles++;
    return 0;
}

static int run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: no such file or directory: %s\n", path);
        return -1;
    }
    if (!S_ISDIR(st.st_mode))
        return run_file(path);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **nn = realloc(names, (cap = cap ? cap * 2 : 64) * sizeof *names);
            if (!nn) {
                rc = -1;
                break;
            }
            names = nn;
        }
        size_t l = strlen(path) + strlen(e->d_name) + 2;
        if (!(names[n] = malloc(l))) {
            rc = -1;
            break;
        }
        snprintf(names[n++], l, "%s/%s", path, e->d_name);
    }
    closedir(d);
    if (names)
        qsort(names, n, sizeof *names, cmp); /* the same order on every machine */
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && run_file(names[i]) != 0)
            rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    int rc = 0, given = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--prefixes") == 0) {
            prefixes = 1;
            continue;
        }
        given++;
        if (run_path(argv[i]) != 0)
            rc = 1;
    }
    if (!given) {
        fprintf(stderr, "usage: %s [--prefixes] CORPUS_DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    if (nfiles == 0) {
        fprintf(stderr, "replay: empty corpus\n");
        rc = 1;
    }
    printf("%zu passed, %d failed\n", nfiles, rc);
    return rc;
}
