/* SPDX-License-Identifier: MIT */
/*
 * Request documents (CBOR) from outside: decode under the default limits; an error must name
 * where; what decodes must re-encode deterministically to a fixed point, and must evaluate
 * (against its embedded dataset, else the fixture's) to a decision that cites its articles and
 * whose signed record verifies.
 */
#include <string.h>

#include "fixture.h"
#include "fuzz.h"

static xjd_request *r1, *r2;

static uint8_t *encode(size_t *out_len, const xjd_request *r)
{
    size_t n = 0;
    FUZZ_CHECK(xjd_request_encode(NULL, 0, &n, r) == 0 && n > 0);
    uint8_t *buf = malloc(n);
    FUZZ_CHECK(buf != NULL);
    size_t n2 = 0;
    if (n > 1)
        FUZZ_CHECK(xjd_request_encode(buf, n - 1, &n2, r) == XJD_EBUFSIZE && n2 == n);
    FUZZ_OK(xjd_request_encode(buf, n, &n2, r));
    FUZZ_CHECK(n2 == n);
    *out_len = n;
    return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!r1) {
        FUZZ_OK(xjd_request_new(&r1, NULL));
        FUZZ_OK(xjd_request_new(&r2, NULL));
    }
    int rc = xjd_request_decode(r1, data, size, NULL);
    if (rc != 0) {
        FUZZ_CHECK(rc == XJD_EINPUT || rc == XJD_ELIMIT);
        FUZZ_CHECK(xjd_request_errmsg(r1)[0] != '\0');
        long off = xjd_request_erroffset(r1);
        FUZZ_CHECK(off >= -1 && off <= (long)size);
        /* the error names the field or the byte offset */
        FUZZ_CHECK(xjd_request_errpath(r1)[0] != '\0' || off >= 0);
        FUZZ_CHECK(xjd_request_dataset(r1) == NULL); /* left empty */
        return 0;
    }
    size_t n1, n2;
    uint8_t *e1 = encode(&n1, r1);
    FUZZ_OK(xjd_request_decode(r2, e1, n1, NULL));
    uint8_t *e2 = encode(&n2, r2);
    FUZZ_CHECK(n1 == n2 && memcmp(e1, e2, n1) == 0);
    free(e1);
    free(e2);
    const xjd_dataset *ds = xjd_request_dataset(r1);
    fixture_evaluate(r1, ds ? NULL : fixture_dataset());
    return 0;
}
