/* SPDX-License-Identifier: MIT */
/*
 * xjdata-bench: the decision log's figures (docs/performance.md, docs/decision-log.md).
 *
 * - the batch-signed stream: evaluate without a signature, the payload into the log, one signed
 *   checkpoint per 1000 decisions, then a receipt and a batch record for every decision; against
 *   the one-signature-per-decision stream (evaluate + sign) measured in the same run, batches
 *   interleaved;
 * - appends per second to each backend (memory, SQLite; PostgreSQL when XJD_BENCH_POSTGRESQL
 *   names a database), in batches and one commit each;
 * - the audit of a 1,000,000-entry SQLite log written by the batch stream (XJD_BENCH_AUDIT_N
 *   changes the size), and the size of a record with its receipt in that log.
 * Everything runs on one thread: the figures are per core.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "xjdata.h"

static double now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void ok(int rc, const char *what, xjd_log *log)
{
    if (rc < 0)
        die("%s: %s (%d)%s%s", what, xjd_strerror(rc), rc, log ? ": " : "", log ? xjd_log_errmsg(log) : "");
}

enum { BATCH = 1000, ROUNDS = 15, SIGNED_PER_ROUND = 100 };

typedef struct stream {
    xjd_log *log;
    xjd_decision *d;
    const xjd_engine *plain;
    const xjd_request *req;
    const xjd_dataset *ds;
    const xjd_key *key;
    uint8_t *payloads;   /* the batch's payloads, kept by the host until its receipts come */
    size_t *off, *len;
    size_t cap;
    uint8_t receipt[4096], rec[8192];
    size_t last_rec_len;
} stream;

/* n decisions through the batch-signed stream: each ends as a batch record with its receipt. */
static void batch_stream(stream *s, int n)
{
    size_t used = 0;
    for (int i = 0; i < n; i++) {
        int rc = xjd_evaluate_ex(s->d, s->plain, s->req, s->ds, XJD_EVAL_NOSIGN, NULL);
        const uint8_t *p;
        size_t pl;
        if (!rc)
            rc = xjd_decision_payload(&p, &pl, s->d, XJD_EVAL_DIGESTS, NULL);
        if (!rc)
            rc = xjd_log_add(s->log, XJD_ENTRY_PAYLOAD, p, pl);
        ok(rc, "batch stream: evaluate and add", s->log);
        if (used + pl > s->cap)
            die("batch stream: payloads larger than expected");
        memcpy(s->payloads + used, p, pl);
        s->off[i] = used;
        s->len[i] = pl;
        used += pl;
    }
    uint64_t first = 0;
    ok(xjd_log_commit(&first, s->log, s->key, (int64_t)time(NULL)), "batch stream: commit", s->log);
    for (int i = 0; i < n; i++) {
        size_t rl = 0, bl = 0;
        ok(xjd_log_receipt(s->receipt, sizeof s->receipt, &rl, s->log, first + (uint64_t)i), "receipt", s->log);
        ok(xjd_batch_record_encode(s->rec, sizeof s->rec, &bl, s->payloads + s->off[i], s->len[i], s->receipt, rl),
           "batch record", NULL);
        s->last_rec_len = bl;
    }
}

static void stream_init(stream *s, const char *uri, const xjd_engine *plain, const xjd_request *req,
                        const xjd_dataset *ds, const xjd_key *key)
{
    memset(s, 0, sizeof *s);
    ok(xjd_log_open(&s->log, uri, XJD_LOG_CREATE, NULL), uri, NULL);
    ok(xjd_decision_new(&s->d, NULL), "decision_new", NULL);
    s->plain = plain;
    s->req = req;
    s->ds = ds;
    s->key = key;
    s->cap = (size_t)BATCH * 2048;
    s->payloads = malloc(s->cap);
    s->off = malloc(BATCH * sizeof *s->off);
    s->len = malloc(BATCH * sizeof *s->len);
}

static void stream_free(stream *s)
{
    xjd_log_free(s->log);
    xjd_decision_free(s->d);
    free(s->payloads);
    free(s->off);
    free(s->len);
}

/* The last batch record verifies: a wrong result is an error, never a figure. */
static void check_last(stream *s, const xjd_keyset *ks)
{
    xjd_decision *v;
    ok(xjd_decision_new(&v, NULL), "decision_new", NULL);
    int rc = xjd_batch_record_verify(v, NULL, NULL, s->rec, s->last_rec_len, ks, NULL);
    if (rc || xjd_decision_effect(v) != xjd_decision_effect(s->d))
        die("a batch record from the stream does not verify: %s", xjd_decision_errmsg(v));
    xjd_decision_free(v);
}

static void figure_batch_stream(const char *uri, const char *label, const xjd_engine *plain,
                                const xjd_engine *signer, const xjd_request *req, const xjd_dataset *ds,
                                const xjd_key *key, const xjd_keyset *ks)
{
    stream s;
    stream_init(&s, uri, plain, req, ds, key);
    xjd_decision *sd;
    ok(xjd_decision_new(&sd, NULL), "decision_new", NULL);
    batch_stream(&s, BATCH); /* warm-up */
    check_last(&s, ks);
    double tb[ROUNDS], ts[ROUNDS], r[ROUNDS];
    for (int k = 0; k < ROUNDS; k++) {
        double t0 = now_us();
        batch_stream(&s, BATCH);
        double t1 = now_us();
        int rc = 0;
        for (int i = 0; i < SIGNED_PER_ROUND; i++)
            rc |= xjd_evaluate_ex(sd, signer, req, ds, XJD_EVAL_DIGESTS, NULL);
        double t2 = now_us();
        if (rc)
            die("signed stream: an evaluation failed");
        tb[k] = (t1 - t0) / BATCH;
        ts[k] = (t2 - t1) / SIGNED_PER_ROUND;
        r[k] = ts[k] / tb[k];
    }
    check_last(&s, ks);
    size_t rl = 0;
    if (!xjd_decision_record(sd, &rl) || !rl)
        die("signed stream: no record");
    double mb = median(tb, ROUNDS), ms = median(ts, ROUNDS), ratio = median(r, ROUNDS);
    char a[32], b[32], c[32], e[32];
    printf("batch-signed stream (%s, digest mode, a checkpoint per %d, receipt + batch record each): %s "
           "decisions/s/core (%s us), %.1f x the one-signature-per-decision stream (%s/s, %s us); target >= "
           "200,000/s and >= 5 x; %s\n",
           label, BATCH, num(a, sizeof a, 1e6 / mb), num(b, sizeof b, mb), ratio, num(c, sizeof c, 1e6 / ms),
           num(e, sizeof e, ms), verdict(1e6 / mb >= 200000 && ratio >= 5));
    xjd_decision_free(sd);
    stream_free(&s);
}

/* Appends of typical entries (a digest-mode payload): in batches of BATCH, and one commit each. */
static void figure_appends(const char *uri, const char *label, const uint8_t *entry, size_t len, int singles)
{
    xjd_log *log;
    if (xjd_log_open(&log, uri, XJD_LOG_CREATE, NULL) < 0) {
        printf("appends/s, %s: not measured (%s)\n", label, xjd_log_open_errmsg());
        return;
    }
    double t[9];
    for (int k = 0; k < 9; k++) {
        double t0 = now_us();
        for (int i = 0; i < BATCH; i++)
            ok(xjd_log_add(log, XJD_ENTRY_PAYLOAD, entry, len), "append", log);
        ok(xjd_log_commit(NULL, log, NULL, 0), "commit", log);
        t[k] = (now_us() - t0) / BATCH;
    }
    double one[64];
    int n1 = singles < 64 ? singles : 64;
    for (int k = 0; k < n1; k++) {
        double t0 = now_us();
        ok(xjd_log_append(NULL, log, XJD_ENTRY_PAYLOAD, entry, len), "append", log);
        one[k] = now_us() - t0;
    }
    char a[32], b[32];
    double mb = median(t, 9), m1 = median(one, (size_t)n1);
    printf("appends/s, %s: %s/s in commits of %d, %s/s one commit each%s; reported\n", label,
           num(a, sizeof a, 1e6 / mb), BATCH, num(b, sizeof b, 1e6 / m1),
           strcmp(uri, "memory:") == 0 ? "" : " (each durable when it returns)");
    xjd_log_free(log);
}

static void figure_audit(const char *dir, const xjd_engine *plain, const xjd_engine *signer, const xjd_request *req,
                         const xjd_dataset *ds, const xjd_key *key, const xjd_keyset *ks)
{
    long n = 1000000;
    const char *env = getenv("XJD_BENCH_AUDIT_N");
    if (env && atol(env) >= BATCH)
        n = atol(env) / BATCH * BATCH;
    char uri[600];
    snprintf(uri, sizeof uri, "sqlite:%s/audit.db", dir);
    stream s;
    stream_init(&s, uri, plain, req, ds, key);
    /* a signed record first (per-decision signing), then the batch stream: its receipt against
     * the last checkpoint has a path as long as any in a log of that size */
    xjd_decision *sd;
    ok(xjd_decision_new(&sd, NULL), "decision_new", NULL);
    ok(xjd_evaluate_ex(sd, signer, req, ds, XJD_EVAL_DIGESTS, NULL), "evaluate (signed)", NULL);
    size_t rl = 0;
    const uint8_t *rec = xjd_decision_record(sd, &rl);
    uint64_t idx = 0;
    ok(xjd_log_add(s.log, XJD_ENTRY_RECORD, rec, rl), "add", s.log);
    ok(xjd_log_commit(&idx, s.log, key, (int64_t)time(NULL)), "commit", s.log);
    double t0 = now_us();
    for (long i = 0; i < n; i += BATCH)
        batch_stream(&s, BATCH);
    double build = (now_us() - t0) / 1e6;
    check_last(&s, ks);
    uint8_t receipt[4096], with[8192], path[32 * XJD_MERKLE_MAX_PROOF];
    size_t recl = 0, wl = 0, np = 0;
    ok(xjd_log_receipt(receipt, sizeof receipt, &recl, s.log, idx), "receipt", s.log);
    ok(xjd_log_inclusion(path, XJD_MERKLE_MAX_PROOF, &np, s.log, idx, (uint64_t)n + 1), "inclusion", s.log);
    ok(xjd_record_add_receipt(with, sizeof with, &wl, rec, rl, receipt, recl), "add receipt", NULL);
    uint64_t vi = 0;
    if (xjd_record_verify_receipt(NULL, &vi, with, wl, 0, ks) != 0 || vi != idx)
        die("the receipt of the record logged at %llu does not verify", (unsigned long long)idx);
    /* the batch record of entry 1 (a payload) with its full-length path */
    const uint8_t *e1, *p1;
    size_t e1l = 0, p1l = 0, r1l = 0, batch_len = 0;
    uint64_t i1;
    xjd_entry_kind k1;
    uint8_t r1[4096], br[8192];
    ok(xjd_log_entry(&e1, &e1l, s.log, 1), "entry 1", s.log);
    ok(xjd_log_entry_decode(&i1, &k1, &p1, &p1l, e1, e1l), "entry 1", NULL);
    ok(xjd_log_receipt(r1, sizeof r1, &r1l, s.log, 1), "receipt 1", s.log);
    ok(xjd_batch_record_encode(br, sizeof br, &batch_len, p1, p1l, r1, r1l), "batch record 1", NULL);
    stream_free(&s);

    xjd_log *log;
    ok(xjd_log_open(&log, uri, XJD_LOG_READONLY, NULL), "open for audit", NULL);
    t0 = now_us();
    int rc = xjd_log_audit(log, ks, NULL, 0, 0);
    double audit = (now_us() - t0) / 1e6;
    if (rc)
        die("the audit of the benchmark's own log failed: %s", xjd_log_errmsg(log));
    uint64_t ne = 0, nc = 0;
    xjd_log_audit_counts(&ne, &nc, NULL, log);
    if (ne != (uint64_t)n + 1)
        die("the audit read %llu entries, %ld were written", (unsigned long long)ne, n + 1);
    xjd_log_free(log);
    printf("audit of a %ld-entry SQLite log (%llu checkpoints, written by the batch stream in %.1f s, %.0f/s): "
           "%.2f s on one core; target <= 2 s per core; %s\n",
           n + 1, (unsigned long long)nc, build, (double)n / build, audit, verdict(audit <= 2.0 * (double)n / 1e6));
    printf("record with its receipt, %ld-entry log, documents as digests: %zu bytes (record %zu + receipt %zu "
           "with a path of %zu hashes); under batch signing the batch record %zu bytes; expect <= 1.4 KB; reported\n",
           n + 1, wl, rl, recl, np, batch_len);
    xjd_decision_free(sd);
}

void figures_log(const xjd_engine *plain, const xjd_engine *signer, const xjd_request *req, const xjd_dataset *ds,
                 const xjd_key *key)
{
    xjd_keyset *ks;
    ok(xjd_keyset_new(&ks, NULL), "keyset_new", NULL);
    ok(xjd_keyset_add(ks, key), "keyset_add", NULL);
    char dir[] = "/tmp/xjdata-bench-log-XXXXXX";
    if (!mkdtemp(dir))
        die("mkdtemp");
    char uri[128];

    figure_batch_stream("memory:", "memory log", plain, signer, req, ds, key, ks);
    snprintf(uri, sizeof uri, "sqlite:%s/stream.db", dir);
    figure_batch_stream(uri, "SQLite log", plain, signer, req, ds, key, ks);

    /* a typical entry: a digest-mode payload */
    xjd_decision *d;
    ok(xjd_decision_new(&d, NULL), "decision_new", NULL);
    ok(xjd_evaluate_ex(d, plain, req, ds, XJD_EVAL_NOSIGN, NULL), "evaluate", NULL);
    const uint8_t *p;
    size_t pl;
    ok(xjd_decision_payload(&p, &pl, d, XJD_EVAL_DIGESTS, NULL), "payload", NULL);
    uint8_t *entry = malloc(pl);
    memcpy(entry, p, pl);
    figure_appends("memory:", "memory", entry, pl, 64);
    snprintf(uri, sizeof uri, "sqlite:%s/appends.db", dir);
    figure_appends(uri, "SQLite (WAL, synchronous=FULL)", entry, pl, 32);
    const char *pg = getenv("XJD_BENCH_POSTGRESQL");
    if (pg && *pg)
        figure_appends(pg, "PostgreSQL", entry, pl, 32);
    else
        printf("appends/s, PostgreSQL: not measured (set XJD_BENCH_POSTGRESQL=postgresql://... to a database "
               "this benchmark may write to)\n");
    free(entry);
    xjd_decision_free(d);

    figure_audit(dir, plain, signer, req, ds, key, ks);

    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "xjdata-bench: could not remove %s\n", dir);
    xjd_keyset_free(ks);
}
