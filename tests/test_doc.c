/* SPDX-License-Identifier: MIT */
/* Suite: doc — descriptor tables, path setters, CBOR decoding and deterministic encoding. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cbor_io.h"
#include "doc.h"
#include "xjdata.h"

/* ---- counting allocator that can fail the n-th allocation ---- */
typedef struct {
    long live;      /* outstanding blocks */
    long calls;     /* allocations attempted */
    long fail_at;   /* fail the allocation with this call number (1-based); 0 = never */
} ctr;

static void *c_malloc(void *ud, size_t n)
{
    ctr *c = ud;
    if (c->fail_at && ++c->calls == c->fail_at)
        return NULL;
    void *p = malloc(n);
    if (p)
        c->live++;
    return p;
}

static void *c_realloc(void *ud, void *p, size_t n)
{
    ctr *c = ud;
    if (c->fail_at && ++c->calls == c->fail_at)
        return NULL;
    void *q = realloc(p, n);
    if (q && !p)
        c->live++;
    return q;
}

static void c_free(void *ud, void *p)
{
    ctr *c = ud;
    if (p)
        c->live--;
    free(p);
}

static xjd_allocator counting(ctr *c)
{
    xjd_allocator a = { c_malloc, c_realloc, c_free, c };
    return a;
}

/* ------------------------------------------------------------------------------------------ */

START_TEST(tables_are_consistent)
{
    ck_assert_int_eq(xjd_doc_check_tables(), 0);
    /* Every field of both tables is reachable by its own path. */
    for (int f = 0; f < RF__COUNT; f++)
        ck_assert_int_eq(xjd_request_field_id(xjd_request_fields[f].path), f);
    for (int f = 0; f < DF__COUNT; f++)
        ck_assert_int_eq(xjd_dataset_field_id(xjd_dataset_fields[f].path), f);
    ck_assert_int_eq(xjd_request_field_id("purpose.statutory_dty"), -1);
    ck_assert_int_eq(xjd_request_field_id("requester.id.x"), -1);
    ck_assert_int_eq(xjd_request_field_id("export."), -1);
    ck_assert_int_eq(xjd_request_field_id(""), -1);
    /* Enum names follow the enums of doc.h. */
    ck_assert_str_eq(xjd_field_enum_name(&xjd_request_fields[RF_ACTION], XJD_ACT_EXPORT), "export");
    ck_assert_ptr_null(xjd_field_enum_name(&xjd_request_fields[RF_RULEBOOK], 1)); /* a text: rulebooks are data */
    ck_assert_str_eq(xjd_field_enum_name(&xjd_request_fields[RF_EXPORT_EXEMPTION], XJD_EX_FTZ_OUTSIDE_LIST),
                     "ftz_outside_list");
    ck_assert_str_eq(xjd_field_enum_name(&xjd_request_fields[RF_EXPORT_LEGAL_BASIS], XJD_LB_STATUTORY_DUTY),
                     "statutory_duty");
    ck_assert_str_eq(xjd_field_enum_name(&xjd_request_fields[RF_TRADE_PROVIDER_KIND], XJD_KIND_UNINCORPORATED_ORG),
                     "unincorporated_org");
    ck_assert_str_eq(xjd_field_enum_name(&xjd_dataset_fields[DF_SHARE_TYPE], XJD_ST_NONE), "none");
    ck_assert_str_eq(xjd_field_enum_name(&xjd_dataset_fields[DF_SECRET], XJD_SECRET_WORK), "work");
    ck_assert_ptr_null(xjd_field_enum_name(&xjd_dataset_fields[DF_SECRET], 4));
    ck_assert_ptr_null(xjd_field_enum_name(&xjd_dataset_fields[DF_SECRET], 0));
    ck_assert_ptr_null(xjd_field_enum_name(&xjd_dataset_fields[DF_ID], 1));
    ck_assert(xjd_request_fields[RF_ACTION].required);
    ck_assert(xjd_request_fields[RF_REQUESTER_ID].required);
    ck_assert(xjd_dataset_fields[DF_ID].required);
    ck_assert(xjd_dataset_fields[DF_SHARE_BASIS].nullable);
    ck_assert(xjd_dataset_fields[DF_OPEN_BASIS].nullable);
    ck_assert(!xjd_request_fields[RF_REQUESTER_ID].nullable);
}
END_TEST

START_TEST(setters_every_kind)
{
    xjd_request *r;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_int_eq(xjd_request_set_string(r, "action", "export"), 0);
    ck_assert_int_eq(XJD_I(r, RF_ACTION), XJD_ACT_EXPORT);
    ck_assert_int_eq(xjd_request_set_string(r, "at", "2026-03-02T10:00:00+08:00"), 0);
    ck_assert_int_eq(XJD_I(r, RF_AT), xjd_days_from_civil(2026, 3, 2) * 86400 + 2 * 3600);
    ck_assert_int_eq(r->v[RF_AT].aux, 480);
    ck_assert_int_eq(xjd_request_set_string(r, "requester.id", "xj-health-commission"), 0);
    ck_assert(XJD_HAS(r, RF_REQUESTER));
    ck_assert_str_eq(XJD_S(r, RF_REQUESTER_ID), "xj-health-commission");
    ck_assert_int_eq(xjd_request_set_string(r, "requester.name", "自治区卫生健康委员会"), 0);
    ck_assert_int_eq(xjd_request_set_bool(r, "requester.ciio", true), 0);
    ck_assert(XJD_TRUE(r, RF_REQUESTER_CIIO));
    ck_assert_int_eq(xjd_request_set_bool(r, "requester.state_organ", false), 0);
    ck_assert(XJD_FALSE(r, RF_REQUESTER_STATE_ORGAN));
    ck_assert_int_eq(xjd_request_set_int(r, "export.individuals_ytd", 120000), 0);
    ck_assert(XJD_HAS(r, RF_EXPORT));
    ck_assert_int_eq(XJD_I(r, RF_EXPORT_INDIVIDUALS_YTD), 120000);
    ck_assert_int_eq(xjd_request_set_string(r, "export.assessment.status", "passed"), 0);
    ck_assert(XJD_HAS(r, RF_EXPORT_ASSESSMENT));
    ck_assert_int_eq(XJD_I(r, RF_EXPORT_ASSESSMENT_STATUS), XJD_AS_PASSED);
    ck_assert_int_eq(xjd_request_set_string(r, "export.assessment.valid_until", "2027-05-01"), 0);
    ck_assert_int_eq(XJD_I(r, RF_EXPORT_ASSESSMENT_VALID_UNTIL), xjd_days_from_civil(2027, 5, 1));
    /* received_at also takes a date-time: its calendar date in its own offset */
    ck_assert_int_eq(xjd_request_set_string(r, "share.received_at", "2026-03-02T01:00:00+08:00"), 0);
    ck_assert_int_eq(XJD_I(r, RF_SHARE_RECEIVED_AT), xjd_days_from_civil(2026, 3, 2));
    ck_assert_int_eq(xjd_request_set_string(r, "share.received_at", "2026-03-02T23:30:00-05:00"), 0);
    ck_assert_int_eq(XJD_I(r, RF_SHARE_RECEIVED_AT), xjd_days_from_civil(2026, 3, 2));
    ck_assert_int_eq(xjd_request_set_string(r, "trade.provider.kind", "legal_person"), 0);
    ck_assert(XJD_HAS(r, RF_TRADE) && XJD_HAS(r, RF_TRADE_PROVIDER));
    ck_assert_int_eq(XJD_I(r, RF_TRADE_PROVIDER_KIND), XJD_KIND_LEGAL_PERSON);
    ck_assert_str_eq(xjd_request_errmsg(r), "");
    /* unset of an object removes its subtree */
    ck_assert_int_eq(xjd_request_unset(r, "export"), 0);
    ck_assert(!r->v[RF_EXPORT].present);
    ck_assert(!r->v[RF_EXPORT_ASSESSMENT].present);
    ck_assert(!r->v[RF_EXPORT_ASSESSMENT_STATUS].present);
    ck_assert(!r->v[RF_EXPORT_INDIVIDUALS_YTD].present);
    ck_assert(XJD_HAS(r, RF_TRADE_PROVIDER_KIND));
    ck_assert_int_eq(xjd_request_unset(r, "requester.ciio"), 0);
    ck_assert(!r->v[RF_REQUESTER_CIIO].present);
    ck_assert(XJD_HAS(r, RF_REQUESTER));
    xjd_request_clear(r);
    for (int f = 0; f < RF__COUNT; f++)
        ck_assert(!r->v[f].present);
    ck_assert_int_eq(xjd_request_set_string(r, "requester.id", "x"), 0); /* reuse after clear */
    ck_assert_str_eq(XJD_S(r, RF_REQUESTER_ID), "x");
    xjd_request_free(r);
    xjd_request_free(NULL);
}
END_TEST

START_TEST(dataset_setters)
{
    xjd_dataset *d;
    ck_assert_int_eq(xjd_dataset_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_dataset_set_string(d, "id", "xj-hc-0042"), 0);
    ck_assert_int_eq(xjd_dataset_set_string(d, "share_type", "conditional"), 0);
    ck_assert_int_eq(XJD_I(d, DF_SHARE_TYPE), XJD_ST_CONDITIONAL);
    ck_assert_int_eq(xjd_dataset_add_string(d, "share_conditions", "仅用于疾病防控"), 0);
    for (int i = 0; i < 9; i++)
        ck_assert_int_eq(xjd_dataset_add_string(d, "share_conditions", "c"), 0);
    ck_assert_uint_eq(d->v[DF_SHARE_CONDITIONS].n, 10);
    ck_assert_str_eq(d->v[DF_SHARE_CONDITIONS].arr[0], "仅用于疾病防控");
    ck_assert_int_eq(xjd_dataset_set_null(d, "share_basis"), 0);
    ck_assert(d->v[DF_SHARE_BASIS].present && d->v[DF_SHARE_BASIS].is_null);
    ck_assert(!XJD_HAS(d, DF_SHARE_BASIS));
    ck_assert_int_eq(xjd_dataset_set_int(d, "personal_info.individuals", 52000), 0);
    ck_assert(XJD_HAS(d, DF_PERSONAL_INFO));
    ck_assert_int_eq(xjd_dataset_set_bool(d, "emergency.ended", false), 0);
    ck_assert(XJD_FALSE(d, DF_EMERGENCY_ENDED));
    ck_assert_int_eq(xjd_dataset_unset(d, "share_conditions"), 0);
    ck_assert(!d->v[DF_SHARE_CONDITIONS].present);
    ck_assert_uint_eq(d->v[DF_SHARE_CONDITIONS].n, 0);
    xjd_dataset_free(d);
    xjd_dataset_free(NULL);
}
END_TEST

START_TEST(setter_errors_name_the_path)
{
    xjd_request *r;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_int_eq(xjd_request_set_string(r, "action", "shar"), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "action");
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "share, open, export, trade"));
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "shar"));
    ck_assert(!r->v[RF_ACTION].present);

    ck_assert_int_eq(xjd_request_set_bool(r, "requester.id", true), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "requester.id");
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "text"));
    ck_assert(!r->v[RF_REQUESTER].present); /* a failed set marks nothing */

    ck_assert_int_eq(xjd_request_set_string(r, "purpose.statutory_dty", "x"), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "purpose.statutory_dty");
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "unknown field"));

    ck_assert_int_eq(xjd_request_set_int(r, "export.individuals_ytd", -1), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "export.individuals_ytd");
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), ">= 0"));

    ck_assert_int_eq(xjd_request_set_string(r, "share.received_at", "2026-02-30"), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "share.received_at");
    ck_assert_int_eq(xjd_request_set_string(r, "at", "2026-03-02T10:00:00"), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "at");
    ck_assert_int_eq(xjd_request_set_null(r, "requester.id"), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "null"));
    ck_assert_int_eq(xjd_request_set_bool(r, "export", true), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "export");
    ck_assert_int_eq(xjd_request_set_string(r, "requester.name", "bad\xff"), XJD_EINPUT);
    ck_assert_int_eq(xjd_request_set_string(r, NULL, "x"), XJD_EINVAL);
    ck_assert_int_eq(xjd_request_set_string(NULL, "action", "x"), XJD_EINVAL);

    /* dataset paths through the request, errors request-rooted */
    ck_assert_int_eq(xjd_request_set_string(r, "dataset.share_type", "sometimes"), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "dataset.share_type");
    ck_assert_ptr_null(xjd_request_dataset(r));
    ck_assert_int_eq(xjd_request_unset(r, "dataset.title"), 0);
    ck_assert_ptr_null(xjd_request_dataset(r));
    ck_assert_int_eq(xjd_request_unset(r, "dataset.titel"), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "dataset.titel");
    ck_assert_int_eq(xjd_request_set_string(r, "dataset.share_type", "none"), 0);
    ck_assert_ptr_nonnull(xjd_request_dataset(r));
    ck_assert_int_eq(XJD_I(xjd_request_dataset(r), DF_SHARE_TYPE), XJD_ST_NONE);
    ck_assert_str_eq(xjd_request_errmsg(r), ""); /* success clears the last error */

    xjd_dataset *d;
    ck_assert_int_eq(xjd_dataset_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_dataset_set_string(d, "foo", "x"), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errpath(d), "dataset.foo");
    ck_assert_int_eq(xjd_dataset_set_string(d, "grade", "secret"), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errpath(d), "dataset.grade");
    ck_assert_ptr_nonnull(strstr(xjd_dataset_errmsg(d), "core, important, general"));
    ck_assert_int_eq(xjd_dataset_set_string(d, "share_conditions", "x"), XJD_EINPUT);
    ck_assert_int_eq(xjd_dataset_add_string(d, "title", "x"), XJD_EINPUT);
    ck_assert_int_eq(xjd_dataset_set_null(d, "title"), XJD_EINPUT);
    ck_assert_int_eq(xjd_dataset_set_int(d, "personal_info.individuals", -5), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errpath(d), "dataset.personal_info.individuals");
    ck_assert_int_eq(xjd_dataset_erroffset(d), -1);
    xjd_dataset_free(d);
    xjd_request_free(r);
}
END_TEST

START_TEST(set_dataset_copies)
{
    xjd_request *r;
    xjd_dataset *d;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_int_eq(xjd_dataset_new(&d, NULL), 0);
    ck_assert_int_eq(xjd_dataset_set_string(d, "id", "ds-1"), 0);
    ck_assert_int_eq(xjd_dataset_add_string(d, "share_conditions", "a"), 0);
    ck_assert_int_eq(xjd_dataset_add_string(d, "share_conditions", "b"), 0);
    ck_assert_int_eq(xjd_dataset_set_null(d, "open_basis"), 0);
    ck_assert_int_eq(xjd_request_set_dataset(r, d), 0);
    ck_assert_int_eq(xjd_dataset_set_string(d, "id", "changed"), 0); /* the request holds a copy */
    const xjd_dataset *e = xjd_request_dataset(r);
    ck_assert_ptr_nonnull(e);
    ck_assert_ptr_ne(e, d);
    ck_assert_str_eq(XJD_S(e, DF_ID), "ds-1");
    ck_assert_uint_eq(e->v[DF_SHARE_CONDITIONS].n, 2);
    ck_assert_str_eq(e->v[DF_SHARE_CONDITIONS].arr[1], "b");
    ck_assert(e->v[DF_OPEN_BASIS].is_null);
    /* setting from its own embedded dataset works */
    ck_assert_int_eq(xjd_request_set_dataset(r, e), 0);
    ck_assert_str_eq(XJD_S(xjd_request_dataset(r), DF_ID), "ds-1");
    ck_assert_int_eq(xjd_request_set_dataset(r, NULL), 0);
    ck_assert_ptr_null(xjd_request_dataset(r));
    ck_assert_int_eq(xjd_request_set_dataset(r, d), 0);
    ck_assert_int_eq(xjd_request_unset(r, "dataset"), 0);
    ck_assert_ptr_null(xjd_request_dataset(r));
    xjd_dataset_free(d);
    xjd_request_free(r);
}
END_TEST

START_TEST(set_ext_canonical)
{
    xjd_request *r;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    /* {"b": 1, "a": [1.0 as double]} indefinite: stored as {"a": [1.0 as half], "b": 1} */
    const uint8_t in[] = { 0xbf, 0x61, 0x62, 0x01, 0x61, 0x61, 0x81, 0xfb, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0, 0xff };
    const uint8_t want[] = { 0xa2, 0x61, 0x61, 0x81, 0xf9, 0x3c, 0x00, 0x61, 0x62, 0x01 };
    ck_assert_int_eq(xjd_request_set_ext(r, in, sizeof in), 0);
    ck_assert(XJD_HAS(r, RF_EXT));
    ck_assert_uint_eq(r->v[RF_EXT].len, sizeof want);
    ck_assert_mem_eq(r->v[RF_EXT].s, want, sizeof want);
    /* errors keep the previous value */
    const uint8_t arr[] = { 0x80 };
    ck_assert_int_eq(xjd_request_set_ext(r, arr, sizeof arr), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "ext");
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "map"));
    const uint8_t trunc[] = { 0xa1, 0x61 };
    ck_assert_int_eq(xjd_request_set_ext(r, trunc, sizeof trunc), XJD_EINPUT);
    ck_assert_int_eq(xjd_request_erroffset(r), 0); /* the map declares more than the bytes left */
    /* "a" twice, once in a longer head: the same key once re-encoded (integer keys, which this
     * check used until issue 14, are refused outright now: next) */
    const uint8_t dup[] = { 0xa2, 0x61, 'a', 0x00, 0x78, 0x01, 'a', 0x00 };
    ck_assert_int_eq(xjd_request_set_ext(r, dup, sizeof dup), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "duplicate"));
    /* documents have text keys all the way down, ext included (issue 14) */
    const uint8_t intkey[] = { 0xa2, 0x01, 0x00, 0x18, 0x01, 0x00 };
    ck_assert_int_eq(xjd_request_set_ext(r, intkey, sizeof intkey), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "ext");
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "map key at byte 1 is an integer, expected text"));
    const uint8_t deep[] = { 0xa1, 0x61, 'x', 0xa1, 0x61, 'y', 0x81, 0xa1, 0x20, 0x00 }; /* {"x": {"y": [{-1: 0}]}} */
    ck_assert_int_eq(xjd_request_set_ext(r, deep, sizeof deep), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "map key at byte 8 is a negative integer"));
    /* every text in ext is UTF-8 without NUL, keys and values (fixed: {"host": "\xff\x07zz"} was
     * taken, signed, and refused by the verifier: a record that never verifies) */
    const uint8_t badval[] = { 0xa1, 0x64, 'h', 'o', 's', 't', 0x64, 0xff, 0x07, 'z', 'z' };
    ck_assert_int_eq(xjd_request_set_ext(r, badval, sizeof badval), XJD_EINPUT);
    ck_assert_str_eq(xjd_request_errpath(r), "ext");
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "text at byte 6 is not valid UTF-8"));
    const uint8_t badkey[] = { 0xa1, 0x62, 0xc3, 0x28, 0x00 }; /* a key of an ill-formed sequence */
    ck_assert_int_eq(xjd_request_set_ext(r, badkey, sizeof badkey), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "text at byte 1 is not valid UTF-8"));
    const uint8_t nul[] = { 0xa1, 0x61, 'x', 0x81, 0x62, 'a', 0x00 }; /* {"x": ["a\0"]} */
    ck_assert_int_eq(xjd_request_set_ext(r, nul, sizeof nul), XJD_EINPUT);
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "contains a NUL byte"));
    ck_assert_uint_eq(r->v[RF_EXT].len, sizeof want);
    ck_assert_int_eq(xjd_request_unset(r, "ext"), 0);
    ck_assert(!XJD_HAS(r, RF_EXT));

    xjd_dataset *d;
    ck_assert_int_eq(xjd_dataset_new(&d, NULL), 0);
    const uint8_t empty[] = { 0xa0 };
    ck_assert_int_eq(xjd_dataset_set_ext(d, empty, 1), 0);
    ck_assert(XJD_HAS(d, DF_EXT));
    ck_assert_uint_eq(d->v[DF_EXT].len, 1);
    ck_assert_int_eq(xjd_dataset_set_ext(d, arr, 1), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errpath(d), "dataset.ext");
    xjd_dataset_free(d);
    xjd_request_free(r);
}
END_TEST

/* Every allocation failure leaves the objects usable and leaks nothing. */
START_TEST(setters_out_of_memory)
{
    for (long k = 1; k < 200; k++) {
        ctr c = { 0, 0, k };
        xjd_allocator a = counting(&c);
        xjd_request *r = NULL;
        xjd_dataset *d = NULL;
        int rc = xjd_request_new(&r, &a);
        if (rc) {
            ck_assert_int_eq(rc, XJD_ENOMEM);
            ck_assert_int_eq(c.live, 0);
            continue;
        }
        rc = xjd_dataset_new(&d, &a);
        if (rc) {
            ck_assert_int_eq(rc, XJD_ENOMEM);
            xjd_request_free(r);
            ck_assert_int_eq(c.live, 0);
            continue;
        }
        int fails = 0;
        rc = xjd_request_set_string(r, "requester.id", "abc");
        fails += rc == XJD_ENOMEM;
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        if (rc)
            ck_assert(!r->v[RF_REQUESTER_ID].present);
        rc = xjd_request_set_string(r, "dataset.title", "t");
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        fails += rc == XJD_ENOMEM;
        rc = xjd_dataset_add_string(d, "share_conditions", "a");
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        fails += rc == XJD_ENOMEM;
        rc = xjd_dataset_set_string(d, "id", "x");
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        fails += rc == XJD_ENOMEM;
        rc = xjd_request_set_dataset(r, d);
        ck_assert(rc == 0 || rc == XJD_ENOMEM);
        fails += rc == XJD_ENOMEM;
        if (rc)
            ck_assert_str_eq(xjd_request_errpath(r), "dataset");
        /* still usable after the failure */
        long calls = c.calls;
        c.fail_at = 0;
        ck_assert_int_eq(xjd_request_set_string(r, "action", "share"), 0);
        ck_assert_int_eq(xjd_request_set_string(r, "purpose.scenario", "s"), 0);
        xjd_dataset_free(d);
        xjd_request_free(r);
        ck_assert_int_eq(c.live, 0);
        if (!fails && calls < k)
            break; /* every allocation point has been failed once */
    }
}
END_TEST


/* ------------------------------------------------------------------------------------------ */
/* CBOR documents, built with the writer in docs/vocabulary.md's order (not sorted).         */

#define T(w, s) xjd_cw_cstr(w, s)
#define KT(w, k, v) (T(w, k), T(w, v))
#define KB(w, k, v) (T(w, k), xjd_cw_bool(w, v))
#define KI(w, k, v) (T(w, k), xjd_cw_int(w, v))

static void example_dataset(xjd_cw *w)
{
    xjd_cw_map(w, 16);
    KT(w, "id", "xj-hc-0042");
    KT(w, "title", "法定传染病报告数据");
    KT(w, "category", "public");
    KT(w, "grade", "general");
    KT(w, "secret", "none");
    KB(w, "on_platform", true);
    KT(w, "source_department", "自治区卫生健康委员会");
    KT(w, "share_type", "conditional");
    T(w, "share_conditions");
    xjd_cw_array(w, 1);
    T(w, "仅用于疾病防控");
    T(w, "share_basis");
    xjd_cw_null(w);
    KT(w, "open_type", "none");
    KT(w, "open_basis", "《传染病防治法》第三十八条");
    T(w, "personal_info");
    xjd_cw_map(w, 4);
    KI(w, "individuals", 52000);
    KI(w, "sensitive_individuals", 52000);
    KB(w, "deidentified", true);
    KB(w, "anonymized", false);
    T(w, "emergency");
    xjd_cw_map(w, 4);
    KT(w, "event", "2026-乌鲁木齐-暴雪");
    KB(w, "ended", false);
    KT(w, "purpose", "道路抢通调度");
    KT(w, "period_end", "2026-02-28");
    KB(w, "important_notified", true);
    T(w, "ext");
    xjd_cw_map(w, 0);
}

static void example_request(xjd_cw *w, bool with_dataset)
{
    xjd_cw_map(w, with_dataset ? 11 : 10);
    KT(w, "action", "share");
    KT(w, "at", "2026-03-02T10:00:00+08:00");
    KT(w, "rulebook", "xj-2025");
    T(w, "requester");
    xjd_cw_map(w, 8);
    KT(w, "id", "xj-health-commission");
    KT(w, "name", "自治区卫生健康委员会");
    KT(w, "kind", "public_body");
    KB(w, "ciio", false);
    KB(w, "state_organ", false);
    KB(w, "access_terminated", false);
    KI(w, "pi_individuals_handled", 0);
    KB(w, "public_service_operator", false);
    T(w, "purpose");
    xjd_cw_map(w, 4);
    KB(w, "statutory_duty", true);
    KB(w, "onward_transfer", false);
    KT(w, "scenario", "传染病监测");
    KB(w, "emergency_response", false);
    if (with_dataset) {
        T(w, "dataset");
        example_dataset(w);
    }
    T(w, "share");
    xjd_cw_map(w, 5);
    KT(w, "received_at", "2026-03-02");
    KT(w, "provider_decision", "pending");
    KT(w, "refusal_reason", "...");
    KB(w, "conditions_met", true);
    KB(w, "core_data_approved", false);
    T(w, "open");
    xjd_cw_map(w, 6);
    KB(w, "commitment_signed", true);
    KT(w, "security_measures", "...");
    KB(w, "risk_assessed", false);
    KB(w, "provider_authorized", true);
    KB(w, "separate_consent", false);
    KB(w, "pia_done", false);
    T(w, "export");
    xjd_cw_map(w, 16);
    KT(w, "destination", "KZ");
    KT(w, "recipient", "...");
    KB(w, "recipient_judicial", false);
    KB(w, "judicial_approval", false);
    KI(w, "individuals_ytd", 120000);
    KI(w, "sensitive_individuals_ytd", 0);
    KI(w, "individuals_since_prev_year", 0);
    KI(w, "sensitive_since_prev_year", 0);
    KT(w, "exemption", "none");
    KT(w, "legal_basis", "consent");
    T(w, "assessment");
    xjd_cw_map(w, 2);
    KT(w, "status", "passed");
    KT(w, "valid_until", "2027-05-01");
    KB(w, "within_assessed_scope", true);
    KB(w, "standard_contract_filed", false);
    KB(w, "certified", false);
    KB(w, "separate_consent", true);
    KB(w, "pia_done", true);
    T(w, "trade");
    xjd_cw_map(w, 15);
    KT(w, "venue", "exchange");
    T(w, "provider");
    xjd_cw_map(w, 5);
    KT(w, "id", "...");
    KT(w, "kind", "legal_person");
    KB(w, "ciio", false);
    KB(w, "state_organ", false);
    KT(w, "role", "holder");
    KB(w, "for_digital_development", true);
    KB(w, "operation_security_assessed", false);
    KB(w, "procurement_coordinated", false);
    KB(w, "rights_holder_authorized", true);
    KB(w, "individual_authorization", true);
    KB(w, "authorized_operation", false);
    KB(w, "risk_assessed", false);
    KB(w, "source_explained", true);
    KB(w, "identities_verified", true);
    KB(w, "endangers_security", false);
    KB(w, "harms_public_interest", false);
    KB(w, "infringes_privacy", false);
    KB(w, "pia_done", false);
    T(w, "ext");
    xjd_cw_map(w, 1);
    T(w, "host");
    xjd_cw_map(w, 2); /* unsorted on purpose: kept in deterministic form */
    KI(w, "zz", 1);
    KI(w, "a", 2);
}

typedef struct {
    uint8_t b[4096];
    size_t n;
} bytes;

static bytes build(void (*fn)(xjd_cw *, bool), bool arg)
{
    bytes out;
    xjd_cw w;
    xjd_cw_init_fixed(&w, out.b, sizeof out.b);
    fn(&w, arg);
    ck_assert_int_eq(w.err, 0);
    out.n = w.len;
    return out;
}

static void ds_wrap(xjd_cw *w, bool unused)
{
    (void)unused;
    example_dataset(w);
}

/* Canonical form of a CBOR document through the generic writer (an independent path). */
static bytes canonical(const bytes *in)
{
    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cdoc d;
    xjd_cdoc_init(&d, &a);
    ck_assert_int_eq(xjd_cbor_parse(&d, in->b, in->n, NULL, 0), 0);
    bytes out;
    xjd_cw w;
    xjd_cw_init_fixed(&w, out.b, sizeof out.b);
    xjd_cw_canonical(&w, &d, 0);
    ck_assert_int_eq(w.err, 0);
    out.n = w.len;
    xjd_cdoc_free(&d);
    return out;
}

START_TEST(decode_example_request)
{
    bytes in = build(example_request, true);
    xjd_request *r;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_msg(xjd_request_decode(r, in.b, in.n, NULL) == 0, "%s", xjd_request_errmsg(r));
    ck_assert_str_eq(xjd_request_errmsg(r), "");
    ck_assert_int_eq(xjd_request_erroffset(r), -1);
    ck_assert_int_eq(XJD_I(r, RF_ACTION), XJD_ACT_SHARE);
    ck_assert_str_eq(XJD_S(r, RF_RULEBOOK), "xj-2025");
    ck_assert_int_eq(XJD_I(r, RF_AT), xjd_days_from_civil(2026, 3, 2) * 86400 + 2 * 3600);
    ck_assert_int_eq(r->v[RF_AT].aux, 480);
    ck_assert_str_eq(XJD_S(r, RF_REQUESTER_ID), "xj-health-commission");
    ck_assert_int_eq(XJD_I(r, RF_REQUESTER_KIND), XJD_KIND_PUBLIC_BODY);
    ck_assert(XJD_FALSE(r, RF_REQUESTER_CIIO));
    ck_assert(XJD_HAS(r, RF_REQUESTER_PI_INDIVIDUALS_HANDLED));
    ck_assert_int_eq(XJD_I(r, RF_REQUESTER_PI_INDIVIDUALS_HANDLED), 0);
    ck_assert(XJD_TRUE(r, RF_PURPOSE_STATUTORY_DUTY));
    ck_assert_str_eq(XJD_S(r, RF_PURPOSE_SCENARIO), "传染病监测");
    ck_assert_int_eq(XJD_I(r, RF_SHARE_RECEIVED_AT), xjd_days_from_civil(2026, 3, 2));
    ck_assert_int_eq(XJD_I(r, RF_SHARE_PROVIDER_DECISION), XJD_PD_PENDING);
    ck_assert(XJD_TRUE(r, RF_OPEN_COMMITMENT_SIGNED));
    ck_assert_int_eq(XJD_I(r, RF_EXPORT_INDIVIDUALS_YTD), 120000);
    ck_assert_int_eq(XJD_I(r, RF_EXPORT_EXEMPTION), XJD_EX_NONE);
    ck_assert_int_eq(XJD_I(r, RF_EXPORT_LEGAL_BASIS), XJD_LB_CONSENT);
    ck_assert_int_eq(XJD_I(r, RF_EXPORT_ASSESSMENT_STATUS), XJD_AS_PASSED);
    ck_assert_int_eq(XJD_I(r, RF_EXPORT_ASSESSMENT_VALID_UNTIL), xjd_days_from_civil(2027, 5, 1));
    ck_assert_str_eq(XJD_S(r, RF_EXPORT_DESTINATION), "KZ");
    ck_assert_int_eq(XJD_I(r, RF_TRADE_VENUE), XJD_VENUE_EXCHANGE);
    ck_assert_int_eq(XJD_I(r, RF_TRADE_PROVIDER_KIND), XJD_KIND_LEGAL_PERSON);
    ck_assert(XJD_FALSE(r, RF_TRADE_INFRINGES_PRIVACY));
    /* every field of the example is present */
    for (int f = 0; f < RF__COUNT; f++)
        ck_assert_msg(r->v[f].present, "%s absent", xjd_request_fields[f].path);
    /* ext kept whole, in deterministic form: {"host": {"a": 2, "zz": 1}} */
    const uint8_t ext[] = { 0xa1, 0x64, 'h', 'o', 's', 't', 0xa2, 0x61, 'a', 0x02, 0x62, 'z', 'z', 0x01 };
    ck_assert_uint_eq(r->v[RF_EXT].len, sizeof ext);
    ck_assert_mem_eq(r->v[RF_EXT].s, ext, sizeof ext);
    /* embedded dataset */
    const xjd_dataset *d = xjd_request_dataset(r);
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(XJD_S(d, DF_ID), "xj-hc-0042");
    ck_assert_int_eq(XJD_I(d, DF_CATEGORY), XJD_CAT_PUBLIC);
    ck_assert_int_eq(XJD_I(d, DF_GRADE), XJD_GRADE_GENERAL);
    ck_assert_int_eq(XJD_I(d, DF_SECRET), XJD_SECRET_NONE);
    ck_assert_int_eq(XJD_I(d, DF_SHARE_TYPE), XJD_ST_CONDITIONAL);
    ck_assert_int_eq(XJD_I(d, DF_OPEN_TYPE), XJD_ST_NONE);
    ck_assert_uint_eq(d->v[DF_SHARE_CONDITIONS].n, 1);
    ck_assert_str_eq(d->v[DF_SHARE_CONDITIONS].arr[0], "仅用于疾病防控");
    ck_assert(d->v[DF_SHARE_BASIS].present && d->v[DF_SHARE_BASIS].is_null);
    ck_assert_str_eq(XJD_S(d, DF_OPEN_BASIS), "《传染病防治法》第三十八条");
    ck_assert_int_eq(XJD_I(d, DF_PI_SENSITIVE_INDIVIDUALS), 52000);
    ck_assert(XJD_TRUE(d, DF_PI_DEIDENTIFIED));
    ck_assert_str_eq(XJD_S(d, DF_EMERGENCY_EVENT), "2026-乌鲁木齐-暴雪");
    for (int f = 0; f < DF__COUNT; f++)
        ck_assert_msg(d->v[f].present, "dataset.%s absent", xjd_dataset_fields[f].path);
    /* decoding a request without a dataset drops the embedded one */
    bytes in2 = build(example_request, false);
    ck_assert_int_eq(xjd_request_decode(r, in2.b, in2.n, NULL), 0);
    ck_assert_ptr_null(xjd_request_dataset(r));
    xjd_request_free(r);
}
END_TEST

START_TEST(encode_is_deterministic_and_stable)
{
    xjd_request *r, *r2;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_int_eq(xjd_request_new(&r2, NULL), 0);
    bytes in = build(example_request, true);
    ck_assert_int_eq(xjd_request_decode(r, in.b, in.n, NULL), 0);
    size_t need = 0;
    ck_assert_int_eq(xjd_request_encode(NULL, 0, &need, r), 0);
    ck_assert_uint_eq(need, in.n); /* same content, only the key order differs */
    bytes e1;
    ck_assert_int_eq(xjd_request_encode(e1.b, sizeof e1.b, &e1.n, r), 0);
    ck_assert_uint_eq(e1.n, need);
    /* equals the generic canonical form of the input */
    bytes c = canonical(&in);
    ck_assert_uint_eq(c.n, e1.n);
    ck_assert_mem_eq(c.b, e1.b, e1.n);
    ck_assert_int_ne(memcmp(in.b, e1.b, in.n), 0);
    /* decode(encode(x)) encodes to the same bytes */
    ck_assert_int_eq(xjd_request_decode(r2, e1.b, e1.n, NULL), 0);
    bytes e2;
    ck_assert_int_eq(xjd_request_encode(e2.b, sizeof e2.b, &e2.n, r2), 0);
    ck_assert_uint_eq(e2.n, e1.n);
    ck_assert_mem_eq(e2.b, e1.b, e1.n);
    /* writing into a larger document gives the same bytes */
    {
        xjd_allocator a;
        xjd_alloc_init(&a, NULL);
        xjd_cw g;
        xjd_cw_init_grow(&g, &a, NULL, 0);
        xjd_cw_array(&g, 2);
        xjd_request_write(&g, r);
        xjd_dataset_write(&g, xjd_request_dataset(r));
        ck_assert_int_eq(g.err, 0);
        ck_assert_uint_gt(g.len, 1 + e1.n);
        ck_assert_mem_eq(g.p + 1, e1.b, e1.n);
        xjd_free(&a, g.p);
    }
    /* small buffer */
    size_t got = 0;
    ck_assert_int_eq(xjd_request_encode(e2.b, 10, &got, r), XJD_EBUFSIZE);
    ck_assert_uint_eq(got, e1.n);

    /* documents built with the setters encode deterministically too */
    xjd_request_clear(r2);
    ck_assert_int_eq(xjd_request_set_string(r2, "requester.id", "x"), 0);
    ck_assert_int_eq(xjd_request_set_string(r2, "action", "open"), 0);
    ck_assert_int_eq(xjd_request_set_string(r2, "dataset.id", "d"), 0);
    ck_assert_int_eq(xjd_request_set_null(r2, "dataset.open_basis"), 0);
    const uint8_t want[] = { 0xa3, 0x66, 'a', 'c', 't', 'i', 'o', 'n', 0x64, 'o', 'p', 'e', 'n',
                             0x67, 'd', 'a', 't', 'a', 's', 'e', 't', 0xa2, 0x62, 'i', 'd', 0x61, 'd',
                             0x6a, 'o', 'p', 'e', 'n', '_', 'b', 'a', 's', 'i', 's', 0xf6,
                             0x69, 'r', 'e', 'q', 'u', 'e', 's', 't', 'e', 'r', 0xa1, 0x62, 'i', 'd', 0x61, 'x' };
    ck_assert_int_eq(xjd_request_encode(e2.b, sizeof e2.b, &e2.n, r2), 0);
    ck_assert_uint_eq(e2.n, sizeof want);
    ck_assert_mem_eq(e2.b, want, sizeof want);
    /* an empty request is an empty map */
    xjd_request_clear(r2);
    ck_assert_int_eq(xjd_request_encode(e2.b, sizeof e2.b, &e2.n, r2), 0);
    ck_assert_uint_eq(e2.n, 1);
    ck_assert_uint_eq(e2.b[0], 0xa0);
    xjd_request_free(r);
    xjd_request_free(r2);
}
END_TEST

START_TEST(dataset_decode_encode)
{
    bytes in = build(ds_wrap, false);
    xjd_dataset *d;
    ck_assert_int_eq(xjd_dataset_new(&d, NULL), 0);
    ck_assert_msg(xjd_dataset_decode(d, in.b, in.n, NULL) == 0, "%s", xjd_dataset_errmsg(d));
    ck_assert_str_eq(XJD_S(d, DF_TITLE), "法定传染病报告数据");
    ck_assert(XJD_TRUE(d, DF_ON_PLATFORM));
    ck_assert(XJD_HAS(d, DF_EXT));
    bytes e1, e2;
    ck_assert_int_eq(xjd_dataset_encode(e1.b, sizeof e1.b, &e1.n, d), 0);
    bytes c = canonical(&in);
    ck_assert_uint_eq(c.n, e1.n);
    ck_assert_mem_eq(c.b, e1.b, e1.n);
    ck_assert_int_eq(xjd_dataset_decode(d, e1.b, e1.n, NULL), 0);
    ck_assert_int_eq(xjd_dataset_encode(e2.b, sizeof e2.b, &e2.n, d), 0);
    ck_assert_uint_eq(e2.n, e1.n);
    ck_assert_mem_eq(e2.b, e1.b, e1.n);
    /* stand-alone dataset errors are request-rooted too */
    uint8_t buf[128];
    xjd_cw w;
    xjd_cw_init_fixed(&w, buf, sizeof buf);
    xjd_cw_map(&w, 2);
    KT(&w, "id", "d");
    KI(&w, "fooo", 1);
    ck_assert_int_eq(xjd_dataset_decode(d, buf, w.len, NULL), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errpath(d), "dataset.fooo");
    ck_assert_int_eq(xjd_dataset_erroffset(d), 6); /* the key "fooo" */
    ck_assert(!d->v[DF_ID].present);
    xjd_cw_init_fixed(&w, buf, sizeof buf);
    xjd_cw_map(&w, 1);
    T(&w, "personal_info");
    xjd_cw_map(&w, 1);
    KI(&w, "individuals", -1);
    ck_assert_int_eq(xjd_dataset_decode(d, buf, w.len, NULL), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errpath(d), "dataset.personal_info.individuals");
    xjd_cw_init_fixed(&w, buf, sizeof buf);
    xjd_cw_map(&w, 1);
    KT(&w, "title", "t");
    ck_assert_int_eq(xjd_dataset_decode(d, buf, w.len, NULL), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errpath(d), "dataset.id");
    ck_assert_ptr_nonnull(strstr(xjd_dataset_errmsg(d), "missing required field"));
    ck_assert_int_eq(xjd_dataset_decode(d, buf, w.len - 1, NULL), XJD_EINPUT);
    ck_assert_str_eq(xjd_dataset_errpath(d), "");
    ck_assert_ptr_nonnull(strstr(xjd_dataset_errmsg(d), "truncated"));
    ck_assert_int_eq(xjd_dataset_decode(d, e1.b, e1.n, NULL), 0);
    /* a request embedding it encodes the dataset bytes inside */
    xjd_request *r;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_int_eq(xjd_request_set_dataset(r, d), 0);
    ck_assert_int_eq(xjd_request_encode(e2.b, sizeof e2.b, &e2.n, r), 0);
    ck_assert_uint_eq(e2.n, 1 + 8 + e1.n);
    ck_assert_mem_eq(e2.b + 9, e1.b, e1.n);
    xjd_request_free(r);
    xjd_dataset_free(d);
}
END_TEST

/* Decodes a request built by fn and expects an error at path (and offset when >= 0). */
static void expect_req_error(void (*fn)(xjd_cw *), int code, const char *path, const char *msgpart, long off)
{
    uint8_t buf[2048];
    xjd_cw w;
    xjd_cw_init_fixed(&w, buf, sizeof buf);
    fn(&w);
    ck_assert_int_eq(w.err, 0);
    xjd_request *r;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_int_eq(xjd_request_set_string(r, "purpose.scenario", "left over"), 0);
    int rc = xjd_request_decode(r, buf, w.len, NULL);
    ck_assert_msg(rc == code, "rc %d (%s), expected %d", rc, xjd_request_errmsg(r), code);
    ck_assert_str_eq(xjd_request_errpath(r), path);
    ck_assert_msg(strstr(xjd_request_errmsg(r), msgpart) != NULL, "message \"%s\" lacks \"%s\"",
                  xjd_request_errmsg(r), msgpart);
    if (off >= 0)
        ck_assert_int_eq(xjd_request_erroffset(r), off);
    /* left empty */
    for (int f = 0; f < RF__COUNT; f++)
        ck_assert(!r->v[f].present);
    ck_assert_ptr_null(xjd_request_dataset(r));
    /* and usable */
    bytes ok = build(example_request, true);
    ck_assert_int_eq(xjd_request_decode(r, ok.b, ok.n, NULL), 0);
    ck_assert_str_eq(xjd_request_errpath(r), "");
    xjd_request_free(r);
}

static void head_ok(xjd_cw *w, int extra)
{
    xjd_cw_map(w, 2 + extra);
    KT(w, "action", "share");
    T(w, "requester");
    xjd_cw_map(w, 1);
    KT(w, "id", "r");
}

static void e_enum(xjd_cw *w)
{
    xjd_cw_map(w, 2);
    KT(w, "action", "shar"); /* value at offset 8 */
    T(w, "requester");
    xjd_cw_map(w, 1);
    KT(w, "id", "r");
}
static void e_type(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "purpose");
    xjd_cw_map(w, 1);
    KI(w, "statutory_duty", 1);
}
static void e_unknown(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "purpose");
    xjd_cw_map(w, 1);
    KB(w, "statutory_dty", true);
}
static void e_unknown_ds(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "dataset");
    xjd_cw_map(w, 2);
    KT(w, "id", "d");
    KT(w, "foo", "x");
}
static void e_ds_enum(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "dataset");
    xjd_cw_map(w, 2);
    KT(w, "id", "d");
    KT(w, "share_type", "sometimes");
}
static void e_ds_missing_id(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "dataset");
    xjd_cw_map(w, 1);
    KT(w, "title", "t");
}
static void e_missing_action(xjd_cw *w)
{
    xjd_cw_map(w, 1);
    T(w, "requester");
    xjd_cw_map(w, 1);
    KT(w, "id", "r");
}
static void e_missing_requester(xjd_cw *w)
{
    xjd_cw_map(w, 1);
    KT(w, "action", "open");
}
static void e_missing_requester_id(xjd_cw *w)
{
    xjd_cw_map(w, 2);
    KT(w, "action", "open");
    T(w, "requester");
    xjd_cw_map(w, 1);
    KT(w, "name", "n");
}
static void e_duplicate(xjd_cw *w)
{
    head_ok(w, 1);
    KT(w, "action", "open");
}
static void e_negative(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "export");
    xjd_cw_map(w, 1);
    KI(w, "individuals_ytd", -3);
}
static void e_huge(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "export");
    xjd_cw_map(w, 1);
    T(w, "individuals_ytd");
    xjd_cw_uint(w, UINT64_MAX);
}
static void e_float(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "export");
    xjd_cw_map(w, 1);
    T(w, "individuals_ytd");
    xjd_cw_float(w, 1.5);
}
static void e_null(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "rulebook");
    xjd_cw_null(w);
}
static void e_not_map(xjd_cw *w)
{
    xjd_cw_array(w, 0);
}
static void e_int_key(xjd_cw *w)
{
    head_ok(w, 1);
    xjd_cw_int(w, 1);
    xjd_cw_int(w, 2);
}
static void e_bad_date(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "share");
    xjd_cw_map(w, 1);
    KT(w, "received_at", "2026-02-30");
}
static void e_bad_at(xjd_cw *w)
{
    head_ok(w, 1);
    KT(w, "at", "yesterday");
}
static void e_conditions(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "dataset");
    xjd_cw_map(w, 2);
    KT(w, "id", "d");
    T(w, "share_conditions");
    xjd_cw_array(w, 2);
    T(w, "a");
    xjd_cw_int(w, 7);
}
static void e_ext_array(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "ext");
    xjd_cw_array(w, 0);
}
static void e_deep(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "ext");
    for (int i = 0; i < 16; i++) {
        xjd_cw_map(w, 1);
        T(w, "k");
    }
    xjd_cw_int(w, 0);
}
static void e_bad_utf8(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "purpose");
    xjd_cw_map(w, 1);
    T(w, "scenario");
    xjd_cw_text(w, "a\xc3", 2);
}
static void e_object_type(xjd_cw *w)
{
    head_ok(w, 1);
    KT(w, "export", "yes");
}

static void e_control_reason(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "share");
    xjd_cw_map(w, 1);
    KT(w, "refusal_reason", "\x1b[3A\r\x1b[2K许可 (permit)");
}
static void e_control_condition(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "dataset");
    xjd_cw_map(w, 2);
    KT(w, "id", "d");
    T(w, "share_conditions");
    xjd_cw_array(w, 2);
    T(w, "fine");
    T(w, "a\xc2\x9b" "2Jb"); /* U+009B, the 8-bit CSI */
}
static void e_nul_in_text(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "purpose");
    xjd_cw_map(w, 1);
    T(w, "scenario");
    xjd_cw_text(w, "ab\0cd", 5);
}

static void e_ext_int_key(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "ext");
    xjd_cw_map(w, 1);
    T(w, "host");
    xjd_cw_map(w, 1);
    xjd_cw_int(w, 7);
    T(w, "x");
}
static void e_ds_int_key(xjd_cw *w)
{
    head_ok(w, 1);
    T(w, "dataset");
    xjd_cw_map(w, 2);
    KT(w, "id", "d");
    xjd_cw_int(w, 1);
    xjd_cw_int(w, 2);
}

/* Issue 14: documents are maps with text keys all the way down, their ext included. */
START_TEST(integer_keys_refused_in_documents)
{
    expect_req_error(e_int_key, XJD_EINPUT, "", "map key is an integer, expected text", -1);
    expect_req_error(e_ds_int_key, XJD_EINPUT, "dataset", "map key is an integer, expected text", -1);
    expect_req_error(e_ext_int_key, XJD_EINPUT, "ext", "is an integer, expected text", -1);
}
END_TEST

/* Issue 14: free text (every text field that is not an enumeration or a date) refuses C0
 * controls, DEL and C1 controls, through the setters and the decoder, naming the field; text a
 * person can read (bidirectional marks included: displays escape those) is taken. */
/* Blank text: white space and invisible format characters only; anything else states something. */
START_TEST(blank_text)
{
    static const char *const blank[] = { "", " ", "\u3000", "\u00a0", "\u1680", "\u180e", "\u2000\u200a",
                                         "\u200b\u200c\u200d", "\u2028\u2029", "\u202f\u205f\u2060", "\ufeff",
                                         "\u00ad\u200e\u200f\u202a\u202e\u2066", "\ufe0f\u3164", "\U000E0041" };
    static const char *const stated[] = { "a", " a", "\u3000x\u3000", "\u2070", "\U0001F600",
                                          "\u3001", "\u00a1", " \U00020000", "\U0001D17B" };
    for (size_t i = 0; i < sizeof blank / sizeof blank[0]; i++)
        ck_assert_msg(xjd_doc_text_blank(blank[i]), "blank %zu", i);
    for (size_t i = 0; i < sizeof stated / sizeof stated[0]; i++)
        ck_assert_msg(!xjd_doc_text_blank(stated[i]), "stated %zu", i);
}
END_TEST

START_TEST(free_text_refuses_control_characters)
{
    static const char *const bad[] = { "a\x1b[2Kb", "a\rb", "a\nb", "a\tb", "a\x7f", "\x01", "a\xc2\x85z",
                                       "\xc2\x9b" "31m" };
    xjd_request *r;
    xjd_dataset *d;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_int_eq(xjd_dataset_new(&d, NULL), 0);
    int tested = 0;
    for (int side = 0; side < 2; side++) {
        const xjd_field_desc *t = side ? xjd_dataset_fields : xjd_request_fields;
        int nf = side ? DF__COUNT : RF__COUNT;
        for (int f = 0; f < nf; f++) {
            if (t[f].kind != XK_STRING && t[f].kind != XK_STRARRAY)
                continue;
            for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
                int rc;
                if (t[f].kind == XK_STRING)
                    rc = side ? xjd_dataset_set_string(d, t[f].path, bad[b]) : xjd_request_set_string(r, t[f].path, bad[b]);
                else /* text arrays are dataset fields only */
                    rc = side ? xjd_dataset_add_string(d, t[f].path, bad[b]) : XJD_EINVAL;
                ck_assert_msg(rc == XJD_EINPUT, "%s took control text #%zu", t[f].path, b);
                const char *path = side ? xjd_dataset_errpath(d) : xjd_request_errpath(r);
                const char *msg = side ? xjd_dataset_errmsg(d) : xjd_request_errmsg(r);
                char want[128];
                snprintf(want, sizeof want, "%s%s", side ? "dataset." : "", t[f].path);
                ck_assert_str_eq(path, want);
                ck_assert_msg(strstr(msg, "control character") != NULL, "%s", msg);
            }
            const char *fine = "乌鲁木齐 \xe2\x80\xae(RLO) “quoted” \\ ok";
            int rc = t[f].kind == XK_STRING
                         ? (side ? xjd_dataset_set_string(d, t[f].path, fine) : xjd_request_set_string(r, t[f].path, fine))
                         : (side ? xjd_dataset_add_string(d, t[f].path, fine) : XJD_EINVAL);
            ck_assert_msg(rc == 0, "%s refused readable text", t[f].path);
            tested++;
        }
    }
    ck_assert_int_ge(tested, 14);
    xjd_dataset_free(d);
    xjd_request_free(r);
    expect_req_error(e_control_reason, XJD_EINPUT, "share.refusal_reason", "control characters: U+001B at byte 0", -1);
    expect_req_error(e_control_condition, XJD_EINPUT, "dataset.share_conditions[1]", "U+009B at byte 1", -1);
    expect_req_error(e_nul_in_text, XJD_EINPUT, "purpose.scenario", "NUL", -1);
}
END_TEST

/* Every name of every enumerated field is taken, as its own value; a prefix, an extension, a
 * change of case and the empty text are refused (the match compares first bytes inline). */
START_TEST(every_enum_name_and_near_misses)
{
    xjd_request *r;
    xjd_dataset *d;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_int_eq(xjd_dataset_new(&d, NULL), 0);
    int tested = 0;
    for (int side = 0; side < 2; side++) {
        const xjd_field_desc *t = side ? xjd_dataset_fields : xjd_request_fields;
        int nf = side ? DF__COUNT : RF__COUNT;
        for (int f = 0; f < nf; f++) {
            if (t[f].kind != XK_ENUM)
                continue;
            for (int j = 0; j < t[f].nnames; j++) {
                const char *name = t[f].names[j];
                int rc = side ? xjd_dataset_set_string(d, t[f].path, name) : xjd_request_set_string(r, t[f].path, name);
                ck_assert_msg(rc == 0, "%s = %s: %d", t[f].path, name, rc);
                int64_t got = side ? d->v[f].i : r->v[f].i;
                ck_assert_msg(got == j + 1, "%s = %s gave value %lld", t[f].path, name, (long long)got);
                size_t n = strlen(name);
                char miss[5][64];
                snprintf(miss[0], sizeof miss[0], "%.*s", (int)(n - 1), name); /* prefix */
                snprintf(miss[1], sizeof miss[1], "%sx", name);                /* extension */
                snprintf(miss[2], sizeof miss[2], "%s", name);
                miss[2][0] = (char)(miss[2][0] ^ 0x20);                        /* case of the first byte */
                snprintf(miss[3], sizeof miss[3], "%s", name);
                miss[3][n - 1] = (char)(miss[3][n - 1] ^ 0x01);                 /* last byte */
                miss[4][0] = '\0';                                             /* empty */
                for (int m = 0; m < 5; m++) {
                    rc = side ? xjd_dataset_set_string(d, t[f].path, miss[m])
                              : xjd_request_set_string(r, t[f].path, miss[m]);
                    ck_assert_msg(rc == XJD_EINPUT, "%s = \"%s\" taken", t[f].path, miss[m]);
                }
                tested++;
            }
        }
    }
    ck_assert_int_ge(tested, 30);
    xjd_dataset_free(d);
    xjd_request_free(r);
}
END_TEST

START_TEST(decode_errors_name_the_path)
{
    expect_req_error(e_enum, XJD_EINPUT, "action", "share, open, export, trade", 8);
    expect_req_error(e_type, XJD_EINPUT, "purpose.statutory_duty", "expected a boolean, got an integer", -1);
    expect_req_error(e_unknown, XJD_EINPUT, "purpose.statutory_dty", "unknown field", -1);
    expect_req_error(e_unknown_ds, XJD_EINPUT, "dataset.foo", "unknown field", -1);
    expect_req_error(e_ds_enum, XJD_EINPUT, "dataset.share_type", "unconditional, conditional, none", -1);
    expect_req_error(e_ds_missing_id, XJD_EINPUT, "dataset.id", "missing required field", -1);
    expect_req_error(e_missing_action, XJD_EINPUT, "action", "missing required field", 0);
    expect_req_error(e_missing_requester, XJD_EINPUT, "requester.id", "missing required field", 0);
    expect_req_error(e_missing_requester_id, XJD_EINPUT, "requester.id", "missing required field", 23);
    expect_req_error(e_duplicate, XJD_EINPUT, "action", "duplicate", -1);
    expect_req_error(e_negative, XJD_EINPUT, "export.individuals_ytd", ">= 0", -1);
    expect_req_error(e_huge, XJD_EINPUT, "export.individuals_ytd", "out of range", -1);
    expect_req_error(e_float, XJD_EINPUT, "export.individuals_ytd", "got a floating-point number", -1);
    expect_req_error(e_null, XJD_EINPUT, "rulebook", "cannot be null", -1);
    expect_req_error(e_not_map, XJD_EINPUT, "", "expected a map", 0);
    expect_req_error(e_int_key, XJD_EINPUT, "", "map key", -1);
    expect_req_error(e_bad_date, XJD_EINPUT, "share.received_at", "2026-02-30", -1);
    expect_req_error(e_bad_at, XJD_EINPUT, "at", "RFC 3339", -1);
    expect_req_error(e_conditions, XJD_EINPUT, "dataset.share_conditions[1]", "expected text, got an integer", -1);
    expect_req_error(e_ext_array, XJD_EINPUT, "ext", "expected a map", -1);
    expect_req_error(e_deep, XJD_ELIMIT, "", "deeper", -1);
    expect_req_error(e_bad_utf8, XJD_EINPUT, "purpose.scenario", "UTF-8", -1);
    expect_req_error(e_object_type, XJD_EINPUT, "export", "expected an object, got text", -1);
}
END_TEST

START_TEST(decode_error_offsets)
{
    /* the offset points at the offending item */
    uint8_t buf[256];
    xjd_cw w;
    xjd_cw_init_fixed(&w, buf, sizeof buf);
    e_type(&w);
    xjd_request *r;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_int_eq(xjd_request_decode(r, buf, w.len, NULL), XJD_EINPUT);
    ck_assert_uint_eq(buf[xjd_request_erroffset(r)], 0x01); /* the integer 1 */
    ck_assert_uint_eq(xjd_request_erroffset(r), w.len - 1);
    xjd_cw_init_fixed(&w, buf, sizeof buf);
    e_unknown(&w);
    ck_assert_int_eq(xjd_request_decode(r, buf, w.len, NULL), XJD_EINPUT);
    ck_assert_uint_eq(buf[xjd_request_erroffset(r)], 0x6d); /* the key: text of 13 bytes */
    /* over-deep: the offset is the first container past the limit (the 16th map inside ext is
     * the 17th level under the document's map) */
    xjd_cw_init_fixed(&w, buf, sizeof buf);
    e_deep(&w);
    ck_assert_int_eq(xjd_request_decode(r, buf, w.len, NULL), XJD_ELIMIT);
    ck_assert_uint_eq(buf[xjd_request_erroffset(r)], 0xa1);
    ck_assert_uint_eq(xjd_request_erroffset(r), w.len - 1 - 2 - 1);
    /* limits given by the caller */
    bytes in = build(example_request, true);
    xjd_limits l = { 100, 0, 0, 0 };
    ck_assert_int_eq(xjd_request_decode(r, in.b, in.n, &l), XJD_ELIMIT);
    ck_assert_int_eq(xjd_request_erroffset(r), 100);
    xjd_limits s = { 0, 0, 0, 10 };
    ck_assert_int_eq(xjd_request_decode(r, in.b, in.n, &s), XJD_ELIMIT);
    ck_assert_ptr_nonnull(strstr(xjd_request_errmsg(r), "limit of 10"));
    ck_assert_int_eq(xjd_request_decode(r, NULL, 0, NULL), XJD_EINPUT);
    ck_assert_int_eq(xjd_request_decode(r, NULL, 5, NULL), XJD_EINVAL);
    ck_assert_int_eq(xjd_request_decode(NULL, in.b, in.n, NULL), XJD_EINVAL);
    xjd_request_free(r);
}
END_TEST

START_TEST(decode_truncated_everywhere)
{
    bytes in = build(example_request, true);
    xjd_request *r;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    for (size_t cut = 0; cut < in.n; cut++) {
        uint8_t *p = malloc(cut ? cut : 1);
        memcpy(p, in.b, cut);
        int rc = xjd_request_decode(r, p, cut, NULL);
        ck_assert_msg(rc == XJD_EINPUT, "cut %zu: %d", cut, rc);
        ck_assert_int_le(xjd_request_erroffset(r), (long)cut);
        ck_assert_int_ge(xjd_request_erroffset(r), 0);
        ck_assert(!r->v[RF_ACTION].present);
        free(p);
    }
    ck_assert_int_eq(xjd_request_decode(r, in.b, in.n, NULL), 0);
    xjd_request_free(r);
}
END_TEST

START_TEST(decode_out_of_memory)
{
    bytes in = build(example_request, true);
    bytes want;
    {
        xjd_request *r;
        ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
        ck_assert_int_eq(xjd_request_decode(r, in.b, in.n, NULL), 0);
        ck_assert_int_eq(xjd_request_encode(want.b, sizeof want.b, &want.n, r), 0);
        xjd_request_free(r);
    }
    bool completed = false;
    for (long k = 2; k < 400 && !completed; k++) {
        ctr c = { 0, 0, 0 };
        xjd_allocator a = counting(&c);
        xjd_request *r;
        ck_assert_int_eq(xjd_request_new(&r, &a), 0);
        c.fail_at = k;
        int rc = xjd_request_decode(r, in.b, in.n, NULL);
        ck_assert_msg(rc == 0 || rc == XJD_ENOMEM, "k %ld: rc %d", k, rc);
        if (rc) {
            for (int f = 0; f < RF__COUNT; f++)
                ck_assert(!r->v[f].present);
        } else {
            completed = c.calls < k;
        }
        c.fail_at = 0;
        ck_assert_int_eq(xjd_request_decode(r, in.b, in.n, NULL), 0);
        bytes got;
        ck_assert_int_eq(xjd_request_encode(got.b, sizeof got.b, &got.n, r), 0);
        ck_assert_uint_eq(got.n, want.n);
        ck_assert_mem_eq(got.b, want.b, want.n);
        xjd_request_free(r);
        ck_assert_int_eq(c.live, 0);
    }
    ck_assert(completed);
}
END_TEST

/* Random byte mutations of the example: never a crash, only clean results; whatever decodes
 * re-encodes to a fixed point. */
START_TEST(mutations_never_crash)
{
    bytes in = build(example_request, true);
    xjd_request *r, *r2;
    ck_assert_int_eq(xjd_request_new(&r, NULL), 0);
    ck_assert_int_eq(xjd_request_new(&r2, NULL), 0);
    uint64_t seed = 0x9e3779b97f4a7c15u;
    int decoded = 0;
    for (int iter = 0; iter < 4000; iter++) {
        bytes m = in;
        int flips = 1 + iter % 4;
        for (int j = 0; j < flips; j++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            size_t at = (size_t)(seed % m.n);
            m.b[at] = (uint8_t)(seed >> 32);
        }
        if (iter % 5 == 0)
            m.n = (size_t)(seed >> 40) % m.n;
        uint8_t *p = malloc(m.n ? m.n : 1);
        memcpy(p, m.b, m.n);
        int rc = xjd_request_decode(r, p, m.n, NULL);
        free(p);
        ck_assert_msg(rc == 0 || rc == XJD_EINPUT || rc == XJD_ELIMIT, "iter %d: rc %d", iter, rc);
        if (rc) {
            ck_assert(xjd_request_errmsg(r)[0] != '\0');
            continue;
        }
        decoded++;
        bytes e1, e2;
        ck_assert_int_eq(xjd_request_encode(e1.b, sizeof e1.b, &e1.n, r), 0);
        ck_assert_msg(xjd_request_decode(r2, e1.b, e1.n, NULL) == 0, "iter %d: %s", iter, xjd_request_errmsg(r2));
        ck_assert_int_eq(xjd_request_encode(e2.b, sizeof e2.b, &e2.n, r2), 0);
        ck_assert_uint_eq(e1.n, e2.n);
        ck_assert_mem_eq(e1.b, e2.b, e1.n);
    }
    ck_assert_int_gt(decoded, 0);
    xjd_request_free(r);
    xjd_request_free(r2);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc");
    TCase *tc = tcase_create("setters");
    tcase_add_test(tc, tables_are_consistent);
    tcase_add_test(tc, setters_every_kind);
    tcase_add_test(tc, dataset_setters);
    tcase_add_test(tc, setter_errors_name_the_path);
    tcase_add_test(tc, set_dataset_copies);
    tcase_add_test(tc, setters_out_of_memory);
    tcase_add_test(tc, set_ext_canonical);
    suite_add_tcase(s, tc);
    TCase *tc2 = tcase_create("cbor");
    tcase_add_test(tc2, decode_example_request);
    tcase_add_test(tc2, encode_is_deterministic_and_stable);
    tcase_add_test(tc2, dataset_decode_encode);
    tcase_add_test(tc2, decode_errors_name_the_path);
    tcase_add_test(tc2, every_enum_name_and_near_misses);
    tcase_add_test(tc2, free_text_refuses_control_characters);
    tcase_add_test(tc2, blank_text);
    tcase_add_test(tc2, integer_keys_refused_in_documents);
    tcase_add_test(tc2, decode_error_offsets);
    tcase_add_test(tc2, decode_truncated_everywhere);
    tcase_add_test(tc2, decode_out_of_memory);
    tcase_add_test(tc2, mutations_never_crash);
    suite_add_tcase(s, tc2);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
