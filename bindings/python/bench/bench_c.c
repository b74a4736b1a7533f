/* SPDX-License-Identifier: MIT */
/*
 * The C side of the Python binding's benchmark (bench_python.py), loaded into the same process
 * through cffi so that the C call and the Python call are timed side by side, in alternating
 * rounds, on the same engine and the same CBOR bytes.
 */
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "xjdata.h"

double xjdbench_decode_evaluate(xjd_decision *dec, const xjd_engine *eng, xjd_request *req, xjd_dataset *ds,
                                const uint8_t *r, size_t rlen, const uint8_t *d, size_t dlen, unsigned flags,
                                long n);

/* Mean ns per call of: decode the request and the dataset, evaluate (as Engine.evaluate does);
 * with dlen == 0 the dataset is not decoded again (a prebuilt one). Negative: the error code. */
double xjdbench_decode_evaluate(xjd_decision *dec, const xjd_engine *eng, xjd_request *req, xjd_dataset *ds,
                                const uint8_t *r, size_t rlen, const uint8_t *d, size_t dlen, unsigned flags,
                                long n)
{
    struct timespec t0, t1;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t0);
    for (long i = 0; i < n; i++) {
        int rc = xjd_request_decode(req, r, rlen, NULL);
        if (!rc && dlen)
            rc = xjd_dataset_decode(ds, d, dlen, NULL);
        if (!rc)
            rc = xjd_evaluate_ex(dec, eng, req, ds, flags, NULL);
        if (rc)
            return rc;
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t1);
    return ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / (double)n;
}
