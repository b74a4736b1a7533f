/* SPDX-License-Identifier: MIT */
/*
 * Signed decision records from outside: verify against the fixture's key set and decode without
 * verifying. Errors are the documented codes with a message; a record that verifies also
 * decodes, and anything decoded reads back through every getter consistently.
 */
#include <string.h>

#include "fixture.h"
#include "fuzz.h"

static xjd_decision *dv, *dd;

static void read_back(const xjd_decision *d)
{
    xjd_effect e = xjd_decision_effect(d);
    FUZZ_CHECK(e == XJD_PERMIT || e == XJD_REVIEW || e == XJD_DENY);
    FUZZ_CHECK(xjd_decision_rulebook(d) != NULL);
    for (size_t i = 0; i < xjd_decision_national_count(d); i++)
        FUZZ_CHECK(xjd_decision_national(d, i) != NULL);
    size_t nr = xjd_decision_reason_count(d), no = xjd_decision_obligation_count(d);
    for (size_t i = 0; i < nr + no; i++) {
        const xjd_item *it = i < nr ? xjd_decision_reason(d, i) : xjd_decision_obligation(d, i - nr);
        FUZZ_CHECK(it && it->code && it->text_zh && it->text_en);
        for (size_t c = 0; c < it->ncites; c++) {
            FUZZ_CHECK(it->cites[c].law != NULL);
            char buf[256];
            int n = xjd_cite_render(buf, sizeof buf, &it->cites[c], "zh");
            if (n >= 0) /* snprintf-like: the full length, the text cut to fit */
                FUZZ_CHECK(strlen(buf) == ((size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1));
            (void)xjd_cite_render(buf, sizeof buf, &it->cites[c], "en");
        }
    }
    uint8_t id[16], dg[32];
    FUZZ_OK(xjd_decision_record_id(id, d));
    (void)xjd_decision_issued_at(d);
    (void)xjd_decision_kid(d);
    (void)xjd_decision_prev_digest(d);
    for (int w = 0; w < 2; w++) {
        const uint8_t *doc = NULL;
        size_t len = 0;
        if (xjd_decision_document(&doc, &len, dg, d, w) == 0 && doc)
            FUZZ_CHECK(len > 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dv) {
        FUZZ_OK(xjd_decision_new(&dv, NULL));
        FUZZ_OK(xjd_decision_new(&dd, NULL));
    }
    int rv = xjd_record_verify(dv, data, size, fixture_keyset(), NULL);
    int rd = xjd_record_decode(dd, data, size, NULL);
    if (rv == 0) {
        FUZZ_CHECK(xjd_decision_verified(dv) == 1);
        FUZZ_CHECK(rd == 0); /* verifying is decoding plus the signature */
        FUZZ_CHECK(xjd_decision_effect(dd) == xjd_decision_effect(dv));
        read_back(dv);
    } else {
        FUZZ_CHECK(rv < 0 && xjd_decision_errmsg(dv)[0] != '\0');
        FUZZ_CHECK(xjd_decision_verified(dv) == 0);
    }
    if (rd == 0) {
        FUZZ_CHECK(xjd_decision_verified(dd) == 0);
        read_back(dd);
    } else {
        FUZZ_CHECK(rd < 0 && xjd_decision_errmsg(dd)[0] != '\0');
        FUZZ_CHECK(rv != 0); /* what fails the structural checks cannot verify */
    }
    /* tight limits: a clean refusal, never a crash */
    xjd_record_limits lim = { 256, 4, 16, 64 };
    int rl = xjd_record_decode(dd, data, size, &lim);
    FUZZ_CHECK(rl == 0 || xjd_decision_errmsg(dd)[0] != '\0');
    return 0;
}
