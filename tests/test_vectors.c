/* SPDX-License-Identifier: MIT */
/* Suite: vectors — outside test vectors: COSE Ed25519 Sign1 (cose-wg/Examples) and Wycheproof Ed25519. */
#include <check.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cose.h"
#include "key.h"
#include "xjdata.h"

static json_t *load(const char *rel)
{
    const char *dir = getenv("XJD_VECTORS");
    ck_assert_msg(dir != NULL, "XJD_VECTORS is not set");
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    json_error_t e;
    json_t *j = json_load_file(path, 0, &e);
    ck_assert_msg(j != NULL, "%s: %s", path, e.text);
    return j;
}

/* Hex (either case) into a malloc'd buffer. */
static uint8_t *unhex(const char *h, size_t *n)
{
    size_t len = strlen(h);
    uint8_t *b = malloc(len / 2 + 1);
    size_t got = 0;
    ck_assert_int_eq(sodium_hex2bin(b, len / 2 + 1, h, len, NULL, &got, NULL), 0);
    ck_assert_uint_eq(got * 2, len);
    *n = got;
    return b;
}

static const char *jstr(json_t *o, const char *path)
{
    /* dotted path */
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    json_t *cur = o;
    for (char *tok = strtok(buf, "."); tok; tok = strtok(NULL, "."))
        cur = json_object_get(cur, tok);
    ck_assert_msg(json_is_string(cur), "missing %s", path);
    return json_string_value(cur);
}

START_TEST(cose_eddsa_sig_01_byte_for_byte)
{
    json_t *j = load("cose/eddsa-sig-01.json");
    size_t nseed, nx, ntbs, nout;
    uint8_t *seed = unhex(jstr(j, "input.sign0.key.d_hex"), &nseed);
    uint8_t *x = unhex(jstr(j, "input.sign0.key.x_hex"), &nx);
    uint8_t *tbs_want = unhex(jstr(j, "intermediates.ToBeSign_hex"), &ntbs);
    uint8_t *out_want = unhex(jstr(j, "output.cbor"), &nout);
    const char *plain = jstr(j, "input.plaintext");
    xjd_key *k = NULL;
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    ck_assert_mem_eq(k->pk, x, 32);

    /* Headers as the example states them: protected {1: -8 (EdDSA), 3: 0 (ctyp)}, unprotected {4: '11'}. */
    xjd_cw ph, uh, tbs, out;
    uint8_t pbuf[16], ubuf[16];
    xjd_cw_init_fixed(&ph, pbuf, sizeof pbuf);
    xjd_cw_map(&ph, 2);
    xjd_cw_int(&ph, 1);
    xjd_cw_int(&ph, -8);
    xjd_cw_int(&ph, 3);
    xjd_cw_int(&ph, 0);
    xjd_cw_init_fixed(&uh, ubuf, sizeof ubuf);
    xjd_cw_map(&uh, 1);
    xjd_cw_int(&uh, 4);
    xjd_cw_bytes(&uh, "11", 2);

    xjd_allocator a;
    xjd_alloc_init(&a, NULL);
    xjd_cw_init_grow(&tbs, &a, NULL, 0);
    xjd_cw_init_grow(&out, &a, NULL, 0);
    ck_assert_int_eq(xjd_cose_sign1(&out, &tbs, k, true, pbuf, ph.len, ubuf, uh.len, NULL, 0,
                                    (const uint8_t *)plain, strlen(plain)),
                     0);
    ck_assert_uint_eq(tbs.len, ntbs);
    ck_assert_mem_eq(tbs.p, tbs_want, ntbs);
    ck_assert_uint_eq(out.len, nout);
    ck_assert_mem_eq(out.p, out_want, nout);
    /* and it verifies: the signature is the last 64 bytes, over ToBeSigned */
    ck_assert_int_eq(xjd_ed25519_verify(out.p + nout - 64, 64, tbs_want, ntbs, x), 0);
    tbs_want[ntbs - 1] ^= 1;
    ck_assert_int_eq(xjd_ed25519_verify(out.p + nout - 64, 64, tbs_want, ntbs, x), XJD_ESIGNATURE);

    xjd_free(&a, tbs.p);
    xjd_free(&a, out.p);
    xjd_key_free(k);
    free(seed);
    free(x);
    free(tbs_want);
    free(out_want);
    json_decref(j);
}
END_TEST

START_TEST(wycheproof_ed25519_all_cases)
{
    json_t *j = load("wycheproof/ed25519_test.json");
    size_t total = 0, valid = 0, invalid = 0;
    json_t *groups = json_object_get(j, "testGroups");
    for (size_t g = 0; g < json_array_size(groups); g++) {
        json_t *grp = json_array_get(groups, g);
        size_t npk;
        uint8_t *pk = unhex(jstr(grp, "publicKey.pk"), &npk);
        ck_assert_uint_eq(npk, 32);
        json_t *tests = json_object_get(grp, "tests");
        for (size_t t = 0; t < json_array_size(tests); t++) {
            json_t *tc = json_array_get(tests, t);
            size_t nmsg, nsig;
            uint8_t *msg = unhex(jstr(tc, "msg"), &nmsg);
            uint8_t *sig = unhex(jstr(tc, "sig"), &nsig);
            const char *result = jstr(tc, "result");
            int rc = xjd_ed25519_verify(sig, nsig, msg, nmsg, pk);
            int tcid = (int)json_integer_value(json_object_get(tc, "tcId"));
            if (strcmp(result, "valid") == 0) {
                ck_assert_msg(rc == 0, "tcId %d: valid signature rejected", tcid);
                valid++;
            } else {
                ck_assert_msg(strcmp(result, "invalid") == 0, "tcId %d: result %s", tcid, result);
                ck_assert_msg(rc == XJD_ESIGNATURE, "tcId %d: invalid signature accepted", tcid);
                invalid++;
            }
            total++;
            free(msg);
            free(sig);
        }
        free(pk);
    }
    ck_assert_uint_eq(total, 151);
    ck_assert_uint_eq(total, (size_t)json_integer_value(json_object_get(j, "numberOfTests")));
    ck_assert_uint_eq(valid, 88);
    ck_assert_uint_eq(invalid, 63);
    json_decref(j);
}
END_TEST

static Suite *vectors_suite(void)
{
    Suite *s = suite_create("vectors");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, cose_eddsa_sig_01_byte_for_byte);
    tcase_add_test(tc, wycheproof_ed25519_all_cases);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (sodium_init() < 0)
        return EXIT_FAILURE;
    SRunner *sr = srunner_create(vectors_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
