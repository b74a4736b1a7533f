/* SPDX-License-Identifier: MIT */
/* xjdata-bench's shared helpers: the in-process figures (xjdata-bench.c) and the figures of the
 * command line and the Python binding, measured through child processes (processes.c). */
#ifndef XJD_BENCH_H
#define XJD_BENCH_H

#include <stdbool.h>
#include <stddef.h>

/* A wrong result or a crash: message on stderr, exit status 2. */
_Noreturn void die(const char *fmt, ...);
double median(double *v, size_t n);
const char *num(char *buf, size_t cap, double v);
const char *verdict(bool met);

/* "command line --jsonl signed" figures, one line per document mode. */
void figure_jsonl(void);
/* "HTTP service, signed" figures: xjdata serve under wrk, beside the --jsonl stream of the same
 * requests measured in the same run (bench/serve_bench.py). */
void figure_serve(void);
/* "python per call over the C call" figure. */
void figure_python(void);

/* The decision log's figures (log.c): the batch-signed stream against the per-decision one,
 * appends per backend, the audit of a 1,000,000-entry log, the size of a record with its receipt. */
struct xjd_engine;
struct xjd_request;
struct xjd_dataset;
struct xjd_key;
void figures_log(const struct xjd_engine *plain, const struct xjd_engine *signer, const struct xjd_request *req,
                 const struct xjd_dataset *ds, const struct xjd_key *key);

#endif
