/* SPDX-License-Identifier: MIT */
/* Suite: key — Ed25519 keys, COSE_Key, RFC 9679 thumbprints, key files, key sets. */
#include <check.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "key.h"
#include "xjdata.h"

/* RFC 8032 §7.1 TEST 1 */
static const char *SEED1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
static const char *PUB1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

static void hex(uint8_t *out, size_t n, const char *h)
{
    size_t got = 0;
    ck_assert_int_eq(sodium_hex2bin(out, n, h, strlen(h), NULL, &got, NULL), 0);
    ck_assert_uint_eq(got, n);
}

static char tmpdir[256];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/xjd-key-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

START_TEST(seed_gives_rfc8032_public_key)
{
    uint8_t seed[32], pk[32];
    char h[65];
    xjd_key *k = NULL;
    hex(seed, 32, SEED1);
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    ck_assert_int_eq(xjd_key_has_secret(k), 1);
    ck_assert_int_eq(xjd_key_public(pk, k), 0);
    ck_assert_int_eq(xjd_key_public_hex(h, k), 0);
    ck_assert_str_eq(h, PUB1);
    xjd_key_free(k);
    xjd_key_free(NULL);
}
END_TEST

START_TEST(kid_is_rfc9679_thumbprint)
{
    /* Independent computation: SHA-256 of the hand-written deterministic map
     * {1: 1, -1: 6, -2: x} (RFC 9679 §3, OKP required members kty, crv, x). */
    uint8_t pk[32], kid[32], want[32];
    hex(pk, 32, PUB1);
    uint8_t m[40] = { 0xa3, 0x01, 0x01, 0x20, 0x06, 0x21, 0x58, 0x20 };
    memcpy(m + 8, pk, 32);
    crypto_hash_sha256(want, m, sizeof m);
    xjd_key *k = NULL;
    ck_assert_int_eq(xjd_key_from_hex(&k, PUB1, NULL), 0);
    ck_assert_int_eq(xjd_key_has_secret(k), 0);
    ck_assert_int_eq(xjd_key_kid(kid, k), 0);
    ck_assert_mem_eq(kid, want, 32);
    xjd_key_free(k);
}
END_TEST

START_TEST(generate_makes_distinct_working_keys)
{
    xjd_key *a = NULL, *b = NULL;
    uint8_t pa[32], pb[32];
    ck_assert_int_eq(xjd_key_generate(&a, NULL), 0);
    ck_assert_int_eq(xjd_key_generate(&b, NULL), 0);
    xjd_key_public(pa, a);
    xjd_key_public(pb, b);
    ck_assert_int_ne(memcmp(pa, pb, 32), 0);
    /* The secret and public halves belong together: sign with one, verify with the other. */
    uint8_t sig[64];
    crypto_sign_detached(sig, NULL, (const uint8_t *)"x", 1, a->sk);
    ck_assert_int_eq(crypto_sign_verify_detached(sig, (const uint8_t *)"x", 1, pa), 0);
    xjd_key_free(a);
    xjd_key_free(b);
}
END_TEST

START_TEST(bad_public_keys_are_refused)
{
    xjd_key *k = NULL;
    ck_assert_int_eq(xjd_key_from_hex(&k, "d75a98", NULL), XJD_EKEY);
    ck_assert_ptr_null(k);
    ck_assert_int_eq(xjd_key_from_hex(&k, "zz5a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", NULL),
                     XJD_EKEY);
    /* the identity point (small order) */
    ck_assert_int_eq(xjd_key_from_hex(&k, "0100000000000000000000000000000000000000000000000000000000000000", NULL),
                     XJD_EKEY);
    ck_assert_ptr_nonnull(strstr(xjd_key_errmsg(), "Ed25519"));
    ck_assert_int_eq(xjd_key_from_hex(NULL, PUB1, NULL), XJD_EINVAL);
}
END_TEST

START_TEST(cose_key_encoding_is_deterministic)
{
    uint8_t seed[32], kid[32], buf[200], pub[200];
    size_t n = 0, np = 0, need = 0;
    xjd_key *k = NULL;
    hex(seed, 32, SEED1);
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    xjd_key_kid(kid, k);
    ck_assert_int_eq(xjd_key_encode(NULL, 0, &need, k, true), 0);
    ck_assert_int_eq(xjd_key_encode(buf, sizeof buf, &n, k, true), 0);
    ck_assert_uint_eq(n, need);
    /* {1: 1, 2: kid, 3: -8, -1: 6, -2: x, -4: d} */
    ck_assert_uint_eq(n, 1 + 2 + 35 + 2 + 2 + 35 + 35);
    const uint8_t head[] = { 0xa6, 0x01, 0x01, 0x02, 0x58, 0x20 };
    ck_assert_mem_eq(buf, head, sizeof head);
    ck_assert_mem_eq(buf + 6, kid, 32);
    const uint8_t mid[] = { 0x03, 0x27, 0x20, 0x06, 0x21, 0x58, 0x20 };
    ck_assert_mem_eq(buf + 38, mid, sizeof mid);
    ck_assert_mem_eq(buf + n - 32, seed, 32);
    ck_assert_uint_eq(buf[n - 35], 0x23);
    ck_assert_int_eq(xjd_key_encode(pub, sizeof pub, &np, k, false), 0);
    ck_assert_uint_eq(np, n - 35);
    ck_assert_uint_eq(pub[0], 0xa5);
    ck_assert_mem_eq(pub + 1, buf + 1, np - 1);
    ck_assert_int_eq(xjd_key_encode(buf, 10, &n, k, true), XJD_EBUFSIZE);
    ck_assert_uint_eq(n, need);
    for (int i = 0; i < 10; i++)
        ck_assert_uint_eq(buf[i], 0); /* nothing of a partial secret left */
    xjd_key_free(k);
    xjd_key *p = NULL;
    ck_assert_int_eq(xjd_key_from_hex(&p, PUB1, NULL), 0);
    ck_assert_int_eq(xjd_key_encode(buf, sizeof buf, &n, p, true), XJD_ENOKEY);
    xjd_key_free(p);
}
END_TEST

START_TEST(clone_keeps_secret)
{
    uint8_t seed[32], a[32], b[32];
    xjd_key *k = NULL, *c = NULL;
    hex(seed, 32, SEED1);
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    ck_assert_int_eq(xjd_key_clone(&c, k), 0);
    xjd_key_free(k);
    ck_assert_int_eq(xjd_key_has_secret(c), 1);
    xjd_key_kid(a, c);
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    xjd_key_kid(b, k);
    ck_assert_mem_eq(a, b, 32);
    ck_assert_mem_eq(c->sk, k->sk, 64);
    xjd_key_free(k);
    xjd_key_free(c);
}
END_TEST

START_TEST(save_writes_0600_by_rename)
{
    uint8_t seed[32];
    char path[300];
    struct stat st;
    xjd_key *k = NULL;
    make_tmpdir();
    hex(seed, 32, SEED1);
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    snprintf(path, sizeof path, "%s/signing.key", tmpdir);
    mode_t old = umask(0);
    ck_assert_int_eq(xjd_key_save(k, path, true), 0);
    umask(old);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_uint_eq(st.st_mode & 0777, 0600);
    ck_assert_int_eq(st.st_size, 112);
    /* overwrite keeps the mode and leaves no temporary file behind */
    ck_assert_int_eq(xjd_key_save(k, path, false), 0);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_size, 77);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 1", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
    ck_assert_int_eq(xjd_key_save(k, "/nonexistent-dir/x.key", true), XJD_EIO);
    unlink(path);
    rmdir(tmpdir);
    xjd_key_free(k);
}
END_TEST

START_TEST(keyset_add_encode)
{
    xjd_keyset *ks = NULL;
    xjd_key *a = NULL, *b = NULL;
    uint8_t buf[256];
    size_t n = 0;
    ck_assert_int_eq(xjd_keyset_new(&ks, NULL), 0);
    ck_assert_uint_eq(xjd_keyset_count(ks), 0);
    ck_assert_int_eq(xjd_key_generate(&a, NULL), 0);
    ck_assert_int_eq(xjd_key_from_hex(&b, PUB1, NULL), 0);
    ck_assert_int_eq(xjd_keyset_add(ks, a), 0);
    ck_assert_int_eq(xjd_keyset_add(ks, b), 0);
    ck_assert_int_eq(xjd_keyset_add(ks, a), 0); /* a set: no duplicates */
    ck_assert_uint_eq(xjd_keyset_count(ks), 2);
    ck_assert_ptr_eq(xjd_keyset_find(ks, b->kid), ks->e[1].pk);
    ck_assert_mem_eq(xjd_keyset_find(ks, a->kid), a->pk, 32);
    uint8_t other[32] = { 0 };
    ck_assert_ptr_null(xjd_keyset_find(ks, other));
    ck_assert_int_eq(xjd_keyset_encode(buf, sizeof buf, &n, ks), 0);
    ck_assert_uint_eq(n, 1 + 2 * 77);
    ck_assert_uint_eq(buf[0], 0x82);
    xjd_key_free(a);
    xjd_key_free(b);
    xjd_keyset_free(ks);
    xjd_keyset_free(NULL);
}
END_TEST


START_TEST(cose_key_decodes_and_round_trips)
{
    uint8_t seed[32], buf[200], again[200];
    size_t n = 0, m = 0;
    xjd_key *k = NULL, *d = NULL;
    hex(seed, 32, SEED1);
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    ck_assert_int_eq(xjd_key_encode(buf, sizeof buf, &n, k, true), 0);
    ck_assert_int_eq(xjd_key_decode(&d, buf, n, NULL), 0);
    ck_assert_int_eq(xjd_key_has_secret(d), 1);
    ck_assert_int_eq(xjd_key_encode(again, sizeof again, &m, d, true), 0);
    ck_assert_uint_eq(m, n);
    ck_assert_mem_eq(again, buf, n);
    xjd_key_free(d);
    /* public part only */
    ck_assert_int_eq(xjd_key_encode(buf, sizeof buf, &n, k, false), 0);
    ck_assert_int_eq(xjd_key_decode(&d, buf, n, NULL), 0);
    ck_assert_int_eq(xjd_key_has_secret(d), 0);
    ck_assert_mem_eq(d->kid, k->kid, 32);
    xjd_key_free(d);
    /* minimal COSE_Key written by someone else: {1: 1, -1: 6, -2: x} with an arbitrary kid */
    uint8_t min[48] = { 0xa4, 0x01, 0x01, 0x02, 0x42, 0x31, 0x31, 0x20, 0x06, 0x21, 0x58, 0x20 };
    memcpy(min + 12, k->pk, 32);
    ck_assert_int_eq(xjd_key_decode(&d, min, 44, NULL), 0);
    ck_assert_mem_eq(d->kid, k->kid, 32); /* kid is the thumbprint, whatever label 2 said */
    xjd_key_free(d);
    xjd_key_free(k);
}
END_TEST

START_TEST(bad_cose_keys_are_refused)
{
    xjd_key *k = NULL, *d = NULL;
    uint8_t seed[32], buf[200];
    size_t n = 0;
    hex(seed, 32, SEED1);
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    ck_assert_int_eq(xjd_key_encode(buf, sizeof buf, &n, k, true), 0);
    /* x that does not belong to d */
    uint8_t bad[200];
    memcpy(bad, buf, n);
    bad[45] ^= 1;
    ck_assert_int_eq(xjd_key_decode(&d, bad, n, NULL), XJD_EKEY);
    ck_assert_ptr_null(d);
    ck_assert_ptr_nonnull(strstr(xjd_key_errmsg(), "public key of d"));
    /* EC2 key type */
    memcpy(bad, buf, n);
    bad[2] = 0x02;
    ck_assert_int_eq(xjd_key_decode(&d, bad, n, NULL), XJD_EKEY);
    ck_assert_ptr_nonnull(strstr(xjd_key_errmsg(), "kty"));
    /* X25519 curve */
    memcpy(bad, buf, n);
    bad[41] = 0x04;
    ck_assert_int_eq(xjd_key_decode(&d, bad, n, NULL), XJD_EKEY);
    ck_assert_ptr_nonnull(strstr(xjd_key_errmsg(), "crv"));
    /* alg ES256 */
    memcpy(bad, buf, n);
    bad[39] = 0x26;
    ck_assert_int_eq(xjd_key_decode(&d, bad, n, NULL), XJD_EKEY);
    ck_assert_ptr_nonnull(strstr(xjd_key_errmsg(), "alg"));
    /* every truncation */
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(xjd_key_decode(&d, buf, i, NULL), XJD_EKEY);
    /* a trailing byte */
    buf[n] = 0;
    ck_assert_int_eq(xjd_key_decode(&d, buf, n + 1, NULL), XJD_EKEY);
    /* duplicate label: {1: 1, 1: 1, ...} */
    const uint8_t dup[] = { 0xa2, 0x01, 0x01, 0x01, 0x01 };
    ck_assert_int_eq(xjd_key_decode(&d, dup, sizeof dup, NULL), XJD_EKEY);
    ck_assert_ptr_nonnull(strstr(xjd_key_errmsg(), "twice"));
    /* not a map */
    const uint8_t arr[] = { 0x80 };
    ck_assert_int_eq(xjd_key_decode(&d, arr, 1, NULL), XJD_EKEY);
    xjd_key_free(k);
}
END_TEST

static void write_file(const char *path, const void *p, size_t n, mode_t mode)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(p, 1, n, f), n);
    fclose(f);
    ck_assert_int_eq(chmod(path, mode), 0);
}

START_TEST(load_refuses_readable_secret_key_files)
{
    uint8_t seed[32], buf[200];
    size_t n = 0;
    char path[300], pub[300], hexpath[300];
    xjd_key *k = NULL, *l = NULL;
    make_tmpdir();
    hex(seed, 32, SEED1);
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    snprintf(path, sizeof path, "%s/secret.key", tmpdir);
    ck_assert_int_eq(xjd_key_save(k, path, true), 0);
    ck_assert_int_eq(xjd_key_load(&l, path, NULL), 0);
    ck_assert_int_eq(xjd_key_has_secret(l), 1);
    ck_assert_mem_eq(l->sk, k->sk, 64);
    xjd_key_free(l);
    l = NULL;
    ck_assert_int_eq(chmod(path, 0640), 0);
    ck_assert_int_eq(xjd_key_load(&l, path, NULL), XJD_EKEYFILE);
    ck_assert_ptr_null(l);
    ck_assert_ptr_nonnull(strstr(xjd_key_errmsg(), path));
    ck_assert_ptr_nonnull(strstr(xjd_key_errmsg(), "chmod 600"));
    ck_assert_int_eq(chmod(path, 0604), 0);
    ck_assert_int_eq(xjd_key_load(&l, path, NULL), XJD_EKEYFILE);
    {   /* the same refusal when the file is read as a key set */
        xjd_keyset *s0 = NULL;
        ck_assert_int_eq(xjd_keyset_new(&s0, NULL), 0);
        ck_assert_int_eq(xjd_keyset_load(s0, path), XJD_EKEYFILE);
        ck_assert_uint_eq(xjd_keyset_count(s0), 0);
        ck_assert_ptr_nonnull(strstr(xjd_key_errmsg(), "chmod 600"));
        ck_assert_int_eq(chmod(path, 0600), 0);
        ck_assert_int_eq(xjd_keyset_load(s0, path), 0);
        ck_assert_uint_eq(xjd_keyset_count(s0), 1);
        ck_assert_int_eq(chmod(path, 0604), 0);
        xjd_keyset_free(s0);
    }
    /* a public key file may be world-readable */
    snprintf(pub, sizeof pub, "%s/public.key", tmpdir);
    ck_assert_int_eq(xjd_key_encode(buf, sizeof buf, &n, k, false), 0);
    write_file(pub, buf, n, 0644);
    ck_assert_int_eq(xjd_key_load(&l, pub, NULL), 0);
    ck_assert_int_eq(xjd_key_has_secret(l), 0);
    xjd_key_free(l);
    snprintf(hexpath, sizeof hexpath, "%s/public.hex", tmpdir);
    char line[80];
    snprintf(line, sizeof line, "%s\n", PUB1);
    write_file(hexpath, line, strlen(line), 0644);
    ck_assert_int_eq(xjd_key_load(&l, hexpath, NULL), 0);
    ck_assert_mem_eq(l->pk, k->pk, 32);
    xjd_key_free(l);
    /* garbage and missing files */
    write_file(hexpath, "hello", 5, 0600);
    ck_assert_int_eq(xjd_key_load(&l, hexpath, NULL), XJD_EKEYFILE);
    ck_assert_ptr_nonnull(strstr(xjd_key_errmsg(), hexpath));
    char missing[300];
    snprintf(missing, sizeof missing, "%s/none.key", tmpdir);
    ck_assert_int_eq(xjd_key_load(&l, missing, NULL), XJD_EIO);
    /* key sets: from a COSE_KeySet file, a COSE_Key, a hex file */
    xjd_keyset *ks = NULL;
    xjd_key *g = NULL;
    ck_assert_int_eq(xjd_keyset_new(&ks, NULL), 0);
    ck_assert_int_eq(xjd_key_generate(&g, NULL), 0);
    ck_assert_int_eq(xjd_keyset_add(ks, g), 0);
    ck_assert_int_eq(xjd_keyset_encode(buf, sizeof buf, &n, ks), 0);
    xjd_keyset *ks2 = NULL;
    ck_assert_int_eq(xjd_keyset_new(&ks2, NULL), 0);
    ck_assert_int_eq(xjd_keyset_decode(ks2, buf, n), 0);
    ck_assert_uint_eq(xjd_keyset_count(ks2), 1);
    ck_assert_ptr_nonnull(xjd_keyset_find(ks2, g->kid));
    write_file(hexpath, line, strlen(line), 0644);
    ck_assert_int_eq(xjd_keyset_load(ks2, hexpath), 0);
    ck_assert_int_eq(xjd_keyset_load(ks2, pub), 0); /* same key again: still a set */
    ck_assert_uint_eq(xjd_keyset_count(ks2), 2);
    ck_assert_ptr_nonnull(xjd_keyset_find(ks2, k->kid));
    /* a bad key in a set adds nothing */
    buf[n - 1] ^= 0xff;
    buf[0] = 0x82; /* claim 2 keys: the second is missing */
    ck_assert_int_eq(xjd_keyset_decode(ks, buf, n), XJD_EKEY);
    ck_assert_uint_eq(xjd_keyset_count(ks), 1);
    xjd_keyset_free(ks);
    xjd_keyset_free(ks2);
    xjd_key_free(g);
    xjd_key_free(k);
    unlink(path);
    unlink(pub);
    unlink(hexpath);
    rmdir(tmpdir);
}
END_TEST

/* Issue 14, case 7: a FIFO given as --key hung in open(). Key paths open without blocking: a
 * FIFO (no writer), a device and a directory are refused at once, naming what they are; a
 * symbolic link to a key file is followed. */
START_TEST(key_paths_refuse_fifo_device_directory_without_blocking)
{
    char fifo[300], link[300], path[300];
    make_tmpdir();
    snprintf(fifo, sizeof fifo, "%s/key.fifo", tmpdir);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    alarm(5); /* a hang fails the test instead of the suite's timeout */
    struct { const char *path; const char *says; } cases[] = {
        { fifo, "is a FIFO" }, { "/dev/null", "is a character device" }, { tmpdir, "is a directory" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        xjd_key *k = NULL;
        ck_assert_int_eq(xjd_key_load(&k, cases[i].path, NULL), XJD_EKEYFILE);
        ck_assert_ptr_null(k);
        ck_assert_msg(strstr(xjd_key_errmsg(), cases[i].says) != NULL, "%s", xjd_key_errmsg());
        xjd_keyset *ks = NULL;
        ck_assert_int_eq(xjd_keyset_new(&ks, NULL), 0);
        ck_assert_int_eq(xjd_keyset_load(ks, cases[i].path), XJD_EKEYFILE);
        ck_assert_msg(strstr(xjd_key_errmsg(), cases[i].says) != NULL, "%s", xjd_key_errmsg());
        xjd_keyset_free(ks);
    }
    alarm(0);
    /* a link to a public key file: followed */
    uint8_t seed[32];
    hex(seed, 32, SEED1);
    xjd_key *k = NULL, *l = NULL;
    ck_assert_int_eq(xjd_key_from_seed(&k, seed, NULL), 0);
    snprintf(path, sizeof path, "%s/pub.key", tmpdir);
    ck_assert_int_eq(xjd_key_save(k, path, false), 0);
    snprintf(link, sizeof link, "%s/pub.link", tmpdir);
    ck_assert_int_eq(symlink(path, link), 0);
    ck_assert_int_eq(xjd_key_load(&l, link, NULL), 0);
    xjd_key_free(l);
    xjd_key_free(k);
    unlink(link);
    unlink(path);
    unlink(fifo);
    rmdir(tmpdir);
}
END_TEST

/* Issue 14 ("also seen"): mixed-order public keys were kept out only because Debian's libsodium
 * carries the CVE-2025-69277 fix. A prime-order key plus a point of order 2, 4 or 8 (the
 * low_order_component_A keys of the C2SP/CCTV and Wycheproof-style vectors) is refused by a check
 * of libxjdata's own, whatever libsodium's crypto_core_ed25519_is_valid_point says. */
START_TEST(mixed_order_public_keys_are_refused)
{
    static const char *const small[] = {
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", /* order 2 */
        "0000000000000000000000000000000000000000000000000000000000000000", /* order 4 */
        "0000000000000000000000000000000000000000000000000000000000000080", /* order 4 */
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", /* order 8 */
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05", /* order 8 */
    };
    uint8_t seed[32], pk[32];
    hex(seed, 32, SEED1);
    hex(pk, 32, PUB1);
    ck_assert(xjd_ed25519_prime_order(pk));
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        uint8_t t[32], m[32];
        hex(t, 32, small[i]);
        ck_assert_msg(!xjd_ed25519_prime_order(t), "small-order point %zu taken", i);
        ck_assert_int_eq(crypto_core_ed25519_add(m, pk, t), 0);
        ck_assert_msg(!xjd_ed25519_prime_order(m), "mixed-order key %zu taken by libxjdata's own check", i);
        xjd_key *k = NULL;
        ck_assert_int_eq(xjd_key_from_public(&k, m, NULL), XJD_EKEY);
        ck_assert_ptr_null(k);
        char h[65];
        sodium_bin2hex(h, sizeof h, m, 32);
        ck_assert_int_eq(xjd_key_from_hex(&k, h, NULL), XJD_EKEY);
        /* as the x of a COSE_Key, alone and in a key set */
        uint8_t cose[64] = { 0xa3, 0x01, 0x01, 0x20, 0x06, 0x21, 0x58, 0x20 };
        memcpy(cose + 8, m, 32);
        ck_assert_int_eq(xjd_key_decode(&k, cose, 40, NULL), XJD_EKEY);
        xjd_keyset *ks = NULL;
        ck_assert_int_eq(xjd_keyset_new(&ks, NULL), 0);
        ck_assert_int_eq(xjd_keyset_decode(ks, cose, 40), XJD_EKEY);
        ck_assert_uint_eq(xjd_keyset_count(ks), 0);
        xjd_keyset_free(ks);
    }
    /* keys of the prime-order subgroup pass, generated ones included */
    for (int i = 0; i < 16; i++) {
        xjd_key *k = NULL;
        ck_assert_int_eq(xjd_key_generate(&k, NULL), 0);
        ck_assert(xjd_ed25519_prime_order(k->pk));
        xjd_key_free(k);
    }
    /* a non-canonical encoding of a valid point: y + p, for a y below 19 */
    uint8_t nc[32];
    hex(nc, 32, "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    ck_assert(!xjd_ed25519_prime_order(nc));
}
END_TEST

/* Issue 14 ("also seen"): key_ops (label 4) was ignored. A key whose key_ops leave out what it
 * would be used for is refused: verify (2) for a public key or a key set, sign (1) for a key pair
 * loaded to sign. */
START_TEST(key_ops_must_allow_the_use)
{
    uint8_t seed[32], pk[32], buf[160];
    hex(seed, 32, SEED1);
    hex(pk, 32, PUB1);
    xjd_key *k = NULL;
    /* {1: 1, 4: ops, -1: 6, -2: x, ? -4: d} */
    struct { const uint8_t *ops; size_t n; bool secret; int want; int set_want; const char *says; } cases[] = {
        { (const uint8_t[]){ 0x81, 0x01 }, 2, false, XJD_EKEY, XJD_EKEY, "does not allow verify (2)" },
        { (const uint8_t[]){ 0x81, 0x02 }, 2, false, 0, 0, NULL },
        { (const uint8_t[]){ 0x82, 0x61, 'x', 0x02 }, 4, false, 0, 0, NULL },
        { (const uint8_t[]){ 0x80 }, 1, false, XJD_EKEY, XJD_EKEY, "non-empty array" },
        { (const uint8_t[]){ 0x02 }, 1, false, XJD_EKEY, XJD_EKEY, "non-empty array" },
        { (const uint8_t[]){ 0x81, 0x40 }, 2, false, XJD_EKEY, XJD_EKEY, "neither an integer nor a text" },
        { (const uint8_t[]){ 0x81, 0x02 }, 2, true, XJD_EKEY, 0, "does not allow sign (1)" },
        { (const uint8_t[]){ 0x81, 0x01 }, 2, true, 0, XJD_EKEY, "does not allow verify (2)" },
        { (const uint8_t[]){ 0x82, 0x01, 0x02 }, 3, true, 0, 0, NULL },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = 0;
        buf[n++] = cases[i].secret ? 0xa5 : 0xa4;
        buf[n++] = 0x01, buf[n++] = 0x01;
        buf[n++] = 0x04;
        memcpy(buf + n, cases[i].ops, cases[i].n), n += cases[i].n;
        buf[n++] = 0x20, buf[n++] = 0x06;
        buf[n++] = 0x21, buf[n++] = 0x58, buf[n++] = 0x20;
        memcpy(buf + n, pk, 32), n += 32;
        if (cases[i].secret) {
            buf[n++] = 0x23, buf[n++] = 0x58, buf[n++] = 0x20;
            memcpy(buf + n, seed, 32), n += 32;
        }
        int rc = xjd_key_decode(&k, buf, n, NULL);
        ck_assert_msg(rc == cases[i].want, "case %zu: %d (%s)", i, rc, xjd_key_errmsg());
        if (rc && cases[i].says)
            ck_assert_msg(strstr(xjd_key_errmsg(), cases[i].says) != NULL, "case %zu: %s", i, xjd_key_errmsg());
        xjd_key_free(k);
        k = NULL;
        xjd_keyset *ks = NULL;
        ck_assert_int_eq(xjd_keyset_new(&ks, NULL), 0);
        rc = xjd_keyset_decode(ks, buf, n);
        ck_assert_msg(rc == cases[i].set_want, "case %zu (key set): %d (%s)", i, rc, xjd_key_errmsg());
        xjd_keyset_free(ks);
    }
}
END_TEST

static Suite *key_suite(void)
{
    Suite *s = suite_create("key");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, seed_gives_rfc8032_public_key);
    tcase_add_test(tc, kid_is_rfc9679_thumbprint);
    tcase_add_test(tc, generate_makes_distinct_working_keys);
    tcase_add_test(tc, bad_public_keys_are_refused);
    tcase_add_test(tc, cose_key_encoding_is_deterministic);
    tcase_add_test(tc, clone_keeps_secret);
    tcase_add_test(tc, save_writes_0600_by_rename);
    tcase_add_test(tc, keyset_add_encode);
    tcase_add_test(tc, cose_key_decodes_and_round_trips);
    tcase_add_test(tc, bad_cose_keys_are_refused);
    tcase_add_test(tc, load_refuses_readable_secret_key_files);
    tcase_add_test(tc, key_paths_refuse_fifo_device_directory_without_blocking);
    tcase_add_test(tc, mixed_order_public_keys_are_refused);
    tcase_add_test(tc, key_ops_must_allow_the_use);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(key_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
