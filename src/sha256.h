/* SPDX-License-Identifier: MIT */
/* SHA-256 for document digests: the x86-64 SHA extensions when the CPU has them (about five
 * times faster than libsodium 1.0.18's portable code, which is what made digest-mode records
 * cost more than the signature), libsodium otherwise. */
#ifndef XJD_INTERNAL_SHA256_H
#define XJD_INTERNAL_SHA256_H

#include <stddef.h>
#include <stdint.h>

void xjd_sha256(uint8_t out[32], const uint8_t *data, size_t len);
/* SHA-256 of a || b without copying them together (RFC 9162 leaf and node hashes: a prefix
 * byte before the entry or the two children). */
void xjd_sha256_2(uint8_t out[32], const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);
/* 1 when xjd_sha256() uses the SHA extensions. */
int xjd_sha256_accelerated(void);
/* The portable path (libsodium), for tests comparing the two. */
void xjd_sha256_portable(uint8_t out[32], const uint8_t *data, size_t len);

/* The implementations xjd_sha256() chooses between. */
enum { XJD_SHA256_AUTO = -1, XJD_SHA256_PORTABLE = 0, XJD_SHA256_SHANI = 1 };
/*
 * Tests only: makes xjd_sha256() take one path, so that a test checks each instead of only the
 * one this CPU picks. XJD_SHA256_AUTO goes back to the CPU's choice. 0, or -1 when this CPU (or
 * build) does not have that path; the choice is left unchanged then.
 */
int xjd_sha256_force(int path);

#endif
