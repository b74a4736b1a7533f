/* SPDX-License-Identifier: MIT */
/*
 * JSON input of the command line: jansson with the tool's flags, then the tool's own JSON -> CBOR
 * conversion (tools/json_cbor.c), then the library's decoders. The conversion must always give
 * one well-formed CBOR item; what decodes as a request is evaluated like fuzz_request's inputs.
 */
#include <string.h>

#include "cbor_io.h"
#include "fixture.h"
#include "fuzz.h"
#include "tool.h"

static xjd_request *req;
static xjd_dataset *ds;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!req) {
        FUZZ_OK(xjd_request_new(&req, NULL));
        FUZZ_OK(xjd_dataset_new(&ds, NULL));
    }
    json_error_t je;
    json_t *root = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        return 0;
    buf cbor = { 0 };
    json_to_cbor(&cbor, root);
    json_decref(root);

    /* well-formed: one complete item, no trailing bytes (limits wide open, but the reader has a
     * hard nesting cap, so ELIMIT is fine; malformed is not) */
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc doc;
    xjd_cdoc_init(&doc, &a);
    xjd_limits wide = { cbor.len + 1, 100000, (size_t)1 << 30, (size_t)1 << 30 };
    int rc = xjd_cbor_parse(&doc, (const uint8_t *)cbor.p, cbor.len, &wide, 0);
    if (rc != 0 && rc != XJD_ELIMIT)
        fprintf(stderr, "json_to_cbor output refused: %s\n", doc.errmsg);
    FUZZ_CHECK(rc == 0 || rc == XJD_ELIMIT);
    xjd_cdoc_free(&doc);

    rc = xjd_request_decode(req, (const uint8_t *)cbor.p, cbor.len, NULL);
    if (rc != 0) {
        FUZZ_CHECK(rc == XJD_EINPUT || rc == XJD_ELIMIT);
        FUZZ_CHECK(xjd_request_errmsg(req)[0] != '\0');
    } else {
        const xjd_dataset *emb = xjd_request_dataset(req);
        fixture_evaluate(req, emb ? NULL : fixture_dataset());
    }
    rc = xjd_dataset_decode(ds, (const uint8_t *)cbor.p, cbor.len, NULL);
    if (rc != 0)
        FUZZ_CHECK(xjd_dataset_errmsg(ds)[0] != '\0');
    buf_free(&cbor);
    return 0;
}
