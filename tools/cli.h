/* SPDX-License-Identifier: MIT */
/*
 * What the commands of xjdata share: messages, the option parser, file reading, JSON documents
 * decoded through the library, the help texts and the commands themselves (one file each,
 * tools/cmd_*.c). Rendering and JSON helpers are in tool.h.
 */
#ifndef XJDATA_CLI_H
#define XJDATA_CLI_H

#include "tool.h"

#define XJ_MAX_INPUT (16u << 20) /* one request, dataset or record file */

/* The program name in messages. */
extern const char *prog;
/* XJDATA_JSON_PARSER=jansson: decode JSON with jansson (the reference parser), not json_cbor.c. */
extern bool use_jansson;

/* Prints "xjdata: ..." and a newline on standard error. */
void msg(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* ---------------------------------------------------------------- help (help.c) */

extern const char *const HELP_MAIN, *const HELP_EVAL, *const HELP_VERIFY, *const HELP_SHOW, *const HELP_CHECK,
    *const HELP_RULES, *const HELP_DUE, *const HELP_KEYGEN, *const HELP_KEY, *const HELP_NATIONAL,
    *const HELP_LOG, *const HELP_SERVE;
/* The help text of a command, or NULL for no such command. */
const char *help_of(const char *name);
/* Prints a help text on standard output; returns EXIT_DECIDED. */
int help(const char *text);

/* ---------------------------------------------------------------- options (cli.c) */

/* One option of a command; a command's table ends with a NULL name. */
typedef struct opt {
    const char *name; /* without the leading "--" */
    bool has_arg;
    const char *value; /* set when seen ("" for a flag) */
} opt;

/*
 * Parses argv[1..] of a command (argv[0] is the command's name): options anywhere before "--",
 * the rest positional into *pos (allocated, free() it whatever the result). --help or -h prints
 * helptext and sets *helped. 0, or -1 after a message naming the bad option.
 */
int parse_opts(int argc, char **argv, opt *opts, char ***pos, int *npos, const char *helptext, bool *helped);
/* The value of option `name` (NULL when not given). */
const char *optv(const opt *opts, const char *name);
/* --lang zh|en into r (and colour from the terminal and NO_COLOR). 0 or -1 after a message. */
int parse_lang(render_opts *r, const opt *opts);
/* --format a|b: 0 for a (also when absent), 1 for b, -1 after a message. */
int parse_format(const opt *opts, const char *a, const char *b);

/* ---------------------------------------------------------------- files, keys, documents (cli.c) */

/* Reads a whole file ("-": standard input) of at most XJ_MAX_INPUT bytes. 0, or -1 after a message. */
int read_all(buf *out, const char *path);
/* Why the key module refused a key file, as ": reason" (or ""); a static buffer. */
const char *keyerr_hint(int rc);
/* The signing key of eval (keypath.c): path, or the default key, created on first use. 0 or -1. */
int signing_key(xjd_key **out, const char *path);

/* A document error: the message and the field path at fault ("" when none). */
typedef struct docerr {
    char msg[512];
    char path[160];
} docerr;

/* JSON text -> request (or dataset when ds != NULL), through CBOR in `cbor`. 0 or -1 with e filled. */
int decode_json_doc(xjd_request *req, xjd_dataset *ds, const char *text, size_t len, buf *cbor, docerr *e);
/* Prints "where: path: message" on standard error. */
void print_docerr(const char *where, const docerr *e);

/* ---------------------------------------------------------------- eval (cmd_eval.c, jsonl.c) */

struct evallog;

/* What eval keeps between requests: one engine, decision and request reused for each. */
typedef struct evalctx {
    xjd_engine *engine;
    xjd_json *ws;      /* the library's JSON entry point: parse, decide, write the document */
    xjd_decision *dec; /* XJDATA_JSON_PARSER=jansson: the reference path's decision and request */
    xjd_request *req;
    xjd_dataset *ds; /* --dataset, or NULL */
    unsigned flags;
    render_opts ro;
    int json;
    buf cbor, out;
    struct evallog *elog; /* --log: decisions wait for their batch's checkpoint (evallog.c) */
} evalctx;

/* Decides one request text. 0 decided (output appended to c->out), -1 with e filled. */
int eval_one(evalctx *c, const char *text, size_t len, docerr *e, const char *title);
/* An error object {"file"?, "line"?, "error", "path"?} and a newline. */
void error_json(buf *b, const char *file, long line, const docerr *e);
/* Writes and empties b, and flushes standard output. */
void flush_out(buf *b);
/* eval --jsonl over one open input; 1 when any line was bad, else 0. */
int jsonl_stream(evalctx *c, int fd, const char *file, bool name_file);

/* ---------------------------------------------------------------- the commands */

/* Each takes the command's own argv (argv[0] is its name) and returns the exit status. */
int cmd_eval(int argc, char **argv);
int cmd_verify_show(int argc, char **argv, bool verify);
int run_verify(int argc, char **argv);
int run_show(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_due(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_national(int argc, char **argv);
int cmd_serve(int argc, char **argv);

/* The rules of a rulebook as the JSON array of `xjdata rules --format json` (cmd_rules.c); -1 for
 * an unknown rulebook. */
int rules_json(buf *b, const char *rulebook, bool en);
/* The engine's national sets as the JSON array of `xjdata national list --format json` (cmd_national.c). */
void national_list_json(buf *b, const xjd_engine *e);

/* Every --national FILE of argv (repeatable; JSON national set documents) loaded into the options.
 * 0, or -1 after a message naming the file and the member at fault. */
int load_national_files(xjd_options *o, int argc, char **argv);

#endif
