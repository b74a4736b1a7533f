/* SPDX-License-Identifier: MIT */
/*
 * xjdata eval --log LOG: every decision appended to the decision log, and printed only once its
 * batch is stored with the checkpoint that signs it, with its receipt (docs/decision-log.md).
 *
 * Decisions are queued in input order with whatever else was printed between them (error lines),
 * as text rendered up to the point where the evidence goes. A batch is committed every N
 * entries, every T milliseconds after its first entry, and at the end; then each decision's
 * evidence is completed: per-decision signing, the record with its receipt in the unprotected
 * header (label 394); batch signing (--batch), the batch record [payload, [receipt]].
 */
#include "evallog.h"
#include "records.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct qitem {
    bool decision;
    size_t text_off, text_len; /* output text (a decision: up to where its evidence goes) */
    size_t data_off, data_len; /* a decision: the record or payload logged */
} qitem;

typedef struct evallog {
    xjd_log *log;
    const char *uri;
    xjd_key *key;
    bool batch;
    uint64_t every;
    long every_ms;
    struct timespec since; /* when the first entry of the batch was added */
    char kid[65];
    qitem *q;
    size_t nq, qcap;
    buf text, data, tmp;
} evallog;

static long ms_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (long)((now.tv_sec - t->tv_sec) * 1000 + (now.tv_nsec - t->tv_nsec) / 1000000);
}

int evallog_open(evalctx *c, const char *uri, xjd_key *key, bool batch, const char *every, const char *every_ms)
{
    evallog *l = xmalloc(sizeof *l);
    memset(l, 0, sizeof *l);
    l->uri = uri;
    l->key = key;
    l->batch = batch;
    l->every = 1000;
    l->every_ms = 1000;
    char *end;
    if (every) {
        l->every = strtoull(every, &end, 10);
        if (!*every || *end || l->every == 0 || every[0] == '-') {
            msg("--every: expected a number of entries, at least 1, got \"%s\"", every);
            free(l);
            return -1;
        }
    }
    if (every_ms) {
        l->every_ms = strtol(every_ms, &end, 10);
        if (!*every_ms || *end || l->every_ms < 0) {
            msg("--every-ms: expected milliseconds, got \"%s\"", every_ms);
            free(l);
            return -1;
        }
    }
    int rc = xjd_log_open(&l->log, uri, 0, NULL);
    if (rc < 0) {
        msg("--log %s: %s", uri, *xjd_log_open_errmsg() ? xjd_log_open_errmsg() : xjd_strerror(rc));
        free(l);
        return -1;
    }
    uint8_t kid[32];
    xjd_key_kid(kid, key);
    hex_encode(l->kid, kid, 32);
    c->elog = l;
    return 0;
}

static void push(evallog *l, bool decision, const char *text, size_t tl, const uint8_t *data, size_t dl)
{
    if (l->nq == l->qcap) {
        l->qcap = l->qcap ? 2 * l->qcap : 256;
        l->q = xrealloc(l->q, l->qcap * sizeof *l->q);
    }
    qitem *it = &l->q[l->nq++];
    it->decision = decision;
    it->text_off = l->text.len;
    it->text_len = tl;
    buf_add(&l->text, text, tl);
    it->data_off = l->data.len;
    it->data_len = dl;
    if (dl)
        buf_add(&l->data, data, dl);
}

/* What eval printed since the last decision (error lines) joins the queue, keeping the order. */
static void take_text(evalctx *c)
{
    if (c->out.len) {
        push(c->elog, false, c->out.p, c->out.len, NULL, 0);
        c->out.len = 0;
    }
}

/* Commits the batch and prints the queue. -1 when the log refused it (printed). */
static int commit(evalctx *c)
{
    evallog *l = c->elog;
    take_text(c);
    uint64_t first = 0;
    if (xjd_log_pending(l->log)) {
        int rc = xjd_log_commit(&first, l->log, l->key, (int64_t)time(NULL));
        if (rc < 0) {
            const char *m = xjd_log_errmsg(l->log);
            msg("--log %s: %s", l->uri, m && *m ? m : xjd_strerror(rc));
            return -1;
        }
    }
    uint8_t receipt[8192];
    size_t k = 0;
    for (size_t i = 0; i < l->nq; i++) {
        qitem *it = &l->q[i];
        buf_add(&c->out, l->text.p + it->text_off, it->text_len);
        if (!it->decision)
            continue;
        uint64_t index = first + k++;
        size_t rl = 0;
        int rc = xjd_log_receipt(receipt, sizeof receipt, &rl, l->log, index);
        if (rc < 0) {
            msg("--log %s: entry %llu: %s", l->uri, (unsigned long long)index, xjd_log_errmsg(l->log));
            return -1;
        }
        const uint8_t *data = (const uint8_t *)l->data.p + it->data_off;
        size_t need = 0;
        if (l->batch)
            rc = xjd_batch_record_encode(NULL, 0, &need, data, it->data_len, receipt, rl);
        else
            rc = xjd_record_add_receipt(NULL, 0, &need, data, it->data_len, receipt, rl);
        buf_reserve(&l->tmp, need);
        if (rc == 0)
            rc = l->batch ? xjd_batch_record_encode((uint8_t *)l->tmp.p, l->tmp.cap, &need, data, it->data_len,
                                                    receipt, rl)
                          : xjd_record_add_receipt((uint8_t *)l->tmp.p, l->tmp.cap, &need, data, it->data_len,
                                                   receipt, rl);
        if (rc < 0) {
            msg("--log: entry %llu: %s", (unsigned long long)index, xjd_strerror(rc));
            return -1;
        }
        if (c->json) {
            buf_adds(&c->out, ",\"record\":\"");
            b64_encode(&c->out, (const uint8_t *)l->tmp.p, need);
            /* one key signs the records and the checkpoints: the kid of either */
            buf_printf(&c->out, "\",\"kid\":\"%s\",\"log_index\":%llu}\n", l->kid, (unsigned long long)index);
        } else {
            buf_printf(&c->out,
                       c->ro.en ? "Logged as entry %llu of %s, with its receipt (--format json prints the record)\n"
                                : "已记入决定日志第 %llu 条（%s），附收据（--format json 输出记录）\n",
                       (unsigned long long)index, l->uri);
        }
    }
    l->nq = 0;
    l->text.len = 0;
    l->data.len = 0;
    flush_out(&c->out);
    return 0;
}

int evallog_decision(evalctx *c, const char *title)
{
    evallog *l = c->elog;
    take_text(c);
    const uint8_t *data;
    size_t dl = 0;
    xjd_entry_kind kind;
    int rc;
    if (l->batch) {
        rc = xjd_decision_payload(&data, &dl, c->dec, c->flags & (XJD_EVAL_DIGESTS | XJD_EVAL_FULL), NULL);
        kind = XJD_ENTRY_PAYLOAD;
    } else {
        data = xjd_decision_record(c->dec, &dl);
        rc = data ? 0 : XJD_ENOKEY;
        kind = XJD_ENTRY_RECORD;
    }
    if (rc == 0)
        rc = xjd_log_add(l->log, kind, data, dl);
    if (rc < 0) {
        msg("--log: %s", xjd_strerror(rc));
        return -1;
    }
    if (xjd_log_pending(l->log) == 1)
        clock_gettime(CLOCK_MONOTONIC, &l->since);
    /* the decision up to its evidence: JSON without "record"/"kid" and the closing brace */
    if (c->json) {
        render_decision_json(&c->out, c->dec, &c->ro, -1);
        size_t cut = c->out.len - 1; /* '}' */
        for (size_t i = c->out.len; i-- > 10;)
            if (memcmp(c->out.p + i, ",\"record\":\"", 11) == 0) {
                cut = i;
                break;
            }
        c->out.len = cut;
    } else {
        render_decision_text(&c->out, c->dec, &c->ro, title);
    }
    push(l, true, c->out.p, c->out.len, data, dl);
    c->out.len = 0;
    if (xjd_log_pending(l->log) >= l->every || ms_since(&l->since) >= l->every_ms)
        return commit(c);
    return 0;
}

void evallog_text(evalctx *c) { take_text(c); }

int evallog_wait(evalctx *c, int fd)
{
    evallog *l = c->elog;
    take_text(c);
    if (!xjd_log_pending(l->log)) {
        if (l->nq)
            return commit(c); /* only text queued */
        return 0;
    }
    long left = l->every_ms - ms_since(&l->since);
    if (left > 0) {
        struct pollfd pf = { fd, POLLIN, 0 };
        int r;
        while ((r = poll(&pf, 1, (int)(left > 60000 ? 60000 : left))) < 0 && errno == EINTR) {
        }
        if (r > 0)
            return 0; /* input first: the batch goes on */
    }
    return commit(c);
}

int evallog_close(evalctx *c)
{
    evallog *l = c->elog;
    if (!l)
        return 0;
    int rc = commit(c);
    xjd_log_free(l->log);
    free(l->q);
    buf_free(&l->text);
    buf_free(&l->data);
    buf_free(&l->tmp);
    free(l);
    c->elog = NULL;
    return rc;
}
