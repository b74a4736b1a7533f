/* SPDX-License-Identifier: MIT */
/* Records, key sets and tree heads as the log and verify commands read and print them (records.c). */
#ifndef XJDATA_RECORDS_H
#define XJDATA_RECORDS_H

#include "cli.h"

/* base64 (standard or URL-safe, padded or not, whitespace around ignored) into out. 0 or -1. */
int b64_decode(buf *out, const char *s, size_t n);
/*
 * A record from the text the tool reads: raw CBOR (a COSE_Sign1, or a batch record), base64, or
 * a decision document with a "record" member (and, when `receipt` is not NULL, its "receipt"
 * member, if any). 0; 1 for a decision document without a record (unsigned); -1 with err set.
 */
int record_from_text(buf *out, const char *text, size_t len, buf *receipt, char *err, size_t errcap);
/* A key set of every --key FILE (or --key=FILE) of argv: key files, public keys, key sets.
 * Returns the number of --key options (the set is created even for 0), or -1 after a message. */
int keyset_from_args(xjd_keyset **out, int argc, char **argv);
/* "tree_size":N,"root":"hex","time":T,"kid":"hex","log_id":"hex" (no braces). */
void tree_head_json(buf *b, const xjd_tree_head *h);
/* Seconds since the epoch as RFC 3339 UTC text (at least 21 bytes). */
void time_text(char *out, size_t cap, int64_t t);

/* xjdata log (cmd_log.c). */
int cmd_log(int argc, char **argv);

#endif
