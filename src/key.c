/* SPDX-License-Identifier: MIT */
/*
 * Ed25519 keys: generation, seeds, COSE_Key (RFC 9052 §7, OKP/Ed25519), RFC 9679 thumbprints,
 * key files and key sets.
 *
 * The 64-byte secret key lives in sodium_malloc'd memory (guard pages, mlock, canary) and is
 * made read-only right after it is written. It is never toggled to no-access around a signature:
 * one key is shared by every thread evaluating on an engine, and a per-call mprotect would both
 * race and cost two system calls per signature. sodium_free() wipes it.
 */
#include "key.h"
#include "cbor_io.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEYFILE_MAX 65536

static _Thread_local char key_err[XJD_ERRMSG_MAX];

const char *xjd_key_errmsg(void) { return key_err; }

static int fail(int code, const char *fmt, const char *arg)
{
    xjd_seterr(key_err, sizeof key_err, fmt, arg);
    return code;
}

static int crypto_ready(void)
{
    /* sodium_init() is idempotent and thread-safe; 1 means already initialised. */
    return sodium_init() < 0 ? XJD_ENOMEM : 0;
}

void xjd_key_thumbprint(uint8_t out[32], const uint8_t pk[32])
{
    /* RFC 9679 §3: the required members of an OKP key (kty, crv, x) as a deterministic map,
     * keys in bytewise order of their encodings: 1 (0x01), -1 (0x20), -2 (0x21). */
    uint8_t m[8 + 32] = { 0xa3, 0x01, 0x01, 0x20, 0x06, 0x21, 0x58, 0x20 };
    memcpy(m + 8, pk, 32);
    crypto_hash_sha256(out, m, 8 + 32);
}

static int key_new(struct xjd_key **out, const xjd_allocator *alloc)
{
    xjd_allocator a;
    *out = NULL;
    int rc = crypto_ready();
    if (rc)
        return rc;
    xjd_alloc_init(&a, alloc);
    struct xjd_key *k = xjd_calloc(&a, sizeof *k);
    if (!k)
        return XJD_ENOMEM;
    k->a = a;
    *out = k;
    return 0;
}

/* Allocates the guarded secret; the caller fills it and calls seal(). */
static int secret_alloc(struct xjd_key *k)
{
    k->sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
    return k->sk ? 0 : XJD_ENOMEM;
}

static void seal(struct xjd_key *k)
{
    sodium_mprotect_readonly(k->sk);
    xjd_key_thumbprint(k->kid, k->pk);
}

int xjd_key_generate(xjd_key **out, const xjd_allocator *alloc)
{
    if (!out)
        return XJD_EINVAL;
    struct xjd_key *k;
    int rc = key_new(&k, alloc);
    if (rc)
        return rc;
    if (secret_alloc(k)) {
        xjd_key_free(k);
        return XJD_ENOMEM;
    }
    crypto_sign_keypair(k->pk, k->sk);
    seal(k);
    *out = k;
    return 0;
}

int xjd_key_from_seed(xjd_key **out, const uint8_t seed[32], const xjd_allocator *alloc)
{
    if (!out || !seed)
        return XJD_EINVAL;
    struct xjd_key *k;
    int rc = key_new(&k, alloc);
    if (rc)
        return rc;
    if (secret_alloc(k)) {
        xjd_key_free(k);
        return XJD_ENOMEM;
    }
    crypto_sign_seed_keypair(k->pk, k->sk, seed);
    seal(k);
    *out = k;
    return 0;
}

int xjd_key_from_public(xjd_key **out, const uint8_t public_key[32], const xjd_allocator *alloc)
{
    if (!out || !public_key)
        return XJD_EINVAL;
    *out = NULL;
    int rc = crypto_ready();
    if (rc)
        return rc;
    /* Canonical encoding of a point in the prime-order subgroup: small-order and mixed-order
     * keys would let many messages verify, so they are refused at import. */
    if (!crypto_core_ed25519_is_valid_point(public_key))
        return fail(XJD_EKEY, "public key is not a valid Ed25519 point%s", "");
    struct xjd_key *k;
    rc = key_new(&k, alloc);
    if (rc)
        return rc;
    memcpy(k->pk, public_key, 32);
    xjd_key_thumbprint(k->kid, k->pk);
    *out = k;
    return 0;
}

int xjd_key_from_hex(xjd_key **out, const char *hex, const xjd_allocator *alloc)
{
    uint8_t pk[32];
    size_t n = 0;
    const char *end = NULL;
    if (!out || !hex)
        return XJD_EINVAL;
    *out = NULL;
    if (strlen(hex) != 64 || sodium_hex2bin(pk, sizeof pk, hex, 64, NULL, &n, &end) != 0 || n != 32)
        return fail(XJD_EKEY, "public key must be 64 hexadecimal characters%s", "");
    return xjd_key_from_public(out, pk, alloc);
}

int xjd_key_clone(xjd_key **out, const xjd_key *key)
{
    if (!out || !key)
        return XJD_EINVAL;
    struct xjd_key *k;
    int rc = key_new(&k, &key->a);
    if (rc)
        return rc;
    memcpy(k->pk, key->pk, 32);
    memcpy(k->kid, key->kid, 32);
    if (key->sk) {
        if (secret_alloc(k)) {
            xjd_key_free(k);
            return XJD_ENOMEM;
        }
        memcpy(k->sk, key->sk, crypto_sign_SECRETKEYBYTES);
        sodium_mprotect_readonly(k->sk);
    }
    *out = k;
    return 0;
}

void xjd_key_free(xjd_key *key)
{
    if (!key)
        return;
    if (key->sk)
        sodium_free(key->sk); /* makes the pages writable, wipes them, unmaps */
    xjd_allocator a = key->a;
    sodium_memzero(key, sizeof *key);
    xjd_free(&a, key);
}

int xjd_key_has_secret(const xjd_key *key) { return key && key->sk ? 1 : 0; }

int xjd_key_public(uint8_t out[32], const xjd_key *key)
{
    if (!out || !key)
        return XJD_EINVAL;
    memcpy(out, key->pk, 32);
    return 0;
}

int xjd_key_public_hex(char out[65], const xjd_key *key)
{
    if (!out || !key)
        return XJD_EINVAL;
    sodium_bin2hex(out, 65, key->pk, 32);
    return 0;
}

int xjd_key_kid(uint8_t out[32], const xjd_key *key)
{
    if (!out || !key)
        return XJD_EINVAL;
    memcpy(out, key->kid, 32);
    return 0;
}

/* COSE_Key, deterministic: {1: 1 (OKP), 2: kid, 3: -8 (EdDSA), -1: 6 (Ed25519), -2: x, ? -4: d}.
 * Labels in bytewise order of their encodings: 01 02 03 20 21 23. */
static void cose_key_write(xjd_cw *w, const uint8_t pk[32], const uint8_t kid[32], const uint8_t *seed)
{
    xjd_cw_map(w, seed ? 6 : 5);
    xjd_cw_int(w, 1);
    xjd_cw_int(w, 1);
    xjd_cw_int(w, 2);
    xjd_cw_bytes(w, kid, 32);
    xjd_cw_int(w, 3);
    xjd_cw_int(w, -8);
    xjd_cw_int(w, -1);
    xjd_cw_int(w, 6);
    xjd_cw_int(w, -2);
    xjd_cw_bytes(w, pk, 32);
    if (seed) {
        xjd_cw_int(w, -4);
        xjd_cw_bytes(w, seed, 32);
    }
}

int xjd_key_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_key *key, bool with_secret)
{
    if (!out_len || !key)
        return XJD_EINVAL;
    if (with_secret && !key->sk)
        return XJD_ENOKEY;
    xjd_cw w;
    xjd_cw_init_fixed(&w, out, out ? cap : 0);
    cose_key_write(&w, key->pk, key->kid, with_secret ? key->sk : NULL); /* seed = sk[0..32] */
    *out_len = w.len;
    if (w.err && out) {
        sodium_memzero(out, cap); /* never leave a partial secret behind */
        xjd_cw_init_measure(&w);  /* the writer stops counting at the first error */
        cose_key_write(&w, key->pk, key->kid, with_secret ? key->sk : NULL);
        *out_len = w.len;
        return XJD_EBUFSIZE;
    }
    return w.err;
}

/* ---- key files ---- */

int xjd_key_save(const xjd_key *key, const char *path, bool with_secret)
{
    if (!key || !path)
        return XJD_EINVAL;
    if (with_secret && !key->sk)
        return XJD_ENOKEY;
    uint8_t buf[160];
    size_t n = 0;
    int rc = xjd_key_encode(buf, sizeof buf, &n, key, with_secret);
    if (rc)
        return rc;
    /* Temporary file beside the target, so the rename is atomic on the same file system. */
    size_t plen = strlen(path);
    char tmp[4096];
    uint32_t r = randombytes_random();
    if (plen + 32 > sizeof tmp) {
        sodium_memzero(buf, sizeof buf);
        return fail(XJD_EIO, "key file path too long: %.100s", path);
    }
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld-%08x", path, (long)getpid(), (unsigned)r);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        sodium_memzero(buf, sizeof buf);
        return fail(XJD_EIO, "cannot create a temporary file beside %s", path);
    }
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, buf + done, n - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    sodium_memzero(buf, sizeof buf);
    /* fchmod: the umask may have removed bits, never added; 0600 exactly either way. */
    if (done != n || fchmod(fd, 0600) != 0 || fsync(fd) != 0) {
        close(fd);
        unlink(tmp);
        return fail(XJD_EIO, "cannot write key file %s", path);
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        unlink(tmp);
        return fail(XJD_EIO, "cannot write key file %s", path);
    }
    /* Make the rename durable: fsync the directory (best effort). */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == dir)
        slash[1] = '\0';
    else if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
    return 0;
}

/* ---- key sets ---- */

int xjd_keyset_new(xjd_keyset **out, const xjd_allocator *alloc)
{
    if (!out)
        return XJD_EINVAL;
    xjd_allocator a;
    xjd_alloc_init(&a, alloc);
    struct xjd_keyset *ks = xjd_calloc(&a, sizeof *ks);
    *out = ks;
    if (!ks)
        return XJD_ENOMEM;
    ks->a = a;
    return 0;
}

void xjd_keyset_free(xjd_keyset *ks)
{
    if (!ks)
        return;
    xjd_allocator a = ks->a;
    xjd_free(&a, ks->e);
    xjd_free(&a, ks);
}

size_t xjd_keyset_count(const xjd_keyset *ks) { return ks ? ks->n : 0; }

const uint8_t *xjd_keyset_find(const xjd_keyset *ks, const uint8_t kid[32])
{
    for (size_t i = 0; ks && i < ks->n; i++)
        if (sodium_memcmp(ks->e[i].kid, kid, 32) == 0)
            return ks->e[i].pk;
    return NULL;
}

int xjd_keyset_add(xjd_keyset *ks, const xjd_key *key)
{
    if (!ks || !key)
        return XJD_EINVAL;
    if (xjd_keyset_find(ks, key->kid))
        return 0; /* already there: a set */
    if (ks->n == ks->cap) {
        void *p = ks->e;
        size_t bytes = ks->cap * sizeof *ks->e;
        if (xjd_grow(&ks->a, &p, &bytes, (ks->n + 1) * sizeof *ks->e))
            return XJD_ENOMEM;
        ks->e = p;
        ks->cap = bytes / sizeof *ks->e;
    }
    memcpy(ks->e[ks->n].kid, key->kid, 32);
    memcpy(ks->e[ks->n].pk, key->pk, 32);
    ks->n++;
    return 0;
}

int xjd_keyset_encode(uint8_t *out, size_t cap, size_t *out_len, const xjd_keyset *ks)
{
    if (!out_len || !ks)
        return XJD_EINVAL;
    xjd_cw w;
    xjd_cw_init_fixed(&w, out, out ? cap : 0);
    xjd_cw_array(&w, ks->n);
    for (size_t i = 0; i < ks->n; i++)
        cose_key_write(&w, ks->e[i].pk, ks->e[i].kid, NULL);
    *out_len = w.len;
    if (w.err == XJD_EBUFSIZE) { /* the writer stops counting at the first error: measure */
        xjd_cw_init_measure(&w);
        xjd_cw_array(&w, ks->n);
        for (size_t i = 0; i < ks->n; i++)
            cose_key_write(&w, ks->e[i].pk, ks->e[i].kid, NULL);
        *out_len = w.len;
        return XJD_EBUFSIZE;
    }
    return w.err;
}
