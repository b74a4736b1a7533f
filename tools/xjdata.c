/* SPDX-License-Identifier: MIT */
/*
 * xjdata: the command line of libxjdata. Requests and datasets are JSON (documents.md); they are
 * turned into CBOR and decoded by the library, so every error names the same field path the C API
 * would. Exit codes: 0 decided (deny included), 1 verification failed, 2 bad input or usage.
 */
#define _GNU_SOURCE 1 /* F_SETPIPE_SZ */
#include "tool.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sodium.h>

#define XJ_MAX_INPUT (16u << 20) /* one request, dataset or record file */

static const char *prog = "xjdata";

static void msg(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static void msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vmsg_shown(stderr, fmt, ap); /* messages quote documents, records and file names */
    fputc('\n', stderr);
    va_end(ap);
}

/* ---------------------------------------------------------------- help texts */

static const char *const HELP_MAIN =
    "Usage: xjdata COMMAND [OPTIONS] [ARGS]\n"
    "Decisions under the Xinjiang Data Regulation (《新疆维吾尔自治区数据条例》), signed.\n"
    "\n"
    "Commands:\n"
    "  eval REQUEST.json...|-   decide requests (JSON, documents.md) and print each decision\n"
    "  eval --jsonl [FILE...]   one request per line in, one decision per line out\n"
    "  verify --key FILE RECORD verify a signed decision record and print the decision\n"
    "  show RECORD              decode a record WITHOUT verifying it\n"
    "  check DATASET.json       the catalogue check of a dataset (分类分级)\n"
    "  rules [--rulebook ID]    every rule with its citation and message\n"
    "  due DATE N               the Nth working day after DATE\n"
    "  keygen --out FILE        a new Ed25519 signing key\n"
    "  key public FILE          the public key of a key file\n"
    "  help COMMAND             help on a command (also: xjdata COMMAND --help)\n"
    "\n"
    "Exit status: 0 decided (deny is a decision too), 1 verification failed (or, for check,\n"
    "an error finding), 2 bad input or usage (the message on stderr names the field path).\n"
    "Without --key, eval signs with a default key under $XDG_CONFIG_HOME/xjdata/\n"
    "(default ~/.config/xjdata/), created on first use. See xjdata(1).\n";

static const char *const HELP_EVAL =
    "Usage: xjdata eval [OPTIONS] REQUEST.json...|-\n"
    "       xjdata eval --jsonl [OPTIONS] [FILE...|-]\n"
    "Decides each request and prints the decision: the effect first, then every reason and\n"
    "duty with its citation, due dates and warnings.\n"
    "\n"
    "  --format text|json  text for a person (default), or the decision document of\n"
    "                      documents.md, one JSON document per line, with \"record\" (base64)\n"
    "  --lang zh|en        language of messages and citations (default zh)\n"
    "  --key FILE          signing key (COSE_Key with secret); default: the key under\n"
    "                      $XDG_CONFIG_HOME/xjdata/key, created on first use\n"
    "  --no-sign           decide without signing (no key used)\n"
    "  --dataset FILE      the dataset (catalogue entry) for requests that do not embed one;\n"
    "                      a request that embeds a dataset as well is an error\n"
    "  --digest-only       put SHA-256 digests of the documents in the record, not the documents\n"
    "  --rulebook ID       default rulebook: xj-2025 (default) or xj-2024-draft; a request's\n"
    "                      own \"rulebook\" wins\n"
    "  --calendar FILE     load more calendar years (docs/calendar-format.md)\n"
    "  --strict            a due date past the calendar's years is an error, not an estimate\n"
    "  --jsonl             JSON Lines: each input line is a request, each output line its\n"
    "                      decision document, or {\"line\":N,\"error\":...,\"path\":...} for a bad\n"
    "                      line; the stream goes on, nothing is dropped\n"
    "\n"
    "Exit status: 0 every request decided; 2 when any input was bad (the others are still\n"
    "decided and printed).\n";

static const char *const HELP_VERIFY =
    "Usage: xjdata verify --key FILE [--format text|json] [--lang zh|en] RECORD\n"
    "Verifies a signed decision record and prints the decoded decision.\n"
    "FILE is a key file, a public key (64 hex characters) or a key set (COSE_KeySet).\n"
    "RECORD is a file holding the record raw or in base64 (or a decision document with a\n"
    "\"record\" member), the base64 text itself, or - for standard input.\n"
    "\n"
    "Exit status: 0 verified, 1 verification failed (the failed check is named), 2 bad usage.\n";

static const char *const HELP_SHOW =
    "Usage: xjdata show [--format text|json] [--lang zh|en] RECORD\n"
    "Decodes a record WITHOUT verifying its signature and says so. RECORD as for verify.\n"
    "Exit status: 0 decoded, 2 not a well-formed record or bad usage.\n";

static const char *const HELP_CHECK =
    "Usage: xjdata check [--format text|json] [--lang zh|en] [--rulebook ID] DATASET.json\n"
    "The catalogue check (分类分级) of a dataset on its own: findings with their citations and\n"
    "the share and open types the classification allows.\n"
    "Exit status: 0 no error finding (warnings allowed), 1 at least one error finding,\n"
    "2 bad input.\n";

static const char *const HELP_RULES =
    "Usage: xjdata rules [--rulebook ID] [--format text|json] [--lang zh|en]\n"
    "Lists every rule of a rulebook (xj-2025 by default, or xj-2024-draft): code, family,\n"
    "effect, stage, citations, statutory period and message.\n";

static const char *const HELP_DUE =
    "Usage: xjdata due [--calendar FILE] DATE N\n"
    "Prints the Nth working day after DATE (YYYY-MM-DD; the day itself is not counted, Civil\n"
    "Code Art. 201). Working days follow the national and Xinjiang holiday calendars; a count\n"
    "reaching a year the calendar does not cover is estimated (said on stderr).\n";

static const char *const HELP_KEYGEN =
    "Usage: xjdata keygen --out FILE [--force]\n"
    "Generates an Ed25519 key pair and writes it as a COSE_Key (mode 0600). Prints the public\n"
    "key (64 hex) and the kid (RFC 9679 thumbprint). Refuses to overwrite FILE without --force.\n";

static const char *const HELP_KEY =
    "Usage: xjdata key public [--format hex|cose] FILE\n"
    "Prints the public key of a key file: 64 hex characters (default), or the public COSE_Key\n"
    "(binary; redirect it to a file).\n";

static int help(const char *text)
{
    fputs(text, stdout);
    return EXIT_DECIDED;
}

/* ---------------------------------------------------------------- options */

typedef struct opt {
    const char *name; /* without the leading "--" */
    bool has_arg;
    const char *value; /* set when seen ("" for a flag) */
} opt;

/* Parses argv[1..] of a command: options anywhere before "--", the rest positional. */
static int parse_opts(int argc, char **argv, opt *opts, char ***pos, int *npos, const char *helptext,
                      bool *helped)
{
    *pos = xmalloc(sizeof(char *) * (size_t)(argc + 1));
    *npos = 0;
    *helped = false;
    bool ended = false;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (ended || a[0] != '-' || strcmp(a, "-") == 0) {
            (*pos)[(*npos)++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            ended = true;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            help(helptext);
            *helped = true;
            return 0;
        }
        if (a[1] != '-') {
            msg("unknown option %s (see %s --help)", a, argv[0]);
            return -1;
        }
        const char *name = a + 2;
        const char *eq = strchr(name, '=');
        size_t nl = eq ? (size_t)(eq - name) : strlen(name);
        opt *o = NULL;
        for (opt *p = opts; p && p->name; p++)
            if (strlen(p->name) == nl && strncmp(p->name, name, nl) == 0)
                o = p;
        if (!o) {
            msg("unknown option --%.*s (see xjdata %s --help)", (int)nl, name, argv[0]);
            return -1;
        }
        if (o->has_arg) {
            if (eq) {
                o->value = eq + 1;
            } else if (i + 1 < argc) {
                o->value = argv[++i];
            } else {
                msg("option --%s needs a value", o->name);
                return -1;
            }
        } else {
            if (eq) {
                msg("option --%s takes no value", o->name);
                return -1;
            }
            o->value = "";
        }
    }
    return 0;
}

static const char *optv(const opt *opts, const char *name)
{
    for (const opt *p = opts; p->name; p++)
        if (strcmp(p->name, name) == 0)
            return p->value;
    return NULL;
}

static int parse_lang(render_opts *r, const opt *opts)
{
    const char *l = optv(opts, "lang");
    r->en = false;
    if (l && strcmp(l, "en") == 0)
        r->en = true;
    else if (l && strcmp(l, "zh") != 0) {
        msg("--lang: expected zh or en, got \"%s\"", l);
        return -1;
    }
    const char *nc = getenv("NO_COLOR");
    r->color = isatty(STDOUT_FILENO) && !(nc && *nc);
    return 0;
}

/* 0 text, 1 json, -1 error */
static int parse_format(const opt *opts, const char *a, const char *b)
{
    const char *f = optv(opts, "format");
    if (!f || strcmp(f, a) == 0)
        return 0;
    if (strcmp(f, b) == 0)
        return 1;
    msg("--format: expected %s or %s, got \"%s\"", a, b, f);
    return -1;
}

/* ---------------------------------------------------------------- files */

/* Reads a whole file ("-": standard input). On error prints a message and returns -1. */
static int read_all(buf *out, const char *path)
{
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        msg("%s: %s", path, strerror(errno));
        return -1;
    }
    out->len = 0;
    for (;;) {
        buf_reserve(out, 65536);
        ssize_t n = read(fd, out->p + out->len, out->cap - out->len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            msg("%s: %s", path, strerror(errno));
            if (fd != STDIN_FILENO)
                close(fd);
            return -1;
        }
        if (n == 0)
            break;
        out->len += (size_t)n;
        if (out->len > XJ_MAX_INPUT) {
            msg("%s: larger than %u bytes", path, XJ_MAX_INPUT);
            if (fd != STDIN_FILENO)
                close(fd);
            return -1;
        }
    }
    out->p[out->len] = '\0';
    if (fd != STDIN_FILENO)
        close(fd);
    return 0;
}

/* ---------------------------------------------------------------- keys */

/* The key module says why a key file was refused (thread-local message). */
static const char *keyerr_hint(int rc)
{
    static char hint[300];
    const char *m = xjd_key_errmsg();
    if (m && *m)
        snprintf(hint, sizeof hint, ": %s", m);
    else if (rc == XJD_EKEYFILE)
        snprintf(hint, sizeof hint, " (a secret key file must not be readable by group or others: chmod 600 it)");
    else
        hint[0] = '\0';
    return hint;
}

static int default_key_path(buf *out)
{
    const char *x = getenv("XDG_CONFIG_HOME");
    out->len = 0;
    if (x && *x == '/') {
        buf_adds(out, x);
    } else {
        const char *h = getenv("HOME");
        if (!h || !*h) {
            msg("no HOME or XDG_CONFIG_HOME to keep the default key in; give --key FILE (see xjdata keygen)");
            return -1;
        }
        buf_printf(out, "%s/.config", h);
    }
    buf_adds(out, "/xjdata");
    return 0;
}

static int mkdir_p(char *path, mode_t mode)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int r = mkdir(path, 0700);
        *p = '/';
        if (r != 0 && errno != EEXIST)
            return -1;
    }
    if (mkdir(path, mode) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

/* The signing key: --key FILE, or the default key (created, and said so, on first use). */
static int signing_key(xjd_key **out, const char *path)
{
    int rc;
    if (path) {
        rc = xjd_key_load(out, path, NULL);
        if (rc < 0) {
            msg("key %s: %s%s", path, xjd_strerror(rc), keyerr_hint(rc));
            return -1;
        }
    } else {
        buf dir = {0};
        if (default_key_path(&dir) < 0)
            return -1;
        buf file = {0};
        buf_printf(&file, "%s/key", dir.p);
        struct stat st;
        if (stat(file.p, &st) == 0) {
            rc = xjd_key_load(out, file.p, NULL);
            if (rc < 0) {
                msg("default key %s: %s%s", file.p, xjd_strerror(rc), keyerr_hint(rc));
                buf_free(&dir), buf_free(&file);
                return -1;
            }
        } else {
            if (mkdir_p(dir.p, 0700) != 0) {
                msg("cannot create %s: %s", dir.p, strerror(errno));
                buf_free(&dir), buf_free(&file);
                return -1;
            }
            rc = xjd_key_generate(out, NULL);
            if (rc == 0)
                rc = xjd_key_save(*out, file.p, true);
            if (rc < 0) {
                msg("cannot create the default key %s: %s", file.p, xjd_strerror(rc));
                xjd_key_free(*out);
                *out = NULL;
                buf_free(&dir), buf_free(&file);
                return -1;
            }
            uint8_t kid[32];
            char h[65] = "";
            if (xjd_key_kid(kid, *out) == 0)
                hex_encode(h, kid, 32);
            msg("created a new signing key %s (kid %s); records are signed with it", file.p, h);
        }
        buf_free(&dir), buf_free(&file);
    }
    if (!xjd_key_has_secret(*out)) {
        msg("key %s holds no secret key: it can verify but not sign", path ? path : "(default)");
        xjd_key_free(*out);
        *out = NULL;
        return -1;
    }
    return 0;
}

/* ---------------------------------------------------------------- documents */

typedef struct docerr {
    char msg[512];
    char path[160];
} docerr;

/* JSON text -> request (or dataset when ds != NULL). 0 or -1 with e filled. */
static bool use_jansson = false; /* XJDATA_JSON_PARSER=jansson: the reference parser */

static int decode_json_doc(xjd_request *req, xjd_dataset *ds, const char *text, size_t len, buf *cbor,
                           docerr *e)
{
    e->path[0] = '\0';
    cbor->len = 0;
    if (use_jansson) {
        json_error_t je;
        json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
        if (!root) {
            snprintf(e->msg, sizeof e->msg, "invalid JSON at line %d column %d: %s", je.line, je.column, je.text);
            return -1;
        }
        bool obj = json_is_object(root);
        if (obj)
            json_to_cbor(cbor, root);
        json_decref(root);
        if (!obj) {
            snprintf(e->msg, sizeof e->msg, "expected a JSON object (a %s)", ds ? "dataset" : "request");
            return -1;
        }
    } else {
        jp_error je;
        if (json_text_to_cbor(cbor, text, len, &je) < 0) {
            snprintf(e->msg, sizeof e->msg, "invalid JSON at line %d column %d: %s", je.line, je.column, je.text);
            return -1;
        }
        if (cbor->len == 0 || ((unsigned char)cbor->p[0] >> 5) != 5) {
            snprintf(e->msg, sizeof e->msg, "expected a JSON object (a %s)", ds ? "dataset" : "request");
            return -1;
        }
    }
    int rc = ds ? xjd_dataset_decode(ds, (const uint8_t *)cbor->p, cbor->len, NULL)
                : xjd_request_decode(req, (const uint8_t *)cbor->p, cbor->len, NULL);
    if (rc < 0) {
        const char *m = ds ? xjd_dataset_errmsg(ds) : xjd_request_errmsg(req);
        const char *p = ds ? xjd_dataset_errpath(ds) : xjd_request_errpath(req);
        snprintf(e->msg, sizeof e->msg, "%s", m && *m ? m : xjd_strerror(rc));
        snprintf(e->path, sizeof e->path, "%s", p ? p : "");
        return -1;
    }
    return 0;
}

static void print_docerr(const char *where, const docerr *e)
{
    size_t pl = strlen(e->path);
    if (e->path[0] && strncmp(e->msg, e->path, pl) != 0) /* the library's messages start with the path */
        msg("%s: %s: %s", where, e->path, e->msg);
    else
        msg("%s: %s", where, e->msg);
}

/* ---------------------------------------------------------------- eval */

typedef struct evalctx {
    xjd_engine *engine;
    xjd_decision *dec;
    xjd_request *req;
    xjd_dataset *ds; /* --dataset, or NULL */
    unsigned flags;
    render_opts ro;
    int json;
    buf cbor, out;
} evalctx;

/* Decides one request text. 0 decided (output appended to c->out), -1 with e filled. */
static int eval_one(evalctx *c, const char *text, size_t len, docerr *e, const char *title)
{
    if (decode_json_doc(c->req, NULL, text, len, &c->cbor, e) < 0)
        return -1;
    const xjd_dataset *emb = xjd_request_dataset(c->req);
    if (emb && c->ds) {
        snprintf(e->msg, sizeof e->msg, "the request embeds a dataset and --dataset was given: use one");
        snprintf(e->path, sizeof e->path, "dataset");
        return -1;
    }
    if (!emb && !c->ds) {
        snprintf(e->msg, sizeof e->msg, "no dataset: embed one under \"dataset\" or give --dataset FILE");
        snprintf(e->path, sizeof e->path, "dataset");
        return -1;
    }
    int rc = xjd_evaluate_ex(c->dec, c->engine, c->req, c->ds, c->flags, NULL);
    if (rc < 0) {
        const char *m = xjd_decision_errmsg(c->dec);
        snprintf(e->msg, sizeof e->msg, "%s", m && *m ? m : xjd_strerror(rc));
        snprintf(e->path, sizeof e->path, "%s", xjd_decision_errpath(c->dec));
        return -1;
    }
    if (c->json) {
        render_decision_json(&c->out, c->dec, &c->ro, -1);
        buf_addc(&c->out, '\n');
    } else {
        render_decision_text(&c->out, c->dec, &c->ro, title);
        size_t rl = 0;
        if (xjd_decision_record(c->dec, &rl) && rl) {
            const uint8_t *kid = xjd_decision_kid(c->dec);
            char h[65] = "";
            if (kid)
                hex_encode(h, kid, 8);
            buf_printf(&c->out, c->ro.en ? "Signed record: %zu bytes, kid %s… (--format json prints it)\n"
                                         : "已签名记录：%zu 字节，kid %s…（--format json 输出记录）\n",
                       rl, h);
        }
    }
    return 0;
}

static void error_json(buf *b, const char *file, long line, const docerr *e)
{
    buf_addc(b, '{');
    if (file) {
        jw_key(b, "file");
        jw_str(b, file);
        buf_addc(b, ',');
    }
    if (line > 0)
        buf_printf(b, "\"line\":%ld,", line);
    jw_key(b, "error");
    jw_str(b, e->msg);
    if (e->path[0]) {
        buf_adds(b, ",\"path\":");
        jw_str(b, e->path);
    }
    buf_adds(b, "}\n");
}

static void flush_out(buf *b)
{
    if (b->len) {
        fwrite(b->p, 1, b->len, stdout);
        b->len = 0;
    }
    fflush(stdout);
}

/* JSON Lines over one input: reads with read(2) and flushes output before blocking, so a
 * producer waiting for each answer never deadlocks, and a file streams at full speed. */
static int jsonl_stream(evalctx *c, int fd, const char *file, bool name_file)
{
    buf in = {0};
    size_t start = 0;
    long lineno = 0;
    int bad = 0;
    bool eof = false;
    while (!eof || start < in.len) {
        char *nl = in.len > start ? memchr(in.p + start, '\n', in.len - start) : NULL;
        if (!nl && !eof) {
            if (start > 0) { /* keep the partial line at the front */
                memmove(in.p, in.p + start, in.len - start);
                in.len -= start;
                start = 0;
            }
            if (c->out.len)
                flush_out(&c->out);
            buf_reserve(&in, 1u << 16);
            ssize_t n = read(fd, in.p + in.len, in.cap - in.len - 1);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                msg("%s: %s", file, strerror(errno));
                bad = 1;
                break;
            }
            if (n == 0)
                eof = true;
            in.len += (size_t)n;
            continue;
        }
        size_t end = nl ? (size_t)(nl - in.p) : in.len;
        char *line = in.p + start;
        size_t len = end - start;
        start = nl ? end + 1 : in.len;
        lineno++;
        if (len && line[len - 1] == '\r')
            len--;
        docerr e;
        size_t k = 0;
        while (k < len && (line[k] == ' ' || line[k] == '\t'))
            k++;
        if (k == len) {
            snprintf(e.msg, sizeof e.msg, "empty line: expected a request");
            e.path[0] = '\0';
            error_json(&c->out, name_file ? file : NULL, lineno, &e);
            bad = 1;
        } else if (len > XJ_MAX_INPUT) {
            snprintf(e.msg, sizeof e.msg, "line longer than %u bytes", XJ_MAX_INPUT);
            e.path[0] = '\0';
            error_json(&c->out, name_file ? file : NULL, lineno, &e);
            bad = 1;
        } else if (eval_one(c, line, len, &e, NULL) < 0) {
            error_json(&c->out, name_file ? file : NULL, lineno, &e);
            bad = 1;
        }
        if (c->out.len > (1u << 16))
            flush_out(&c->out);
    }
    buf_free(&in);
    return bad;
}

static int cmd_eval(int argc, char **argv)
{
    opt opts[] = {{"format", true, NULL}, {"lang", true, NULL}, {"key", true, NULL}, {"dataset", true, NULL},
                  {"digest-only", false, NULL}, {"jsonl", false, NULL}, {"no-sign", false, NULL},
                  {"rulebook", true, NULL}, {"calendar", true, NULL}, {"strict", false, NULL},
                  {NULL, false, NULL}};
    char **pos;
    int npos, status = EXIT_USAGE;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_EVAL, &helped) < 0)
        return free(pos), EXIT_USAGE;
    if (helped)
        return free(pos), EXIT_DECIDED;
    evalctx c;
    memset(&c, 0, sizeof c);
    bool jsonl = optv(opts, "jsonl") != NULL;
    c.json = parse_format(opts, "text", "json");
    if (c.json < 0 || parse_lang(&c.ro, opts) < 0)
        return free(pos), EXIT_USAGE;
    if (jsonl) {
        if (c.json == 0 && optv(opts, "format")) {
            msg("--jsonl writes JSON: --format text does not apply");
            return free(pos), EXIT_USAGE;
        }
        c.json = 1;
    }
    if (npos == 0 && !jsonl) {
        msg("eval: no request given (files, or - for standard input; see xjdata eval --help)");
        return free(pos), EXIT_USAGE;
    }
    bool nosign = optv(opts, "no-sign") != NULL;
    if (nosign && optv(opts, "key")) {
        msg("--no-sign and --key contradict each other");
        return free(pos), EXIT_USAGE;
    }
    c.flags = optv(opts, "digest-only") ? XJD_EVAL_DIGESTS : 0;

    xjd_options *o = NULL;
    xjd_key *key = NULL;
    xjd_calendar *cal = NULL;
    int rc = xjd_options_new(&o, NULL);
    if (rc < 0) {
        msg("options: %s", xjd_strerror(rc));
        goto done;
    }
    if (optv(opts, "rulebook") && (rc = xjd_options_set_rulebook(o, optv(opts, "rulebook"))) < 0) {
        msg("--rulebook %s: %s (known: xj-2025, xj-2024-draft)", optv(opts, "rulebook"), xjd_strerror(rc));
        goto done;
    }
    if (optv(opts, "strict"))
        xjd_options_set_strict(o, true);
    if (optv(opts, "calendar")) {
        if ((rc = xjd_calendar_new(&cal, 0, NULL)) < 0 ||
            (rc = xjd_calendar_load_file(cal, optv(opts, "calendar"))) < 0) {
            msg("--calendar %s: %s", optv(opts, "calendar"), cal ? xjd_calendar_errmsg(cal) : xjd_strerror(rc));
            goto done;
        }
        if ((rc = xjd_options_set_calendar(o, cal)) < 0) {
            msg("--calendar: %s", xjd_strerror(rc));
            goto done;
        }
    }
    if (optv(opts, "dataset")) {
        buf t = {0};
        docerr e;
        if (read_all(&t, optv(opts, "dataset")) < 0) {
            buf_free(&t);
            goto done;
        }
        if ((rc = xjd_dataset_new(&c.ds, NULL)) < 0) {
            msg("dataset: %s", xjd_strerror(rc));
            buf_free(&t);
            goto done;
        }
        if (decode_json_doc(NULL, c.ds, t.p, t.len, &c.cbor, &e) < 0) {
            print_docerr(optv(opts, "dataset"), &e);
            buf_free(&t);
            goto done;
        }
        buf_free(&t);
    }
    if (!nosign) {
        if (signing_key(&key, optv(opts, "key")) < 0)
            goto done;
        if ((rc = xjd_options_set_key(o, key)) < 0) {
            msg("key: %s", xjd_strerror(rc));
            goto done;
        }
    }
    if ((rc = xjd_engine_new(&c.engine, o)) < 0) {
        msg("engine: %s", xjd_strerror(rc));
        goto done;
    }
    if ((rc = xjd_decision_new(&c.dec, NULL)) < 0 || (rc = xjd_request_new(&c.req, NULL)) < 0) {
        msg("%s", xjd_strerror(rc));
        goto done;
    }

    int bad = 0;
    if (jsonl) {
#ifdef F_SETPIPE_SZ
        /* Decisions are ~3 KB each: a 1 MiB pipe to the consumer (Linux, where allowed) means
         * far fewer wake-ups of both sides than the default 64 KiB. */
        struct stat so;
        if (fstat(STDOUT_FILENO, &so) == 0 && S_ISFIFO(so.st_mode))
            (void)fcntl(STDOUT_FILENO, F_SETPIPE_SZ, 1 << 20);
#endif
        if (npos == 0)
            bad |= jsonl_stream(&c, STDIN_FILENO, "-", false);
        for (int i = 0; i < npos; i++) {
            int fd = strcmp(pos[i], "-") == 0 ? STDIN_FILENO : open(pos[i], O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                docerr e;
                snprintf(e.msg, sizeof e.msg, "cannot read: %s", strerror(errno));
                e.path[0] = '\0';
                error_json(&c.out, pos[i], 0, &e);
                msg("%s: %s", pos[i], strerror(errno));
                bad = 1;
                continue;
            }
            bad |= jsonl_stream(&c, fd, pos[i], npos > 1);
            if (fd != STDIN_FILENO)
                close(fd);
        }
    } else {
        buf t = {0};
        for (int i = 0; i < npos; i++) {
            docerr e;
            const char *name = strcmp(pos[i], "-") == 0 ? "(stdin)" : pos[i];
            if (!c.json && i > 0)
                buf_addc(&c.out, '\n');
            if (read_all(&t, pos[i]) < 0) {
                snprintf(e.msg, sizeof e.msg, "cannot read: %s", strerror(errno));
                e.path[0] = '\0';
                if (c.json)
                    error_json(&c.out, name, 0, &e);
                bad = 1;
                continue;
            }
            if (eval_one(&c, t.p, t.len, &e, npos > 1 || !c.json ? name : NULL) < 0) {
                print_docerr(name, &e);
                if (c.json)
                    error_json(&c.out, name, 0, &e);
                else
                    buf_printf(&c.out, c.ro.en ? "ERROR  %s: see standard error\n" : "错误  %s：见标准错误输出\n", shown(name));
                bad = 1;
            }
            flush_out(&c.out);
        }
        buf_free(&t);
    }
    flush_out(&c.out);
    status = bad ? EXIT_USAGE : EXIT_DECIDED;
done:
    xjd_engine_free(c.engine);
    xjd_decision_free(c.dec);
    xjd_request_free(c.req);
    xjd_dataset_free(c.ds);
    xjd_options_free(o);
    xjd_calendar_free(cal);
    xjd_key_free(key);
    buf_free(&c.cbor);
    buf_free(&c.out);
    free(pos);
    return status;
}

/* ---------------------------------------------------------------- records */

static bool is_b64(unsigned char ch)
{
    return (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '+' ||
           ch == '/' || ch == '=' || ch == '-' || ch == '_';
}

/* RECORD argument -> record bytes. 0 or -1 (message printed). */
static int load_record(buf *out, const char *arg)
{
    buf t = {0};
    struct stat st;
    if (strcmp(arg, "-") == 0 || stat(arg, &st) == 0) {
        if (read_all(&t, arg) < 0)
            return buf_free(&t), -1;
    } else {
        size_t n = strlen(arg), k = 0;
        while (k < n && is_b64((unsigned char)arg[k]))
            k++;
        if (n < 16 || k != n) {
            msg("%s: no such file, and not a base64 record", arg);
            return -1;
        }
        buf_adds(&t, arg);
    }
    out->len = 0;
    /* base64 (or a decision document) is text; anything else is taken as the raw record and
     * left to the library's checks, which name what is wrong with it */
    bool text = t.len > 0;
    for (size_t i = 0; i < t.len && text; i++) {
        unsigned char ch = (unsigned char)t.p[i];
        text = is_b64(ch) || ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || (t.p[0] == '{' && ch >= 0x20);
    }
    if (!text || (unsigned char)t.p[0] == 0xd2) {
        buf_add(out, t.p ? t.p : "", t.len);
        buf_free(&t);
        return 0;
    }
    size_t k = 0;
    while (k < t.len && (t.p[k] == ' ' || t.p[k] == '\n' || t.p[k] == '\r' || t.p[k] == '\t'))
        k++;
    const char *b64 = t.p + k;
    size_t b64len = t.len - k;
    json_t *root = NULL;
    if (b64len && b64[0] == '{') { /* a decision document: take its "record" */
        json_error_t je;
        root = json_loadb(b64, b64len, JSON_REJECT_DUPLICATES, &je); /* two "record"s: which is evidence? */
        json_t *r = root ? json_object_get(root, "record") : NULL;
        if (!r || !json_is_string(r)) {
            msg("%s: a JSON document without a \"record\" string%s%s", arg, root ? "" : ": ", root ? "" : je.text);
            json_decref(root);
            buf_free(&t);
            return -1;
        }
        b64 = json_string_value(r);
        b64len = json_string_length(r);
    }
    buf_reserve(out, b64len);
    size_t bin_len = 0;
    const char *end = NULL;
    int variant = sodium_base64_VARIANT_ORIGINAL;
    for (size_t i = 0; i < b64len; i++)
        if (b64[i] == '-' || b64[i] == '_')
            variant = sodium_base64_VARIANT_URLSAFE;
    if (!memchr(b64, '=', b64len) && (b64len % 4) != 0)
        variant = variant == sodium_base64_VARIANT_URLSAFE ? sodium_base64_VARIANT_URLSAFE_NO_PADDING
                                                           : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
    int r = sodium_base642bin((unsigned char *)out->p, out->cap, b64, b64len, " \t\r\n", &bin_len, &end, variant);
    decision_doc_keep(root); /* compared with its record once that has verified (verify_doc.c) */
    if (r != 0 || (end && end != b64 + b64len) || bin_len == 0) {
        msg("%s: neither a COSE_Sign1 record nor valid base64", arg);
        buf_free(&t);
        return -1;
    }
    out->len = bin_len;
    buf_free(&t);
    return 0;
}

static const char *check_name(int rc)
{
    switch (rc) {
    case XJD_ENOTTAG18: return "not a tagged COSE_Sign1 (tag 18)";
    case XJD_ESHAPE: return "COSE_Sign1 shape";
    case XJD_ETRAILING: return "trailing bytes";
    case XJD_EDUPLABEL: return "duplicate header label";
    case XJD_EALG: return "algorithm (EdDSA -8 in the protected header)";
    case XJD_EKID: return "kid (missing or not in the key set)";
    case XJD_ENONDET: return "deterministic payload";
    case XJD_ERECLIMIT: return "size or nesting limits";
    case XJD_ESIGNATURE: return "signature";
    case XJD_ERECORD: return "record payload";
    case XJD_ECONTENT: return "content type";
    case XJD_EUNPROTECTED: return "unprotected header (a record carries nothing unsigned)";
    case XJD_ECRIT: return "critical header parameters (crit)";
    }
    return xjd_strerror(rc);
}

static int print_record(const xjd_decision *d, int json, const render_opts *ro, int verified)
{
    buf b = {0};
    if (json) {
        render_decision_json(&b, d, ro, verified);
        buf_addc(&b, '\n');
    } else {
        if (!verified) {
            if (ro->color)
                buf_adds(&b, "\033[1;31m");
            buf_adds(&b, ro->en ? "NOT VERIFIED: decoded without checking the signature; do not rely on it"
                                : "未验证签名（NOT VERIFIED）：仅解码，未核对签名，不可作为依据");
            if (ro->color)
                buf_adds(&b, "\033[0m");
            buf_addc(&b, '\n');
        } else {
            buf_adds(&b, ro->en ? "Verified: the signature is valid for kid " : "已验证：签名有效，kid ");
            const uint8_t *kid = xjd_decision_kid(d);
            char h[65] = "";
            if (kid)
                hex_encode(h, kid, 32);
            buf_printf(&b, "%s\n", h);
        }
        render_decision_text(&b, d, ro, NULL);
        render_record_meta_text(&b, d, ro);
    }
    fwrite(b.p, 1, b.len, stdout);
    buf_free(&b);
    return fflush(stdout) == 0 ? 0 : -1;
}

static int cmd_verify_show(int argc, char **argv, bool verify)
{
    opt opts[] = {{"key", true, NULL}, {"format", true, NULL}, {"lang", true, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos, status = EXIT_USAGE;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, verify ? HELP_VERIFY : HELP_SHOW, &helped) < 0)
        return free(pos), EXIT_USAGE;
    if (helped)
        return free(pos), EXIT_DECIDED;
    render_opts ro;
    int json = parse_format(opts, "text", "json");
    if (json < 0 || parse_lang(&ro, opts) < 0)
        return free(pos), EXIT_USAGE;
    if (npos != 1) {
        msg("%s: expected one RECORD (see xjdata %s --help)", argv[0], argv[0]);
        return free(pos), EXIT_USAGE;
    }
    if (verify && !optv(opts, "key")) {
        msg("verify: --key FILE is required (a key, public key or key set)");
        return free(pos), EXIT_USAGE;
    }
    if (!verify && optv(opts, "key")) {
        msg("show does not verify: use xjdata verify --key FILE");
        return free(pos), EXIT_USAGE;
    }
    buf rec = {0};
    xjd_keyset *ks = NULL;
    xjd_decision *d = NULL;
    int rc;
    if (verify) {
        if ((rc = xjd_keyset_new(&ks, NULL)) < 0 || (rc = xjd_keyset_load(ks, optv(opts, "key"))) < 0) {
            msg("key %s: %s%s", optv(opts, "key"), xjd_strerror(rc), keyerr_hint(rc));
            goto done;
        }
    }
    if (load_record(&rec, pos[0]) < 0)
        goto done;
    if ((rc = xjd_decision_new(&d, NULL)) < 0) {
        msg("%s", xjd_strerror(rc));
        goto done;
    }
    rc = verify ? xjd_record_verify(d, (const uint8_t *)rec.p, rec.len, ks, NULL)
                : xjd_record_decode(d, (const uint8_t *)rec.p, rec.len, NULL);
    if (rc < 0) {
        const char *m = xjd_decision_errmsg(d);
        if (verify)
            msg("verification FAILED: %s%s%s", check_name(rc), m && *m ? ": " : "", m ? m : "");
        else
            msg("not a well-formed record: %s%s%s", check_name(rc), m && *m ? ": " : "", m ? m : "");
        status = verify && rc != XJD_ENOMEM ? EXIT_VERIFY : EXIT_USAGE;
        goto done;
    }
    if (verify && !xjd_decision_verified(d)) { /* fail closed */
        msg("verification FAILED: the library did not mark the record verified");
        status = EXIT_VERIFY;
        goto done;
    }
    if (decision_doc_check(d, verify) < 0) { /* a decision document is evidence only through its record */
        status = verify ? EXIT_VERIFY : EXIT_USAGE;
        goto done;
    }
    status = print_record(d, json, &ro, verify ? 1 : 0) == 0 ? EXIT_DECIDED : EXIT_USAGE;
done:
    decision_doc_keep(NULL);
    buf_free(&rec);
    xjd_keyset_free(ks);
    xjd_decision_free(d);
    free(pos);
    return status;
}

/* ---------------------------------------------------------------- check, rules, due */

static void types_text(buf *b, unsigned bits)
{
    const char *names[] = {"unconditional", "conditional", "none"};
    bool any = false;
    for (int i = 0; i < 3; i++)
        if (bits & (1u << i)) {
            buf_printf(b, "%s%s", any ? ", " : "", names[i]);
            any = true;
        }
    if (!any)
        buf_adds(b, "-");
}

static void types_json(buf *b, unsigned bits)
{
    const char *names[] = {"unconditional", "conditional", "none"};
    bool any = false;
    buf_addc(b, '[');
    for (int i = 0; i < 3; i++)
        if (bits & (1u << i)) {
            if (any)
                buf_addc(b, ',');
            jw_str(b, names[i]);
            any = true;
        }
    buf_addc(b, ']');
}

static int cmd_check(int argc, char **argv)
{
    opt opts[] = {{"format", true, NULL}, {"lang", true, NULL}, {"rulebook", true, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos, status = EXIT_USAGE;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_CHECK, &helped) < 0)
        return free(pos), EXIT_USAGE;
    if (helped)
        return free(pos), EXIT_DECIDED;
    render_opts ro;
    int json = parse_format(opts, "text", "json");
    if (json < 0 || parse_lang(&ro, opts) < 0)
        return free(pos), EXIT_USAGE;
    if (npos != 1) {
        msg("check: expected one DATASET.json (see xjdata check --help)");
        return free(pos), EXIT_USAGE;
    }
    buf t = {0}, cbor = {0}, b = {0};
    xjd_dataset *ds = NULL;
    xjd_check *ck = NULL;
    docerr e;
    int rc;
    if (read_all(&t, pos[0]) < 0)
        goto done;
    if ((rc = xjd_dataset_new(&ds, NULL)) < 0 || (rc = xjd_check_new(&ck, NULL)) < 0) {
        msg("%s", xjd_strerror(rc));
        goto done;
    }
    if (decode_json_doc(NULL, ds, t.p, t.len, &cbor, &e) < 0) {
        print_docerr(pos[0], &e);
        goto done;
    }
    if ((rc = xjd_dataset_check(ck, ds, optv(opts, "rulebook"))) < 0) {
        msg("check: %s", xjd_strerror(rc));
        goto done;
    }
    size_t n = xjd_check_finding_count(ck);
    int errors = 0;
    if (json)
        buf_adds(&b, "{\"findings\":[");
    for (size_t i = 0; i < n; i++) {
        const xjd_finding *f = xjd_check_finding(ck, i);
        const char *text = ro.en ? f->text_en : f->text_zh;
        if (f->severity == XJD_SEV_ERROR)
            errors++;
        if (json) {
            if (i)
                buf_addc(&b, ',');
            buf_adds(&b, "{\"severity\":");
            jw_str(&b, f->severity == XJD_SEV_ERROR ? "error" : "warning");
            buf_adds(&b, ",\"code\":");
            jw_str(&b, f->code);
            buf_adds(&b, ",\"path\":");
            jw_str(&b, f->path);
            render_cites_json(&b, f->cites, f->ncites);
            buf_adds(&b, ",\"text\":");
            jw_str(&b, text);
            buf_addc(&b, '}');
        } else {
            bool err = f->severity == XJD_SEV_ERROR;
            if (ro.color)
                buf_adds(&b, err ? "\033[1;31m" : "\033[1;33m");
            buf_adds(&b, err ? (ro.en ? "ERROR" : "错误") : (ro.en ? "WARNING" : "警告"));
            if (ro.color)
                buf_adds(&b, "\033[0m");
            buf_printf(&b, "  %s: %s\n    [%s] ", f->path, text ? text : "", f->code);
            render_cites(&b, f->cites, f->ncites, &ro);
            buf_addc(&b, '\n');
        }
    }
    if (json) {
        buf_adds(&b, "],\"allowed\":{\"share_type\":");
        types_json(&b, xjd_check_allowed_share(ck));
        buf_adds(&b, ",\"open_type\":");
        types_json(&b, xjd_check_allowed_open(ck));
        buf_adds(&b, "}}\n");
    } else {
        if (n == 0)
            buf_adds(&b, ro.en ? "No findings.\n" : "未发现问题。\n");
        buf_adds(&b, ro.en ? "Allowed share types: " : "可选共享类型：");
        types_text(&b, xjd_check_allowed_share(ck));
        buf_adds(&b, ro.en ? "\nAllowed open types: " : "\n可选开放类型：");
        types_text(&b, xjd_check_allowed_open(ck));
        buf_addc(&b, '\n');
    }
    fwrite(b.p, 1, b.len, stdout);
    status = errors ? EXIT_VERIFY : EXIT_DECIDED;
done:
    buf_free(&t), buf_free(&cbor), buf_free(&b);
    xjd_dataset_free(ds);
    xjd_check_free(ck);
    free(pos);
    return status;
}

static int cmd_rules(int argc, char **argv)
{
    opt opts[] = {{"format", true, NULL}, {"lang", true, NULL}, {"rulebook", true, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_RULES, &helped) < 0)
        return free(pos), EXIT_USAGE;
    if (helped)
        return free(pos), EXIT_DECIDED;
    render_opts ro;
    int json = parse_format(opts, "text", "json");
    if (json < 0 || parse_lang(&ro, opts) < 0)
        return free(pos), EXIT_USAGE;
    free(pos);
    if (npos) {
        msg("rules: no arguments expected (see xjdata rules --help)");
        return EXIT_USAGE;
    }
    const char *rb = optv(opts, "rulebook") ? optv(opts, "rulebook") : "xj-2025";
    size_t n = xjd_rulebook_rule_count(rb);
    if (n == 0) {
        msg("--rulebook %s: unknown rulebook (known: xj-2025, xj-2024-draft)", rb);
        return EXIT_USAGE;
    }
    buf b = {0};
    if (json)
        buf_addc(&b, '[');
    for (size_t i = 0; i < n; i++) {
        xjd_rule_info r;
        int rc = xjd_rulebook_rule(&r, rb, i);
        if (rc < 0) {
            msg("rule %zu: %s", i, xjd_strerror(rc));
            buf_free(&b);
            return EXIT_USAGE;
        }
        const char *text = ro.en ? r.text_en : r.text_zh;
        const char *stage = r.stage == XJD_STAGE_BEFORE ? "before" : r.stage == XJD_STAGE_AFTER ? "after" : "";
        if (json) {
            if (i)
                buf_addc(&b, ',');
            buf_adds(&b, "{\"code\":");
            jw_str(&b, r.code);
            buf_adds(&b, ",\"family\":");
            jw_str(&b, r.family);
            buf_adds(&b, ",\"effect\":");
            jw_str(&b, xjd_effect_name(r.effect));
            if (*stage) {
                buf_adds(&b, ",\"stage\":");
                jw_str(&b, stage);
            }
            if (r.due_workdays)
                buf_printf(&b, ",\"due_workdays\":%d", r.due_workdays);
            render_cites_json(&b, r.cites, r.ncites);
            buf_adds(&b, ",\"text\":");
            jw_str(&b, text);
            buf_addc(&b, '}');
        } else {
            buf_printf(&b, "%s%s%s  %s %s%s%s", ro.color ? "\033[1m" : "", r.code, ro.color ? "\033[0m" : "",
                       r.family, xjd_effect_name(r.effect), *stage ? "/" : "", stage);
            if (r.due_workdays)
                buf_printf(&b, ro.en ? "  %d working days" : "  %d 个工作日", r.due_workdays);
            buf_adds(&b, "\n    ");
            render_cites(&b, r.cites, r.ncites, &ro);
            buf_printf(&b, "\n    %s\n", text ? text : "");
        }
    }
    if (json)
        buf_adds(&b, "]\n");
    fwrite(b.p, 1, b.len, stdout);
    buf_free(&b);
    return EXIT_DECIDED;
}

static int cmd_due(int argc, char **argv)
{
    opt opts[] = {{"calendar", true, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos, status = EXIT_USAGE;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_DUE, &helped) < 0)
        return free(pos), EXIT_USAGE;
    if (helped)
        return free(pos), EXIT_DECIDED;
    xjd_calendar *cal = NULL;
    xjd_date start, due;
    char *end;
    long n;
    int rc, est = 0;
    if (npos != 2) {
        msg("due: expected DATE N (see xjdata due --help)");
        goto done;
    }
    if (xjd_date_parse(&start, pos[0]) < 0) {
        msg("due: DATE \"%s\" is not a date YYYY-MM-DD", pos[0]);
        goto done;
    }
    errno = 0;
    n = strtol(pos[1], &end, 10);
    if (errno || *end || end == pos[1] || n < 1 || n > 3660) {
        msg("due: N \"%s\" must be a whole number of working days from 1 to 3660", pos[1]);
        goto done;
    }
    if ((rc = xjd_calendar_new(&cal, 0, NULL)) < 0) {
        msg("calendar: %s", xjd_strerror(rc));
        goto done;
    }
    if (optv(opts, "calendar") && (rc = xjd_calendar_load_file(cal, optv(opts, "calendar"))) < 0) {
        msg("--calendar %s: %s", optv(opts, "calendar"), xjd_calendar_errmsg(cal));
        goto done;
    }
    if ((rc = xjd_calendar_add_workdays(&due, &est, cal, start, (int)n)) < 0) {
        msg("due: %s", xjd_strerror(rc));
        goto done;
    }
    char d[11];
    xjd_date_format(d, due);
    printf("%s\n", d);
    if (est)
        msg("estimated: the count reaches a year the calendar does not fully cover (national and regional "
            "holidays); load it with --calendar FILE");
    status = fflush(stdout) == 0 ? EXIT_DECIDED : EXIT_USAGE;
done:
    xjd_calendar_free(cal);
    free(pos);
    return status;
}

/* ---------------------------------------------------------------- keys */

static void print_key_ids(const xjd_key *k)
{
    char hex[65], kh[65];
    uint8_t kid[32];
    if (xjd_key_public_hex(hex, k) == 0 && xjd_key_kid(kid, k) == 0) {
        hex_encode(kh, kid, 32);
        printf("public_key %s\nkid %s\n", hex, kh);
    }
}

static int cmd_keygen(int argc, char **argv)
{
    opt opts[] = {{"out", true, NULL}, {"force", false, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_KEYGEN, &helped) < 0)
        return free(pos), EXIT_USAGE;
    free(pos);
    if (helped)
        return EXIT_DECIDED;
    const char *out = optv(opts, "out");
    if (!out || !*out || npos) {
        msg("keygen: expected --out FILE and no other argument (see xjdata keygen --help)");
        return EXIT_USAGE;
    }
    struct stat st;
    if (!optv(opts, "force") && lstat(out, &st) == 0) {
        msg("keygen: %s exists; not overwriting a key (use --force)", out);
        return EXIT_USAGE;
    }
    xjd_key *k = NULL;
    int rc = xjd_key_generate(&k, NULL);
    if (rc == 0)
        rc = xjd_key_save(k, out, true);
    if (rc < 0) {
        msg("keygen %s: %s", out, xjd_strerror(rc));
        xjd_key_free(k);
        return EXIT_USAGE;
    }
    print_key_ids(k);
    xjd_key_free(k);
    return fflush(stdout) == 0 ? EXIT_DECIDED : EXIT_USAGE;
}

static int cmd_key(int argc, char **argv)
{
    opt opts[] = {{"format", true, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos, status = EXIT_USAGE;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_KEY, &helped) < 0)
        return free(pos), EXIT_USAGE;
    if (helped)
        return free(pos), EXIT_DECIDED;
    int cose = parse_format(opts, "hex", "cose");
    if (cose < 0)
        return free(pos), EXIT_USAGE;
    if (npos != 2 || strcmp(pos[0], "public") != 0) {
        msg("key: expected: xjdata key public FILE (see xjdata key --help)");
        return free(pos), EXIT_USAGE;
    }
    xjd_key *k = NULL;
    int rc = xjd_key_load(&k, pos[1], NULL);
    if (rc < 0) {
        msg("key %s: %s%s", pos[1], xjd_strerror(rc), keyerr_hint(rc));
        goto done;
    }
    if (cose) {
        if (isatty(STDOUT_FILENO)) {
            msg("key public --format cose writes binary: redirect it to a file");
            goto done;
        }
        size_t len = 0;
        uint8_t tmp[256];
        if ((rc = xjd_key_encode(tmp, sizeof tmp, &len, k, false)) < 0) {
            msg("key %s: %s", pos[1], xjd_strerror(rc));
            goto done;
        }
        fwrite(tmp, 1, len, stdout);
    } else {
        char hex[65];
        if ((rc = xjd_key_public_hex(hex, k)) < 0) {
            msg("key %s: %s", pos[1], xjd_strerror(rc));
            goto done;
        }
        printf("%s\n", hex);
    }
    status = fflush(stdout) == 0 ? EXIT_DECIDED : EXIT_USAGE;
done:
    xjd_key_free(k);
    free(pos);
    return status;
}

/* ---------------------------------------------------------------- main */

typedef struct command {
    const char *name;
    int (*run)(int, char **);
} command;

static int run_verify(int argc, char **argv) { return cmd_verify_show(argc, argv, true); }
static int run_show(int argc, char **argv) { return cmd_verify_show(argc, argv, false); }

static const command commands[] = {
    {"eval", cmd_eval},   {"verify", run_verify}, {"show", run_show}, {"check", cmd_check},
    {"rules", cmd_rules}, {"due", cmd_due},       {"keygen", cmd_keygen}, {"key", cmd_key},
    {NULL, NULL},
};

static const char *help_of(const char *name)
{
    if (strcmp(name, "eval") == 0) return HELP_EVAL;
    if (strcmp(name, "verify") == 0) return HELP_VERIFY;
    if (strcmp(name, "show") == 0) return HELP_SHOW;
    if (strcmp(name, "check") == 0) return HELP_CHECK;
    if (strcmp(name, "rules") == 0) return HELP_RULES;
    if (strcmp(name, "due") == 0) return HELP_DUE;
    if (strcmp(name, "keygen") == 0) return HELP_KEYGEN;
    if (strcmp(name, "key") == 0) return HELP_KEY;
    return NULL;
}

int main(int argc, char **argv)
{
    const char *jp = getenv("XJDATA_JSON_PARSER");
    use_jansson = jp && strcmp(jp, "jansson") == 0;
    if (sodium_init() < 0) {
        msg("libsodium could not be initialised");
        return EXIT_USAGE;
    }
    if (argc < 2) {
        fputs(HELP_MAIN, stderr);
        return EXIT_USAGE;
    }
    const char *c = argv[1];
    if (strcmp(c, "--help") == 0 || strcmp(c, "-h") == 0)
        return help(HELP_MAIN);
    if (strcmp(c, "--version") == 0) {
        printf("xjdata %s (libxjdata %s)\n", XJD_VERSION_STRING, xjd_version());
        return EXIT_DECIDED;
    }
    if (strcmp(c, "help") == 0) {
        if (argc < 3)
            return help(HELP_MAIN);
        const char *h = help_of(argv[2]);
        if (!h) {
            msg("no command \"%s\" (see xjdata --help)", argv[2]);
            return EXIT_USAGE;
        }
        return help(h);
    }
    for (const command *k = commands; k->name; k++)
        if (strcmp(k->name, c) == 0)
            return k->run(argc - 1, argv + 1);
    msg("no command \"%s\" (see xjdata --help)", c);
    return EXIT_USAGE;
}
