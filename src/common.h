/* SPDX-License-Identifier: MIT */
/* Internal helpers shared by every module: allocation through the object's hook, dates. */
#ifndef XJD_INTERNAL_COMMON_H
#define XJD_INTERNAL_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "xjdata/common.h"

/* Every object copies the caller's hook (or the stdlib default) at creation. */
void xjd_alloc_init(xjd_allocator *dst, const xjd_allocator *src);
void *xjd_malloc(const xjd_allocator *a, size_t n);
void *xjd_calloc(const xjd_allocator *a, size_t n);
void *xjd_realloc(const xjd_allocator *a, void *p, size_t n);
void xjd_free(const xjd_allocator *a, void *p);
char *xjd_strdup(const xjd_allocator *a, const char *s);
char *xjd_strndup(const xjd_allocator *a, const char *s, size_t n);
/* Grows *buf to at least need bytes (doubling); keeps contents. 0 or XJD_ENOMEM. */
int xjd_grow(const xjd_allocator *a, void **buf, size_t *cap, size_t need);

/* Days since 1970-01-01 for a civil date and back (Howard Hinnant's algorithms). */
int64_t xjd_days_from_civil(int y, unsigned m, unsigned d);
xjd_date xjd_civil_from_days(int64_t days);
bool xjd_date_valid(int y, int m, int d);
/* 0 = Sunday ... 6 = Saturday */
int xjd_weekday(int64_t days);
/* Parses RFC 3339 "YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM)" into UTC seconds and offset minutes. */
int xjd_datetime_parse(int64_t *out_secs, int *out_offset_min, const char *text);
/* Formats UTC seconds with an offset as RFC 3339 into out (at least 26 bytes). */
void xjd_datetime_format(char *out, size_t cap, int64_t secs, int offset_min);

/* True when s[0..n) is UTF-8 (RFC 3629: shortest forms, no surrogates, nothing past U+10FFFF)
 * without a NUL byte: what a document's text may hold. */
bool xjd_text_valid(const uint8_t *s, size_t n);

/* Copies a formatted message into a fixed error buffer (never overflows). */
void xjd_seterr(char *buf, size_t cap, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#define XJD_ERRMSG_MAX 256
#define XJD_ERRPATH_MAX 128

#endif
