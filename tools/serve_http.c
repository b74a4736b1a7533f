/* SPDX-License-Identifier: MIT */
/*
 * The endpoints of xjdata serve. Every request holds the state in force when its headers arrived
 * (serve_state_get) until it completes, so a reload never mixes two configurations in one answer.
 * Bodies are read as they arrive, up to --max-body; libmicrohttpd polls every connection, so a
 * client that sends slowly holds its own connection and nothing else, and the JSON work starts
 * only once a body is whole. Each server thread has its own JSON workspace (one engine is shared
 * without locks). Errors are JSON: {"error": MESSAGE, "path": FIELD} with the field path the
 * command line names.
 */
#include "serve.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>

/* ---- per-thread JSON workspaces */

static pthread_key_t ws_key;

static void ws_free(void *p) { xjd_json_free(p); }

int serve_http_init(void) { return pthread_key_create(&ws_key, ws_free) == 0 ? 0 : -1; }

static xjd_json *thread_ws(void)
{
    xjd_json *ws = pthread_getspecific(ws_key);
    if (!ws) {
        if (xjd_json_new(&ws, NULL) < 0)
            return NULL;
        if (pthread_setspecific(ws_key, ws) != 0) {
            xjd_json_free(ws);
            return NULL;
        }
    }
    return ws;
}

/* ---- one request */

typedef struct req {
    enum serve_endpoint ep;
    serve_state *st;
    struct timespec t0;
    buf body;
    unsigned status;  /* answered with; 0 while none */
    bool batch;       /* POST /v1/evaluate with Content-Type application/jsonl */
    bool discarding;  /* answered before the body was read: the connection closes after */
    bool too_large;   /* the body passed --max-body: the rest is dropped, then 413 */
    bool timed_out;   /* the body was still arriving after --request-timeout: closed */
} req;

static double since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Queues the answer. `extra`: one more header ("Name: value") or NULL. */
static enum MHD_Result reply(struct MHD_Connection *c, req *r, unsigned status, const char *ctype, const char *body,
                             size_t len, const char *extra)
{
    struct MHD_Response *resp = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (extra) {
        const char *colon = strchr(extra, ':');
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)(colon - extra), extra);
        MHD_add_response_header(resp, name, colon + 2);
    }
    /* draining (SIGTERM), or a body left unread: the client must not send on this connection */
    if (atomic_load(&serve_rt.draining) || r->discarding || r->too_large)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result ok = MHD_queue_response(c, status, resp);
    MHD_destroy_response(resp);
    r->status = status;
    return ok;
}

static enum MHD_Result reply_json(struct MHD_Connection *c, req *r, unsigned status, const buf *b, const char *extra)
{
    return reply(c, r, status, "application/json", b->p ? b->p : "", b->len, extra);
}

/* {"error": msg, "path": path?} and the status. */
static enum MHD_Result reply_error(struct MHD_Connection *c, req *r, unsigned status, const char *msg,
                                   const char *path, const char *extra)
{
    buf b = {0};
    buf_adds(&b, "{\"error\":");
    jw_str(&b, msg);
    if (path && *path) {
        buf_adds(&b, ",\"path\":");
        jw_str(&b, path);
    }
    buf_adds(&b, "}\n");
    enum MHD_Result ok = reply_json(c, r, status, &b, extra);
    buf_free(&b);
    return ok;
}

/* ---- routing */

typedef struct route {
    const char *path;
    enum serve_endpoint ep;
    const char *method; /* the one method it takes (GET endpoints also take HEAD) */
} route;

static const route routes[] = {
    { "/v1/evaluate", EP_EVALUATE, "POST" }, { "/v1/check", EP_CHECK, "POST" },
    { "/v1/verify", EP_VERIFY, "POST" },     { "/v1/rules", EP_RULES, "GET" },
    { "/v1/national", EP_NATIONAL, "GET" },  { "/healthz", EP_HEALTHZ, "GET" },
    { "/metrics", EP_METRICS, "GET" },
};

static const route *find_route(const char *url)
{
    for (size_t i = 0; i < sizeof routes / sizeof *routes; i++)
        if (strcmp(url, routes[i].path) == 0)
            return &routes[i];
    return NULL;
}

/* ---- the access token: "Authorization: Bearer TOKEN", compared in constant time */

static bool authorized(struct MHD_Connection *c, const serve_state *s)
{
    if (!s->has_token)
        return true;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
    if (!h || strncasecmp(h, "Bearer ", 7) != 0)
        return false;
    const char *t = h + 7;
    while (*t == ' ')
        t++;
    size_t n = strlen(t);
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
        n--;
    /* digests of equal length: the comparison takes the same time whatever the token's length
     * or the position of the first difference (sodium_memcmp is constant-time) */
    uint8_t d[32];
    crypto_hash_sha256(d, (const unsigned char *)t, n);
    return sodium_memcmp(d, s->token_hash, sizeof d) == 0;
}

/* ---- query parameters: only the known ones, each once */

typedef struct query {
    const char *allowed[4];
    const char *sign, *lang, *docs, *rulebook;
    char bad[96]; /* the first unknown or repeated parameter */
} query;

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    query *q = cls;
    const char **slot = NULL;
    for (int i = 0; i < 4 && q->allowed[i]; i++)
        if (strcmp(key, q->allowed[i]) == 0)
            slot = strcmp(key, "sign") == 0       ? &q->sign
                   : strcmp(key, "lang") == 0     ? &q->lang
                   : strcmp(key, "docs") == 0     ? &q->docs
                                                  : &q->rulebook;
    if (!slot || *slot) {
        if (!q->bad[0])
            snprintf(q->bad, sizeof q->bad, "%s", key);
        return MHD_YES;
    }
    *slot = value ? value : "";
    return MHD_YES;
}

/* Reads the query; on a bad one answers 400 naming "query.NAME" and returns false. */
static bool read_query(struct MHD_Connection *c, req *r, query *q, unsigned *flags, enum MHD_Result *ret)
{
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, q);
    char path[128], m[160];
    if (q->bad[0]) {
        snprintf(path, sizeof path, "query.%s", q->bad);
        snprintf(m, sizeof m, "unknown or repeated query parameter \"%.80s\"", q->bad);
        *ret = reply_error(c, r, MHD_HTTP_BAD_REQUEST, m, path, NULL);
        return false;
    }
    const char *bad = NULL, *want = NULL;
    if (q->lang && strcmp(q->lang, "en") == 0)
        *flags |= XJD_JSON_EN;
    else if (q->lang && strcmp(q->lang, "zh") != 0)
        bad = "lang", want = "zh or en";
    if (q->sign && strcmp(q->sign, "false") == 0)
        *flags |= XJD_EVAL_NOSIGN;
    else if (q->sign && strcmp(q->sign, "true") != 0)
        bad = "sign", want = "true or false";
    if (q->docs && strcmp(q->docs, "digest") == 0)
        *flags |= XJD_EVAL_DIGESTS;
    else if (q->docs && strcmp(q->docs, "full") == 0)
        *flags |= XJD_EVAL_FULL;
    else if (q->docs)
        bad = "docs", want = "digest or full";
    if (bad) {
        snprintf(path, sizeof path, "query.%s", bad);
        snprintf(m, sizeof m, "query parameter %s: expected %s", bad, want);
        *ret = reply_error(c, r, MHD_HTTP_BAD_REQUEST, m, path, NULL);
        return false;
    }
    return true;
}

/* ---- the endpoints */

/* ---- --log LOG: every decision appended to the decision log, answered with its receipt */

/* Drops whatever a failed append left in the log object (an entry added but not committed would
 * otherwise join the next decision's commit) by reopening it. Called with log_lock held. */
static void log_reset(serve_state *s)
{
    xjd_log_free(s->log);
    s->log = NULL;
    if (xjd_log_open(&s->log, serve_rt.cfg.log, 0, NULL) < 0) {
        s->log = NULL;
        msg("serve: --log %s: cannot reopen: %s", serve_rt.cfg.log, xjd_log_open_errmsg());
    }
}

/*
 * Per-decision signing, as xjdata eval --log does (docs/decision-log.md): the signed record is
 * appended as an entry and committed with a checkpoint signed by the same key, in one transaction;
 * its inclusion receipt goes into the record's unprotected header (label 394), where the record's
 * own signature does not cover it. One log, appends serialised (an xjd_log serves one thread at a
 * time, and a reload may leave two states holding a log each). `json`: the decision's document;
 * `answer` gets it with the record replaced by the record with its receipt, and "log_index".
 * 0, or a negative XJD_E* with `err` saying why: the caller answers 500, never the decision.
 */
static int serve_log_append(serve_state *s, const xjd_decision *d, const char *json, size_t n, buf *answer,
                            char *err, size_t errcap)
{
    size_t rl = 0;
    const uint8_t *rec = xjd_decision_record(d, &rl);
    if (!rec || !rl) {
        snprintf(err, errcap, "decision log: the decision has no record to log");
        return XJD_ENOKEY;
    }
    uint8_t receipt[8192];
    size_t recl = 0;
    uint64_t index = 0;
    int rc;
    pthread_mutex_lock(&serve_rt.log_lock);
    if (!s->log) {
        rc = XJD_ESTORE;
        snprintf(err, errcap, "decision log: %s is not open (see the server's log)", serve_rt.cfg.log);
    } else if ((rc = xjd_log_add(s->log, XJD_ENTRY_RECORD, rec, rl)) < 0 ||
               (rc = xjd_log_commit(&index, s->log, s->key, (int64_t)time(NULL))) < 0 ||
               (rc = xjd_log_receipt(receipt, sizeof receipt, &recl, s->log, index)) < 0) {
        const char *m = xjd_log_errmsg(s->log);
        snprintf(err, errcap, "decision log: %s", m && *m ? m : xjd_strerror(rc));
        log_reset(s);
    }
    pthread_mutex_unlock(&serve_rt.log_lock);
    if (rc < 0)
        return rc;
    size_t need = 0;
    buf withr = {0};
    rc = xjd_record_add_receipt(NULL, 0, &need, rec, rl, receipt, recl);
    if (rc == 0) {
        buf_reserve(&withr, need);
        rc = xjd_record_add_receipt((uint8_t *)withr.p, withr.cap, &need, rec, rl, receipt, recl);
    }
    /* the document's record is its last base64 string: ,"record":"...", then "kid" (a literal
     * quote cannot occur inside a JSON string, so the last match is the member) */
    const char *at = NULL;
    for (size_t i = n; rc == 0 && i-- > 10;)
        if (memcmp(json + i, ",\"record\":\"", 11) == 0) {
            at = json + i;
            break;
        }
    const char *close = at ? memchr(at + 11, '"', n - (size_t)(at + 11 - json)) : NULL;
    if (rc == 0 && !close)
        rc = XJD_EINVAL;
    if (rc < 0) {
        /* the entry is stored: the auditor finds it; the client gets no decision without receipt */
        snprintf(err, errcap, "decision log: entry %llu stored, its receipt could not be attached: %s",
                 (unsigned long long)index, xjd_strerror(rc));
        buf_free(&withr);
        return rc;
    }
    size_t tail_at = (size_t)(close + 1 - json), end = n;
    while (end > tail_at && json[end - 1] != '}')
        end--;
    buf_reserve(answer, n + 2 * need + 64);
    buf_add(answer, json, (size_t)(at - json));
    buf_adds(answer, ",\"record\":\"");
    b64_encode(answer, (const uint8_t *)withr.p, need);
    buf_addc(answer, '"');
    buf_add(answer, json + tail_at, end - 1 - tail_at); /* ,"kid":... without the closing brace */
    buf_printf(answer, ",\"log_index\":%llu}", (unsigned long long)index);
    buf_free(&withr);
    return 0;
}

static unsigned status_of(int rc)
{
    switch (rc) {
    case XJD_EINPUT:
    case XJD_ELIMIT:
    case XJD_ECALENDAR:
    case XJD_ENOTFOUND:
        return MHD_HTTP_BAD_REQUEST;
    }
    if (rc <= XJD_ENOTTAG18 && rc >= XJD_ECONTENT)
        return MHD_HTTP_UNPROCESSABLE_CONTENT;
    return MHD_HTTP_INTERNAL_SERVER_ERROR;
}

static enum MHD_Result answer_ws(struct MHD_Connection *c, req *r, xjd_json *ws, int rc)
{
    size_t n;
    const char *t = xjd_json_text(ws, &n);
    buf b = {0};
    buf_reserve(&b, n + 1);
    buf_add(&b, t, n);
    buf_addc(&b, '\n');
    if (rc && status_of(rc) == MHD_HTTP_INTERNAL_SERVER_ERROR)
        msg("serve: %s: %s", xjd_strerror(rc), xjd_json_errmsg(ws));
    enum MHD_Result ok = reply_json(c, r, rc ? status_of(rc) : MHD_HTTP_OK, &b, NULL);
    buf_free(&b);
    return ok;
}

static void count_decision(const xjd_decision *d)
{
    size_t rl = 0;
    xjd_decision_record(d, &rl);
    metrics_decision(xjd_decision_effect(d), rl > 0);
}

static enum MHD_Result do_evaluate(struct MHD_Connection *c, req *r, unsigned flags)
{
    xjd_json *ws = thread_ws();
    if (!ws)
        return reply_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory", NULL, NULL);
    flags |= XJD_JSON_ENVELOPE;
    if (serve_rt.cfg.log && (flags & XJD_EVAL_NOSIGN)) /* as eval --log refuses --no-sign */
        return reply_error(c, r, MHD_HTTP_BAD_REQUEST,
                           "query parameter sign: this server logs every decision with its signed record (--log)",
                           "query.sign", NULL);
    if (!r->batch) {
        int rc = xjd_evaluate_json(ws, r->st->engine, r->body.p, r->body.len, NULL, flags);
        if (rc == 0 && serve_rt.cfg.log) {
            size_t n;
            const char *t = xjd_json_text(ws, &n);
            buf b = {0};
            char err[320];
            if (serve_log_append(r->st, xjd_json_decision(ws), t, n, &b, err, sizeof err) < 0) {
                buf_free(&b);
                msg("serve: %s", err);
                return reply_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, err, NULL, NULL);
            }
            count_decision(xjd_json_decision(ws));
            buf_addc(&b, '\n');
            enum MHD_Result ok = reply_json(c, r, MHD_HTTP_OK, &b, NULL);
            buf_free(&b);
            return ok;
        }
        if (rc == 0)
            count_decision(xjd_json_decision(ws));
        return answer_ws(c, r, ws, rc);
    }
    /* a batch: one line out per line in, a decision or {"line": N, "error": ..., "path": ...};
     * a last line without its line break counts, an empty tail after the last break does not */
    buf out = {0};
    const char *p = r->body.p ? r->body.p : "", *end = p + r->body.len;
    long line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        size_t len = (size_t)(e - p);
        line++;
        if (len && p[len - 1] == '\r')
            len--;
        size_t k = 0;
        while (k < len && (p[k] == ' ' || p[k] == '\t'))
            k++;
        if (k == len) {
            buf_printf(&out, "{\"line\":%ld,\"error\":\"empty line: expected a request\"}\n", line);
            metrics_batch_line_error();
        } else if (xjd_evaluate_json(ws, r->st->engine, p, len, NULL, flags) == 0) {
            size_t n;
            const char *t = xjd_json_text(ws, &n);
            if (serve_rt.cfg.log) {
                /* a decision the log refused is never answered; the lines before it were
                 * logged, and the client learns which line failed */
                char err[320], m[400];
                if (serve_log_append(r->st, xjd_json_decision(ws), t, n, &out, err, sizeof err) < 0) {
                    buf_free(&out);
                    snprintf(m, sizeof m, "line %ld: %s (the lines before it were logged)", line, err);
                    msg("serve: %s", m);
                    return reply_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, m, NULL, NULL);
                }
            } else {
                buf_reserve(&out, n + 1);
                buf_add(&out, t, n);
            }
            count_decision(xjd_json_decision(ws));
            buf_addc(&out, '\n');
        } else {
            buf_printf(&out, "{\"line\":%ld,\"error\":", line);
            jw_str(&out, xjd_json_errmsg(ws));
            if (xjd_json_errpath(ws)[0]) {
                buf_adds(&out, ",\"path\":");
                jw_str(&out, xjd_json_errpath(ws));
            }
            buf_adds(&out, "}\n");
            metrics_batch_line_error();
        }
        p = nl ? nl + 1 : end;
    }
    enum MHD_Result ok = reply(c, r, MHD_HTTP_OK, "application/jsonl", out.p ? out.p : "", out.len, NULL);
    buf_free(&out);
    return ok;
}

static enum MHD_Result do_check(struct MHD_Connection *c, req *r, unsigned flags, const char *rulebook)
{
    xjd_json *ws = thread_ws();
    if (!ws)
        return reply_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory", NULL, NULL);
    int rc = xjd_dataset_check_json(ws, r->body.p, r->body.len, rulebook, flags);
    return answer_ws(c, r, ws, rc);
}

/* A 422 for a verification that failed here rather than in the library, in the library's shape. */
static enum MHD_Result verify_failed(struct MHD_Connection *c, req *r, const char *check, const char *path,
                                     const char *text)
{
    buf b = {0};
    buf_adds(&b, "{\"verified\":false,\"check\":");
    jw_str(&b, check);
    if (path && *path) {
        buf_adds(&b, ",\"path\":");
        jw_str(&b, path);
    }
    buf_adds(&b, ",\"error\":");
    jw_str(&b, text);
    buf_adds(&b, "}\n");
    enum MHD_Result ok = reply_json(c, r, MHD_HTTP_UNPROCESSABLE_CONTENT, &b, NULL);
    buf_free(&b);
    return ok;
}

/*
 * A decision document is evidence only through its record (issue 14): once the record verifies,
 * every other member the body shows is compared with it (verify_doc.c, as `xjdata verify` does),
 * and the receipts the record carries are verified, so that a "log_index" is vouched for. A body
 * that is the record alone (a string, or {"record": ...}) has nothing to compare.
 */
static enum MHD_Result do_verify(struct MHD_Connection *c, req *r, unsigned flags)
{
    xjd_json *ws = thread_ws();
    if (!ws)
        return reply_error(c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory", NULL, NULL);
    int rc = xjd_record_verify_json(ws, r->body.p, r->body.len, r->st->verify, flags);
    if (rc != 0)
        return answer_ws(c, r, ws, rc);
    json_t *doc = json_loadb(r->body.p ? r->body.p : "", r->body.len, JSON_REJECT_DUPLICATES, NULL);
    if (json_is_object(doc) && json_object_size(doc) > (json_object_get(doc, "record") ? 1u : 0u)) {
        const xjd_decision *d = xjd_json_decision(ws);
        size_t rl = 0;
        const uint8_t *rec = d ? xjd_decision_record(d, &rl) : NULL;
        uint64_t idx[8];
        size_t nidx = 0, nr = 0;
        if (rec && xjd_record_receipt_count(&nr, rec, rl) == 0) {
            for (size_t i = 0; i < nr; i++) {
                uint64_t ix = 0;
                int vr = xjd_record_verify_receipt(NULL, &ix, rec, rl, i, r->st->verify);
                if (vr < 0) {
                    char m[400];
                    snprintf(m, sizeof m, "receipt %zu: %s", i,
                             *xjd_receipt_errmsg() ? xjd_receipt_errmsg() : xjd_strerror(vr));
                    json_decref(doc);
                    return verify_failed(c, r, "receipt", NULL, m);
                }
                if (nidx < 8)
                    idx[nidx++] = ix;
            }
        }
        doc_diff df;
        if (!d || decision_doc_compare(&df, doc, d, true, idx, nidx) < 0) {
            json_decref(doc);
            char m[640];
            snprintf(m, sizeof m, "the decision document differs from its record: %s",
                     d ? df.text : "no decision to compare with");
            return verify_failed(c, r, "document", d ? df.path : NULL, m);
        }
    }
    json_decref(doc);
    return answer_ws(c, r, ws, rc);
}

static enum MHD_Result do_get(struct MHD_Connection *c, req *r, unsigned flags, const char *rulebook)
{
    buf b = {0};
    enum MHD_Result ok;
    switch (r->ep) {
    case EP_RULES:
        if (rules_json(&b, rulebook ? rulebook : "xj-2025", (flags & XJD_JSON_EN) != 0) < 0) {
            buf_free(&b);
            return reply_error(c, r, MHD_HTTP_BAD_REQUEST, "unknown rulebook (known: xj-2025, xj-2024-draft)",
                               "query.rulebook", NULL);
        }
        buf_addc(&b, '\n');
        ok = reply_json(c, r, MHD_HTTP_OK, &b, NULL);
        break;
    case EP_NATIONAL:
        national_list_json(&b, r->st->engine);
        buf_addc(&b, '\n');
        ok = reply_json(c, r, MHD_HTTP_OK, &b, NULL);
        break;
    case EP_HEALTHZ: {
        bool draining = atomic_load(&serve_rt.draining) != 0;
        buf_printf(&b, "{\"status\":\"%s\",\"kid\":\"%s\",\"generation\":%lu}\n", draining ? "draining" : "ok",
                   r->st->kid, r->st->generation);
        ok = reply_json(c, r, draining ? MHD_HTTP_SERVICE_UNAVAILABLE : MHD_HTTP_OK, &b, NULL);
        break;
    }
    default: /* EP_METRICS */
        metrics_render(&b, r->st);
        ok = reply(c, r, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", b.p, b.len, NULL);
        break;
    }
    buf_free(&b);
    return ok;
}

/* The media type of a body, without parameters, lower-cased into out ("" when none). */
static void media_type(struct MHD_Connection *c, char *out, size_t cap)
{
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
    size_t n = 0;
    while (h && *h == ' ')
        h++;
    for (; h && h[n] && h[n] != ';' && h[n] != ' ' && n + 1 < cap; n++)
        out[n] = (char)(h[n] >= 'A' && h[n] <= 'Z' ? h[n] + 32 : h[n]);
    out[n] = '\0';
}

/* First call of a request: its headers are in. Routes it and checks what can be checked before
 * the body: the token, the method, the media type, a declared length over the limit. Answers
 * GET requests. Returns MHD_YES to go on reading the body. */
static enum MHD_Result headers_in(struct MHD_Connection *c, req *r, const char *url, const char *method)
{
    const route *rt = find_route(url);
    r->ep = rt ? rt->ep : EP_OTHER;
    if (!(rt && rt->ep == EP_HEALTHZ) && !authorized(c, r->st))
        return reply_error(c, r, MHD_HTTP_UNAUTHORIZED, "missing or wrong access token (Authorization: Bearer TOKEN)",
                           NULL, "WWW-Authenticate: Bearer realm=\"xjdata\"");
    if (!rt) {
        char m[320];
        snprintf(m, sizeof m, "no such endpoint: %.120s (see /v1/evaluate, /v1/check, /v1/verify, /v1/rules, "
                              "/v1/national, /healthz, /metrics)", url);
        return reply_error(c, r, MHD_HTTP_NOT_FOUND, m, NULL, NULL);
    }
    bool get = strcmp(rt->method, "GET") == 0;
    if (strcmp(method, rt->method) != 0 && !(get && strcmp(method, "HEAD") == 0)) {
        char m[160], allow[48];
        snprintf(m, sizeof m, "%.16s is not allowed on %s: use %s", method, rt->path, rt->method);
        snprintf(allow, sizeof allow, "Allow: %s", get ? "GET, HEAD" : "POST");
        return reply_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, m, NULL, allow);
    }
    if (get)
        return MHD_YES; /* answered at the last call, with the query read */
    char mt[64];
    media_type(c, mt, sizeof mt);
    bool json = !mt[0] || strcmp(mt, "application/json") == 0;
    bool jsonl = strcmp(mt, "application/jsonl") == 0 || strcmp(mt, "application/x-ndjson") == 0 ||
                 strcmp(mt, "application/jsonlines") == 0;
    if (!json && !(jsonl && rt->ep == EP_EVALUATE)) {
        char m[200];
        snprintf(m, sizeof m, "Content-Type %.60s: expected application/json%s", mt,
                 rt->ep == EP_EVALUATE ? " (or application/jsonl for a batch)" : "");
        return reply_error(c, r, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE, m, NULL, NULL);
    }
    if (jsonl) {
        r->batch = true;
        r->ep = EP_EVALUATE_BATCH;
    }
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl) {
        errno = 0;
        char *e;
        unsigned long long n = strtoull(cl, &e, 10);
        if (errno || e == cl || n > serve_rt.cfg.max_body) {
            char m[120];
            snprintf(m, sizeof m, "request body over the limit of %zu bytes", serve_rt.cfg.max_body);
            r->discarding = true;
            return reply_error(c, r, MHD_HTTP_CONTENT_TOO_LARGE, m, NULL, NULL);
        }
        /* room for what is declared, up to 64 KiB: a client that declares much and sends slowly
         * holds no more memory than it has sent */
        buf_reserve(&r->body, n < 65536 ? (size_t)n : 65536);
    }
    return MHD_YES;
}

enum MHD_Result serve_handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **req_cls)
{
    (void)cls, (void)version;
    req *r = *req_cls;
    if (!r) {
        r = calloc(1, sizeof *r);
        if (!r)
            return MHD_NO;
        clock_gettime(CLOCK_MONOTONIC, &r->t0);
        r->st = serve_state_get();
        atomic_fetch_add(&serve_rt.in_flight, 1);
        *req_cls = r;
        return headers_in(c, r, url, method);
    }
    if (r->status) { /* answered already: drop what still comes */
        *upload_size = 0;
        return MHD_YES;
    }
    if (*upload_size) {
        /* libmicrohttpd takes an answer only before the body or after it, so a body still
         * arriving after --request-timeout closes the connection (the client gets no answer, the
         * metrics count a timeout), and one over --max-body is read and dropped until it ends
         * (then 413) or the time is up */
        if (since(&r->t0) > serve_rt.cfg.request_timeout) {
            r->timed_out = true;
            return MHD_NO;
        }
        if (r->too_large || *upload_size > serve_rt.cfg.max_body - r->body.len) {
            r->too_large = true;
            *upload_size = 0;
            return MHD_YES;
        }
        buf_add(&r->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (r->too_large) {
        char m[120];
        snprintf(m, sizeof m, "request body over the limit of %zu bytes", serve_rt.cfg.max_body);
        return reply_error(c, r, MHD_HTTP_CONTENT_TOO_LARGE, m, NULL, NULL);
    }
    if (since(&r->t0) > serve_rt.cfg.request_timeout) {
        char m[120];
        snprintf(m, sizeof m, "the request took longer than %u s to arrive", serve_rt.cfg.request_timeout);
        r->discarding = true;
        return reply_error(c, r, MHD_HTTP_REQUEST_TIMEOUT, m, NULL, NULL);
    }
    /* the whole request is in */
    query q;
    memset(&q, 0, sizeof q);
    unsigned flags = 0;
    enum MHD_Result ret = MHD_YES;
    switch (r->ep) {
    case EP_EVALUATE:
    case EP_EVALUATE_BATCH:
        q.allowed[0] = "sign", q.allowed[1] = "lang", q.allowed[2] = "docs";
        if (!read_query(c, r, &q, &flags, &ret))
            return ret;
        return do_evaluate(c, r, flags);
    case EP_CHECK:
        q.allowed[0] = "lang", q.allowed[1] = "rulebook";
        if (!read_query(c, r, &q, &flags, &ret))
            return ret;
        return do_check(c, r, flags, q.rulebook);
    case EP_VERIFY:
        q.allowed[0] = "lang";
        if (!read_query(c, r, &q, &flags, &ret))
            return ret;
        return do_verify(c, r, flags);
    case EP_RULES:
        q.allowed[0] = "lang", q.allowed[1] = "rulebook";
        if (!read_query(c, r, &q, &flags, &ret))
            return ret;
        return do_get(c, r, flags, q.rulebook);
    default:
        if (!read_query(c, r, &q, &flags, &ret))
            return ret;
        return do_get(c, r, flags, NULL);
    }
}

void serve_completed(void *cls, struct MHD_Connection *c, void **req_cls, enum MHD_RequestTerminationCode toe)
{
    (void)cls, (void)c;
    req *r = *req_cls;
    if (!r)
        return;
    metrics_request(r->ep, toe == MHD_REQUEST_TERMINATED_COMPLETED_OK || r->status ? r->status : 0,
                    toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED || r->timed_out, since(&r->t0));
    serve_state_put(r->st);
    buf_free(&r->body);
    free(r);
    *req_cls = NULL;
    atomic_fetch_sub(&serve_rt.in_flight, 1);
}

void serve_connection(void *cls, struct MHD_Connection *c, void **socket_ctx, enum MHD_ConnectionNotificationCode toe)
{
    (void)cls, (void)c, (void)socket_ctx;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED)
        atomic_fetch_add(&serve_rt.connections, 1);
    else
        atomic_fetch_sub(&serve_rt.connections, 1);
}
