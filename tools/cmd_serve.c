/* SPDX-License-Identifier: MIT */
/*
 * xjdata serve: the engine as a local HTTP/1.1 service on libmicrohttpd, one engine shared by a
 * thread for each connection. Whoever reaches the port obtains decisions signed with the department's key, so
 * it listens on the loopback address by default and refuses to listen anywhere else without an
 * access token. SIGHUP rebuilds the state (key, trusted keys, calendar, national sets, token) and
 * swaps it whole; SIGTERM stops accepting, answers what is in flight and exits 0.
 * The endpoints are in serve_http.c, the metrics in serve_metrics.c.
 */
#ifdef XJD_HAVE_MHD
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <sodium.h>

serve_runtime serve_rt;

/* ---------------------------------------------------------------- the state */

serve_state *serve_state_get(void)
{
    pthread_mutex_lock(&serve_rt.lock);
    serve_state *s = serve_rt.state;
    atomic_fetch_add(&s->refs, 1);
    pthread_mutex_unlock(&serve_rt.lock);
    return s;
}

static void state_free(serve_state *s)
{
    if (!s)
        return;
    xjd_engine_free(s->engine);
    xjd_keyset_free(s->verify);
    xjd_log_free(s->log); /* nothing pending: every append commits before it answers */
    xjd_key_free(s->key);
    sodium_memzero(s->token_hash, sizeof s->token_hash);
    free(s);
}

void serve_state_put(serve_state *s)
{
    if (s && atomic_fetch_sub(&s->refs, 1) == 1)
        state_free(s);
}

/* Reads a file that holds a secret (the access token, the TLS key): refused when group or others
 * may read it, as secret key files are. 0, or -1 after a message. */
static int read_secret(buf *out, const char *path, const char *what)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        msg("%s %s: %s", what, path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    close(fd);
    if (!S_ISREG(st.st_mode)) {
        msg("%s %s: not a regular file", what, path);
        return -1;
    }
    if (st.st_mode & 077) {
        msg("%s %s: readable by group or others (mode %03o): chmod 600 it", what, path, (unsigned)(st.st_mode & 0777));
        return -1;
    }
    return read_all(out, path);
}

/* The access token of --token-file: the file's text without its final line break and spaces. */
static int load_token(serve_state *s, const char *path)
{
    buf t = {0};
    if (read_secret(&t, path, "--token-file") < 0)
        return buf_free(&t), -1;
    size_t n = t.len;
    while (n && (t.p[n - 1] == '\n' || t.p[n - 1] == '\r' || t.p[n - 1] == ' ' || t.p[n - 1] == '\t'))
        n--;
    int rc = 0;
    if (n < 16) {
        msg("--token-file %s: the token must be at least 16 characters (e.g. head -c 24 /dev/urandom | base64)", path);
        rc = -1;
    } else if (memchr(t.p, '\n', n) || memchr(t.p, '\0', n)) {
        msg("--token-file %s: the token must be one line", path);
        rc = -1;
    } else {
        crypto_hash_sha256(s->token_hash, (const unsigned char *)t.p, n);
        s->has_token = true;
    }
    sodium_memzero(t.p, t.cap);
    buf_free(&t);
    return rc;
}

/* Builds a state from the files the command line names. NULL after a message naming the file. */
static serve_state *state_load(const serve_config *cfg, unsigned long generation)
{
    serve_state *s = calloc(1, sizeof *s);
    xjd_options *o = NULL;
    xjd_key *key = NULL;
    xjd_calendar *cal = NULL;
    int rc;
    if (!s)
        return msg("serve: out of memory"), NULL;
    s->generation = generation;
    atomic_init(&s->refs, 1);
    if ((rc = xjd_options_new(&o, NULL)) < 0) {
        msg("options: %s", xjd_strerror(rc));
        goto fail;
    }
    if (cfg->rulebook && (rc = xjd_options_set_rulebook(o, cfg->rulebook)) < 0) {
        msg("--rulebook %s: %s (known: xj-2025, xj-2024-draft)", cfg->rulebook, xjd_strerror(rc));
        goto fail;
    }
    if (cfg->strict)
        xjd_options_set_strict(o, true);
    if (cfg->digests)
        xjd_options_set_docmode(o, XJD_DOCS_DIGEST);
    if (load_national_files(o, cfg->argc, cfg->argv) < 0)
        goto fail;
    if (cfg->calendar) {
        if ((rc = xjd_calendar_new(&cal, 0, NULL)) < 0 || (rc = xjd_calendar_load_file(cal, cfg->calendar)) < 0) {
            msg("--calendar %s: %s", cfg->calendar, cal ? xjd_calendar_errmsg(cal) : xjd_strerror(rc));
            goto fail;
        }
        if ((rc = xjd_options_set_calendar(o, cal)) < 0) {
            msg("--calendar: %s", xjd_strerror(rc));
            goto fail;
        }
    }
    if (signing_key(&key, cfg->key) < 0)
        goto fail;
    if ((rc = xjd_options_set_key(o, key)) < 0) {
        msg("key: %s", xjd_strerror(rc));
        goto fail;
    }
    if ((rc = xjd_engine_new(&s->engine, o)) < 0) {
        msg("engine: %s", xjd_strerror(rc));
        goto fail;
    }
    /* what POST /v1/verify trusts: the signing key, and the keys of --trust FILE (older keys,
     * other departments' keys) */
    if ((rc = xjd_keyset_new(&s->verify, NULL)) < 0 || (rc = xjd_keyset_add(s->verify, key)) < 0) {
        msg("key set: %s", xjd_strerror(rc));
        goto fail;
    }
    if (cfg->trust && (rc = xjd_keyset_load(s->verify, cfg->trust)) < 0) {
        msg("--trust %s: %s%s", cfg->trust, xjd_strerror(rc), keyerr_hint(rc));
        goto fail;
    }
    uint8_t kid[32];
    if (xjd_key_kid(kid, key) == 0)
        hex_encode(s->kid, kid, 32);
    if (cfg->token_file && load_token(s, cfg->token_file) < 0)
        goto fail;
    /* the log must exist (xjdata log init), as for eval --log: a typo must not start a new one */
    if (cfg->log && (rc = xjd_log_open(&s->log, cfg->log, 0, NULL)) < 0) {
        msg("--log %s: %s", cfg->log, *xjd_log_open_errmsg() ? xjd_log_open_errmsg() : xjd_strerror(rc));
        goto fail;
    }
    if (cfg->log) {
        s->key = key; /* signs the checkpoints */
        key = NULL;
    }
    xjd_options_free(o);
    xjd_calendar_free(cal);
    xjd_key_free(key);
    return s;
fail:
    xjd_options_free(o);
    xjd_calendar_free(cal);
    xjd_key_free(key);
    state_free(s);
    return NULL;
}

/* SIGHUP: a new state from the same files, swapped in whole; on failure the old one stays. */
static void reload(void)
{
    serve_state *cur = serve_state_get();
    unsigned long gen = cur->generation;
    serve_state_put(cur);
    serve_state *s = state_load(&serve_rt.cfg, gen + 1);
    if (!s) {
        metrics_reload(false);
        msg("serve: reload failed (see above); generation %lu stays in force", gen);
        return;
    }
    pthread_mutex_lock(&serve_rt.lock);
    serve_state *old = serve_rt.state;
    serve_rt.state = s;
    pthread_mutex_unlock(&serve_rt.lock);
    serve_state_put(old); /* freed once the last request holding it completes */
    metrics_reload(true);
    msg("serve: reloaded: generation %lu, kid %s", s->generation, s->kid);
}

/* ---------------------------------------------------------------- listening */

/* 1 for a loopback address (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104), 0 for another, -1 when
 * not a numeric address. */
static int parse_addr(const char *a, struct sockaddr_storage *ss, socklen_t *len, uint16_t port)
{
    memset(ss, 0, sizeof *ss);
    if (strcmp(a, "localhost") == 0)
        a = "127.0.0.1";
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, a, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        *len = sizeof *v4;
        return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
    }
    const char *b = a;
    char tmp[INET6_ADDRSTRLEN + 2];
    if (a[0] == '[') { /* [::1] */
        size_t n = strlen(a);
        if (n < 3 || a[n - 1] != ']' || n - 2 >= sizeof tmp)
            return -1;
        memcpy(tmp, a + 1, n - 2);
        tmp[n - 2] = '\0';
        b = tmp;
    }
    if (inet_pton(AF_INET6, b, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        *len = sizeof *v6;
        const uint8_t *x = v6->sin6_addr.s6_addr;
        static const uint8_t loop[16] = { [15] = 1 }, mapped[12] = { [10] = 0xff, [11] = 0xff };
        return memcmp(x, loop, 16) == 0 || (memcmp(x, mapped, 12) == 0 && x[12] == 127);
    }
    return -1;
}

/* A listening Unix socket at path (a stale socket there is replaced; anything else is refused).
 * Its permissions are the operator's: the umask, or the directory it is in. */
static int unix_listener(const char *path)
{
    struct sockaddr_un sa;
    memset(&sa, 0, sizeof sa);
    sa.sun_family = AF_UNIX;
    if (strlen(path) >= sizeof sa.sun_path) {
        msg("--unix %s: path longer than %zu bytes", path, sizeof sa.sun_path - 1);
        return -1;
    }
    strcpy(sa.sun_path, path);
    struct stat st;
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            msg("--unix %s: exists and is not a socket", path);
            return -1;
        }
        unlink(path);
    }
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(fd, 128) != 0) {
        msg("--unix %s: %s", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char line[512];
    vsnprintf(line, sizeof line, fmt, ap);
    size_t n = strlen(line);
    while (n && line[n - 1] == '\n')
        line[--n] = '\0';
    msg("serve: libmicrohttpd: %s", line);
}

static int parse_num(const opt *opts, const char *name, unsigned long lo, unsigned long hi, unsigned long dflt,
                     unsigned long *out)
{
    const char *v = optv(opts, name);
    *out = dflt;
    if (!v)
        return 0;
    char *e;
    errno = 0;
    unsigned long n = strtoul(v, &e, 10);
    if (errno || e == v || *e || v[0] == '-' || n < lo || n > hi) {
        msg("--%s: expected a whole number from %lu to %lu, got \"%s\"", name, lo, hi, v);
        return -1;
    }
    *out = n;
    return 0;
}

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int serve_run(const opt *opts, int argc, char **argv)
{
    serve_config *cfg = &serve_rt.cfg;
    unsigned long port, max_body, max_conn, idle, req_to, drain;
    if (parse_num(opts, "port", 0, 65535, 8080, &port) < 0 ||
        parse_num(opts, "max-body", 1024, 1ul << 30, 1ul << 20, &max_body) < 0 ||
        parse_num(opts, "max-connections", 1, 10000, 256, &max_conn) < 0 ||
        parse_num(opts, "idle-timeout", 1, 86400, 30, &idle) < 0 ||
        parse_num(opts, "request-timeout", 1, 86400, 10, &req_to) < 0 ||
        parse_num(opts, "drain-timeout", 1, 86400, 30, &drain) < 0)
        return EXIT_USAGE;
    cfg->argc = argc;
    cfg->argv = argv;
    cfg->key = optv(opts, "key");
    cfg->trust = optv(opts, "trust");
    cfg->token_file = optv(opts, "token-file");
    cfg->calendar = optv(opts, "calendar");
    cfg->rulebook = optv(opts, "rulebook");
    cfg->log = optv(opts, "log");
    cfg->strict = optv(opts, "strict") != NULL;
    cfg->digests = optv(opts, "digest-only") != NULL;
    cfg->max_body = max_body;
    cfg->max_connections = (unsigned)max_conn;
    cfg->idle_timeout = (unsigned)idle;
    cfg->request_timeout = (unsigned)req_to;
    cfg->drain_timeout = (unsigned)drain;

    const char *unix_path = optv(opts, "unix"), *listen_addr = optv(opts, "listen");
    const char *tls_cert = optv(opts, "tls-cert"), *tls_key = optv(opts, "tls-key");
    if (unix_path && (listen_addr || optv(opts, "port"))) {
        msg("serve: --unix and --listen/--port exclude each other");
        return EXIT_USAGE;
    }
    if (!tls_cert != !tls_key) {
        msg("serve: TLS needs both --tls-cert FILE and --tls-key FILE");
        return EXIT_USAGE;
    }
    struct sockaddr_storage ss;
    socklen_t sslen = 0;
    const char *shown_addr = listen_addr ? listen_addr : "127.0.0.1";
    if (!unix_path) {
        int loop = parse_addr(shown_addr, &ss, &sslen, (uint16_t)port);
        if (loop < 0) {
            msg("--listen %s: not a numeric IPv4 or IPv6 address", shown_addr);
            return EXIT_USAGE;
        }
        /* the rule of this command: decisions signed with the department's key for whoever can
         * reach the port, so beyond this machine only with a token */
        if (!loop && !cfg->token_file) {
            msg("serve: refusing to listen on %s without --token-file FILE: it is not a loopback address, and "
                "anyone who reaches it would obtain decisions signed with this key", shown_addr);
            return EXIT_USAGE;
        }
    }
    buf cert = {0}, tkey = {0};
    if (tls_cert) {
        if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
            msg("serve: this libmicrohttpd was built without TLS");
            return EXIT_USAGE;
        }
        if (read_all(&cert, tls_cert) < 0 || read_secret(&tkey, tls_key, "--tls-key") < 0) {
            buf_free(&cert), buf_free(&tkey);
            return EXIT_USAGE;
        }
    }

    /* SIGTERM, SIGINT and SIGHUP are waited for by this thread alone: blocked before the server's
     * threads start, so that they inherit the mask */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    int status = EXIT_USAGE, lfd = -1;
    struct MHD_Daemon *d = NULL;
    pthread_mutex_init(&serve_rt.lock, NULL);
    pthread_mutex_init(&serve_rt.log_lock, NULL);
    serve_rt.started = time(NULL);
    if (!(serve_rt.state = state_load(cfg, 1)))
        goto done;
    if (serve_http_init() < 0) {
        msg("serve: cannot create thread-local storage");
        goto done;
    }
    if (unix_path && (lfd = unix_listener(unix_path)) < 0)
        goto done;
    /* A thread for each connection (at most --max-connections), the engine shared by all of them
     * without locks: a slow client holds its own thread and nothing else, and the scheduler spreads
     * busy connections over every core. (A pool of epoll threads sharing one listening socket left
     * most connections of a burst with the thread that woke first: half the throughput on 2 cores.) */
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL | MHD_USE_ITC |
                     MHD_USE_ERROR_LOG;
    if (!unix_path && ss.ss_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    if (tls_cert)
        flags |= MHD_USE_TLS;
    struct MHD_OptionItem extra[4];
    int ne = 0;
    if (unix_path)
        extra[ne++] = (struct MHD_OptionItem){ MHD_OPTION_LISTEN_SOCKET, lfd, NULL };
    else
        extra[ne++] = (struct MHD_OptionItem){ MHD_OPTION_SOCK_ADDR, 0, &ss };
    if (tls_cert) {
        extra[ne++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, cert.p };
        extra[ne++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, tkey.p };
    }
    extra[ne] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
    d = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, serve_handler, NULL,
                         MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, /* first, or MHD logs the rest itself */
                         MHD_OPTION_NOTIFY_COMPLETED, serve_completed, NULL,
                         MHD_OPTION_NOTIFY_CONNECTION, serve_connection, NULL,
                         MHD_OPTION_CONNECTION_LIMIT, (unsigned)max_conn,
                         MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)idle,
                         MHD_OPTION_ARRAY, extra, MHD_OPTION_END);
    if (!d) {
        if (unix_path)
            msg("serve: cannot serve on unix:%s", unix_path);
        else
            msg("serve: cannot listen on %s port %lu: %s", shown_addr, port, strerror(errno));
        goto done;
    }
    lfd = -1; /* the daemon's now */
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = info ? info->port : (unsigned)port;
    if (unix_path)
        msg("serve: listening on unix:%s (kid %s, at most %lu connections)", unix_path, serve_rt.state->kid, max_conn);
    else
        msg("serve: listening on %s://%s%s%s:%u (kid %s, at most %lu connections%s)", tls_cert ? "https" : "http",
            ss.ss_family == AF_INET6 ? "[" : "", strcmp(shown_addr, "localhost") == 0 ? "127.0.0.1" : shown_addr,
            ss.ss_family == AF_INET6 ? "]" : "", bound, serve_rt.state->kid, max_conn,
            serve_rt.state->has_token ? ", token required" : "");

    for (;;) {
        int sig = 0;
        if (sigwait(&set, &sig) != 0)
            continue;
        if (sig == SIGHUP) {
            reload();
            continue;
        }
        break; /* SIGTERM, SIGINT */
    }
    /* drain: accept nothing new, answer what is in flight (with Connection: close), then stop */
    atomic_store(&serve_rt.draining, 1);
    MHD_socket ls = MHD_quiesce_daemon(d);
    if (ls != MHD_INVALID_SOCKET)
        close(ls);
    long inflight = atomic_load(&serve_rt.in_flight);
    msg("serve: stopping: %ld request%s in flight", inflight, inflight == 1 ? "" : "s");
    double deadline = now_s() + drain;
    while (atomic_load(&serve_rt.in_flight) > 0 && now_s() < deadline) {
        struct timespec ts = { 0, 5 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    inflight = atomic_load(&serve_rt.in_flight);
    if (inflight > 0)
        msg("serve: %ld request%s still in flight after %lu s: closed", inflight, inflight == 1 ? "" : "s", drain);
    MHD_stop_daemon(d);
    d = NULL;
    msg("serve: stopped");
    status = EXIT_DECIDED;
done:
    if (d)
        MHD_stop_daemon(d);
    if (lfd >= 0)
        close(lfd);
    if (unix_path && status == EXIT_DECIDED)
        unlink(unix_path);
    serve_state_put(serve_rt.state);
    serve_rt.state = NULL;
    if (tkey.p)
        sodium_memzero(tkey.p, tkey.cap);
    buf_free(&cert), buf_free(&tkey);
    return status;
}
#else
#include "cli.h"
#endif /* XJD_HAVE_MHD */

int cmd_serve(int argc, char **argv)
{
    opt opts[] = {{"listen", true, NULL}, {"port", true, NULL}, {"unix", true, NULL}, {"key", true, NULL},
                  {"trust", true, NULL}, {"token-file", true, NULL}, {"tls-cert", true, NULL},
                  {"tls-key", true, NULL}, {"rulebook", true, NULL}, {"calendar", true, NULL},
                  {"national", true, NULL}, {"strict", false, NULL}, {"digest-only", false, NULL},
                  {"max-body", true, NULL}, {"max-connections", true, NULL},
                  {"idle-timeout", true, NULL}, {"request-timeout", true, NULL}, {"drain-timeout", true, NULL},
                  {"log", true, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_SERVE, &helped) < 0)
        return free(pos), EXIT_USAGE;
    free(pos);
    if (helped)
        return EXIT_DECIDED;
    if (npos) {
        msg("serve: no arguments expected (see xjdata serve --help)");
        return EXIT_USAGE;
    }
#ifdef XJD_HAVE_MHD
    return serve_run(opts, argc, argv);
#else
    (void)argc, (void)argv;
    msg("serve: this xjdata was built without libmicrohttpd (Debian libmicrohttpd-dev; meson setup -Dserve=enabled)");
    return EXIT_USAGE;
#endif
}
