/* SPDX-License-Identifier: MIT */
/*
 * xjdata log init|append|checkpoint|prove|consistency|audit: the decision log from the command
 * line (docs/decision-log.md). LOG is a URI: sqlite:PATH (or a plain path), postgresql://...,
 * memory: (for trying things out: gone when the command ends).
 */
#include "records.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int open_log(xjd_log **log, const char *uri, unsigned flags)
{
    int rc = xjd_log_open(log, uri, flags, NULL);
    if (rc < 0) {
        msg("log %s: %s", uri, *xjd_log_open_errmsg() ? xjd_log_open_errmsg() : xjd_strerror(rc));
        return -1;
    }
    return 0;
}

static int log_fail(xjd_log *log, const char *what, int rc)
{
    const char *m = xjd_log_errmsg(log);
    msg("%s: %s", what, m && *m ? m : xjd_strerror(rc));
    return EXIT_USAGE;
}

static int parse_u64(uint64_t *out, const char *s, const char *what)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || errno || s[0] == '-') {
        msg("%s: expected a number, got \"%s\"", what, s);
        return -1;
    }
    *out = v;
    return 0;
}

static const char *kind_name(xjd_entry_kind k)
{
    return k == XJD_ENTRY_RECORD ? "record" : k == XJD_ENTRY_PAYLOAD ? "payload" : "bytes";
}

static void hex_json(buf *b, const uint8_t *p, size_t n)
{
    char h[129];
    buf_addc(b, '"');
    while (n) {
        size_t k = n > 64 ? 64 : n;
        hex_encode(h, p, k);
        buf_add(b, h, 2 * k);
        p += k;
        n -= k;
    }
    buf_addc(b, '"');
}

static void b64_json(buf *b, const uint8_t *p, size_t n)
{
    buf_addc(b, '"');
    b64_encode(b, p, n);
    buf_addc(b, '"');
}

static void out_write(buf *b)
{
    fwrite(b->p, 1, b->len, stdout);
    fflush(stdout);
    b->len = 0;
}

/* ---------------------------------------------------------------- init */

static int log_init(const char *uri, int json)
{
    xjd_log *log = NULL;
    if (open_log(&log, uri, XJD_LOG_CREATE) < 0)
        return EXIT_USAGE;
    uint8_t id[16];
    uint64_t n = 0;
    xjd_log_id(id, log);
    int rc = xjd_log_size(&n, log);
    if (rc < 0) {
        int s = log_fail(log, uri, rc);
        xjd_log_free(log);
        return s;
    }
    char h[33];
    hex_encode(h, id, 16);
    if (json)
        printf("{\"log\":\"%s\",\"backend\":\"%s\",\"log_id\":\"%s\",\"size\":%llu}\n", uri, xjd_log_backend(log), h,
               (unsigned long long)n);
    else
        printf("log %s (%s): id %s, %llu entries\n", uri, xjd_log_backend(log), h, (unsigned long long)n);
    xjd_log_free(log);
    return EXIT_DECIDED;
}

/* ---------------------------------------------------------------- append */

typedef struct app {
    xjd_log *log;
    xjd_key *key; /* checkpoints when given */
    bool raw;
    uint64_t every;
    int json;
    int bad;
    buf out, rec, bare;
    xjd_decision *dec;
} app;

/* Commits what was added (with a checkpoint when there is a key) and prints each entry's
 * index, and its receipt in JSON: what is printed is what is stored. */
static int app_flush(app *a)
{
    size_t n = xjd_log_pending(a->log);
    if (!n)
        return 0;
    uint64_t first = 0;
    int rc = xjd_log_commit(&first, a->log, a->key, (int64_t)time(NULL));
    if (rc < 0) {
        log_fail(a->log, "append", rc);
        return -1;
    }
    uint8_t r[8192];
    for (size_t i = 0; i < n; i++) {
        if (!a->json) {
            buf_printf(&a->out, "%llu\n", (unsigned long long)(first + i));
            continue;
        }
        buf_printf(&a->out, "{\"index\":%llu", (unsigned long long)(first + i));
        size_t rl = 0;
        if (a->key && xjd_log_receipt(r, sizeof r, &rl, a->log, first + i) == 0) {
            buf_adds(&a->out, ",\"receipt\":");
            b64_json(&a->out, r, rl);
        }
        buf_adds(&a->out, "}\n");
    }
    out_write(&a->out);
    return 0;
}

static void app_error(app *a, const char *file, long line, const char *text)
{
    if (line > 0)
        msg("%s:%ld: %s", file, line, text);
    else
        msg("%s: %s", file, text);
    a->bad = 1;
    if (a->json) {
        if (app_flush(a) < 0) /* keep the output in input order */
            return;
        docerr e;
        snprintf(e.msg, sizeof e.msg, "%s", text);
        e.path[0] = '\0';
        error_json(&a->out, file, line, &e);
        out_write(&a->out);
    }
}

/* One input item: raw bytes, or a record in any form the tool writes. -1: fatal. */
static int app_item(app *a, const char *p, size_t n, const char *file, long line)
{
    int rc;
    if (a->raw) {
        rc = xjd_log_add(a->log, XJD_ENTRY_BYTES, (const uint8_t *)p, n);
    } else {
        char err[200];
        int r = record_from_text(&a->rec, p, n, NULL, err, sizeof err);
        if (r != 0) {
            app_error(a, file, line, err);
            return 0;
        }
        if (a->rec.len && (unsigned char)a->rec.p[0] == 0x82) {
            app_error(a, file, line, "a batch record is logged already (its receipt proves where)");
            return 0;
        }
        rc = xjd_record_decode(a->dec, (const uint8_t *)a->rec.p, a->rec.len, NULL);
        if (rc < 0) {
            char m[300];
            snprintf(m, sizeof m, "not a well-formed record: %s", xjd_decision_errmsg(a->dec));
            app_error(a, file, line, m);
            return 0;
        }
        /* the entry is the record as signed: receipts it carries are not part of it */
        size_t bl = 0;
        buf_reserve(&a->bare, a->rec.len);
        rc = xjd_record_without_receipts((uint8_t *)a->bare.p, a->bare.cap, &bl, (const uint8_t *)a->rec.p, a->rec.len);
        if (rc == 0)
            rc = xjd_log_add(a->log, XJD_ENTRY_RECORD, (const uint8_t *)a->bare.p, bl);
    }
    if (rc < 0) {
        log_fail(a->log, "append", rc);
        return -1;
    }
    if (xjd_log_pending(a->log) >= a->every)
        return app_flush(a);
    return 0;
}

/* Lines of an open descriptor; commits what is added whenever the next read would wait. */
static int app_stream(app *a, int fd, const char *file)
{
    buf in = { 0 };
    size_t start = 0;
    long lineno = 0;
    bool eof = false;
    int rc = 0;
    while (rc == 0 && (!eof || start < in.len)) {
        char *nl = in.len > start ? memchr(in.p + start, '\n', in.len - start) : NULL;
        if (!nl && !eof) {
            if (start) {
                memmove(in.p, in.p + start, in.len - start);
                in.len -= start;
                start = 0;
            }
            struct pollfd pf = { fd, POLLIN, 0 };
            if (xjd_log_pending(a->log) && poll(&pf, 1, 0) == 0 && (rc = app_flush(a)) < 0)
                break;
            buf_reserve(&in, 1u << 16);
            ssize_t k = read(fd, in.p + in.len, in.cap - in.len - 1);
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0) {
                msg("%s: %s", file, strerror(errno));
                rc = -1;
                break;
            }
            if (k == 0)
                eof = true;
            in.len += (size_t)k;
            continue;
        }
        size_t end = nl ? (size_t)(nl - in.p) : in.len;
        size_t len = end - start;
        const char *line = in.p + start;
        start = nl ? end + 1 : in.len;
        lineno++;
        if (len && line[len - 1] == '\r')
            len--;
        if (len == 0 && !a->raw)
            continue; /* blank lines between records */
        rc = app_item(a, line, len, file, lineno);
    }
    free(in.p);
    return rc;
}

static int log_append(const char *uri, const opt *opts, char **files, int nfiles, int json)
{
    app a;
    memset(&a, 0, sizeof a);
    a.raw = optv(opts, "raw") != NULL;
    a.json = json;
    a.every = 1000;
    if (optv(opts, "every") && (parse_u64(&a.every, optv(opts, "every"), "--every") < 0 || a.every == 0)) {
        if (a.every == 0)
            msg("--every: at least 1");
        return EXIT_USAGE;
    }
    int status = EXIT_USAGE;
    if (optv(opts, "key") && signing_key(&a.key, optv(opts, "key")) < 0)
        return EXIT_USAGE;
    if (open_log(&a.log, uri, 0) < 0 || xjd_decision_new(&a.dec, NULL) < 0)
        goto done;
    int rc = 0;
    if (nfiles == 0)
        rc = app_stream(&a, STDIN_FILENO, "-");
    for (int i = 0; i < nfiles && rc == 0; i++) {
        if (strcmp(files[i], "-") == 0) {
            rc = app_stream(&a, STDIN_FILENO, "-");
            continue;
        }
        if (!a.raw) {
            int fd = open(files[i], O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                app_error(&a, files[i], 0, strerror(errno));
                continue;
            }
            unsigned char c0 = 0;
            ssize_t k = read(fd, &c0, 1);
            if (k == 1 && c0 == 0xd2) { /* a raw record: the whole file */
                close(fd);
                buf t = { 0 };
                if (read_all(&t, files[i]) == 0)
                    rc = app_item(&a, t.p, t.len, files[i], 0);
                else
                    a.bad = 1;
                buf_free(&t);
                continue;
            }
            lseek(fd, 0, SEEK_SET);
            rc = app_stream(&a, fd, files[i]);
            close(fd);
            continue;
        }
        buf t = { 0 };
        if (read_all(&t, files[i]) == 0)
            rc = app_item(&a, t.p ? t.p : "", t.len, files[i], 0);
        else
            a.bad = 1;
        buf_free(&t);
    }
    if (rc == 0)
        rc = app_flush(&a);
    status = rc < 0 ? EXIT_USAGE : a.bad ? EXIT_USAGE : EXIT_DECIDED;
done:
    xjd_log_free(a.log);
    xjd_key_free(a.key);
    xjd_decision_free(a.dec);
    buf_free(&a.out);
    buf_free(&a.rec);
    buf_free(&a.bare);
    return status;
}

/* ---------------------------------------------------------------- checkpoint */

static int log_checkpoint(const char *uri, const opt *opts, int json)
{
    xjd_key *key = NULL;
    xjd_log *log = NULL;
    int status = EXIT_USAGE;
    if (signing_key(&key, optv(opts, "key")) < 0)
        return EXIT_USAGE;
    if (open_log(&log, uri, 0) < 0)
        goto done;
    const uint8_t *cp;
    size_t cpl;
    int rc = xjd_log_checkpoint(&cp, &cpl, log, key, (int64_t)time(NULL));
    if (rc < 0) {
        status = log_fail(log, "checkpoint", rc);
        goto done;
    }
    xjd_tree_head h;
    xjd_checkpoint_decode(&h, cp, cpl);
    buf b = { 0 };
    if (json) {
        buf_addc(&b, '{');
        tree_head_json(&b, &h);
        buf_adds(&b, ",\"checkpoint\":");
        b64_json(&b, cp, cpl);
        buf_adds(&b, "}\n");
    } else {
        char root[65], t[32];
        hex_encode(root, h.root, 32);
        time_text(t, sizeof t, h.time);
        buf_printf(&b, "checkpoint of %llu entries, root %s, signed %s:\n", (unsigned long long)h.size, root, t);
        b64_encode(&b, cp, cpl);
        buf_addc(&b, '\n');
    }
    out_write(&b);
    buf_free(&b);
    status = EXIT_DECIDED;
done:
    xjd_log_free(log);
    xjd_key_free(key);
    return status;
}

/* ---------------------------------------------------------------- prove */

static int log_prove(const char *uri, const char *idx, const opt *opts, int json)
{
    uint64_t index, size = 0;
    if (parse_u64(&index, idx, "INDEX") < 0 || (optv(opts, "size") && parse_u64(&size, optv(opts, "size"), "--size") < 0))
        return EXIT_USAGE;
    xjd_log *log = NULL;
    if (open_log(&log, uri, XJD_LOG_READONLY) < 0)
        return EXIT_USAGE;
    int status = EXIT_USAGE, rc;
    buf cp = { 0 }, entry = { 0 }, b = { 0 };
    const uint8_t *p;
    size_t pl;
    if (!optv(opts, "size")) {
        /* against the latest checkpoint */
        if ((rc = xjd_log_latest_checkpoint(&p, &pl, log)) < 0) {
            status = log_fail(log, "prove", rc);
            goto done;
        }
        buf_add(&cp, p, pl);
        xjd_tree_head h;
        xjd_checkpoint_decode(&h, p, pl);
        size = h.size;
        if (index >= size) {
            msg("prove: no checkpoint covers entry %llu yet (the latest signs %llu entries; xjdata log checkpoint "
                "signs one, or --size N gives an unsigned proof)",
                (unsigned long long)index, (unsigned long long)size);
            goto done;
        }
    } else if (xjd_log_checkpoint_at(&p, &pl, log, size) == 0) {
        buf_add(&cp, p, pl);
    }
    if ((rc = xjd_log_entry(&p, &pl, log, index)) < 0) {
        status = log_fail(log, "prove", rc);
        goto done;
    }
    buf_add(&entry, p, pl);
    uint8_t path[32 * XJD_MERKLE_MAX_PROOF], root[32], leaf[32];
    size_t n = 0;
    if ((rc = xjd_log_inclusion(path, XJD_MERKLE_MAX_PROOF, &n, log, index, size)) < 0 ||
        (rc = xjd_log_root(root, log, size)) < 0) {
        status = log_fail(log, "prove", rc);
        goto done;
    }
    xjd_merkle_leaf_hash(leaf, (const uint8_t *)entry.p, entry.len);
    /* fail closed: the proof printed is one that verifies */
    if (xjd_merkle_verify_inclusion(index, size, leaf, path, n, root) != 0) {
        msg("prove: the proof computed for entry %llu does not verify: the log's leaf hashes do not match its "
            "entries (run xjdata log audit)", (unsigned long long)index);
        status = EXIT_VERIFY;
        goto done;
    }
    uint8_t r[8192];
    size_t rl = 0;
    xjd_tree_head h;
    bool signed_ = cp.len && xjd_checkpoint_decode(&h, (const uint8_t *)cp.p, cp.len) == 0;
    if (signed_ && memcmp(h.root, root, 32) != 0) {
        msg("prove: the checkpoint of %llu entries does not match the log's entries (run xjdata log audit)",
            (unsigned long long)size);
        status = EXIT_VERIFY;
        goto done;
    }
    if (signed_ && xjd_receipt_inclusion(r, sizeof r, &rl, (const uint8_t *)cp.p, cp.len, index, path, n) < 0)
        signed_ = false;
    uint64_t ei;
    xjd_entry_kind kind = XJD_ENTRY_BYTES;
    const uint8_t *content;
    size_t cl;
    xjd_log_entry_decode(&ei, &kind, &content, &cl, (const uint8_t *)entry.p, entry.len);
    if (json) {
        buf_printf(&b, "{\"leaf_index\":%llu,\"tree_size\":%llu,\"entry\":", (unsigned long long)index,
                   (unsigned long long)size);
        b64_json(&b, (const uint8_t *)entry.p, entry.len);
        buf_printf(&b, ",\"entry_kind\":\"%s\",\"leaf_hash\":", kind_name(kind));
        hex_json(&b, leaf, 32);
        buf_adds(&b, ",\"path\":[");
        for (size_t i = 0; i < n; i++) {
            if (i)
                buf_addc(&b, ',');
            hex_json(&b, path + 32 * i, 32);
        }
        buf_adds(&b, "],\"root\":");
        hex_json(&b, root, 32);
        if (signed_) {
            buf_adds(&b, ",\"checkpoint\":");
            b64_json(&b, (const uint8_t *)cp.p, cp.len);
            buf_adds(&b, ",\"receipt\":");
            b64_json(&b, r, rl);
            buf_printf(&b, ",\"time\":%lld,\"kid\":", (long long)h.time);
            hex_json(&b, h.kid, 32);
            buf_adds(&b, ",\"log_id\":");
            hex_json(&b, h.log_id, 16);
        }
        buf_adds(&b, "}\n");
    } else {
        char hx[65];
        buf_printf(&b, "entry %llu of %llu (%s, %zu bytes)\n", (unsigned long long)index, (unsigned long long)size,
                   kind_name(kind), entry.len);
        hex_encode(hx, leaf, 32);
        buf_printf(&b, "leaf hash  %s\n", hx);
        for (size_t i = 0; i < n; i++) {
            hex_encode(hx, path + 32 * i, 32);
            buf_printf(&b, "path %-5zu %s\n", i, hx);
        }
        hex_encode(hx, root, 32);
        buf_printf(&b, "root       %s\n", hx);
        if (signed_) {
            char t[32];
            time_text(t, sizeof t, h.time);
            buf_printf(&b, "signed     %s by kid ", t);
            hex_encode(hx, h.kid, 32);
            buf_printf(&b, "%s\nreceipt    ", hx);
            b64_encode(&b, r, rl);
            buf_addc(&b, '\n');
        } else {
            buf_printf(&b, "no checkpoint of exactly %llu entries: this proof is not signed\n",
                       (unsigned long long)size);
        }
    }
    out_write(&b);
    status = EXIT_DECIDED;
done:
    buf_free(&cp);
    buf_free(&entry);
    buf_free(&b);
    xjd_log_free(log);
    return status;
}

/* ---------------------------------------------------------------- consistency */

static int log_consistency(const char *uri, const char *a1, const char *a2, int json)
{
    uint64_t s1, s2;
    if (parse_u64(&s1, a1, "OLD") < 0 || parse_u64(&s2, a2, "NEW") < 0)
        return EXIT_USAGE;
    xjd_log *log = NULL;
    if (open_log(&log, uri, XJD_LOG_READONLY) < 0)
        return EXIT_USAGE;
    int status = EXIT_USAGE, rc;
    buf b = { 0 }, cp1 = { 0 }, cp2 = { 0 };
    uint8_t proof[32 * XJD_MERKLE_MAX_PROOF], r1[32], r2[32], r[8192];
    size_t n = 0, rl = 0;
    if ((rc = xjd_log_consistency(proof, XJD_MERKLE_MAX_PROOF, &n, log, s1, s2)) < 0 ||
        (rc = xjd_log_root(r1, log, s1)) < 0 || (rc = xjd_log_root(r2, log, s2)) < 0) {
        status = log_fail(log, "consistency", rc);
        goto done;
    }
    if (xjd_merkle_verify_consistency(s1, s2, r1, r2, proof, n) != 0) {
        msg("consistency: the proof computed does not verify (run xjdata log audit)");
        status = EXIT_VERIFY;
        goto done;
    }
    const uint8_t *p;
    size_t pl;
    if (xjd_log_checkpoint_at(&p, &pl, log, s1) == 0)
        buf_add(&cp1, p, pl);
    if (xjd_log_checkpoint_at(&p, &pl, log, s2) == 0) {
        buf_add(&cp2, p, pl);
        if (xjd_log_consistency_receipt(r, sizeof r, &rl, log, s1, s2) < 0)
            rl = 0;
    }
    if (json) {
        buf_printf(&b, "{\"old_size\":%llu,\"new_size\":%llu,\"old_root\":", (unsigned long long)s1,
                   (unsigned long long)s2);
        hex_json(&b, r1, 32);
        buf_adds(&b, ",\"new_root\":");
        hex_json(&b, r2, 32);
        buf_adds(&b, ",\"proof\":[");
        for (size_t i = 0; i < n; i++) {
            if (i)
                buf_addc(&b, ',');
            hex_json(&b, proof + 32 * i, 32);
        }
        buf_addc(&b, ']');
        if (cp1.len) {
            buf_adds(&b, ",\"old_checkpoint\":");
            b64_json(&b, (const uint8_t *)cp1.p, cp1.len);
        }
        if (cp2.len) {
            buf_adds(&b, ",\"new_checkpoint\":");
            b64_json(&b, (const uint8_t *)cp2.p, cp2.len);
        }
        if (rl) {
            buf_adds(&b, ",\"receipt\":");
            b64_json(&b, r, rl);
        }
        buf_adds(&b, "}\n");
    } else {
        char hx[65];
        hex_encode(hx, r1, 32);
        buf_printf(&b, "old   %llu entries, root %s%s\n", (unsigned long long)s1, hx, cp1.len ? " (signed)" : "");
        hex_encode(hx, r2, 32);
        buf_printf(&b, "new   %llu entries, root %s%s\n", (unsigned long long)s2, hx, cp2.len ? " (signed)" : "");
        for (size_t i = 0; i < n; i++) {
            hex_encode(hx, proof + 32 * i, 32);
            buf_printf(&b, "proof %-3zu %s\n", i, hx);
        }
        if (rl) {
            buf_adds(&b, "receipt ");
            b64_encode(&b, r, rl);
            buf_addc(&b, '\n');
        }
    }
    out_write(&b);
    status = EXIT_DECIDED;
done:
    buf_free(&b);
    buf_free(&cp1);
    buf_free(&cp2);
    xjd_log_free(log);
    return status;
}

/* ---------------------------------------------------------------- audit */

static int log_audit(const char *uri, const opt *opts, int argc, char **argv, int json)
{
    xjd_keyset *ks = NULL;
    int nk = keyset_from_args(&ks, argc, argv);
    if (nk < 0)
        return EXIT_USAGE;
    if (nk == 0) {
        msg("audit: --key FILE is required (the public key or key set the checkpoints were signed with)");
        xjd_keyset_free(ks);
        return EXIT_USAGE;
    }
    buf cp = { 0 }, t = { 0 }, b = { 0 };
    xjd_log *log = NULL;
    int status = EXIT_USAGE;
    if (optv(opts, "checkpoint")) {
        if (read_all(&t, optv(opts, "checkpoint")) < 0)
            goto done;
        if (t.len && (unsigned char)t.p[0] == 0xd2) {
            buf_add(&cp, t.p, t.len);
        } else {
            /* base64, alone or as the last line of `xjdata log checkpoint`'s text */
            size_t e = t.len, st;
            while (e && (t.p[e - 1] == '\n' || t.p[e - 1] == '\r' || t.p[e - 1] == ' '))
                e--;
            for (st = e; st && t.p[st - 1] != '\n';)
                st--;
            if (b64_decode(&cp, t.p + st, e - st) < 0) {
                msg("--checkpoint %s: neither a checkpoint nor base64", optv(opts, "checkpoint"));
                goto done;
            }
        }
    }
    if (open_log(&log, uri, XJD_LOG_READONLY) < 0)
        goto done;
    int rc = xjd_log_audit(log, ks, cp.len ? (const uint8_t *)cp.p : NULL, cp.len,
                           optv(opts, "records") ? XJD_AUDIT_RECORDS : 0);
    uint64_t ne = 0, nc = 0, tail = 0;
    xjd_log_audit_counts(&ne, &nc, &tail, log);
    if (rc < 0 && rc != XJD_EAUDIT && rc != XJD_EKID) {
        status = log_fail(log, "audit", rc);
        goto done;
    }
    const char *m = xjd_log_errmsg(log);
    if (json) {
        buf_printf(&b, "{\"ok\":%s,\"entries\":%llu,\"checkpoints\":%llu,\"unsigned_tail\":%llu", rc ? "false" : "true",
                   (unsigned long long)ne, (unsigned long long)nc, (unsigned long long)tail);
        if (rc) {
            buf_adds(&b, ",\"error\":");
            jw_str(&b, m);
            if (xjd_log_audit_index(log) >= 0)
                buf_printf(&b, ",\"index\":%lld", (long long)xjd_log_audit_index(log));
        }
        buf_adds(&b, "}\n");
    } else if (rc) {
        buf_printf(&b, "audit FAILED: %s\n", m);
    } else {
        buf_printf(&b, "audit passed: %llu entries, %llu checkpoints verified", (unsigned long long)ne,
                   (unsigned long long)nc);
        if (tail)
            buf_printf(&b, "; the last %llu entries are not yet covered by a checkpoint", (unsigned long long)tail);
        buf_addc(&b, '\n');
    }
    out_write(&b);
    if (rc)
        msg("audit FAILED: %s", m);
    status = rc ? EXIT_VERIFY : EXIT_DECIDED;
done:
    buf_free(&cp);
    buf_free(&t);
    buf_free(&b);
    xjd_keyset_free(ks);
    xjd_log_free(log);
    return status;
}

/* ---------------------------------------------------------------- dispatch */

int cmd_log(int argc, char **argv)
{
    opt opts[] = {{"key", true, NULL}, {"format", true, NULL}, {"raw", false, NULL}, {"every", true, NULL},
                  {"size", true, NULL}, {"checkpoint", true, NULL}, {"records", false, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_LOG, &helped) < 0)
        return free(pos), EXIT_USAGE;
    if (helped)
        return free(pos), EXIT_DECIDED;
    int json = parse_format(opts, "text", "json");
    if (json < 0)
        return free(pos), EXIT_USAGE;
    static const struct {
        const char *name;
        int min, max; /* positional arguments after the subcommand */
        const char *opts; /* the options it takes, space-separated */
    } subs[] = {
        {"init", 1, 1, "format"},
        {"append", 1, 1 << 20, "key format raw every"},
        {"checkpoint", 1, 1, "key format"},
        {"prove", 2, 2, "format size"},
        {"consistency", 3, 3, "format"},
        {"audit", 1, 1, "key format checkpoint records"},
    };
    int s = -1;
    for (size_t i = 0; npos > 0 && i < sizeof subs / sizeof *subs; i++)
        if (strcmp(pos[0], subs[i].name) == 0)
            s = (int)i;
    if (s < 0) {
        msg("log: %s%s (init, append, checkpoint, prove, consistency or audit; see xjdata log --help)",
            npos ? "no subcommand " : "a subcommand is needed", npos ? pos[0] : "");
        return free(pos), EXIT_USAGE;
    }
    if (npos - 1 < subs[s].min || npos - 1 > subs[s].max) {
        msg("log %s: wrong number of arguments (see xjdata log --help)", subs[s].name);
        return free(pos), EXIT_USAGE;
    }
    for (const opt *o = opts; o->name; o++) {
        if (!o->value)
            continue;
        const char *l = subs[s].opts;
        size_t nl = strlen(o->name);
        bool ok = false;
        for (const char *q = strstr(l, o->name); q; q = strstr(q + 1, o->name))
            if ((q == l || q[-1] == ' ') && (q[nl] == ' ' || q[nl] == '\0'))
                ok = true;
        if (!ok) {
            msg("log %s does not take --%s (see xjdata log --help)", subs[s].name, o->name);
            return free(pos), EXIT_USAGE;
        }
    }
    const char *uri = pos[1];
    int status;
    switch (s) {
    case 0: status = log_init(uri, json); break;
    case 1: status = log_append(uri, opts, pos + 2, npos - 2, json); break;
    case 2: status = log_checkpoint(uri, opts, json); break;
    case 3: status = log_prove(uri, pos[2], opts, json); break;
    case 4: status = log_consistency(uri, pos[2], pos[3], json); break;
    default: status = log_audit(uri, opts, argc, argv, json); break;
    }
    free(pos);
    return status;
}
