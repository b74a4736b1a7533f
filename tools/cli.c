/* SPDX-License-Identifier: MIT */
/*
 * The shared part of every xjdata command: messages, the option parser, reading files, and
 * JSON documents decoded through the library (so errors name the same field paths as the C API).
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *prog = "xjdata";
bool use_jansson = false; /* XJDATA_JSON_PARSER=jansson: the reference parser */

void msg(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", prog);
    vmsg_shown(stderr, fmt, ap); /* messages quote documents, records and file names */
    fputc('\n', stderr);
    va_end(ap);
}

int help(const char *text)
{
    fputs(text, stdout);
    return EXIT_DECIDED;
}

/* Parses argv[1..] of a command: options anywhere before "--", the rest positional. */
int parse_opts(int argc, char **argv, opt *opts, char ***pos, int *npos, const char *helptext,
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

const char *optv(const opt *opts, const char *name)
{
    for (const opt *p = opts; p->name; p++)
        if (strcmp(p->name, name) == 0)
            return p->value;
    return NULL;
}

int parse_lang(render_opts *r, const opt *opts)
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
int parse_format(const opt *opts, const char *a, const char *b)
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
int read_all(buf *out, const char *path)
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
const char *keyerr_hint(int rc)
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

static int docerr_of(docerr *e, const xjd_request *req, const xjd_dataset *ds, int rc)
{
    const char *m = ds ? xjd_dataset_errmsg(ds) : xjd_request_errmsg(req);
    const char *p = ds ? xjd_dataset_errpath(ds) : xjd_request_errpath(req);
    snprintf(e->msg, sizeof e->msg, "%s", m && *m ? m : xjd_strerror(rc));
    snprintf(e->path, sizeof e->path, "%s", p ? p : "");
    return -1;
}

int decode_json_doc(xjd_request *req, xjd_dataset *ds, const char *text, size_t len, buf *cbor,
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
        int rc = ds ? xjd_dataset_decode(ds, (const uint8_t *)cbor->p, cbor->len, NULL)
                    : xjd_request_decode(req, (const uint8_t *)cbor->p, cbor->len, NULL);
        if (rc < 0)
            return docerr_of(e, req, ds, rc);
        return 0;
    }
    /* the library's own parser: the same messages for a syntax error, and the same paths */
    int rc = ds ? xjd_dataset_decode_json(ds, text, len, NULL) : xjd_request_decode_json(req, text, len, NULL);
    if (rc < 0)
        return docerr_of(e, req, ds, rc);
    return 0;
}

void print_docerr(const char *where, const docerr *e)
{
    size_t pl = strlen(e->path);
    if (e->path[0] && strncmp(e->msg, e->path, pl) != 0) /* the library's messages start with the path */
        msg("%s: %s: %s", where, e->path, e->msg);
    else
        msg("%s: %s", where, e->msg);
}
