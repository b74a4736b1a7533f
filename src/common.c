/* SPDX-License-Identifier: MIT */
#include "common.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *std_malloc(void *ud, size_t n) { (void)ud; return malloc(n); }
static void *std_realloc(void *ud, void *p, size_t n) { (void)ud; return realloc(p, n); }
static void std_free(void *ud, void *p) { (void)ud; free(p); }

void xjd_alloc_init(xjd_allocator *dst, const xjd_allocator *src)
{
    if (src && src->malloc_fn && src->realloc_fn && src->free_fn) {
        *dst = *src;
    } else {
        dst->malloc_fn = std_malloc;
        dst->realloc_fn = std_realloc;
        dst->free_fn = std_free;
        dst->ud = NULL;
    }
}

void *xjd_malloc(const xjd_allocator *a, size_t n) { return a->malloc_fn(a->ud, n ? n : 1); }

void *xjd_calloc(const xjd_allocator *a, size_t n)
{
    void *p = xjd_malloc(a, n);
    if (p)
        memset(p, 0, n ? n : 1);
    return p;
}

void *xjd_realloc(const xjd_allocator *a, void *p, size_t n) { return a->realloc_fn(a->ud, p, n ? n : 1); }

void xjd_free(const xjd_allocator *a, void *p)
{
    if (p)
        a->free_fn(a->ud, p);
}

char *xjd_strndup(const xjd_allocator *a, const char *s, size_t n)
{
    char *d = xjd_malloc(a, n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

char *xjd_strdup(const xjd_allocator *a, const char *s) { return xjd_strndup(a, s, strlen(s)); }

int xjd_grow(const xjd_allocator *a, void **buf, size_t *cap, size_t need)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need) {
        if (n > SIZE_MAX / 2)
            return XJD_ENOMEM;
        n *= 2;
    }
    void *p = xjd_realloc(a, *buf, n);
    if (!p)
        return XJD_ENOMEM;
    *buf = p;
    *cap = n;
    return 0;
}

int64_t xjd_days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

xjd_date xjd_civil_from_days(int64_t z)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t y = (int64_t)yoe + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    xjd_date r = { (int16_t)(y + (m <= 2)), (uint8_t)m, (uint8_t)d };
    return r;
}

bool xjd_date_valid(int y, int m, int d)
{
    static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1)
        return false;
    int md = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        md = 29;
    return d <= md;
}

int xjd_weekday(int64_t days)
{
    int64_t w = (days + 4) % 7; /* 1970-01-01 was a Thursday */
    return (int)(w < 0 ? w + 7 : w);
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int xjd_date_parse(xjd_date *out, const char *text)
{
    int y, m, d;
    if (!out || !text)
        return XJD_EINVAL;
    if (strlen(text) != 10 || text[4] != '-' || text[7] != '-' || digits(text, 4, &y) ||
        digits(text + 5, 2, &m) || digits(text + 8, 2, &d) || !xjd_date_valid(y, m, d))
        return XJD_EINPUT;
    out->year = (int16_t)y;
    out->month = (uint8_t)m;
    out->day = (uint8_t)d;
    return 0;
}

int xjd_date_format(char out[11], xjd_date date)
{
    if (!out)
        return XJD_EINVAL;
    if (!xjd_date_valid(date.year, date.month, date.day))
        return XJD_EINPUT;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", date.year, date.month, date.day);
    memcpy(out, tmp, 11);
    return 0;
}

int xjd_datetime_parse(int64_t *out_secs, int *out_offset_min, const char *t)
{
    int y, mo, d, h, mi, s, oh = 0, om = 0, sign = 1;
    size_t n = strlen(t);
    if (n < 20 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != 't' && t[10] != ' ') ||
        t[13] != ':' || t[16] != ':' || digits(t, 4, &y) || digits(t + 5, 2, &mo) ||
        digits(t + 8, 2, &d) || digits(t + 11, 2, &h) || digits(t + 14, 2, &mi) ||
        digits(t + 17, 2, &s) || !xjd_date_valid(y, mo, d) || h > 23 || mi > 59 || s > 60)
        return XJD_EINPUT;
    const char *p = t + 19;
    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return XJD_EINPUT;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        sign = *p == '-' ? -1 : 1;
        if (strlen(p) != 6 || p[3] != ':' || digits(p + 1, 2, &oh) || digits(p + 4, 2, &om) || oh > 23 ||
            om > 59)
            return XJD_EINPUT;
        p += 6;
    } else {
        return XJD_EINPUT;
    }
    if (*p)
        return XJD_EINPUT;
    int off = sign * (oh * 60 + om);
    if (s == 60)
        s = 59; /* a leap second is kept inside its minute */
    *out_secs = xjd_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60 + s -
                (int64_t)off * 60;
    if (out_offset_min)
        *out_offset_min = off;
    return 0;
}

void xjd_datetime_format(char *out, size_t cap, int64_t secs, int off)
{
    int64_t local = secs + (int64_t)off * 60;
    int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int64_t rem = local - days * 86400;
    xjd_date dt = xjd_civil_from_days(days);
    if (off == 0) {
        snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02dZ", dt.year, dt.month, dt.day, (int)(rem / 3600),
                 (int)(rem / 60 % 60), (int)(rem % 60));
    } else {
        int a = off < 0 ? -off : off;
        snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", dt.year, dt.month, dt.day,
                 (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60), off < 0 ? '-' : '+', a / 60,
                 a % 60);
    }
}

void xjd_seterr(char *buf, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, cap, fmt, ap);
    va_end(ap);
}

const char *xjd_version(void) { return XJD_VERSION_STRING; }
int xjd_version_number(void) { return XJD_VERSION_NUMBER; }

const char *xjd_strerror(int code)
{
    switch (code) {
    case XJD_OK: return "success";
    case XJD_EINVAL: return "invalid argument";
    case XJD_ENOMEM: return "out of memory";
    case XJD_EINPUT: return "bad input document";
    case XJD_ELIMIT: return "input over a size, depth or count limit";
    case XJD_ECALENDAR: return "date outside the calendar, or bad calendar data";
    case XJD_EKEY: return "malformed or unusable key";
    case XJD_EKEYFILE: return "key file refused";
    case XJD_EIO: return "input/output error";
    case XJD_ENOKEY: return "no secret key to sign with";
    case XJD_EBUFSIZE: return "buffer too small";
    case XJD_ENOTFOUND: return "not found";
    case XJD_ENOTTAG18: return "record is not a COSE_Sign1 (CBOR tag 18)";
    case XJD_ESHAPE: return "record has the wrong COSE_Sign1 structure";
    case XJD_ETRAILING: return "trailing bytes after the record";
    case XJD_EDUPLABEL: return "duplicate header label";
    case XJD_EALG: return "algorithm is not EdDSA in the protected header";
    case XJD_EKID: return "unknown or missing key identifier";
    case XJD_ENONDET: return "payload is not deterministic CBOR";
    case XJD_ERECLIMIT: return "record over the size or nesting limits";
    case XJD_ESIGNATURE: return "signature does not verify";
    case XJD_ERECORD: return "payload is not a decision record of a known version";
    case XJD_ECONTENT: return "content type is not a libxjdata decision record";
    case XJD_EUNPROTECTED: return "unsigned parameter in the unprotected header";
    case XJD_ECRIT: return "critical header parameter not understood";
    case XJD_EPROOF: return "proof, receipt or checkpoint does not verify";
    case XJD_ESTORE: return "decision log storage error";
    case XJD_ENOTSUP: return "log backend not built into this libxjdata";
    case XJD_EAUDIT: return "the decision log fails its audit";
    default: return "unknown error";
    }
}

/* Eight bytes at p as one word (any alignment). */
static inline uint64_t load8(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

bool xjd_text_valid(const uint8_t *s, size_t n)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    size_t i = 0;
    while (i < n) {
        /* Fast paths for what documents hold: ASCII eight bytes at a time (no high bit, no zero
         * byte: (x - ones) & ~x & highs is non-zero exactly when some byte of x is zero) ... */
        while (n - i >= 8) {
            uint64_t x = load8(s + i);
            if ((x & highs) || ((x - ones) & ~x & highs))
                break;
            i += 8;
        }
        if (i == n)
            break;
        uint8_t c = s[i];
        if (c < 0x80) {
            if (c == 0)
                return false;
            i++;
            continue;
        }
        /* ... and three-byte sequences led by E1..EC or EE..EF, which are U+1000..U+CFFF and
         * U+E000..U+FFFF whatever their continuation bytes: most Chinese text (E0 and ED, with
         * their overlong and surrogate ranges, take the full check below) */
        if (n - i >= 3 && c >= 0xe1 && c <= 0xef && c != 0xed && (s[i + 1] & 0xc0) == 0x80 &&
            (s[i + 2] & 0xc0) == 0x80) {
            i += 3;
            continue;
        }
        size_t k;
        uint32_t cp;
        if (c >= 0xc2 && c <= 0xdf) {
            k = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            k = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            k = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (n - i <= k)
            return false;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + j] & 0x3f);
        }
        if ((k == 2 && cp < 0x800) || (k == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
            (cp >= 0xd800 && cp <= 0xdfff))
            return false;
        i += k + 1;
    }
    return true;
}
