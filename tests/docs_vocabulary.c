/* SPDX-License-Identifier: MIT */
/*
 * docs/vocabulary.md documents every field the decoders know, with every value of every
 * enumeration, and documents no field they do not know. The field lists are the descriptor
 * tables of src/doc.c, the same ones the CBOR decoders and the setters use, so a field added
 * there without its line in the document fails here.
 *
 * Usage: docs_vocabulary FILE (the docs/vocabulary.md of the sources). Prints each problem; exits 1 if any.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *p = malloc(cap);
    size_t n;
    while (p && (n = fread(p + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap) {
            char *q = realloc(p, cap *= 2);
            if (!q)
                free(p);
            p = q;
        }
    }
    fclose(f);
    if (p)
        p[len] = '\0';
    return p;
}

/* The table row "| `path` |..." of a field, or NULL. */
static const char *row_of(const char *doc, const char *path)
{
    char pat[160];
    snprintf(pat, sizeof pat, "\n| `%s` |", path);
    return strstr(doc, pat);
}

/* Whether `word` (in backticks) is in the row starting at row. */
static int row_has(const char *row, const char *word)
{
    const char *end = strchr(row + 1, '\n');
    size_t wl = strlen(word);
    for (const char *p = row; p && p < end; p = strchr(p + 1, '`'))
        if (p[0] == '`' && strncmp(p + 1, word, wl) == 0 && p[1 + wl] == '`')
            return 1;
    return 0;
}

static int known(const xjd_field_desc *t, size_t n, const char *path, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (strlen(t[i].path) == len && strncmp(t[i].path, path, len) == 0)
            return 1;
    return 0;
}

static int check_table(const char *doc, const char *what, const xjd_field_desc *t, size_t n)
{
    int bad = 0, objects = 0;
    for (size_t i = 0; i < n; i++) {
        if (t[i].kind == XK_OBJECT || t[i].kind == XK_DATASET) {
            objects++; /* documented by its members' rows (and "requester" etc. in the top table) */
            continue;
        }
        const char *row = row_of(doc, t[i].path);
        if (!row) {
            printf("FAIL %s field %s: no row \"| `%s` |\" in vocabulary.md\n", what, t[i].path, t[i].path);
            bad++;
            continue;
        }
        for (int j = 0; j < t[i].nnames; j++)
            if (!row_has(row, t[i].names[j])) {
                printf("FAIL %s field %s: value `%s` not in its row\n", what, t[i].path, t[i].names[j]);
                bad++;
            }
    }
    printf("%s: %zu fields (%d objects) checked, %d problems\n", what, n, objects, bad);
    return bad;
}

/* Every backticked name in the first cell of the rows of section `head` is a known field. */
static int check_no_stale(const char *doc, const char *head, const xjd_field_desc *t, size_t n)
{
    const char *s = strstr(doc, head);
    if (!s) {
        printf("FAIL no section \"%s\"\n", head);
        return 1;
    }
    const char *end = strstr(s + strlen(head), "\n## ");
    int bad = 0;
    for (const char *r = strstr(s, "\n| `"); r && (!end || r < end); r = strstr(r + 1, "\n| `")) {
        const char *cell_end = strstr(r + 3, " |");
        for (const char *p = strchr(r, '`'); p && p < cell_end;) {
            const char *q = strchr(p + 1, '`');
            if (!q || q > cell_end)
                break;
            if (!known(t, n, p + 1, (size_t)(q - p - 1))) {
                printf("FAIL %s names `%.*s`, which the decoder does not know\n", head + 1, (int)(q - p - 1), p + 1);
                bad++;
            }
            p = strchr(q + 1, '`');
        }
    }
    return bad;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s vocabulary.md\n", argv[0]);
        return 2;
    }
    char *doc = slurp(argv[1]);
    if (!doc) {
        printf("FAIL cannot read %s\n", argv[1]);
        return 1;
    }
    int bad = check_table(doc, "request", xjd_request_fields, RF__COUNT) +
              check_table(doc, "dataset", xjd_dataset_fields, DF__COUNT) +
              check_no_stale(doc, "\n## Request", xjd_request_fields, RF__COUNT) +
              check_no_stale(doc, "\n## Dataset", xjd_dataset_fields, DF__COUNT);
    free(doc);
    printf("%s\n", bad ? "vocabulary.md and the decoders disagree" : "vocabulary.md documents every field");
    return bad ? 1 : 0;
}
