/* SPDX-License-Identifier: MIT */
/* xjdata verify over many records: files, JSON Lines, directories, key sets, receipts (verify_walk.c). */
#ifndef XJDATA_VERIFY_WALK_H
#define XJDATA_VERIFY_WALK_H

#include "cli.h"

/* True when verify was given more than one record with one key: several arguments, a directory,
 * standard input, JSON Lines, several --key, a record carrying receipts or a batch record. */
bool verify_walk_wanted(int argc, char **argv, char **pos, int npos);
/* Verifies every receipt a record carries (label 394); -1 after a message naming the one that
 * fails, 0 when all verify (or there are none). idx[0..*nidx): the leaf indexes they prove (at
 * most cap). */
int verify_receipts_of(uint64_t *idx, size_t cap, size_t *nidx, const uint8_t *record, size_t len,
                       const xjd_keyset *keyset);
/* xjdata verify over everything given: one line per record and a summary line. Exit status. */
int verify_walk(int argc, char **argv);

#endif
