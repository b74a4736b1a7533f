/* SPDX-License-Identifier: MIT */
/*
 * The SQLite decision-log backend ("sqlite:PATH"): one file, write-ahead log, synchronous=FULL,
 * so that a commit that returned is on disk (it survives kill -9 and power loss: SQLite's WAL
 * mode with FULL syncs the WAL at every commit). Writers in several processes are serialised by
 * BEGIN IMMEDIATE; the next sequence number is read inside that transaction.
 *
 * Schema (format 1):
 *   xjd_meta(name TEXT PRIMARY KEY, value BLOB)      -- 'format' = 1, 'log_id' = 16 bytes
 *   xjd_entries(seq INTEGER PRIMARY KEY, leaf BLOB NOT NULL, entry BLOB NOT NULL)
 *   xjd_checkpoints(size INTEGER PRIMARY KEY, checkpoint BLOB NOT NULL)
 */
#include "log_store.h"

#ifdef XJD_HAVE_SQLITE

#include <sodium.h>
#include <sqlite3.h>
#include <string.h>

typedef struct sq_store {
    xjd_store base;
    sqlite3 *db;
    sqlite3_stmt *ins, *ins_cp, *leaves, *size;
} sq_store;

static int sq_err(sq_store *q, const char *what)
{
    xjd_seterr(q->base.errmsg, sizeof q->base.errmsg, "%s: %s", what, sqlite3_errmsg(q->db));
    return XJD_ESTORE;
}

static int exec(sq_store *q, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(q->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        xjd_seterr(q->base.errmsg, sizeof q->base.errmsg, "%.60s: %s", sql, msg ? msg : sqlite3_errmsg(q->db));
        sqlite3_free(msg);
        return XJD_ESTORE;
    }
    return 0;
}

static int prep(sq_store *q, sqlite3_stmt **st, const char *sql)
{
    if (*st) {
        sqlite3_reset(*st);
        sqlite3_clear_bindings(*st);
        return 0;
    }
    return sqlite3_prepare_v2(q->db, sql, -1, st, NULL) == SQLITE_OK ? 0 : sq_err(q, "prepare");
}

static int q_size(xjd_store *s, uint64_t *out)
{
    sq_store *q = (sq_store *)s;
    int rc = prep(q, &q->size, "SELECT coalesce(max(seq) + 1, 0) FROM xjd_entries");
    if (rc)
        return rc;
    if (sqlite3_step(q->size) != SQLITE_ROW)
        return sq_err(q, "size");
    *out = (uint64_t)sqlite3_column_int64(q->size, 0);
    sqlite3_reset(q->size);
    return 0;
}

static int q_leaves(xjd_store *s, uint64_t from, uint64_t to, xjd_store_leaf_cb cb, void *ud)
{
    sq_store *q = (sq_store *)s;
    int rc = prep(q, &q->leaves, "SELECT seq, leaf FROM xjd_entries WHERE seq >= ?1 AND seq < ?2 ORDER BY seq");
    if (rc)
        return rc;
    sqlite3_bind_int64(q->leaves, 1, (sqlite3_int64)from);
    sqlite3_bind_int64(q->leaves, 2, (sqlite3_int64)to);
    uint64_t want = from;
    int st;
    while ((st = sqlite3_step(q->leaves)) == SQLITE_ROW) {
        uint64_t seq = (uint64_t)sqlite3_column_int64(q->leaves, 0);
        const void *leaf = sqlite3_column_blob(q->leaves, 1);
        if (seq != want || sqlite3_column_bytes(q->leaves, 1) != 32 || !leaf) {
            sqlite3_reset(q->leaves);
            xjd_seterr(s->errmsg, sizeof s->errmsg, "entry %llu is missing or has no 32-byte leaf hash",
                       (unsigned long long)want);
            return XJD_ESTORE;
        }
        if ((rc = cb(ud, seq, leaf))) {
            sqlite3_reset(q->leaves);
            return rc;
        }
        want++;
    }
    sqlite3_reset(q->leaves);
    if (st != SQLITE_DONE)
        return sq_err(q, "reading leaf hashes");
    if (want != to) {
        xjd_seterr(s->errmsg, sizeof s->errmsg, "entry %llu is missing", (unsigned long long)want);
        return XJD_ESTORE;
    }
    return 0;
}

static int walk_entries(sq_store *q, const char *sql, uint64_t a, xjd_store_entry_cb cb, void *ud, bool one)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sq_err(q, "prepare");
    sqlite3_bind_int64(st, 1, (sqlite3_int64)a);
    int rc = 0, s;
    bool any = false;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        any = true;
        const uint8_t *e = sqlite3_column_blob(st, 1);
        size_t el = (size_t)sqlite3_column_bytes(st, 1);
        const uint8_t *leaf = sqlite3_column_blob(st, 2);
        size_t ll = (size_t)sqlite3_column_bytes(st, 2);
        if ((rc = cb(ud, (uint64_t)sqlite3_column_int64(st, 0), e ? e : (const uint8_t *)"", el,
                     leaf ? leaf : (const uint8_t *)"", ll)))
            break;
        if (one)
            break;
    }
    if (!rc && s != SQLITE_ROW && s != SQLITE_DONE)
        rc = sq_err(q, "reading entries");
    sqlite3_finalize(st);
    if (!rc && one && !any)
        return XJD_ENOTFOUND;
    return rc;
}

static int q_entries(xjd_store *s, uint64_t from, xjd_store_entry_cb cb, void *ud)
{
    return walk_entries((sq_store *)s, "SELECT seq, entry, leaf FROM xjd_entries WHERE seq >= ?1 ORDER BY seq", from,
                        cb, ud, false);
}

static int q_entry(xjd_store *s, uint64_t seq, xjd_store_entry_cb cb, void *ud)
{
    return walk_entries((sq_store *)s, "SELECT seq, entry, leaf FROM xjd_entries WHERE seq = ?1", seq, cb, ud, true);
}

static int q_commit(xjd_store *s, xjd_store_prepare prepare, void *ud)
{
    sq_store *q = (sq_store *)s;
    /* IMMEDIATE: the write lock now, so that the next sequence number read below stays ours */
    int rc = exec(q, "BEGIN IMMEDIATE");
    if (rc)
        return rc;
    uint64_t first = 0;
    xjd_store_batch b;
    memset(&b, 0, sizeof b);
    if ((rc = q_size(s, &first)) || (rc = prepare(ud, first, &b)))
        goto fail;
    if ((rc = prep(q, &q->ins, "INSERT INTO xjd_entries(seq, leaf, entry) VALUES (?1, ?2, ?3)")))
        goto fail;
    for (size_t i = 0; i < b.n; i++) {
        sqlite3_reset(q->ins);
        sqlite3_bind_int64(q->ins, 1, (sqlite3_int64)(first + i));
        sqlite3_bind_blob(q->ins, 2, b.leaf + 32 * i, 32, SQLITE_STATIC);
        sqlite3_bind_blob(q->ins, 3, b.entry[i], (int)b.entry_len[i], SQLITE_STATIC);
        if (sqlite3_step(q->ins) != SQLITE_DONE) {
            rc = sq_err(q, "storing an entry");
            goto fail;
        }
    }
    sqlite3_reset(q->ins);
    if (b.checkpoint) {
        if ((rc = prep(q, &q->ins_cp, "INSERT OR IGNORE INTO xjd_checkpoints(size, checkpoint) VALUES (?1, ?2)")))
            goto fail;
        sqlite3_bind_int64(q->ins_cp, 1, (sqlite3_int64)b.checkpoint_size);
        sqlite3_bind_blob(q->ins_cp, 2, b.checkpoint, (int)b.checkpoint_len, SQLITE_STATIC);
        if (sqlite3_step(q->ins_cp) != SQLITE_DONE) {
            rc = sq_err(q, "storing a checkpoint");
            goto fail;
        }
        sqlite3_reset(q->ins_cp);
    }
    if ((rc = exec(q, "COMMIT")))
        goto fail;
    return 0;
fail:
    if (q->ins)
        sqlite3_reset(q->ins);
    if (q->ins_cp)
        sqlite3_reset(q->ins_cp);
    sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

static int walk_cps(sq_store *q, const char *sql, xjd_store_cp_cb cb, void *ud, bool one)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(q->db, sql, -1, &st, NULL) != SQLITE_OK)
        return sq_err(q, "prepare");
    int rc = 0, s;
    bool any = false;
    while ((s = sqlite3_step(st)) == SQLITE_ROW) {
        any = true;
        const uint8_t *p = sqlite3_column_blob(st, 1);
        if ((rc = cb(ud, (uint64_t)sqlite3_column_int64(st, 0), p ? p : (const uint8_t *)"",
                     (size_t)sqlite3_column_bytes(st, 1))))
            break;
    }
    if (!rc && s != SQLITE_ROW && s != SQLITE_DONE)
        rc = sq_err(q, "reading checkpoints");
    sqlite3_finalize(st);
    if (!rc && one && !any)
        return XJD_ENOTFOUND;
    return rc;
}

static int q_checkpoints(xjd_store *s, xjd_store_cp_cb cb, void *ud)
{
    return walk_cps((sq_store *)s, "SELECT size, checkpoint FROM xjd_checkpoints ORDER BY size", cb, ud, false);
}

static int q_latest(xjd_store *s, xjd_store_cp_cb cb, void *ud)
{
    return walk_cps((sq_store *)s, "SELECT size, checkpoint FROM xjd_checkpoints ORDER BY size DESC LIMIT 1", cb, ud,
                    true);
}

static void q_close(xjd_store *s)
{
    sq_store *q = (sq_store *)s;
    sqlite3_finalize(q->ins);
    sqlite3_finalize(q->ins_cp);
    sqlite3_finalize(q->leaves);
    sqlite3_finalize(q->size);
    sqlite3_close(q->db);
    xjd_allocator a = s->a;
    xjd_free(&a, q);
}

static const xjd_store_ops sq_ops = { q_size, q_leaves, q_entries, q_entry, q_commit, q_checkpoints, q_latest, q_close };

/* The log id and format of an existing log; XJD_ENOTFOUND when the file holds no log. */
static int read_meta(sq_store *q)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(q->db, "SELECT name, value FROM xjd_meta", -1, &st, NULL) != SQLITE_OK) {
        xjd_seterr(q->base.errmsg, sizeof q->base.errmsg, "not a decision log (no xjd_meta table): %s",
                   sqlite3_errmsg(q->db));
        return XJD_ENOTFOUND;
    }
    bool id = false;
    int64_t format = -1;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        if (name && strcmp(name, "log_id") == 0 && sqlite3_column_bytes(st, 1) == 16) {
            memcpy(q->base.log_id, sqlite3_column_blob(st, 1), 16);
            id = true;
        } else if (name && strcmp(name, "format") == 0) {
            format = sqlite3_column_int64(st, 1);
        }
    }
    sqlite3_finalize(st);
    if (!id) {
        xjd_seterr(q->base.errmsg, sizeof q->base.errmsg, "not a decision log: no log id in xjd_meta");
        return XJD_ENOTFOUND;
    }
    if (format != XJD_LOG_FORMAT) {
        xjd_seterr(q->base.errmsg, sizeof q->base.errmsg, "log format %lld is not the one this libxjdata knows (%d)",
                   (long long)format, XJD_LOG_FORMAT);
        return XJD_ESTORE;
    }
    return 0;
}

static int create_schema(sq_store *q)
{
    int rc = exec(q, "BEGIN IMMEDIATE;"
                     "CREATE TABLE IF NOT EXISTS xjd_meta(name TEXT PRIMARY KEY, value BLOB);"
                     "CREATE TABLE IF NOT EXISTS xjd_entries(seq INTEGER PRIMARY KEY, leaf BLOB NOT NULL, "
                     "entry BLOB NOT NULL);"
                     "CREATE TABLE IF NOT EXISTS xjd_checkpoints(size INTEGER PRIMARY KEY, checkpoint BLOB NOT NULL);");
    if (rc)
        return rc;
    uint8_t id[16];
    randombytes_buf(id, sizeof id);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(q->db, "INSERT OR IGNORE INTO xjd_meta(name, value) VALUES ('log_id', ?1), ('format', ?2)",
                           -1, &st, NULL) != SQLITE_OK) {
        rc = sq_err(q, "prepare");
        sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    sqlite3_bind_blob(st, 1, id, 16, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, XJD_LOG_FORMAT);
    int s = sqlite3_step(st);
    sqlite3_finalize(st);
    if (s != SQLITE_DONE) {
        rc = sq_err(q, "creating the log");
        sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
        return rc;
    }
    return exec(q, "COMMIT");
}

int xjd_store_open_sqlite(xjd_store **out, const char *path, bool create, bool readonly, const xjd_allocator *alloc,
                          char *err, size_t errcap)
{
    *out = NULL;
    xjd_allocator a;
    xjd_alloc_init(&a, alloc);
    sq_store *q = xjd_calloc(&a, sizeof *q);
    if (!q)
        return XJD_ENOMEM;
    q->base.ops = &sq_ops;
    q->base.a = a;
    int flags = readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
    int rc = 0;
    if (sqlite3_open_v2(path, &q->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        xjd_seterr(err, errcap, "sqlite:%s: %s%s", path, q->db ? sqlite3_errmsg(q->db) : "cannot open",
                   create ? "" : " (xjdata log init creates a log)");
        rc = create ? XJD_ESTORE : XJD_ENOTFOUND;
        goto fail;
    }
    sqlite3_busy_timeout(q->db, 30000); /* other writers hold the lock for one batch at a time */
    /* WAL with FULL syncs: a commit is on disk when it returns, and readers do not block writers */
    /* The WAL is copied into the database every 10,000 pages (40 MB) rather than 1,000: a batch
     * of 1,000 entries fills a few hundred, and each copy is a write and a sync of its own
     * (12% less time per entry measured by xjdata-bench). */
    if (!readonly && ((rc = exec(q, "PRAGMA journal_mode=WAL")) || (rc = exec(q, "PRAGMA synchronous=FULL")) ||
                      (rc = exec(q, "PRAGMA wal_autocheckpoint=10000")))) {
        xjd_seterr(err, errcap, "sqlite:%s: %s", path, q->base.errmsg);
        goto fail;
    }
    if (create && (rc = create_schema(q))) {
        xjd_seterr(err, errcap, "sqlite:%s: %s", path, q->base.errmsg);
        goto fail;
    }
    if ((rc = read_meta(q))) {
        xjd_seterr(err, errcap, "sqlite:%s: %s%s", path, q->base.errmsg,
                   rc == XJD_ENOTFOUND ? " (xjdata log init creates a log)" : "");
        goto fail;
    }
    q->base.errmsg[0] = '\0';
    *out = &q->base;
    return 0;
fail:
    sqlite3_close(q->db);
    xjd_free(&a, q);
    return rc;
}

#else /* no SQLite in this build */

int xjd_store_open_sqlite(xjd_store **out, const char *path, bool create, bool readonly, const xjd_allocator *alloc,
                          char *err, size_t errcap)
{
    (void)create, (void)readonly, (void)alloc;
    *out = NULL;
    xjd_seterr(err, errcap, "sqlite:%s: this libxjdata was built without SQLite (meson -Dsqlite=enabled, "
                            "Debian libsqlite3-dev)", path);
    return XJD_ENOTSUP;
}

#endif
