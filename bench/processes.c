/* SPDX-License-Identifier: MIT */
/*
 * The two figures of docs/performance.md that belong to another program: the command line's JSON
 * Lines stream and the Python binding. Both programs are run as children of the benchmark (the
 * paths come from the build, overridable by XJDATA_TOOL, XJDATA_PYTHON, XJDATA_PYTHONPATH,
 * XJDATA_BENCH_PY and XJDATA_EXAMPLES), and their output is checked, not just timed: a wrong or
 * missing answer is a wrong result (exit 2), a slow one is MISSED.
 *
 * The stream is timed by the CPU time (user + system) the tool's process used, from wait4(): that
 * is "per core" (the tool is single-threaded), and it does not count time spent waiting for a
 * core on a shared machine.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "bench.h"

extern char **environ;

#ifndef XJD_BENCH_TOOL
#define XJD_BENCH_TOOL ""
#endif
#ifndef XJD_BENCH_EXAMPLES
#define XJD_BENCH_EXAMPLES ""
#endif
#ifndef XJD_BENCH_PYTHON
#define XJD_BENCH_PYTHON ""
#endif
#ifndef XJD_BENCH_PYTHONPATH
#define XJD_BENCH_PYTHONPATH ""
#endif
#ifndef XJD_BENCH_PYSCRIPT
#define XJD_BENCH_PYSCRIPT ""
#endif
#ifndef XJD_BENCH_SERVE_PY
#define XJD_BENCH_SERVE_PY ""
#endif
#ifndef XJD_BENCH_PYTHON3
#define XJD_BENCH_PYTHON3 "/usr/bin/python3"
#endif

static const char *setting(const char *env, const char *built)
{
    const char *v = getenv(env);
    return v && *v ? v : built;
}

static bool runnable(const char *path) { return *path && access(path, X_OK) == 0; }

/* Starts argv[0] with stdin from `in` (or /dev/null) and stdout into a pipe; returns the pipe. */
static int spawn_reading(pid_t *pid, char *const argv[], const char *in)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC) < 0)
        die("pipe: %s", strerror(errno));
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, in ? in : "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, p[1], STDOUT_FILENO);
    int rc = posix_spawn(pid, argv[0], &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(p[1]);
    if (rc != 0)
        die("cannot run %s: %s", argv[0], strerror(rc));
    return p[0];
}

/* Waits for the child; its CPU time in seconds. A child that failed is a wrong result. */
static double reap(pid_t pid, const char *what)
{
    int st;
    struct rusage ru;
    while (wait4(pid, &st, 0, &ru) < 0)
        if (errno != EINTR)
            die("wait for %s: %s", what, strerror(errno));
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        die("%s failed (status %d)", what, WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st));
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec / 1e6;
}

/* ---- command line, JSON Lines stream, signed ---- */

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The bundled example requests, each as one line (JSON strings hold no raw line breaks, so line
 * breaks between tokens can become spaces). */
static size_t example_lines(char ***out, const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        die("%s: %s", dir, strerror(errno));
    char **names = NULL, **lines = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0) {
            names = realloc(names, (n + 1) * sizeof *names);
            names[n++] = strdup(e->d_name);
        }
    }
    closedir(d);
    if (!n)
        die("%s: no example requests", dir);
    qsort(names, n, sizeof *names, cmp_name);
    lines = calloc(n, sizeof *lines);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        FILE *f = fopen(path, "rb");
        if (!f)
            die("%s: %s", path, strerror(errno));
        char *t = NULL;
        size_t len = 0, cap = 0, got;
        do {
            if (cap - len < 4096)
                t = realloc(t, cap = cap * 2 + 8192);
            got = fread(t + len, 1, cap - len - 1, f);
            len += got;
        } while (got);
        fclose(f);
        t[len] = '\0';
        for (size_t k = 0; k < len; k++)
            if (t[k] == '\n' || t[k] == '\r')
                t[k] = ' ';
        lines[i] = t;
        free(names[i]);
    }
    free(names);
    *out = lines;
    return n;
}

/* One output line of a signed decision: an effect first, and last the kid of the key that signed
 * its record (`,"kid":"<64 hex>"}`, written only with a record). Checked at both ends only: the
 * reader shares the machine with the tool it measures, so it must stay light. */
static bool decision_line(const char *l, size_t n)
{
    static const char effect[] = "{\"effect\":\"", kid[] = ",\"kid\":\"";
    const size_t tail = sizeof kid - 1 + 64 + 2;
    return n > sizeof effect + tail && memcmp(l, effect, sizeof effect - 1) == 0 &&
           memcmp(l + n - tail, kid, sizeof kid - 1) == 0 && memcmp(l + n - 2, "\"}", 2) == 0;
}

/* Bytes of the record in a decision line (its "record" member is base64), 0 when none. */
static size_t record_bytes(const char *l, size_t n)
{
    static const char tag[] = "\"record\":\"";
    const char *r = memmem(l, n, tag, sizeof tag - 1);
    if (!r)
        return 0;
    r += sizeof tag - 1;
    const char *e = memchr(r, '"', n - (size_t)(r - l));
    if (!e || (e - r) % 4)
        return 0;
    size_t b64 = (size_t)(e - r), pad = (b64 && e[-1] == '=') + (b64 > 1 && e[-2] == '=');
    return b64 / 4 * 3 - pad;
}

/* Runs the stream once; returns the tool's CPU seconds after checking every output line. With
 * `sizes`, the record sizes of the first `nsizes` lines go there. */
static double stream_once(const char *tool, const char *key, const char *in, long nlines, bool digests,
                          size_t *sizes, size_t nsizes)
{
    char *argv[] = { (char *)tool, "eval", "--jsonl", "--key", (char *)key, digests ? "--digest-only" : NULL,
                     NULL };
    pid_t pid;
    int fd = spawn_reading(&pid, argv, in);
    static char buf[1 << 20];
    size_t have = 0;
    long got = 0;
    for (;;) {
        ssize_t r = read(fd, buf + have, sizeof buf - have);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            die("reading the tool's output: %s", strerror(errno));
        if (r == 0)
            break;
        have += (size_t)r;
        char *s = buf, *nl;
        while ((nl = memchr(s, '\n', have - (size_t)(s - buf)))) {
            if (!decision_line(s, (size_t)(nl - s)))
                die("xjdata eval --jsonl, line %ld: not a signed decision: %.200s", got + 1, s);
            if (sizes && (size_t)got < nsizes && !(sizes[got] = record_bytes(s, (size_t)(nl - s))))
                die("xjdata eval --jsonl, line %ld: no record: %.200s", got + 1, s);
            got++;
            s = nl + 1;
        }
        have -= (size_t)(s - buf);
        memmove(buf, s, have);
        if (have == sizeof buf)
            die("xjdata eval --jsonl: an output line longer than %zu bytes", sizeof buf);
    }
    close(fd);
    double cpu = reap(pid, "xjdata eval --jsonl");
    if (have || got != nlines)
        die("xjdata eval --jsonl: %ld decisions for %ld requests", got, nlines);
    return cpu;
}

enum { STREAM_RUNS = 9 }; /* odd; enough that a burst of load on a shared machine does not set the median */

static double cpu_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* The floor under the stream's cost, measured between its runs: CPU microseconds of one bare
 * crypto_sign_detached over a message the size of a record of the stream (the examples' sizes
 * in turn, as the stream cycles them). The record's signed structure is within a few bytes of
 * the record itself, and Ed25519 hashes the whole message twice, so size matters. */
static double sign_floor_us(const size_t *sizes, size_t n)
{
    static unsigned char msg[1 << 16], sig[crypto_sign_BYTES], pk[crypto_sign_PUBLICKEYBYTES],
        sk[crypto_sign_SECRETKEYBYTES];
    static bool ready;
    if (!ready) {
        crypto_sign_keypair(pk, sk);
        randombytes_buf(msg, sizeof msg);
        ready = true;
    }
    enum { SIGNS = 5000 }; /* ~0.1 s: shorter runs were set by single bursts of load */
    double t0 = cpu_now_us();
    for (int i = 0; i < SIGNS; i++) {
        size_t len = sizes[(size_t)i % n];
        msg[0] = (unsigned char)i;
        crypto_sign_detached(sig, NULL, msg, len < sizeof msg ? len : sizeof msg, sk);
    }
    return (cpu_now_us() - t0) / SIGNS;
}

void figure_jsonl(void)
{
    const char *tool = setting("XJDATA_TOOL", XJD_BENCH_TOOL);
    const char *ex = setting("XJDATA_EXAMPLES", XJD_BENCH_EXAMPLES);
    if (!runnable(tool)) {
        printf("command line --jsonl signed: not measured (the xjdata tool is not built); target >= 30,000 "
               "decisions/s per core; MISSED\n");
        return;
    }
    const char *nenv = getenv("XJDATA_BENCH_LINES");
    long n = nenv ? strtol(nenv, NULL, 10) : 20000;
    if (n < 1)
        n = 20000;

    char dir[] = "/tmp/xjdata-bench-XXXXXX";
    if (!mkdtemp(dir))
        die("mkdtemp: %s", strerror(errno));
    char in[sizeof dir + 16], key[sizeof dir + 16];
    snprintf(in, sizeof in, "%s/in.jsonl", dir);
    snprintf(key, sizeof key, "%s/key", dir);

    char **lines;
    size_t nex = example_lines(&lines, ex);
    FILE *f = fopen(in, "wb");
    if (!f)
        die("%s: %s", in, strerror(errno));
    for (long i = 0; i < n; i++)
        fprintf(f, "%s\n", lines[(size_t)i % nex]);
    if (fclose(f) != 0)
        die("%s: write failed", in);
    for (size_t i = 0; i < nex; i++)
        free(lines[i]);
    free(lines);

    char *kg[] = { (char *)tool, "keygen", "--out", key, NULL };
    pid_t pid;
    int fd = spawn_reading(&pid, kg, NULL);
    char sink[512];
    while (read(fd, sink, sizeof sink) > 0)
        ;
    close(fd);
    reap(pid, "xjdata keygen");

    /* Runs of the two modes alternate, so the machine's noise hits both alike; after each run, the
     * bare signatures over records of the same sizes (the part no code of ours can remove). */
    double t[2][STREAM_RUNS], fl[2][STREAM_RUNS];
    size_t *sizes[2];
    for (int m = 0; m < 2; m++)
        if (!(sizes[m] = calloc(nex, sizeof *sizes[m])))
            die("out of memory");
    for (int m = 0; m < 2; m++) /* warm-up (page cache, the tool's buffers), and the record sizes */
        stream_once(tool, key, in, n, m == 0, sizes[m], nex);
    for (int r = 0; r < STREAM_RUNS; r++)
        for (int m = 0; m < 2; m++) {
            t[m][r] = stream_once(tool, key, in, n, m == 0, NULL, 0);
            fl[m][r] = sign_floor_us(sizes[m], nex);
        }
    for (int m = 0; m < 2; m++) {
        double cpu = median(t[m], STREAM_RUNS), rate = (double)n / cpu, floor_us = median(fl[m], STREAM_RUNS);
        size_t bytes = 0;
        for (size_t i = 0; i < nex; i++)
            bytes += sizes[m][i];
        char a[32], b[32];
        printf("command line --jsonl signed, documents %s: median %.0f decisions/s per core (%s us CPU each, "
               "%ld lines of %zu examples; bare crypto_sign_detached over records of their sizes, %zu bytes on "
               "average, alone %s us: at most %.0f/s); target >= 30,000/s; %s\n",
               m == 0 ? "as digests" : "in full", rate, num(a, sizeof a, cpu / (double)n * 1e6), n, nex,
               bytes / nex, num(b, sizeof b, floor_us), 1e6 / floor_us, verdict(rate >= 30000));
        free(sizes[m]);
    }
    unlink(in);
    unlink(key);
    rmdir(dir);
}

/* ---- the HTTP service, signed ---- */

/* The value of `key=` in a line of serve_bench.py, or -1. */
static double field(const char *line, const char *key)
{
    char k[64];
    snprintf(k, sizeof k, " %s=", key);
    const char *p = strstr(line, k);
    if (!p)
        return -1;
    char *end;
    double v = strtod(p + strlen(k), &end);
    return end == p + strlen(k) ? -1 : v;
}

void figure_serve(void)
{
    const char *tool = setting("XJDATA_TOOL", XJD_BENCH_TOOL);
    const char *ex = setting("XJDATA_EXAMPLES", XJD_BENCH_EXAMPLES);
    const char *script = setting("XJDATA_SERVE_BENCH", XJD_BENCH_SERVE_PY);
    const char *py = setting("XJDATA_PYTHON3", XJD_BENCH_PYTHON3);
    if (!runnable(tool) || !*script || access(script, R_OK) != 0 || !runnable(py)) {
        printf("HTTP service signed: not measured (xjdata serve is not built: it needs libmicrohttpd); target >= 25,000 "
               "decisions/s, p99 <= 2 ms at half that rate; MISSED\n");
        return;
    }
    const char *secs = getenv("XJDATA_SERVE_SECONDS");
    char *argv[] = { (char *)py, (char *)script, (char *)tool, (char *)ex, (char *)(secs && *secs ? secs : "3"), NULL };
    pid_t pid;
    int fd = spawn_reading(&pid, argv, NULL);
    FILE *f = fdopen(fd, "r");
    if (!f)
        die("fdopen: %s", strerror(errno));
    char line[1024], maxl[1024] = "", half[1024] = "", jsonl[1024] = "";
    bool unavailable = false;
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, "serve_max ", 10) == 0)
            snprintf(maxl, sizeof maxl, "%s", line + 9);
        else if (strncmp(line, "serve_half ", 11) == 0)
            snprintf(half, sizeof half, "%s", line + 10);
        else if (strncmp(line, "jsonl ", 6) == 0)
            snprintf(jsonl, sizeof jsonl, "%s", line + 5);
        else if (strncmp(line, "unavailable ", 12) == 0)
            unavailable = true;
    }
    fclose(f);
    reap(pid, "serve_bench.py"); /* a wrong answer of the server exits 2: a wrong result */
    if (unavailable) {
        printf("HTTP service signed: not measured (wrk is not installed: .ci/deps installs it); target >= 25,000 "
               "decisions/s, p99 <= 2 ms at half that rate; MISSED\n");
        return;
    }
    double rate = field(maxl, "rate"), p50 = field(maxl, "p50_us"), p99 = field(maxl, "p99_us"),
           conns = field(maxl, "conns"), cpus = field(maxl, "cpus"), runs = field(maxl, "runs"),
           s = field(maxl, "seconds"), nex = field(maxl, "examples"), bytes = field(maxl, "record_bytes");
    double hrate = field(half, "rate"), htarget = field(half, "target"), hp50 = field(half, "p50_us"),
           hp99 = field(half, "p99_us"), hconns = field(half, "conns");
    double stream = field(jsonl, "rate_per_core");
    if (rate <= 0 || hrate <= 0 || stream <= 0 || p99 < 0 || hp99 < 0)
        die("serve_bench.py printed no figures");
    printf("HTTP service signed (xjdata serve under wrk, %.0f keep-alive connections, %.0f CPUs shared with wrk, records "
           "with digests, %.0f bytes on average, %.0f examples): median %.0f decisions/s over %.0f runs of %.0f s, p50 "
           "%.2f ms, p99 %.2f ms; the --jsonl stream of the same requests in the same run %.0f/s per core (service / "
           "stream %.2f); target >= 25,000/s; %s\n",
           conns, cpus, bytes, nex, rate, runs, s, p50 / 1000, p99 / 1000, stream, rate / stream,
           verdict(rate >= 25000));
    printf("HTTP service at half that rate (%.0f/s asked, %.0f/s achieved, %.0f paced connections): p50 %.2f ms, p99 "
           "%.2f ms; target p99 <= 2 ms; %s\n",
           htarget, hrate, hconns, hp50 / 1000, hp99 / 1000, verdict(hp99 <= 2000 && hrate >= 0.8 * htarget));
}

/* ---- Python, per call over the C call ---- */

/* bench_python.py prints, per figure, "NAME   python X µs   C Y µs   python over C Z µs ...". */
static bool py_figure(const char *line, char *name, size_t cap, double *py, double *c, double *over)
{
    const char *p = strstr(line, " python "), *q = strstr(line, " C "), *o = strstr(line, "python over C");
    if (!p || !q || !o || q < p)
        return false;
    size_t nl = (size_t)(p - line);
    while (nl && line[nl - 1] == ' ')
        nl--;
    snprintf(name, cap, "%.*s", (int)nl, line);
    char *end;
    *py = strtod(p + 8, &end);
    if (end == p + 8)
        return false;
    *c = strtod(q + 3, &end);
    if (end == q + 3)
        return false;
    *over = strtod(o + 13, &end);
    return end != o + 13;
}

void figure_python(void)
{
    const char *py = setting("XJDATA_PYTHON", XJD_BENCH_PYTHON);
    const char *script = setting("XJDATA_BENCH_PY", XJD_BENCH_PYSCRIPT);
    const char *path = setting("XJDATA_PYTHONPATH", XJD_BENCH_PYTHONPATH);
    if (!runnable(py) || !*script || access(script, R_OK) != 0 || !*path) {
        printf("python evaluate unsigned: not measured (the Python binding is not built); target <= 3 us over "
               "the C call; MISSED\n");
        return;
    }
    setenv("PYTHONPATH", path, 1);
    setenv("PYTHONDONTWRITEBYTECODE", "1", 1);
    char *argv[] = { (char *)py, (char *)script, NULL };
    pid_t pid;
    int fd = spawn_reading(&pid, argv, NULL);
    FILE *f = fdopen(fd, "r");
    if (!f)
        die("fdopen: %s", strerror(errno));
    char line[1024], name[128], worst[128] = "", sname[128] = "";
    double wpy = 0, wc = 0, wover = -1, sover = -1;
    int unsigned_figures = 0;
    while (fgets(line, sizeof line, f)) {
        double a, b, o;
        if (!py_figure(line, name, sizeof name, &a, &b, &o))
            continue;
        if (strstr(name, "unsigned")) {
            unsigned_figures++;
            if (o > wover)
                wover = o, wpy = a, wc = b, snprintf(worst, sizeof worst, "%s", name);
        } else if (strstr(name, "signed")) {
            sover = o;
            snprintf(sname, sizeof sname, "%s", name);
        }
    }
    fclose(f);
    reap(pid, "bench_python.py");
    if (unsigned_figures == 0 || sover < 0)
        die("bench_python.py printed no figures");
    char a[32], b[32], c[32], s[32];
    printf("python evaluate unsigned: worst %s us over the C call (%s: python %s us, C %s us; %d figures), "
           "signed %s us over C; target <= 3 us over the C call; %s\n",
           num(a, sizeof a, wover), worst, num(b, sizeof b, wpy), num(c, sizeof c, wc), unsigned_figures,
           num(s, sizeof s, sover), verdict(wover <= 3));
}
