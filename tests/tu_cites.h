/* SPDX-License-Identifier: MIT */
/*
 * Exact citation assertions for the rule suites (docs/rules.md "Cite what applies": a reason cites
 * the article, paragraph and item that triggered it, not every article that could). Header-only
 * so that a suite opts in by including it.
 *
 * A citation list is written as text, entries separated by ';', each "LAW ART[¶PARA[-PARA_TO]][(ITEM)]"
 * or "LAW ART-ART_TO" for an article range:
 *   "xj-data-2025 34¶2; xj-data-2025 61(2); dsl 21¶2; pipl 73(4); cbdf-2024 5¶1(4); xj-data-2025 35¶2-3"
 * TU_CITES_EXACTLY(it, "...") asserts that the item carries exactly these citations (in any order,
 * none missing, none more); on failure it names the caller's line and prints both lists.
 */
#ifndef XJD_TU_CITES_H
#define XJD_TU_CITES_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xjdata.h"

/* Renders one citation in the notation above into buf. */
static inline const char *tu_cite_text(char *buf, size_t n, const xjd_cite *c)
{
    int k = snprintf(buf, n, "%s %u", c->law ? c->law : "?", (unsigned)c->art);
    if (c->art_to && k > 0 && (size_t)k < n)
        k += snprintf(buf + k, n - (size_t)k, "-%u", (unsigned)c->art_to);
    if (c->para && k > 0 && (size_t)k < n)
        k += snprintf(buf + k, n - (size_t)k, "¶%u", (unsigned)c->para);
    if (c->para_to && k > 0 && (size_t)k < n)
        k += snprintf(buf + k, n - (size_t)k, "-%u", (unsigned)c->para_to);
    if (c->item && k > 0 && (size_t)k < n)
        snprintf(buf + k, n - (size_t)k, "(%u)", (unsigned)c->item);
    return buf;
}

/* Renders a list of citations, "; "-separated. */
static inline const char *tu_cites_text(char *buf, size_t n, const xjd_cite *cs, size_t nc)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < nc && len + 1 < n; i++) {
        char one[96];
        int k = snprintf(buf + len, n - len, "%s%s", i ? "; " : "", tu_cite_text(one, sizeof one, &cs[i]));
        if (k < 0)
            break;
        len += (size_t)k;
    }
    return buf;
}

/* Trims spaces at both ends of s (in place). */
static inline char *tu_trim(char *s)
{
    while (*s == ' ')
        s++;
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
    return s;
}

/* 1 when cs[0..nc) is exactly the list `want` (any order), else 0; *out_bad names the first
 * entry of `want` that is missing (or "" when the counts differ). */
static inline int tu_cites_match(const xjd_cite *cs, size_t nc, const char *want, char *bad, size_t nbad)
{
    char copy[1024];
    snprintf(copy, sizeof copy, "%s", want);
    size_t nwant = 0;
    bool used[64] = { false };
    bad[0] = '\0';
    for (char *save = NULL, *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        tok = tu_trim(tok);
        if (!*tok)
            continue;
        nwant++;
        bool found = false;
        for (size_t i = 0; i < nc && i < 64 && !found; i++) {
            char one[96];
            if (!used[i] && strcmp(tu_cite_text(one, sizeof one, &cs[i]), tok) == 0)
                used[i] = found = true;
        }
        if (!found) {
            snprintf(bad, nbad, "%s", tok);
            return 0;
        }
    }
    return nwant == nc;
}

#define TU_CITES_EXACTLY(it, want) tu_cites_exactly_at(__FILE__, __LINE__, (it), (want))
static inline void tu_cites_exactly_at(const char *file, int line, const xjd_item *it, const char *want)
{
    ck_assert_msg(it != NULL, "%s:%d: no item to check citations of", file, line);
    char bad[96], have[1024];
    int ok = tu_cites_match(it->cites, it->ncites, want, bad, sizeof bad);
    ck_assert_msg(ok, "%s:%d: %s cites [%s], expected exactly [%s]%s%s", file, line, it->code,
                  tu_cites_text(have, sizeof have, it->cites, it->ncites), want, bad[0] ? "; missing " : "", bad);
}

#define TU_FINDING_CITES_EXACTLY(f, want) tu_finding_cites_exactly_at(__FILE__, __LINE__, (f), (want))
static inline void tu_finding_cites_exactly_at(const char *file, int line, const xjd_finding *f, const char *want)
{
    ck_assert_msg(f != NULL, "%s:%d: no finding to check citations of", file, line);
    char bad[96], have[1024];
    int ok = tu_cites_match(f->cites, f->ncites, want, bad, sizeof bad);
    ck_assert_msg(ok, "%s:%d: %s cites [%s], expected exactly [%s]%s%s", file, line, f->code,
                  tu_cites_text(have, sizeof have, f->cites, f->ncites), want, bad[0] ? "; missing " : "", bad);
}

/* The item's due date is YYYY-MM-DD (and not estimated unless `est`); year 0: no due date. */
#define TU_DUE(it, y, m, d, est) tu_due_at(__FILE__, __LINE__, (it), (y), (m), (d), (est))
static inline void tu_due_at(const char *file, int line, const xjd_item *it, int y, int m, int d, bool est)
{
    ck_assert_msg(it != NULL, "%s:%d: no item to check the due date of", file, line);
    ck_assert_msg(it->due.year == y && it->due.month == m && it->due.day == d && it->due_estimated == est,
                  "%s:%d: %s due %04d-%02d-%02d%s, expected %04d-%02d-%02d%s", file, line, it->code, it->due.year,
                  it->due.month, it->due.day, it->due_estimated ? " (estimated)" : "", y, m, d,
                  est ? " (estimated)" : "");
}

#endif
