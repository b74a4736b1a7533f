/* SPDX-License-Identifier: MIT */
/*
 * Dataset documents (CBOR) from outside: decode; an error must name where; what decodes must
 * re-encode to a fixed point, pass through the catalogue check, and be evaluated with one
 * request of each action.
 */
#include <string.h>

#include "fixture.h"
#include "fuzz.h"

static xjd_dataset *d1, *d2;

static uint8_t *encode(size_t *out_len, const xjd_dataset *d)
{
    size_t n = 0;
    FUZZ_CHECK(xjd_dataset_encode(NULL, 0, &n, d) == 0 && n > 0);
    uint8_t *buf = malloc(n);
    FUZZ_CHECK(buf != NULL);
    FUZZ_OK(xjd_dataset_encode(buf, n, &n, d));
    *out_len = n;
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!d1) {
        FUZZ_OK(xjd_dataset_new(&d1, NULL));
        FUZZ_OK(xjd_dataset_new(&d2, NULL));
    }
    int rc = xjd_dataset_decode(d1, data, size, NULL);
    if (rc != 0) {
        FUZZ_CHECK(rc == XJD_EINPUT || rc == XJD_ELIMIT);
        FUZZ_CHECK(xjd_dataset_errmsg(d1)[0] != '\0');
        long off = xjd_dataset_erroffset(d1);
        FUZZ_CHECK(off >= -1 && off <= (long)size);
        /* the error names the field or the byte offset */
        FUZZ_CHECK(xjd_dataset_errpath(d1)[0] != '\0' || off >= 0);
        return 0;
    }
    size_t n1, n2;
    uint8_t *e1 = encode(&n1, d1);
    FUZZ_OK(xjd_dataset_decode(d2, e1, n1, NULL));
    uint8_t *e2 = encode(&n2, d2);
    FUZZ_CHECK(n1 == n2 && memcmp(e1, e2, n1) == 0);
    free(e1);
    free(e2);
    static xjd_check *chk;
    if (!chk)
        FUZZ_OK(xjd_check_new(&chk, NULL));
    if (xjd_dataset_check(chk, d1, NULL) == 0) {
        for (size_t i = 0; i < xjd_check_finding_count(chk); i++) {
            const xjd_finding *f = xjd_check_finding(chk, i);
            FUZZ_CHECK(f && f->code && f->path && (f->severity == XJD_SEV_ERROR || f->severity == XJD_SEV_WARNING));
            FUZZ_CHECK(f->ncites >= 1 && f->cites != NULL);
        }
    }
    for (int a = 0; a < 4; a++)
        fixture_evaluate(fixture_request(a), d1);
    return 0;
}
