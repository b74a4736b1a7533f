/* SPDX-License-Identifier: MIT */
/* xjdata eval --log LOG: decisions appended to the decision log, printed with their receipts (evallog.c). */
#ifndef XJDATA_EVALLOG_H
#define XJDATA_EVALLOG_H

#include "cli.h"

/* Opens the log for eval: `key` signs the checkpoints (and, unless `batch`, the records: the
 * engine's key); a checkpoint every `every` entries (NULL: 1000) or `every_ms` milliseconds
 * (NULL: 1000). 0, or -1 after a message. */
int evallog_open(evalctx *c, const char *uri, xjd_key *key, bool batch, const char *every, const char *every_ms);
/* Queues the decision just made (c->dec) as an entry; commits when the batch is due. 0 or -1. */
int evallog_decision(evalctx *c, const char *title);
/* Queues what eval printed since the last decision (error lines), keeping the order. */
void evallog_text(evalctx *c);
/* Before reading more input from fd: waits for input at most until the batch is due, then
 * commits it and prints the queue. 0 or -1. */
int evallog_wait(evalctx *c, int fd);
/* Commits what is left, prints it, closes the log. 0 or -1. */
int evallog_close(evalctx *c);

#endif
