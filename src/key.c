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

/*
 * True when pk is the canonical encoding of a point of the prime-order subgroup, checked without
 * relying on crypto_core_ed25519_is_valid_point()'s own subgroup test, which libsodium got wrong
 * for some mixed-order points (CVE-2025-69277; Debian's build carries the fix, others may not):
 * Q = [8]P by three point doublings (crypto_core_ed25519_add checks only that P is on the curve),
 * then [8^-1 mod L]Q, which is P exactly when P has no small-order component, and the identity,
 * refused by the scalar multiplication, when P has small order. A non-canonical encoding comes
 * back canonical and differs too.
 */
bool xjd_ed25519_prime_order(const uint8_t pk[32])
{
    static const unsigned char inv8[32] = { 0x79, 0x2f, 0xdc, 0xe2, 0x29, 0xe5, 0x06, 0x61, 0xd0, 0xda, 0x1c,
                                            0x7d, 0xb3, 0x9d, 0xd3, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x06 };
    unsigned char p2[32], p4[32], p8[32], back[32];
    if (crypto_core_ed25519_add(p2, pk, pk) != 0 || crypto_core_ed25519_add(p4, p2, p2) != 0 ||
        crypto_core_ed25519_add(p8, p4, p4) != 0 || crypto_scalarmult_ed25519_noclamp(back, inv8, p8) != 0)
        return false;
    return sodium_memcmp(back, pk, 32) == 0;
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
    if (!xjd_ed25519_prime_order(public_key))
        return fail(XJD_EKEY, "public key has a small-order component (mixed order): not a valid Ed25519 key%s", "");
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
    return xjd_key_clone_with(out, key, key ? &key->a : NULL);
}

int xjd_key_clone_with(xjd_key **out, const xjd_key *key, const xjd_allocator *alloc)
{
    if (!out || !key || !alloc)
        return XJD_EINVAL;
    struct xjd_key *k;
    int rc = key_new(&k, alloc);
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

/* ---- COSE_Key decoding ---- */

/*
 * key_ops (label 4, RFC 9052 §7.1): when present, the operations the key may be used for, a
 * non-empty array of integers (1 sign, 2 verify, ...) or texts. A key whose key_ops leave out what
 * libxjdata would do with it is refused rather than used against its holder's restriction.
 */
static int key_ops_check(const xjd_cdoc *doc, size_t v, int op)
{
    const xjd_cnode *n = doc->nodes;
    if (n[v].type != XC_ARRAY || n[v].count == 0) {
        xjd_seterr(key_err, sizeof key_err, "byte %zu: COSE_Key key_ops (4) must be a non-empty array", n[v].off);
        return XJD_EKEY;
    }
    size_t k = v + 1;
    for (uint32_t i = 0; i < n[v].count; i++, k = n[k].next) {
        int64_t x = 0;
        if (n[k].type == XC_TEXT)
            continue;
        if (xjd_cbor_int(&x, &n[k]) != 0) {
            xjd_seterr(key_err, sizeof key_err, "byte %zu: COSE_Key key_ops (4) holds an entry that is neither an "
                       "integer nor a text", n[k].off);
            return XJD_EKEY;
        }
        if (x == op)
            return 0;
    }
    xjd_seterr(key_err, sizeof key_err, "byte %zu: COSE_Key key_ops (4) does not allow %s (%d), what this key is "
               "to be used for", n[v].off, op == XJD_KEY_OP_SIGN ? "sign" : "verify", op);
    return XJD_EKEY;
}

int xjd_key_from_node(xjd_key **out, const xjd_cdoc *doc, size_t map, const xjd_allocator *alloc, int op)
{
    const xjd_cnode *n = doc->nodes;
    *out = NULL;
    if (n[map].type != XC_MAP) {
        xjd_seterr(key_err, sizeof key_err, "byte %zu: a COSE_Key must be a map", n[map].off);
        return XJD_EKEY;
    }
    long kty = -1, crv = -1, x = -1, d = -1, ops = -1;
    size_t k = map + 1;
    for (uint32_t i = 0; i < n[map].count; i++) {
        size_t v = n[k].next;
        int64_t label = 0, val = 0;
        if (xjd_cbor_int(&label, &n[k]) != 0) {
            xjd_seterr(key_err, sizeof key_err, "byte %zu: COSE_Key label is not an integer", n[k].off);
            return XJD_EKEY;
        }
        for (size_t j = map + 1; j < k; j = n[n[j].next].next) {
            int64_t other = 0;
            if (xjd_cbor_int(&other, &n[j]) == 0 && other == label) {
                xjd_seterr(key_err, sizeof key_err, "byte %zu: COSE_Key label %lld appears twice", n[k].off,
                           (long long)label);
                return XJD_EKEY;
            }
        }
        switch (label) {
        case 1: kty = (long)v; break;
        case -1: crv = (long)v; break;
        case -2: x = (long)v; break;
        case -4: d = (long)v; break;
        case 2: /* kid: informative; libxjdata identifies keys by their RFC 9679 thumbprint */
            break;
        case 4: /* key_ops: checked below, once it is known whether the key holds a secret */
            ops = (long)v;
            break;
        case 3: /* alg: when given, it must be EdDSA */
            if (xjd_cbor_int(&val, &n[v]) != 0 || val != -8) {
                xjd_seterr(key_err, sizeof key_err, "byte %zu: COSE_Key alg is not EdDSA (-8)", n[v].off);
                return XJD_EKEY;
            }
            break;
        default:
            xjd_seterr(key_err, sizeof key_err, "byte %zu: COSE_Key label %lld is not an OKP Ed25519 parameter",
                       n[k].off, (long long)label);
            return XJD_EKEY;
        }
        k = n[v].next;
    }
    int64_t kv = 0, cv = 0;
    if (kty < 0 || xjd_cbor_int(&kv, &n[kty]) != 0 || kv != 1)
        return fail(XJD_EKEY, "COSE_Key kty (1) is missing or not OKP (1)%s", "");
    if (crv < 0 || xjd_cbor_int(&cv, &n[crv]) != 0 || cv != 6)
        return fail(XJD_EKEY, "COSE_Key crv (-1) is missing or not Ed25519 (6)%s", "");
    if (x < 0 || n[x].type != XC_BYTES || n[x].len != 32)
        return fail(XJD_EKEY, "COSE_Key x (-2) must be a 32-byte string%s", "");
    if (ops >= 0) {
        int rc = key_ops_check(doc, (size_t)ops, op ? op : d >= 0 ? XJD_KEY_OP_SIGN : XJD_KEY_OP_VERIFY);
        if (rc)
            return rc;
    }
    if (d < 0)
        return xjd_key_from_public(out, n[x].ptr, alloc);
    if (n[d].type != XC_BYTES || n[d].len != 32)
        return fail(XJD_EKEY, "COSE_Key d (-4) must be a 32-byte string%s", "");
    int rc = xjd_key_from_seed(out, n[d].ptr, alloc);
    if (rc)
        return rc;
    if (sodium_memcmp((*out)->pk, n[x].ptr, 32) != 0) {
        xjd_key_free(*out);
        *out = NULL;
        return fail(XJD_EKEY, "COSE_Key x (-2) is not the public key of d (-4)%s", "");
    }
    return 0;
}

int xjd_key_decode(xjd_key **out, const uint8_t *cose_key, size_t len, const xjd_allocator *alloc)
{
    if (!out || (!cose_key && len))
        return XJD_EINVAL;
    *out = NULL;
    key_err[0] = '\0';
    xjd_allocator a;
    xjd_alloc_init(&a, alloc);
    xjd_cdoc doc;
    xjd_cdoc_init(&doc, &a);
    xjd_limits lim = { 4096, 4, 16, 256 };
    int rc = xjd_cbor_parse(&doc, cose_key, len, &lim, 0);
    if (rc == XJD_ENOMEM) {
        xjd_cdoc_free(&doc);
        return rc;
    }
    if (rc) {
        xjd_seterr(key_err, sizeof key_err, "byte %zu: not one CBOR item: %.180s", doc.err_off, doc.errmsg);
        xjd_cdoc_free(&doc);
        return XJD_EKEY;
    }
    rc = xjd_key_from_node(out, &doc, 0, alloc, 0);
    xjd_cdoc_free(&doc);
    return rc;
}

/* ---- key files ---- */

static const char *file_kind(mode_t m)
{
    return S_ISFIFO(m) ? "a FIFO" : S_ISDIR(m) ? "a directory" : S_ISCHR(m) ? "a character device"
         : S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket" : "not a regular file";
}

/*
 * Reads a whole regular file (at most KEYFILE_MAX bytes) into buf; *mode gets its st_mode.
 * Opened without blocking and without becoming a controlling terminal (issue 14, case 7: a FIFO
 * given as --key hung in open() before the regular-file check): a FIFO, a device or a directory
 * opens at once and is refused by fstat, naming what it is. Symbolic links are followed (key
 * files are often mounted through them); the checks apply to the file reached.
 */
static int read_file(uint8_t *buf, size_t cap, size_t *out_len, mode_t *mode, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return fail(errno == ENOENT ? XJD_EIO : XJD_EKEYFILE, "cannot open key file %s", path);
    struct stat st;
    memset(&st, 0, sizeof st);
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        char msg[XJD_ERRMSG_MAX];
        snprintf(msg, sizeof msg, "key file %%s is %s, not a regular file", file_kind(st.st_mode));
        close(fd);
        return fail(XJD_EKEYFILE, msg, path);
    }
    *mode = st.st_mode;
    size_t n = 0;
    for (;;) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            close(fd);
            return fail(XJD_EIO, "cannot read key file %s", path);
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n == cap) {
            close(fd);
            return fail(XJD_EKEYFILE, "key file %s is too large", path);
        }
    }
    close(fd);
    *out_len = n;
    return 0;
}

/* Text content of a public key file: 64 hex characters, surrounding white space allowed. */
static bool hex_text(const uint8_t *buf, size_t n, uint8_t pk[32])
{
    size_t b = 0, e = n;
    while (b < e && (buf[b] == ' ' || buf[b] == '\t' || buf[b] == '\r' || buf[b] == '\n'))
        b++;
    while (e > b && (buf[e - 1] == ' ' || buf[e - 1] == '\t' || buf[e - 1] == '\r' || buf[e - 1] == '\n'))
        e--;
    size_t got = 0;
    return e - b == 64 && sodium_hex2bin(pk, 32, (const char *)buf + b, 64, NULL, &got, NULL) == 0 && got == 32;
}

int xjd_key_load(xjd_key **out, const char *path, const xjd_allocator *alloc)
{
    if (!out || !path)
        return XJD_EINVAL;
    *out = NULL;
    int rc = crypto_ready();
    if (rc)
        return rc;
    uint8_t *buf = sodium_malloc(KEYFILE_MAX);
    if (!buf)
        return XJD_ENOMEM;
    size_t n = 0;
    mode_t mode = 0;
    rc = read_file(buf, KEYFILE_MAX, &n, &mode, path);
    if (!rc) {
        uint8_t pk[32];
        if (hex_text(buf, n, pk)) {
            rc = xjd_key_from_public(out, pk, alloc);
        } else {
            rc = xjd_key_decode(out, buf, n, alloc);
            if (rc == XJD_EKEY) {
                char msg[XJD_ERRMSG_MAX];
                snprintf(msg, sizeof msg, "%s", key_err);
                xjd_seterr(key_err, sizeof key_err, "key file %.120s: %.120s", path, msg);
                rc = XJD_EKEYFILE;
            }
            if (!rc && (*out)->sk && (mode & (S_IRWXG | S_IRWXO))) {
                xjd_key_free(*out);
                *out = NULL;
                rc = fail(XJD_EKEYFILE,
                          "secret key file %s is accessible by group or others; run chmod 600 on it", path);
            }
        }
    }
    sodium_free(buf); /* wipes */
    return rc;
}

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

static int keyset_decode(xjd_keyset *ks, const uint8_t *cbor, size_t len, bool *had_secret);

int xjd_keyset_decode(xjd_keyset *ks, const uint8_t *cbor, size_t len)
{
    if (!ks || (!cbor && len))
        return XJD_EINVAL;
    bool secret = false;
    return keyset_decode(ks, cbor, len, &secret);
}

static int keyset_decode(xjd_keyset *ks, const uint8_t *cbor, size_t len, bool *had_secret)
{
    key_err[0] = '\0';
    xjd_cdoc doc;
    xjd_cdoc_init(&doc, &ks->a);
    xjd_limits lim = { 1u << 20, 5, 4096, 256 };
    int rc = xjd_cbor_parse(&doc, cbor, len, &lim, 0);
    if (rc == XJD_ENOMEM) {
        xjd_cdoc_free(&doc);
        return rc;
    }
    if (rc) {
        xjd_seterr(key_err, sizeof key_err, "byte %zu: not one CBOR item: %.180s", doc.err_off, doc.errmsg);
        xjd_cdoc_free(&doc);
        return XJD_EKEY;
    }
    /* All or nothing: the keys are checked first, then added. */
    size_t first = 0, count = 1;
    if (doc.nodes[0].type == XC_ARRAY) {
        first = 1;
        count = doc.nodes[0].count;
    }
    size_t old_n = ks->n;
    for (size_t i = 0, at = first; i < count && !rc; i++, at = doc.nodes[at].next) {
        xjd_key *k = NULL;
        rc = xjd_key_from_node(&k, &doc, at, &ks->a, XJD_KEY_OP_VERIFY);
        if (rc == XJD_EKEY && count > 1) {
            char msg[XJD_ERRMSG_MAX];
            snprintf(msg, sizeof msg, "%s", key_err);
            xjd_seterr(key_err, sizeof key_err, "key %zu of the set: %.200s", i, msg);
        }
        if (!rc) {
            *had_secret |= k->sk != NULL;
            rc = xjd_keyset_add(ks, k);
        }
        xjd_key_free(k);
    }
    if (rc)
        ks->n = old_n;
    xjd_cdoc_free(&doc);
    return rc;
}

int xjd_keyset_load(xjd_keyset *ks, const char *path)
{
    if (!ks || !path)
        return XJD_EINVAL;
    int rc = crypto_ready();
    if (rc)
        return rc;
    uint8_t *buf = sodium_malloc(KEYFILE_MAX);
    if (!buf)
        return XJD_ENOMEM;
    size_t n = 0;
    mode_t mode = 0;
    rc = read_file(buf, KEYFILE_MAX, &n, &mode, path);
    if (!rc) {
        uint8_t pk[32];
        if (hex_text(buf, n, pk)) {
            xjd_key *k = NULL;
            rc = xjd_key_from_public(&k, pk, &ks->a);
            if (!rc)
                rc = xjd_keyset_add(ks, k);
            xjd_key_free(k);
        } else {
            bool secret = false;
            size_t old_n = ks->n;
            rc = keyset_decode(ks, buf, n, &secret);
            if (!rc && secret && (mode & (S_IRWXG | S_IRWXO))) {
                ks->n = old_n;
                rc = fail(XJD_EKEYFILE,
                          "key file %s holds a secret key and is accessible by group or others; run chmod 600 on it",
                          path);
            }
        }
        if (rc == XJD_EKEY) {
            char msg[XJD_ERRMSG_MAX];
            snprintf(msg, sizeof msg, "%s", key_err);
            xjd_seterr(key_err, sizeof key_err, "key file %.100s: %.140s", path, msg);
            rc = XJD_EKEYFILE;
        }
    }
    sodium_free(buf);
    return rc;
}
