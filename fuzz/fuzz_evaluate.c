/* SPDX-License-Identifier: MIT */
/*
 * The rules, driven field by field. Most random CBOR stops at the decoder or at the first
 * field a rule needs, so this target starts from a complete request of one action and the
 * fixture's dataset and lets the input rewrite fields through the setters: byte 0 picks the
 * action, then every 3 bytes pick a field of the request or the dataset (from doc.c's
 * descriptor tables) and an operation: a value of the field's kind near the thresholds and
 * dates the rules test, null, or removal. The decision must pass fixture_evaluate()'s checks
 * (effects, citations, signed record verifies, same decision unsigned and in digest mode).
 */
#include <string.h>

#include "doc.h"
#include "fixture.h"
#include "fuzz.h"

static xjd_request *req;
static xjd_dataset *ds;
static uint8_t *req_cbor[4], *ds_cbor;
static size_t req_len[4], ds_len;

static uint8_t *encode_request(size_t *n, const xjd_request *r)
{
    FUZZ_OK(xjd_request_encode(NULL, 0, n, r));
    uint8_t *b = malloc(*n);
    FUZZ_CHECK(b != NULL);
    FUZZ_OK(xjd_request_encode(b, *n, n, r));
    return b;
}

static void init(void)
{
    for (int a = 0; a < 4; a++)
        req_cbor[a] = encode_request(&req_len[a], fixture_request(a));
    FUZZ_OK(xjd_dataset_encode(NULL, 0, &ds_len, fixture_dataset()));
    ds_cbor = malloc(ds_len);
    FUZZ_CHECK(ds_cbor != NULL);
    FUZZ_OK(xjd_dataset_encode(ds_cbor, ds_len, &ds_len, fixture_dataset()));
    FUZZ_OK(xjd_request_new(&req, NULL));
    FUZZ_OK(xjd_dataset_new(&ds, NULL));
}

static const int64_t ints[] = { 0, 1, 2, 99, 100, 9999, 10000, 10001, 99999, 100000, 100001, 999999,
                                1000000, 1000001, 2000000, INT64_MAX };
static const char *const dates[] = { "2021-09-01", "2022-09-01", "2024-03-22", "2024-12-31", "2025-01-01",
                                     "2025-05-01", "2026-01-01", "2026-03-02", "2026-03-16", "2026-12-31",
                                     "2027-05-01", "2030-01-01", "1999-02-28", "2024-02-29" };
static const char *const times[] = { "2026-03-02T10:00:00+08:00", "2024-03-21T23:59:59Z",
                                     "2024-03-22T00:00:00+08:00", "2022-08-31T16:00:00Z",
                                     "2025-12-31T23:59:60Z", "2030-06-01T00:00:00-12:00" };
static const char *const texts[] = { "", "x", "KZ", "CN", "HK", "仅用于疾病防控", "health.records",
                                     "xj-2024-draft", "xj-2025" };

/* Applies one operation to one field; failures (a null where none is allowed...) are fine. */
static void apply(const xjd_field_desc *d, int is_ds, uint8_t op, uint8_t v)
{
    const char *p = d->path;
#define SET(fn_req, fn_ds, ...) (void)(is_ds ? fn_ds(ds, p, __VA_ARGS__) : fn_req(req, p, __VA_ARGS__))
    if (op % 8 == 6) {
        (void)(is_ds ? xjd_dataset_unset(ds, p) : xjd_request_unset(req, p));
        return;
    }
    if (op % 8 == 7) {
        (void)(is_ds ? xjd_dataset_set_null(ds, p) : xjd_request_set_null(req, p));
        return;
    }
    switch (d->kind) {
    case XK_STRING: SET(xjd_request_set_string, xjd_dataset_set_string, texts[v % (sizeof texts / sizeof *texts)]); break;
    case XK_BOOL: SET(xjd_request_set_bool, xjd_dataset_set_bool, v & 1); break;
    case XK_INT: SET(xjd_request_set_int, xjd_dataset_set_int, (v & 0x80) ? (int64_t)v * 997 : ints[v % 16]); break;
    case XK_ENUM:
        if (d->nnames)
            SET(xjd_request_set_string, xjd_dataset_set_string, d->names[v % d->nnames]);
        break;
    case XK_DATE: SET(xjd_request_set_string, xjd_dataset_set_string, dates[v % (sizeof dates / sizeof *dates)]); break;
    case XK_DATETIME: SET(xjd_request_set_string, xjd_dataset_set_string, times[v % (sizeof times / sizeof *times)]); break;
    case XK_STRARRAY:
        if (is_ds)
            (void)xjd_dataset_add_string(ds, p, texts[v % (sizeof texts / sizeof *texts)]);
        break;
    default: break; /* objects, ext, the embedded dataset: only removed or nulled */
    }
#undef SET
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!req)
        init();
    if (size < 1)
        return 0;
    int action = data[0] & 3;
    FUZZ_OK(xjd_request_decode(req, req_cbor[action], req_len[action], NULL));
    FUZZ_OK(xjd_dataset_decode(ds, ds_cbor, ds_len, NULL));
    for (size_t i = 1; i + 3 <= size && i < 1 + 3 * 24; i += 3) {
        int is_ds = data[i] & 1;
        size_t nf = is_ds ? DF__COUNT : RF__COUNT;
        const xjd_field_desc *d = is_ds ? &xjd_dataset_fields[(data[i] >> 1) % nf] : &xjd_request_fields[(data[i] >> 1) % nf];
        apply(d, is_ds, data[i + 1], data[i + 2]);
    }
    fixture_evaluate(req, ds);
    return 0;
}
