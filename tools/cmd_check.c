/* SPDX-License-Identifier: MIT */
/* xjdata check: the catalogue check (分类分级) of a dataset on its own. */
#include "cli.h"

#include <stdlib.h>

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

int cmd_check(int argc, char **argv)
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
    xjd_json *ws = NULL;
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
    for (size_t i = 0; i < n; i++) {
        const xjd_finding *f = xjd_check_finding(ck, i);
        const char *text = ro.en ? f->text_en : f->text_zh;
        if (f->severity == XJD_SEV_ERROR)
            errors++;
        if (!json) {
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
    if (json) { /* the document of the C API and the server (src/json.c) */
        if ((rc = xjd_json_new(&ws, NULL)) < 0 || (rc = xjd_check_json(ws, ck, render_json_flags(&ro))) < 0) {
            msg("check: %s", xjd_strerror(rc));
            goto done;
        }
        size_t tl;
        const char *doc = xjd_json_text(ws, &tl);
        buf_add(&b, doc, tl);
        buf_addc(&b, '\n');
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
    xjd_json_free(ws);
    free(pos);
    return status;
}
