/* SPDX-License-Identifier: MIT */
/*
 * Signed decision records from outside: verify against the fixture's key set and decode without
 * verifying. Errors are the documented codes with a message; a record that verifies also
 * decodes, and anything decoded reads back through every getter consistently.
 *
 * And no unsigned additions (issue 14): the input is also spliced into a genuine record of the
 * fixture's key as its unprotected header and as its tag head, where nothing but the empty map
 * 0xa0 and the one byte 0xd2 may verify; a record that verifies comes back byte for byte, and
 * its digest is the SHA-256 of the input.
 */
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "fuzz.h"

static xjd_decision *dv, *dd;
static uint8_t *genuine; /* a record the fixture engine signed: d2 84 <protected> a0 <payload> <sig> */
static size_t genuine_len, unprot_at;

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

static void make_genuine(void)
{
    xjd_decision *d = NULL;
    FUZZ_OK(xjd_decision_new(&d, NULL));
    FUZZ_OK(xjd_evaluate_ex(d, fixture_engine(), fixture_request(0), fixture_dataset(), XJD_EVAL_DIGESTS, NULL));
    const uint8_t *rec = xjd_decision_record(d, &genuine_len);
    FUZZ_CHECK(rec && genuine_len > 8 && rec[0] == 0xd2 && rec[1] == 0x84 && rec[2] == 0x58);
    genuine = malloc(genuine_len);
    FUZZ_CHECK(genuine != NULL);
    memcpy(genuine, rec, genuine_len);
    unprot_at = 4 + (size_t)rec[3];
    FUZZ_CHECK(genuine[unprot_at] == 0xa0);
    xjd_decision_free(d);
}

/* `rec` with bytes [at, at + cut) replaced by data: verifies only when data is what it replaced. */
static void splice(const uint8_t *data, size_t size, size_t at, size_t cut)
{
    if (size > 4096)
        return;
    size_t n = genuine_len - cut + size;
    uint8_t *m = malloc(n ? n : 1);
    FUZZ_CHECK(m != NULL);
    memcpy(m, genuine, at);
    memcpy(m + at, data, size);
    memcpy(m + at + size, genuine + at + cut, genuine_len - at - cut);
    int rv = xjd_record_verify(dv, m, n, fixture_keyset(), NULL);
    int rd = xjd_record_decode(dd, m, n, NULL);
    bool same = size == cut && memcmp(data, genuine + at, cut) == 0;
    FUZZ_CHECK((rv == 0) == same); /* nothing unsigned is accepted, the genuine bytes are */
    FUZZ_CHECK((rd == 0) == same);
    if (rv != 0)
        FUZZ_CHECK(xjd_decision_errmsg(dv)[0] != '\0');
    free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dv) {
        FUZZ_OK(xjd_decision_new(&dv, NULL));
        FUZZ_OK(xjd_decision_new(&dd, NULL));
        make_genuine();
    }
    /* the input as the unprotected header, and as the tag head (the input's first bytes, up to 9) */
    splice(data, size, unprot_at, 1);
    splice(data, size < 9 ? size : 9, 0, 1);
    int rv = xjd_record_verify(dv, data, size, fixture_keyset(), NULL);
    int rd = xjd_record_decode(dd, data, size, NULL);
    if (rv == 0) {
        FUZZ_CHECK(xjd_decision_verified(dv) == 1);
        FUZZ_CHECK(rd == 0); /* verifying is decoding plus the signature */
        FUZZ_CHECK(xjd_decision_effect(dd) == xjd_decision_effect(dv));
        /* what verified is what was given, byte for byte, and its digest names the bytes the key
         * signed: the record without the receipts (label 394) its unprotected header may carry */
        size_t rl = 0;
        const uint8_t *r = xjd_decision_record(dv, &rl);
        FUZZ_CHECK(r && rl == size && memcmp(r, data, size) == 0 && data[0] == 0xd2);
        uint8_t dg[32], want[32];
        FUZZ_OK(xjd_decision_record_digest(dg, dv));
        static uint8_t bare[1 << 17];
        size_t bl = 0;
        FUZZ_OK(xjd_record_without_receipts(bare, sizeof bare, &bl, data, size));
        crypto_hash_sha256(want, bare, bl);
        FUZZ_CHECK(memcmp(dg, want, 32) == 0);
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
