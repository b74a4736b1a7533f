/* SPDX-License-Identifier: MIT */
/* Suite: cose — COSE_Sign1 envelope: the record protected header, ToBeSigned, each parse check. */
#include <check.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cose.h"
#include "xjdata.h"

static xjd_key *key;
static xjd_allocator A;

static void setup(void)
{
    uint8_t seed[32];
    for (int i = 0; i < 32; i++)
        seed[i] = (uint8_t)i;
    xjd_alloc_init(&A, NULL);
    ck_assert_int_eq(xjd_key_from_seed(&key, seed, NULL), 0);
}

static void teardown(void) { xjd_key_free(key); }

/* Signs `payload` under protected header bytes `prot` and unprotected map bytes `unprot`. */
static size_t sign(uint8_t *out, size_t cap, const uint8_t *prot, size_t plen, const uint8_t *unprot, size_t ulen)
{
    xjd_cw tbs, w;
    xjd_cw_init_grow(&tbs, &A, NULL, 0);
    xjd_cw_init_fixed(&w, out, cap);
    ck_assert_int_eq(xjd_cose_sign1(&w, &tbs, key, true, prot, plen, unprot, ulen, NULL, 0,
                                    (const uint8_t *)"payload", 7),
                     0);
    xjd_free(&A, tbs.p);
    return w.len;
}

static int check(const uint8_t *msg, size_t len, unsigned flags, char *err)
{
    xjd_cdoc doc, hdr;
    xjd_cdoc_init(&doc, &A);
    xjd_cdoc_init(&hdr, &A);
    xjd_cose_msg m;
    char e[256];
    int rc = xjd_cose_parse(&m, &doc, &hdr, msg, len, NULL, flags, err ? err : e, 256);
    if (!rc) {
        xjd_cw tbs;
        xjd_cw_init_grow(&tbs, &A, NULL, 0);
        rc = xjd_cose_verify(&m, &tbs, key->pk, NULL, 0);
        xjd_free(&A, tbs.p);
    }
    xjd_cdoc_free(&doc);
    xjd_cdoc_free(&hdr);
    return rc;
}

START_TEST(record_protected_header_layout)
{
    uint8_t p[XJD_COSE_PROT_MAX];
    size_t n = xjd_cose_record_protected(p, key->kid);
    const char *ct = XJD_RECORD_CONTENT_TYPE;
    size_t ctl = strlen(ct);
    ck_assert_uint_eq(n, 1 + 2 + 1 + 2 + ctl + 1 + 2 + 32);
    const uint8_t head[] = { 0xa3, 0x01, 0x27, 0x03, 0x78, (uint8_t)ctl };
    ck_assert_mem_eq(p, head, sizeof head);
    ck_assert_mem_eq(p + 6, ct, ctl);
    const uint8_t kidhead[] = { 0x04, 0x58, 0x20 };
    ck_assert_mem_eq(p + 6 + ctl, kidhead, 3);
    ck_assert_mem_eq(p + 9 + ctl, key->kid, 32);
}
END_TEST

START_TEST(tbs_layout)
{
    uint8_t buf[64];
    xjd_cw w;
    xjd_cw_init_fixed(&w, buf, sizeof buf);
    const uint8_t prot[] = { 0xa1, 0x01, 0x27 };
    xjd_cose_tbs(&w, prot, 3, (const uint8_t *)"A", 1, (const uint8_t *)"xy", 2);
    const uint8_t want[] = { 0x84, 0x6a, 'S', 'i', 'g', 'n', 'a', 't', 'u', 'r', 'e', '1',
                             0x43, 0xa1, 0x01, 0x27, 0x41, 'A', 0x42, 'x', 'y' };
    ck_assert_uint_eq(w.len, sizeof want);
    ck_assert_mem_eq(buf, want, sizeof want);
}
END_TEST

START_TEST(each_envelope_check_has_its_error)
{
    uint8_t msg[256], bad[300];
    char err[256];
    const uint8_t prot[] = { 0xa1, 0x01, 0x27 };
    const uint8_t none[] = { 0xa0 };
    size_t n = sign(msg, sizeof msg, prot, 3, none, 1);
    ck_assert_int_eq(check(msg, n, 0, err), 0);
    /* trailing byte */
    memcpy(bad, msg, n);
    bad[n] = 0x00;
    ck_assert_int_eq(check(bad, n + 1, 0, err), XJD_ETRAILING);
    ck_assert_ptr_nonnull(strstr(err, "1 bytes after"));
    /* array of 3 */
    memcpy(bad, msg, n);
    bad[1] = 0x83;
    ck_assert_int_eq(check(bad, n, 0, err), XJD_ESHAPE);
    /* tag 17 (COSE_Mac0) and no tag */
    bad[1] = 0x84;
    bad[0] = 0xd1;
    ck_assert_int_eq(check(bad, n, 0, err), XJD_ENOTTAG18);
    ck_assert_int_eq(check(bad + 1, n - 1, 0, err), XJD_ENOTTAG18);
    ck_assert_int_eq(check(msg + 1, n - 1, XJD_COSE_ALLOW_UNTAGGED, err), 0);
    /* tag 18 written in a longer head is still tag 18 */
    bad[0] = 0xd8;
    bad[1] = 18;
    memcpy(bad + 2, msg + 1, n - 1);
    ck_assert_int_eq(check(bad, n + 1, 0, err), 0);
    /* alg only unprotected */
    const uint8_t alg_u[] = { 0xa1, 0x01, 0x27 };
    n = sign(msg, sizeof msg, NULL, 0, alg_u, 3);
    ck_assert_int_eq(check(msg, n, 0, err), XJD_EALG);
    ck_assert_int_eq(check(msg, n, XJD_COSE_ALLOW_UNPROTECTED_ALG, err), 0);
    /* alg in both headers */
    n = sign(msg, sizeof msg, prot, 3, alg_u, 3);
    ck_assert_int_eq(check(msg, n, 0, err), XJD_EDUPLABEL);
    /* label twice in the protected header */
    const uint8_t dup[] = { 0xa2, 0x01, 0x27, 0x01, 0x27 };
    n = sign(msg, sizeof msg, dup, 5, none, 1);
    ck_assert_int_eq(check(msg, n, 0, err), XJD_EDUPLABEL);
    /* label twice in the unprotected header, as texts */
    const uint8_t dupt[] = { 0xa2, 0x61, 'a', 0x01, 0x61, 'a', 0x02 };
    n = sign(msg, sizeof msg, prot, 3, dupt, sizeof dupt);
    ck_assert_int_eq(check(msg, n, 0, err), XJD_EDUPLABEL);
    /* ES256 */
    const uint8_t es[] = { 0xa1, 0x01, 0x26 };
    n = sign(msg, sizeof msg, es, 3, none, 1);
    ck_assert_int_eq(check(msg, n, 0, err), XJD_EALG);
    /* no alg at all */
    n = sign(msg, sizeof msg, none, 1, none, 1);
    ck_assert_int_eq(check(msg, n, 0, err), XJD_EALG);
    /* protected header that is not a map */
    const uint8_t arr[] = { 0x80 };
    n = sign(msg, sizeof msg, arr, 1, none, 1);
    ck_assert_int_eq(check(msg, n, 0, err), XJD_ESHAPE);
    /* a short signature */
    n = sign(msg, sizeof msg, prot, 3, none, 1);
    memcpy(bad, msg, n);
    ck_assert_uint_eq(bad[n - 66], 0x58);
    bad[n - 65] = 63;
    ck_assert_int_eq(check(bad, n - 1, 0, err), XJD_ESIGNATURE);
    /* size limit */
    xjd_cdoc doc, hdr;
    xjd_cdoc_init(&doc, &A);
    xjd_cdoc_init(&hdr, &A);
    xjd_cose_msg m;
    xjd_limits lim = { 32, 0, 0, 0 };
    ck_assert_int_eq(xjd_cose_parse(&m, &doc, &hdr, msg, n, &lim, 0, err, sizeof err), XJD_ERECLIMIT);
    xjd_cdoc_free(&doc);
    xjd_cdoc_free(&hdr);
    /* every truncation */
    for (size_t i = 0; i < n; i++)
        ck_assert_int_ne(check(msg, i, 0, err), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cose");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, record_protected_header_layout);
    tcase_add_test(tc, tbs_layout);
    tcase_add_test(tc, each_envelope_check_has_its_error);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
