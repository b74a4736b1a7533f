/* SPDX-License-Identifier: MIT */
/* SHA-256 (FIPS 180-4) over the x86 SHA extensions, with libsodium as the fallback. */
#include "sha256.h"

#include <sodium.h>
#include <string.h>

void xjd_sha256_portable(uint8_t out[32], const uint8_t *data, size_t len) { crypto_hash_sha256(out, data, len); }

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <cpuid.h>
#include <immintrin.h>
#include <stdatomic.h>

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

__attribute__((target("sha,sse4.1,ssse3"))) static void blocks(uint32_t st[8], const uint8_t *p, size_t n)
{
    const __m128i mask = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_loadu_si128((const __m128i *)&st[0]);
    __m128i s1 = _mm_loadu_si128((const __m128i *)&st[4]);
    tmp = _mm_shuffle_epi32(tmp, 0xb1);       /* CDAB */
    s1 = _mm_shuffle_epi32(s1, 0x1b);         /* EFGH */
    __m128i s0 = _mm_alignr_epi8(tmp, s1, 8); /* ABEF */
    s1 = _mm_blend_epi16(s1, tmp, 0xf0);      /* CDGH */
    for (; n; n--, p += 64) {
        __m128i abef = s0, cdgh = s1, w[4];
        for (int i = 0; i < 4; i++)
            w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), mask);
        for (int i = 0; i < 16; i++) {
            __m128i m = w[i & 3];
            __m128i t = _mm_add_epi32(m, _mm_loadu_si128((const __m128i *)&K[4 * i]));
            s1 = _mm_sha256rnds2_epu32(s1, s0, t);
            t = _mm_shuffle_epi32(t, 0x0e);
            s0 = _mm_sha256rnds2_epu32(s0, s1, t);
            if (i < 12) {
                /* W[t] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16], four words at a time */
                __m128i x = _mm_sha256msg1_epu32(m, w[(i + 1) & 3]);
                x = _mm_add_epi32(x, _mm_alignr_epi8(w[(i + 3) & 3], w[(i + 2) & 3], 4));
                w[i & 3] = _mm_sha256msg2_epu32(x, w[(i + 3) & 3]);
            }
        }
        s0 = _mm_add_epi32(s0, abef);
        s1 = _mm_add_epi32(s1, cdgh);
    }
    tmp = _mm_shuffle_epi32(s0, 0x1b);   /* FEBA */
    s1 = _mm_shuffle_epi32(s1, 0xb1);    /* DCHG */
    s0 = _mm_blend_epi16(tmp, s1, 0xf0); /* DCBA */
    s1 = _mm_alignr_epi8(s1, tmp, 8);    /* ABEF */
    _mm_storeu_si128((__m128i *)&st[0], s0);
    _mm_storeu_si128((__m128i *)&st[4], s1);
}

static atomic_int have_sha = -1;

static int cpu_has_sha(void)
{
    unsigned a, b, c, d;
    return __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_1) && (c & bit_SSSE3) &&
           __get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 29));
}

int xjd_sha256_accelerated(void)
{
    int h = atomic_load_explicit(&have_sha, memory_order_relaxed);
    if (h < 0) {
        h = cpu_has_sha();
        atomic_store_explicit(&have_sha, h, memory_order_relaxed);
    }
    return h;
}

int xjd_sha256_force(int path)
{
    if (path == XJD_SHA256_SHANI && !cpu_has_sha())
        return -1; /* the instructions would fault */
    if (path != XJD_SHA256_AUTO && path != XJD_SHA256_PORTABLE && path != XJD_SHA256_SHANI)
        return -1;
    atomic_store_explicit(&have_sha, path, memory_order_relaxed); /* AUTO (-1): detect again */
    return 0;
}

/* A streaming state over the SHA extensions: a and b are fed through one 64-byte staging block. */
typedef struct shani_ctx {
    uint32_t st[8];
    uint8_t buf[64];
    size_t n;
    uint64_t total;
} shani_ctx;

static void shani_update(shani_ctx *c, const uint8_t *p, size_t len)
{
    c->total += len;
    if (c->n) {
        size_t take = 64 - c->n < len ? 64 - c->n : len;
        memcpy(c->buf + c->n, p, take);
        c->n += take;
        p += take;
        len -= take;
        if (c->n < 64)
            return;
        blocks(c->st, c->buf, 1);
        c->n = 0;
    }
    if (len >= 64) {
        blocks(c->st, p, len / 64);
        p += len - len % 64;
        len %= 64;
    }
    memcpy(c->buf, p, len);
    c->n = len;
}

void xjd_sha256_2(uint8_t out[32], const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    if (!xjd_sha256_accelerated()) {
        crypto_hash_sha256_state s;
        crypto_hash_sha256_init(&s);
        crypto_hash_sha256_update(&s, a, alen);
        crypto_hash_sha256_update(&s, b, blen);
        crypto_hash_sha256_final(&s, out);
        return;
    }
    shani_ctx c = { .st = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
                            0x5be0cd19 } };
    shani_update(&c, a, alen);
    shani_update(&c, b, blen);
    uint8_t tail[128] = { 0 };
    memcpy(tail, c.buf, c.n);
    tail[c.n] = 0x80;
    size_t tl = c.n < 56 ? 64 : 128;
    uint64_t bits = c.total * 8;
    for (int i = 0; i < 8; i++)
        tail[tl - 1 - i] = (uint8_t)(bits >> (8 * i));
    blocks(c.st, tail, tl / 64);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(c.st[i] >> 24);
        out[4 * i + 1] = (uint8_t)(c.st[i] >> 16);
        out[4 * i + 2] = (uint8_t)(c.st[i] >> 8);
        out[4 * i + 3] = (uint8_t)c.st[i];
    }
}

void xjd_sha256(uint8_t out[32], const uint8_t *data, size_t len)
{
    if (!xjd_sha256_accelerated()) {
        crypto_hash_sha256(out, data, len);
        return;
    }
    uint32_t st[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                       0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    size_t full = len / 64;
    if (full)
        blocks(st, data, full);
    uint8_t tail[128] = { 0 };
    size_t rest = len - full * 64;
    if (rest)
        memcpy(tail, data + full * 64, rest);
    tail[rest] = 0x80;
    size_t tl = rest < 56 ? 64 : 128;
    uint64_t bits = (uint64_t)len * 8;
    for (int i = 0; i < 8; i++)
        tail[tl - 1 - i] = (uint8_t)(bits >> (8 * i));
    blocks(st, tail, tl / 64);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)(st[i] >> 24);
        out[4 * i + 1] = (uint8_t)(st[i] >> 16);
        out[4 * i + 2] = (uint8_t)(st[i] >> 8);
        out[4 * i + 3] = (uint8_t)st[i];
    }
}

#else

int xjd_sha256_accelerated(void) { return 0; }
int xjd_sha256_force(int path) { return path == XJD_SHA256_AUTO || path == XJD_SHA256_PORTABLE ? 0 : -1; }
void xjd_sha256(uint8_t out[32], const uint8_t *data, size_t len) { crypto_hash_sha256(out, data, len); }
void xjd_sha256_2(uint8_t out[32], const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
    crypto_hash_sha256_state s;
    crypto_hash_sha256_init(&s);
    crypto_hash_sha256_update(&s, a, alen);
    crypto_hash_sha256_update(&s, b, blen);
    crypto_hash_sha256_final(&s, out);
}

#endif
