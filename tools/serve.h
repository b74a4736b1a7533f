/* SPDX-License-Identifier: MIT */
/*
 * xjdata serve: the engine as a local HTTP service (cmd_serve.c: options, the reloadable state,
 * listening, signals; serve_http.c: the endpoints; serve_metrics.c: /metrics). Built on
 * libmicrohttpd (Debian libmicrohttpd-dev) when meson finds it (-Dserve=auto|enabled).
 */
#ifndef XJDATA_SERVE_H
#define XJDATA_SERVE_H

#include <pthread.h>
#include <stdatomic.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <time.h>
#include <microhttpd.h>

#include "cli.h"

/* What the command line fixed for the life of the process. */
typedef struct serve_config {
    int argc; /* the command's argv, for --national FILE (repeatable), read again on SIGHUP */
    char **argv;
    const char *key, *trust, *token_file, *calendar, *rulebook;
    const char *log; /* --log LOG: every decision appended to this decision log (NULL: none) */
    bool strict, digests;
    size_t max_body;
    unsigned max_connections, idle_timeout, request_timeout, drain_timeout;
} serve_config;

/*
 * Everything SIGHUP replaces, as one object: a request takes a reference to the state in force
 * when it starts and uses only that one, so it sees the old keys, calendar and national sets or
 * the new ones, never a mix. Freed when the last request holding it completes.
 */
typedef struct serve_state {
    atomic_long refs;
    unsigned long generation; /* 1 at start, +1 per successful reload */
    xjd_engine *engine;       /* signing key, calendar, national sets, rulebook, strict mode */
    xjd_keyset *verify;       /* POST /v1/verify: the signing key's public key and --trust FILE */
    bool has_token;
    uint8_t token_hash[32]; /* SHA-256 of the access token (compared in constant time) */
    char kid[65];           /* of the signing key, hex */
    /* --log LOG: the decision log, opened with the rest (reopened on SIGHUP), and the key that
     * signs its checkpoints (the signing key: one key signs records and checkpoints). An xjd_log
     * serves one thread at a time: every use holds serve_rt.log_lock. NULL without --log, and
     * after a failed append could not reopen it (then every decision is refused, never answered
     * without its receipt). */
    xjd_log *log;
    xjd_key *key;
} serve_state;

/* The process-wide run-time of the server. */
typedef struct serve_runtime {
    serve_config cfg;
    pthread_mutex_t lock; /* guards `state` (the pointer, not the object) */
    pthread_mutex_t log_lock; /* serialises every use of a state's log (old and new states alike) */
    serve_state *state;
    atomic_long in_flight;   /* requests from their headers to their completion */
    atomic_int draining;     /* SIGTERM received: answer what is in flight, accept nothing new */
    atomic_uint connections; /* open connections */
    time_t started;
} serve_runtime;

extern serve_runtime serve_rt;

/* The state in force, with a reference taken (never NULL while the server runs). */
serve_state *serve_state_get(void);
/* Drops a reference; the last one frees the state. */
void serve_state_put(serve_state *s);

/* ---- the endpoints (serve_http.c), as libmicrohttpd callbacks */

/* MHD_AccessHandlerCallback: routes, checks the token and the limits, reads the body, answers. */
enum MHD_Result serve_handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload, size_t *upload_size, void **req_cls);
/* MHD_RequestCompletedCallback: counts the request, releases its state and body. */
void serve_completed(void *cls, struct MHD_Connection *c, void **req_cls, enum MHD_RequestTerminationCode toe);
/* MHD_NotifyConnectionCallback: counts open connections. */
void serve_connection(void *cls, struct MHD_Connection *c, void **socket_ctx, enum MHD_ConnectionNotificationCode toe);
/* Once, before the daemon starts: the per-thread JSON workspaces (freed when their threads end). */
int serve_http_init(void);

/* ---- /metrics (serve_metrics.c) */

enum serve_endpoint {
    EP_EVALUATE, EP_EVALUATE_BATCH, EP_CHECK, EP_VERIFY, EP_RULES, EP_NATIONAL, EP_HEALTHZ, EP_METRICS,
    EP_OTHER, EP__COUNT
};
/* A request answered (status) or ended without an answer (status 0: the client went away or
 * timed out, `timeout` says which), and how long it took from its headers on. */
void metrics_request(enum serve_endpoint ep, unsigned status, bool timeout, double seconds);
/* A decision made (batch lines included), and whether its record was signed. */
void metrics_decision(xjd_effect effect, bool signed_record);
/* A bad line of a batch (its request is answered 200 with an error line). */
void metrics_batch_line_error(void);
void metrics_reload(bool ok);
/* The Prometheus text exposition (version 0.0.4) of every counter. */
void metrics_render(buf *b, const serve_state *s);

#endif
