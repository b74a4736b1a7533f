/* SPDX-License-Identifier: MIT */
/* xjdata eval: decide requests given as JSON files (or, with --jsonl, a stream of lines). */
#define _GNU_SOURCE 1 /* F_SETPIPE_SZ */
#include "cli.h"
#include "evallog.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Decides through the request and decision objects of evalctx: the path of the reference parser
 * (XJDATA_JSON_PARSER=jansson: jansson, the tool's own JSON -> CBOR, the library's CBOR decoder),
 * whose decisions tests/tool/jsonl.sh compares with the library's JSON entry point, and of --log
 * (evallog.c reads c->req and c->dec). The checks of xjd_evaluate_json() on the dataset are written
 * out again, with its words. 0, or -1 with e filled. */
static int eval_objects(evalctx *c, const char *text, size_t len, docerr *e)
{
    if (decode_json_doc(c->req, NULL, text, len, &c->cbor, e) < 0)
        return -1;
    const xjd_dataset *emb = xjd_request_dataset(c->req);
    if (emb && c->ds) {
        snprintf(e->msg, sizeof e->msg, "the request embeds a dataset and another was given beside it: use one");
        snprintf(e->path, sizeof e->path, "dataset");
        return -1;
    }
    if (!emb && !c->ds) {
        snprintf(e->msg, sizeof e->msg, "no dataset: embed one under \"dataset\" or give one beside the request");
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
    return 0;
}

/* Decides one request text. 0 decided (output appended to c->out), -1 with e filled, -2 when the
 * log refused it. */
int eval_one(evalctx *c, const char *text, size_t len, docerr *e, const char *title)
{
    const xjd_decision *d;
    if (use_jansson || c->elog) {
        if (eval_objects(c, text, len, e) < 0)
            return -1;
        if (c->elog) /* printed once its batch is stored, with its receipt */
            return evallog_decision(c, title) < 0 ? -2 : 0;
        d = c->dec;
        if (c->json) {
            render_decision_json(&c->out, d, &c->ro, -1);
            buf_addc(&c->out, '\n');
        }
    } else { /* the library's JSON entry point: parse, decide, write the document */
        int rc = xjd_evaluate_json(c->ws, c->engine, text, len, c->ds, c->flags | render_json_flags(&c->ro));
        if (rc < 0) {
            snprintf(e->msg, sizeof e->msg, "%s", xjd_json_errmsg(c->ws));
            snprintf(e->path, sizeof e->path, "%s", xjd_json_errpath(c->ws));
            return -1;
        }
        d = xjd_json_decision(c->ws);
        if (c->json) {
            size_t n;
            const char *t = xjd_json_text(c->ws, &n);
            buf_reserve(&c->out, n + 1);
            buf_add(&c->out, t, n);
            buf_addc(&c->out, '\n');
        }
    }
    if (!c->json) {
        render_decision_text(&c->out, d, &c->ro, title);
        size_t rl = 0;
        if (xjd_decision_record(d, &rl) && rl) {
            const uint8_t *kid = xjd_decision_kid(d);
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

int cmd_eval(int argc, char **argv)
{
    opt opts[] = {{"format", true, NULL}, {"lang", true, NULL}, {"key", true, NULL}, {"dataset", true, NULL},
                  {"digest-only", false, NULL}, {"jsonl", false, NULL}, {"no-sign", false, NULL},
                  {"rulebook", true, NULL}, {"calendar", true, NULL}, {"strict", false, NULL},
                  {"national", true, NULL}, {"log", true, NULL}, {"batch", false, NULL}, {"every", true, NULL},
                  {"every-ms", true, NULL}, {NULL, false, NULL}};
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
    bool batch = optv(opts, "batch") != NULL;
    if (!optv(opts, "log") && (batch || optv(opts, "every") || optv(opts, "every-ms"))) {
        msg("--batch, --every and --every-ms go with --log LOG");
        return free(pos), EXIT_USAGE;
    }
    if (optv(opts, "log") && nosign) {
        msg("--log signs checkpoints: --no-sign does not apply (--batch leaves the decisions unsigned)");
        return free(pos), EXIT_USAGE;
    }

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
    if (load_national_files(o, argc, argv) < 0)
        goto done;
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
        /* batch signing: the engine does not sign; the log's checkpoints do */
        if (!batch && (rc = xjd_options_set_key(o, key)) < 0) {
            msg("key: %s", xjd_strerror(rc));
            goto done;
        }
    }
    if ((rc = xjd_engine_new(&c.engine, o)) < 0) {
        msg("engine: %s", xjd_strerror(rc));
        goto done;
    }
    if ((rc = xjd_decision_new(&c.dec, NULL)) < 0 || (rc = xjd_request_new(&c.req, NULL)) < 0 ||
        (rc = xjd_json_new(&c.ws, NULL)) < 0) {
        msg("%s", xjd_strerror(rc));
        goto done;
    }
    if (optv(opts, "log") &&
        evallog_open(&c, optv(opts, "log"), key, batch, optv(opts, "every"), optv(opts, "every-ms")) < 0)
        goto done;

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
            int one = eval_one(&c, t.p, t.len, &e, npos > 1 || !c.json ? name : NULL);
            if (one == -2) { /* the log refused: nothing more can be logged */
                bad = 1;
                break;
            }
            if (one < 0) {
                print_docerr(name, &e);
                if (c.json)
                    error_json(&c.out, name, 0, &e);
                else
                    buf_printf(&c.out, c.ro.en ? "ERROR  %s: see standard error\n" : "错误  %s：见标准错误输出\n", shown(name));
                bad = 1;
            }
            if (c.elog)
                evallog_text(&c);
            else
                flush_out(&c.out);
        }
        buf_free(&t);
    }
    if (c.elog && evallog_close(&c) < 0)
        bad = 1;
    flush_out(&c.out);
    status = bad ? EXIT_USAGE : EXIT_DECIDED;
done:
    if (c.elog)
        evallog_close(&c);
    xjd_engine_free(c.engine);
    xjd_json_free(c.ws);
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
