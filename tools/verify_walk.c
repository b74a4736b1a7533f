/* SPDX-License-Identifier: MIT */
/*
 * xjdata verify for auditors: many files, JSON Lines decision logs and directories (walked in
 * name order), every --key (key files, public keys, key sets), records carrying receipts (label
 * 394) and batch records; one line per record and a summary counting verified, failed and
 * unsigned. cmd_verify.c hands over to verify_walk() whenever one record with one key is not
 * what it was given (verify_walk_wanted()).
 */
#include "records.h"
#include "verify_walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct walk {
    xjd_keyset *ks;
    xjd_decision *d;
    render_opts ro;
    int json;
    unsigned long verified, failed, unsigned_;
    buf out, rec, rcpt, tmp;
} walk;

static const char *check_of(int rc)
{
    switch (rc) {
    case XJD_ENOTTAG18: return "tag 18";
    case XJD_ESHAPE: return "shape";
    case XJD_ETRAILING: return "trailing bytes";
    case XJD_EDUPLABEL: return "duplicate label";
    case XJD_EALG: return "algorithm";
    case XJD_EKID: return "kid";
    case XJD_ENONDET: return "deterministic payload";
    case XJD_ERECLIMIT: return "limits";
    case XJD_ESIGNATURE: return "signature";
    case XJD_ERECORD: return "record";
    case XJD_ECONTENT: return "content type";
    case XJD_EPROOF: return "receipt";
    case XJD_EINPUT: return "document";
    }
    return "input";
}

static void where_json(buf *b, const char *file, long line)
{
    buf_adds(b, "{\"file\":");
    jw_str(b, file);
    if (line > 0)
        buf_printf(b, ",\"line\":%ld", line);
}

static void where_text(buf *b, const char *file, long line)
{
    buf_adds(b, file);
    if (line > 0)
        buf_printf(b, ":%ld", line);
}

static void fail(walk *w, const char *file, long line, const char *check, const char *why)
{
    w->failed++;
    if (w->json) {
        where_json(&w->out, file, line);
        buf_adds(&w->out, ",\"status\":\"failed\",\"check\":");
        jw_str(&w->out, check);
        buf_adds(&w->out, ",\"error\":");
        jw_str(&w->out, why);
        buf_adds(&w->out, "}\n");
    } else {
        buf_adds(&w->out, w->ro.en ? "FAILED   " : "失败     ");
        where_text(&w->out, file, line);
        buf_printf(&w->out, ": %s: %s\n", check, why);
    }
}

static void unsigned_doc(walk *w, const char *file, long line)
{
    w->unsigned_++;
    if (w->json) {
        where_json(&w->out, file, line);
        buf_adds(&w->out, ",\"status\":\"unsigned\"}\n");
    } else {
        buf_adds(&w->out, w->ro.en ? "UNSIGNED " : "未签名   ");
        where_text(&w->out, file, line);
        buf_adds(&w->out, w->ro.en ? ": a decision without a record: nothing to verify\n" : "：无签名记录的决定，无从验证\n");
    }
}

/* One record (with whatever came with it) verified and reported. */
static void one(walk *w, const char *file, long line, const char *text, size_t len)
{
    char err[300];
    int r = record_from_text(&w->rec, text, len, &w->rcpt, err, sizeof err);
    if (r == 1) {
        unsigned_doc(w, file, line);
        return;
    }
    if (r < 0) {
        fail(w, file, line, "input", err);
        return;
    }
    const uint8_t *rec = (const uint8_t *)w->rec.p;
    size_t rl = w->rec.len;
    /* a decision document with a separate "receipt": joined to its record */
    if (w->rcpt.len && rl && rec[0] == 0xd2) {
        size_t need = 0;
        if (xjd_record_add_receipt(NULL, 0, &need, rec, rl, (const uint8_t *)w->rcpt.p, w->rcpt.len) == 0) {
            buf_reserve(&w->tmp, need);
            xjd_record_add_receipt((uint8_t *)w->tmp.p, w->tmp.cap, &need, rec, rl, (const uint8_t *)w->rcpt.p,
                                   w->rcpt.len);
            rec = (const uint8_t *)w->tmp.p;
            rl = need;
        }
    }
    bool batch = rl && rec[0] == 0x82;
    xjd_tree_head heads[8];
    uint64_t idx[8];
    size_t nr = 0;
    int rc;
    if (batch) {
        rc = xjd_batch_record_verify(w->d, &heads[0], &idx[0], rec, rl, w->ks, NULL);
        if (rc < 0) {
            fail(w, file, line, check_of(rc), xjd_decision_errmsg(w->d));
            return;
        }
        nr = 1;
    } else {
        rc = xjd_record_verify(w->d, rec, rl, w->ks, NULL);
        if (rc < 0 || !xjd_decision_verified(w->d)) {
            fail(w, file, line, check_of(rc), rc < 0 ? xjd_decision_errmsg(w->d) : "not marked verified");
            return;
        }
        size_t n = 0;
        xjd_record_receipt_count(&n, rec, rl);
        for (size_t i = 0; i < n; i++) {
            xjd_tree_head h;
            uint64_t ix = 0;
            rc = xjd_record_verify_receipt(&h, &ix, rec, rl, i, w->ks);
            if (rc < 0) {
                char m[400];
                snprintf(m, sizeof m, "receipt %zu: %s", i, xjd_receipt_errmsg());
                fail(w, file, line, check_of(rc == XJD_EKID ? XJD_EKID : XJD_EPROOF), m);
                return;
            }
            if (nr < 8) {
                heads[nr] = h;
                idx[nr++] = ix;
            }
        }
    }
    /* a decision document's own fields against its record */
    size_t k = 0;
    while (k < len && (text[k] == ' ' || text[k] == '\t' || text[k] == '\r' || text[k] == '\n'))
        k++;
    if (k < len && text[k] == '{') {
        json_t *doc = json_loadb(text + k, len - k, JSON_REJECT_DUPLICATES, NULL);
        doc_diff df;
        int m = doc ? decision_doc_compare(&df, doc, w->d, true, idx, nr) : 0;
        json_decref(doc);
        if (m < 0) {
            fail(w, file, line, "document", df.text);
            return;
        }
    }
    w->verified++;
    uint8_t id[16];
    char hex[65], t[32];
    const uint8_t *kid = xjd_decision_kid(w->d);
    if (w->json) {
        where_json(&w->out, file, line);
        buf_adds(&w->out, ",\"status\":\"verified\",\"kind\":");
        jw_str(&w->out, batch ? "batch record" : "record");
        if (xjd_decision_record_id(id, w->d) == 0) {
            hex_encode(hex, id, 16);
            buf_printf(&w->out, ",\"record_id\":\"%s\"", hex);
        }
        if (!batch || xjd_decision_issued_at(w->d))
            buf_printf(&w->out, ",\"issued_at\":%lld", (long long)xjd_decision_issued_at(w->d));
        if (kid) {
            hex_encode(hex, kid, 32);
            buf_printf(&w->out, ",\"kid\":\"%s\"", hex);
        }
        buf_adds(&w->out, ",\"documents\":{");
        for (int which = 0; which < 2; which++) {
            const uint8_t *doc = NULL;
            size_t dl = 0;
            uint8_t dg[32];
            if (xjd_decision_document(&doc, &dl, dg, w->d, which) != 0)
                continue;
            hex_encode(hex, dg, 32);
            buf_printf(&w->out, "%s\"%s\":{\"sha256\":\"%s\",\"embedded\":%s}", which && w->out.p[w->out.len - 1] != '{' ? "," : "",
                       which ? "dataset" : "request", hex, doc ? "true" : "false");
        }
        buf_adds(&w->out, "},\"receipts\":[");
        for (size_t i = 0; i < nr; i++) {
            buf_printf(&w->out, "%s{\"log_index\":%llu,", i ? "," : "", (unsigned long long)idx[i]);
            tree_head_json(&w->out, &heads[i]);
            buf_addc(&w->out, '}');
        }
        buf_adds(&w->out, "],\"decision\":");
        render_decision_json(&w->out, w->d, &w->ro, 1);
        buf_adds(&w->out, "}\n");
    } else {
        buf_adds(&w->out, w->ro.en ? "OK       " : "通过     ");
        where_text(&w->out, file, line);
        buf_adds(&w->out, ": ");
        render_effect(&w->out, xjd_decision_effect(w->d), &w->ro);
        if (xjd_decision_record_id(id, w->d) == 0) {
            hex_encode(hex, id, 16);
            buf_printf(&w->out, w->ro.en ? ", record %s" : "，记录 %s", hex);
        }
        if (xjd_decision_issued_at(w->d)) {
            time_text(t, sizeof t, xjd_decision_issued_at(w->d));
            buf_printf(&w->out, w->ro.en ? ", issued %s" : "，签发 %s", t);
        }
        if (kid) {
            hex_encode(hex, kid, 8);
            buf_printf(&w->out, w->ro.en ? ", kid %s…" : "，kid %s…", hex);
        }
        for (int which = 0; which < 2; which++) {
            const uint8_t *doc = NULL;
            size_t dl = 0;
            uint8_t dg[32];
            if (xjd_decision_document(&doc, &dl, dg, w->d, which) != 0)
                continue;
            hex_encode(hex, dg, 32);
            buf_printf(&w->out, w->ro.en ? ", %s %s sha256 %s" : "，%s%s sha256 %s",
                       which ? (w->ro.en ? "dataset" : "数据集") : (w->ro.en ? "request" : "申请"),
                       doc ? (w->ro.en ? "(whole)" : "（全文）") : (w->ro.en ? "(digest)" : "（摘要）"), hex);
        }
        for (size_t i = 0; i < nr; i++) {
            hex_encode(hex, heads[i].log_id, 8);
            time_text(t, sizeof t, heads[i].time);
            buf_printf(&w->out,
                       w->ro.en ? "; receipt: entry %llu of %llu in log %s…, checkpoint signed %s"
                                : "；收据：第 %llu 条（共 %llu 条），日志 %s…，检查点签于 %s",
                       (unsigned long long)idx[i], (unsigned long long)heads[i].size, hex, t);
        }
        buf_addc(&w->out, '\n');
    }
}

static void flush_walk(walk *w)
{
    if (w->out.len > (1u << 16)) {
        fwrite(w->out.p, 1, w->out.len, stdout);
        w->out.len = 0;
    }
}

/* A file that is one item as a whole: raw CBOR, one JSON document (even spread over lines), or
 * base64 wrapped over lines. */
static bool whole_item(const char *t, size_t len)
{
    if (!len)
        return false;
    unsigned char c0 = (unsigned char)t[0];
    if (c0 >= 0x80) /* binary: no text, JSON or base64 starts so; a malformed record is still one */
        return true;
    size_t k = 0;
    while (k < len && (t[k] == ' ' || t[k] == '\t' || t[k] == '\r' || t[k] == '\n'))
        k++;
    if (k < len && t[k] == '{') {
        json_t *j = json_loadb(t + k, len - k, 0, NULL);
        json_decref(j);
        return j != NULL;
    }
    buf b = { 0 };
    bool ok = b64_decode(&b, t, len) == 0 && b.len && ((unsigned char)b.p[0] == 0xd2 || (unsigned char)b.p[0] == 0x82);
    buf_free(&b);
    return ok;
}

/* A file: one item as a whole (whole_item), or lines (one record, document or base64 text each). */
static void file(walk *w, const char *path)
{
    struct stat st;
    if (strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size <= (off_t)XJ_MAX_INPUT) {
        buf t = { 0 };
        if (read_all(&t, path) < 0) {
            fail(w, path, 0, "input", "cannot read");
            buf_free(&t);
            return;
        }
        if (whole_item(t.p ? t.p : "", t.len)) {
            one(w, path, 0, t.p, t.len);
            buf_free(&t);
            return;
        }
        buf_free(&t);
    }
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fail(w, path, 0, "input", strerror(errno));
        return;
    }
    buf in = { 0 };
    size_t start = 0;
    long lineno = 0;
    bool eof = false, raw = false, first = true;
    while (!eof || start < in.len) {
        char *nl = raw ? NULL : in.len > start ? memchr(in.p + start, '\n', in.len - start) : NULL;
        if (!nl && !eof) {
            if (start && !raw) {
                memmove(in.p, in.p + start, in.len - start);
                in.len -= start;
                start = 0;
            }
            buf_reserve(&in, 1u << 16);
            ssize_t k = read(fd, in.p + in.len, in.cap - in.len - 1);
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0) {
                fail(w, path, 0, "input", strerror(errno));
                break;
            }
            if (k == 0)
                eof = true;
            in.len += (size_t)k;
            if (first && in.len) { /* raw CBOR: the whole file is one record */
                unsigned char c0 = (unsigned char)in.p[0];
                raw = c0 >= 0x80; /* binary (a record with a malformed tag head included) */
                first = false;
            }
            if (raw && in.len > XJ_MAX_INPUT) {
                fail(w, path, 0, "input", "a raw record file over 16 MiB");
                break;
            }
            continue;
        }
        if (raw) {
            one(w, path, 0, in.p, in.len);
            break;
        }
        size_t end = nl ? (size_t)(nl - in.p) : in.len;
        const char *l = in.p + start;
        size_t len = end - start;
        start = nl ? end + 1 : in.len;
        lineno++;
        size_t k = 0;
        while (k < len && (l[k] == ' ' || l[k] == '\t' || l[k] == '\r'))
            k++;
        if (k == len)
            continue;
        one(w, path, lineno, l, len);
        flush_walk(w);
    }
    free(in.p);
    if (fd != STDIN_FILENO)
        close(fd);
}

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void dir(walk *w, const char *path, int depth)
{
    if (depth > 32) {
        fail(w, path, 0, "input", "directories nested more than 32 deep");
        return;
    }
    DIR *d = opendir(path);
    if (!d) {
        fail(w, path, 0, "input", strerror(errno));
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue; /* hidden files, . and .. */
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            names = xrealloc(names, cap * sizeof *names);
        }
        size_t l = strlen(path) + strlen(e->d_name) + 2;
        names[n] = xmalloc(l);
        snprintf(names[n++], l, "%s/%s", path, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(names[i], &st) == 0 && S_ISDIR(st.st_mode))
            dir(w, names[i], depth + 1);
        else if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
            file(w, names[i]);
        free(names[i]);
    }
    free(names);
}

int verify_receipts_of(uint64_t *idx, size_t cap, size_t *nidx, const uint8_t *record, size_t len,
                       const xjd_keyset *keyset)
{
    size_t n = 0;
    *nidx = 0;
    if (xjd_record_receipt_count(&n, record, len) < 0)
        return 0; /* not a record with receipts: the record's own checks have spoken */
    for (size_t i = 0; i < n; i++) {
        uint64_t ix = 0;
        int rc = xjd_record_verify_receipt(NULL, &ix, record, len, i, keyset);
        if (rc == 0 && *nidx < cap)
            idx[(*nidx)++] = ix;
        if (rc < 0) {
            msg("verification FAILED: receipt %zu: %s", i, *xjd_receipt_errmsg() ? xjd_receipt_errmsg() : xjd_strerror(rc));
            return -1;
        }
    }
    return 0;
}

static bool looks_base64(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' ||
              c == '=' || c == '-' || c == '_'))
            return false;
    }
    return n >= 16;
}

bool verify_walk_wanted(int argc, char **argv, char **pos, int npos)
{
    if (npos != 1)
        return true;
    int keys = 0;
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++)
        keys += strcmp(argv[i], "--key") == 0 || strncmp(argv[i], "--key=", 6) == 0;
    if (keys > 1)
        return true;
    struct stat st;
    if (strcmp(pos[0], "-") == 0)
        return false; /* one record on standard input, as always (/dev/stdin: a stream of them) */
    if (stat(pos[0], &st) != 0)
        return false; /* base64 text on the command line: one record */
    if (S_ISDIR(st.st_mode) || !S_ISREG(st.st_mode))
        return true; /* a directory, or a pipe or device to stream */
    /* a file: JSON Lines, or a record that carries receipts or is a batch record */
    buf t = { 0 }, rec = { 0 }, rc = { 0 };
    bool want = false;
    if (st.st_size > (off_t)XJ_MAX_INPUT || read_all(&t, pos[0]) < 0) {
        want = true; /* large: a log to stream (or an error the walker reports) */
    } else {
        char err[200];
        size_t n = 0;
        if (!whole_item(t.p ? t.p : "", t.len))
            want = true; /* lines */
        else if (record_from_text(&rec, t.p ? t.p : "", t.len, &rc, err, sizeof err) == 0)
            want = rc.len > 0 || (rec.len && (unsigned char)rec.p[0] == 0x82) ||
                   (xjd_record_receipt_count(&n, (const uint8_t *)rec.p, rec.len) == 0 && n > 0);
    }
    buf_free(&t);
    buf_free(&rec);
    buf_free(&rc);
    return want;
}

int verify_walk(int argc, char **argv)
{
    opt opts[] = {{"key", true, NULL}, {"format", true, NULL}, {"lang", true, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_VERIFY, &helped) < 0)
        return free(pos), EXIT_USAGE;
    if (helped)
        return free(pos), EXIT_DECIDED;
    walk w;
    memset(&w, 0, sizeof w);
    w.json = parse_format(opts, "text", "json");
    if (w.json < 0 || parse_lang(&w.ro, opts) < 0)
        return free(pos), EXIT_USAGE;
    if (npos == 0) {
        msg("verify: no RECORD given (files, directories, or - for standard input)");
        return free(pos), EXIT_USAGE;
    }
    int nk = keyset_from_args(&w.ks, argc, argv);
    if (nk <= 0) {
        if (nk == 0)
            msg("verify: --key FILE is required (a key, public key or key set; repeatable)");
        xjd_keyset_free(w.ks);
        return free(pos), EXIT_USAGE;
    }
    if (xjd_decision_new(&w.d, NULL) < 0) {
        msg("out of memory");
        xjd_keyset_free(w.ks);
        return free(pos), EXIT_USAGE;
    }
    for (int i = 0; i < npos; i++) {
        struct stat st;
        if (strcmp(pos[i], "-") == 0)
            file(&w, "-");
        else if (stat(pos[i], &st) == 0 && S_ISDIR(st.st_mode))
            dir(&w, pos[i], 0);
        else if (stat(pos[i], &st) == 0)
            file(&w, pos[i]);
        else if (looks_base64(pos[i]))
            one(&w, "(argument)", i + 1, pos[i], strlen(pos[i])); /* base64 on the command line */
        else
            fail(&w, pos[i], 0, "input", strerror(ENOENT));
        flush_walk(&w);
    }
    if (w.json)
        buf_printf(&w.out, "{\"summary\":{\"verified\":%lu,\"failed\":%lu,\"unsigned\":%lu}}\n", w.verified, w.failed,
                   w.unsigned_);
    else
        buf_printf(&w.out, w.ro.en ? "verified %lu, failed %lu, unsigned %lu\n" : "验证通过 %lu，失败 %lu，未签名 %lu\n",
                   w.verified, w.failed, w.unsigned_);
    fwrite(w.out.p, 1, w.out.len, stdout);
    int status = fflush(stdout) != 0 ? EXIT_USAGE : (w.failed || !w.verified) ? EXIT_VERIFY : EXIT_DECIDED;
    if (w.failed)
        msg(w.ro.en ? "verification FAILED for %lu of %lu records" : "verification FAILED: %lu of %lu records", w.failed,
            w.failed + w.verified);
    xjd_keyset_free(w.ks);
    xjd_decision_free(w.d);
    buf_free(&w.out);
    buf_free(&w.rec);
    buf_free(&w.rcpt);
    buf_free(&w.tmp);
    free(pos);
    return status;
}
