/* SPDX-License-Identifier: MIT */
/*
 * GET /metrics: the Prometheus text exposition format (version 0.0.4). Counters are relaxed
 * atomics bumped from the server's threads (no lock on the request path); the histogram keeps a
 * count per bucket and sums them, cumulatively, only when it is read.
 */
#include "serve.h"

#include <string.h>

static const char *const ep_names[EP__COUNT] = {
    "evaluate", "evaluate_batch", "check", "verify", "rules", "national", "healthz", "metrics", "other",
};

/* The statuses the server answers with; anything else counts as "other". */
static const unsigned codes[] = { 200, 400, 401, 404, 405, 408, 413, 415, 422, 500, 503 };
#define NCODES (sizeof codes / sizeof *codes)
enum { CODE_OTHER = NCODES, CODE_ABORTED, CODE_TIMEOUT, NCODE_SLOTS };

/* Latency buckets, seconds (upper bounds; +Inf is the count). Fine at the bottom: a signed
 * decision takes tens of microseconds, and the target is p99 <= 2 ms. */
static const double buckets[] = { 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5 };
#define NBUCKETS (sizeof buckets / sizeof *buckets)

static atomic_ulong requests[EP__COUNT][NCODE_SLOTS];
static atomic_ulong hist[EP__COUNT][NBUCKETS + 1]; /* the last slot: above every bound */
static atomic_ulong hist_sum_ns[EP__COUNT];
static atomic_ulong decisions[4]; /* by xjd_effect */
static atomic_ulong signatures;
static atomic_ulong batch_line_errors;
static atomic_ulong reloads[2]; /* failed, ok */

void metrics_request(enum serve_endpoint ep, unsigned status, bool timeout, double seconds)
{
    if ((unsigned)ep >= EP__COUNT)
        ep = EP_OTHER;
    size_t slot = CODE_OTHER;
    if (status == 0)
        slot = timeout ? CODE_TIMEOUT : CODE_ABORTED;
    for (size_t i = 0; i < NCODES; i++)
        if (codes[i] == status)
            slot = i;
    atomic_fetch_add_explicit(&requests[ep][slot], 1, memory_order_relaxed);
    size_t b = 0;
    while (b < NBUCKETS && seconds > buckets[b])
        b++;
    atomic_fetch_add_explicit(&hist[ep][b], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&hist_sum_ns[ep], (unsigned long)(seconds * 1e9), memory_order_relaxed);
}

void metrics_decision(xjd_effect effect, bool signed_record)
{
    if (effect >= XJD_PERMIT && effect <= XJD_DENY)
        atomic_fetch_add_explicit(&decisions[effect], 1, memory_order_relaxed);
    if (signed_record)
        atomic_fetch_add_explicit(&signatures, 1, memory_order_relaxed);
}

void metrics_batch_line_error(void) { atomic_fetch_add_explicit(&batch_line_errors, 1, memory_order_relaxed); }

void metrics_reload(bool ok) { atomic_fetch_add_explicit(&reloads[ok ? 1 : 0], 1, memory_order_relaxed); }

static unsigned long get(atomic_ulong *a) { return atomic_load_explicit(a, memory_order_relaxed); }

/* The error kind of a status (xjdata_errors_total{kind}), or NULL for a success. */
static const char *kind_of(size_t slot)
{
    if (slot >= NCODES)
        return slot == CODE_TIMEOUT ? "timeout" : slot == CODE_ABORTED ? "aborted" : "other";
    switch (codes[slot]) {
    case 400: return "input";
    case 401: return "auth";
    case 404: return "not_found";
    case 405: return "method";
    case 408: return "timeout";
    case 413: return "too_large";
    case 415: return "media_type";
    case 422: return "verification";
    case 500: return "internal";
    case 503: return "unavailable";
    }
    return NULL;
}

void metrics_render(buf *b, const serve_state *s)
{
    buf_adds(b, "# HELP xjdata_http_requests_total HTTP requests answered, by endpoint and status "
                "(code \"aborted\": the client went away; \"timeout\": closed for a timeout).\n"
                "# TYPE xjdata_http_requests_total counter\n");
    for (int e = 0; e < EP__COUNT; e++)
        for (size_t c = 0; c < NCODE_SLOTS; c++) {
            unsigned long v = get(&requests[e][c]);
            if (!v)
                continue;
            if (c < NCODES)
                buf_printf(b, "xjdata_http_requests_total{endpoint=\"%s\",code=\"%u\"} %lu\n", ep_names[e], codes[c], v);
            else
                buf_printf(b, "xjdata_http_requests_total{endpoint=\"%s\",code=\"%s\"} %lu\n", ep_names[e],
                           c == CODE_TIMEOUT ? "timeout" : c == CODE_ABORTED ? "aborted" : "other", v);
        }

    buf_adds(b, "# HELP xjdata_errors_total Requests that failed, by kind (input: a 400 naming the field; "
                "batch_line: a bad line of a JSON Lines batch).\n"
                "# TYPE xjdata_errors_total counter\n");
    static const char *const kinds[] = { "input", "batch_line", "auth", "not_found", "method", "timeout", "too_large",
                                         "media_type", "verification", "internal", "unavailable", "aborted", "other" };
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        unsigned long v = 0;
        if (strcmp(kinds[k], "batch_line") == 0) {
            v = get(&batch_line_errors);
        } else {
            for (int e = 0; e < EP__COUNT; e++)
                for (size_t c = 0; c < NCODE_SLOTS; c++) {
                    const char *kc = kind_of(c);
                    if (kc && strcmp(kc, kinds[k]) == 0)
                        v += get(&requests[e][c]);
                }
        }
        buf_printf(b, "xjdata_errors_total{kind=\"%s\"} %lu\n", kinds[k], v);
    }

    buf_adds(b, "# HELP xjdata_decisions_total Decisions made, by effect (batch lines included).\n"
                "# TYPE xjdata_decisions_total counter\n");
    for (int e = XJD_PERMIT; e <= XJD_DENY; e++)
        buf_printf(b, "xjdata_decisions_total{effect=\"%s\"} %lu\n", xjd_effect_name((xjd_effect)e), get(&decisions[e]));
    buf_printf(b, "# HELP xjdata_signatures_total Decision records signed.\n"
                  "# TYPE xjdata_signatures_total counter\n"
                  "xjdata_signatures_total %lu\n", get(&signatures));

    buf_adds(b, "# HELP xjdata_request_duration_seconds Time from a request's headers to its answer.\n"
                "# TYPE xjdata_request_duration_seconds histogram\n");
    for (int e = 0; e < EP__COUNT; e++) {
        unsigned long cum = 0;
        for (size_t i = 0; i <= NBUCKETS; i++)
            cum += get(&hist[e][i]);
        if (!cum)
            continue;
        unsigned long run = 0;
        for (size_t i = 0; i < NBUCKETS; i++) {
            run += get(&hist[e][i]);
            buf_printf(b, "xjdata_request_duration_seconds_bucket{endpoint=\"%s\",le=\"%g\"} %lu\n", ep_names[e],
                       buckets[i], run);
        }
        buf_printf(b, "xjdata_request_duration_seconds_bucket{endpoint=\"%s\",le=\"+Inf\"} %lu\n", ep_names[e], cum);
        buf_printf(b, "xjdata_request_duration_seconds_sum{endpoint=\"%s\"} %.9f\n", ep_names[e],
                   (double)get(&hist_sum_ns[e]) / 1e9);
        buf_printf(b, "xjdata_request_duration_seconds_count{endpoint=\"%s\"} %lu\n", ep_names[e], cum);
    }

    buf_printf(b, "# HELP xjdata_reloads_total Reloads on SIGHUP, by result (failed: the old state kept).\n"
                  "# TYPE xjdata_reloads_total counter\n"
                  "xjdata_reloads_total{result=\"ok\"} %lu\n"
                  "xjdata_reloads_total{result=\"failed\"} %lu\n",
               get(&reloads[1]), get(&reloads[0]));
    buf_printf(b, "# HELP xjdata_requests_in_flight Requests received and not yet answered.\n"
                  "# TYPE xjdata_requests_in_flight gauge\n"
                  "xjdata_requests_in_flight %ld\n",
               atomic_load(&serve_rt.in_flight));
    buf_printf(b, "# HELP xjdata_connections Open client connections.\n"
                  "# TYPE xjdata_connections gauge\n"
                  "xjdata_connections %u\n",
               atomic_load(&serve_rt.connections));
    buf_printf(b, "# HELP xjdata_state_generation The configuration in force (1 at start, +1 per reload).\n"
                  "# TYPE xjdata_state_generation gauge\n"
                  "xjdata_state_generation %lu\n", s->generation);
    buf_printf(b, "# HELP xjdata_signing_key_info The signing key in force, by kid.\n"
                  "# TYPE xjdata_signing_key_info gauge\n"
                  "xjdata_signing_key_info{kid=\"%s\"} 1\n", s->kid);
    buf_printf(b, "# HELP xjdata_start_time_seconds When the server started, seconds since the epoch.\n"
                  "# TYPE xjdata_start_time_seconds gauge\n"
                  "xjdata_start_time_seconds %lld\n"
                  "# HELP xjdata_build_info The version of the server and of the library.\n"
                  "# TYPE xjdata_build_info gauge\n"
                  "xjdata_build_info{version=\"%s\",library=\"%s\"} 1\n",
               (long long)serve_rt.started, XJD_VERSION_STRING, xjd_version());
}
