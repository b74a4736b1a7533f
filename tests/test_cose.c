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

/* Issue 14, case 3: under the record policy nothing unsigned is accepted. Every byte a verifier
 * accepts is one the key signed or one the encoding fixes: the tag in its one-byte head, a
 * deterministic protected header, an empty unprotected header (label 394, RFC 9942 receipts, is
 * the one planned exception: refused until the decision log lands). */
START_TEST(record_policy_admits_no_unsigned_bytes)
{
    uint8_t msg[70000], bad[70100];
    char err[256];
    const uint8_t prot[] = { 0xa1, 0x01, 0x27 };
    const uint8_t none[] = { 0xa0 };
    size_t n = sign(msg, sizeof msg, prot, 3, none, 1);
    ck_assert_int_eq(check(msg, n, XJD_COSE_RECORD, err), 0);
    /* tag 18 in a two-, three-, five- and nine-byte head: one tag, other bytes */
    static const uint8_t heads[][9] = { { 0xd8, 18 }, { 0xd9, 0, 18 }, { 0xda, 0, 0, 0, 18 },
                                        { 0xdb, 0, 0, 0, 0, 0, 0, 0, 18 } };
    static const size_t hl[] = { 2, 3, 5, 9 };
    for (int i = 0; i < 4; i++) {
        memcpy(bad, heads[i], hl[i]);
        memcpy(bad + hl[i], msg + 1, n - 1);
        ck_assert_int_eq(check(bad, n - 1 + hl[i], 0, err), 0); /* plain COSE: still tag 18 */
        ck_assert_int_eq(check(bad, n - 1 + hl[i], XJD_COSE_RECORD, err), XJD_ESHAPE);
        ck_assert_ptr_nonnull(strstr(err, "one-byte head 0xd2"));
    }
    /* unprotected parameters: an integer label, a text label, crit misplaced, a receipt, a
     * 60 KB padding: each signed message verifies as plain COSE and is refused as a record */
    static const uint8_t u_int[] = { 0xa1, 0x05, 0x40 };
    static const uint8_t u_text[] = { 0xa1, 0x66, 'e', 'f', 'f', 'e', 'c', 't', 0x67, 'p', 'e', 'r', 'm', 'i', 't', '!' };
    static const uint8_t u_crit[] = { 0xa1, 0x02, 0x81, 0x05 };
    static const uint8_t u_receipt[] = { 0xa1, 0x19, 0x01, 0x8a, 0x80 };
    struct { const uint8_t *u; size_t n; int plain; const char *says; } cases[] = {
        { u_int, sizeof u_int, 0, "label 5 is not signed" },
        { u_text, sizeof u_text, 0, "label \"effect\" is not signed" },
        { u_crit, sizeof u_crit, XJD_ECRIT, "label 2 is not signed" }, /* crit unprotected: §3.1 */
        { u_receipt, sizeof u_receipt, 0, "receipts (label 394)" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        n = sign(msg, sizeof msg, prot, 3, cases[i].u, cases[i].n);
        ck_assert_int_eq(check(msg, n, 0, err), cases[i].plain);
        ck_assert_int_eq(check(msg, n, XJD_COSE_RECORD, err), XJD_EUNPROTECTED);
        ck_assert_msg(strstr(err, cases[i].says) != NULL, "%s", err);
    }
    static uint8_t pad[60010];
    xjd_cw w;
    xjd_cw_init_fixed(&w, pad, sizeof pad);
    xjd_cw_map(&w, 1);
    xjd_cw_cstr(&w, "pad");
    static uint8_t zeros[60000];
    xjd_cw_bytes(&w, zeros, sizeof zeros);
    n = sign(msg, sizeof msg, prot, 3, pad, w.len);
    xjd_limits big = { 1u << 20, 0, 0, 0 };
    xjd_cdoc doc, hdr;
    xjd_cdoc_init(&doc, &A);
    xjd_cdoc_init(&hdr, &A);
    xjd_cose_msg m;
    ck_assert_int_eq(xjd_cose_parse(&m, &doc, &hdr, msg, n, &big, XJD_COSE_RECORD, err, sizeof err), XJD_EUNPROTECTED);
    ck_assert_msg(strstr(err, "label \"pad\" is not signed") && strstr(err, "(1 parameter(s), 60008 bytes)"), "%s", err);
    /* a label of the protected header repeated unprotected is still named as such */
    const uint8_t u_alg[] = { 0xa1, 0x01, 0x27 };
    n = sign(msg, sizeof msg, prot, 3, u_alg, 3);
    ck_assert_int_eq(check(msg, n, XJD_COSE_RECORD, err), XJD_EDUPLABEL);
    /* the protected header deterministic: keys in order, shortest heads, definite length */
    const uint8_t p_order[] = { 0xa2, 0x03, 0x00, 0x01, 0x27 };
    const uint8_t p_long[] = { 0xa1, 0x18, 0x01, 0x27 };
    const uint8_t p_indef[] = { 0xbf, 0x01, 0x27, 0xff };
    const uint8_t *ps[] = { p_order, p_long, p_indef };
    const size_t pn[] = { sizeof p_order, sizeof p_long, sizeof p_indef };
    for (int i = 0; i < 3; i++) {
        n = sign(msg, sizeof msg, ps[i], pn[i], none, 1);
        ck_assert_int_eq(check(msg, n, 0, err), 0);
        ck_assert_int_eq(check(msg, n, XJD_COSE_RECORD, err), XJD_ENONDET);
        ck_assert_ptr_nonnull(strstr(err, "protected header is not deterministic"));
    }
    xjd_cdoc_free(&doc);
    xjd_cdoc_free(&hdr);
}
END_TEST

/* Issue 14, case 6: the envelope and its headers parse into at most XJD_COSE_MAX_NODES nodes,
 * whatever limits the host raised, so an unsigned header of many small items costs neither
 * memory nor a quadratic label scan before the signature is checked. */
START_TEST(envelope_parse_has_a_node_budget)
{
    static uint8_t u[200000], msg[210000];
    const uint8_t prot[] = { 0xa1, 0x01, 0x27 };
    xjd_cw w;
    xjd_cw_init_fixed(&w, u, sizeof u);
    xjd_cw_map(&w, 30000);
    for (int i = 0; i < 30000; i++) {
        xjd_cw_int(&w, 100000 + i);
        xjd_cw_null(&w);
    }
    ck_assert_int_eq(w.err, 0);
    size_t n = sign(msg, sizeof msg, prot, 3, u, w.len);
    xjd_limits big = { 1u << 20, 64, 1u << 20, 0 };
    char err[256];
    for (unsigned flags = 0; flags <= XJD_COSE_RECORD; flags += XJD_COSE_RECORD) {
        xjd_cdoc doc, hdr;
        xjd_cdoc_init(&doc, &A);
        xjd_cdoc_init(&hdr, &A);
        xjd_cose_msg m;
        ck_assert_int_eq(xjd_cose_parse(&m, &doc, &hdr, msg, n, &big, flags, err, sizeof err), XJD_ERECLIMIT);
        ck_assert_ptr_nonnull(strstr(err, "more than 256 CBOR items"));
        ck_assert_uint_le(doc.cap, XJD_COSE_MAX_NODES);
        xjd_cdoc_free(&doc);
        xjd_cdoc_free(&hdr);
    }
}
END_TEST

/* Issue 14, case 4: crit (label 2) per RFC 9052 §3.1, as plain COSE and as a record. */
START_TEST(crit_is_processed)
{
    uint8_t msg[512];
    char err[256];
    const uint8_t none[] = { 0xa0 };
    static const struct { uint8_t p[16]; size_t n; int want; const char *says; } cases[] = {
        /* {1: -8, 2: [1]}: alg is understood */
        { { 0xa2, 0x01, 0x27, 0x02, 0x81, 0x01 }, 6, 0, NULL },
        /* {1: -8, 2: [1, 4], 4: h''}: alg and kid */
        { { 0xa3, 0x01, 0x27, 0x02, 0x82, 0x01, 0x04, 0x04, 0x40 }, 9, 0, NULL },
        /* {1: -8, 2: [5], 5: h''}: a critical parameter nobody here understands */
        { { 0xa3, 0x01, 0x27, 0x02, 0x81, 0x05, 0x05, 0x40 }, 8, XJD_ECRIT, "label 5, a critical parameter" },
        /* {1: -8, 2: ["x"], "x": 0} */
        { { 0xa3, 0x01, 0x27, 0x02, 0x81, 0x61, 'x', 0x61, 'x', 0x00 }, 10, XJD_ECRIT, "label \"x\", a critical" },
        /* {1: -8, 2: [5]}: names a label the header does not have */
        { { 0xa2, 0x01, 0x27, 0x02, 0x81, 0x05 }, 6, XJD_ECRIT, "not in the protected header" },
        /* {1: -8, 2: []} */
        { { 0xa2, 0x01, 0x27, 0x02, 0x80 }, 5, XJD_ECRIT, "non-empty array" },
        /* {1: -8, 2: 1} */
        { { 0xa2, 0x01, 0x27, 0x02, 0x01 }, 5, XJD_ECRIT, "non-empty array" },
        /* {1: -8, 2: [h'']} */
        { { 0xa2, 0x01, 0x27, 0x02, 0x81, 0x40 }, 6, XJD_ECRIT, "neither an integer nor a text" },
        /* {1: -8, 2: [2]}: crit naming itself */
        { { 0xa2, 0x01, 0x27, 0x02, 0x81, 0x02 }, 6, XJD_ECRIT, "label 2, a critical" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = sign(msg, sizeof msg, cases[i].p, cases[i].n, none, 1);
        for (unsigned flags = 0; flags <= XJD_COSE_RECORD; flags += XJD_COSE_RECORD) {
            int rc = check(msg, n, flags, err);
            ck_assert_msg(rc == cases[i].want, "case %zu flags %u: %d (%s)", i, flags, rc, err);
            if (cases[i].says)
                ck_assert_msg(strstr(err, cases[i].says) != NULL, "case %zu: %s", i, err);
        }
    }
    /* crit unprotected: refused as plain COSE (§3.1), and as a record, for being unprotected at all */
    const uint8_t prot[] = { 0xa1, 0x01, 0x27 };
    const uint8_t u_crit[] = { 0xa1, 0x02, 0x81, 0x01 };
    size_t n = sign(msg, sizeof msg, prot, sizeof prot, u_crit, sizeof u_crit);
    ck_assert_int_eq(check(msg, n, 0, err), XJD_ECRIT);
    ck_assert_ptr_nonnull(strstr(err, "wants it protected"));
    ck_assert_int_eq(check(msg, n, XJD_COSE_RECORD, err), XJD_EUNPROTECTED);
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
    tcase_add_test(tc, record_policy_admits_no_unsigned_bytes);
    tcase_add_test(tc, envelope_parse_has_a_node_budget);
    tcase_add_test(tc, crit_is_processed);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
