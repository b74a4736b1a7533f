/* SPDX-License-Identifier: MIT */
/*
 * The PostgreSQL decision-log backend ("postgresql://..."): a log that several hosts append to.
 *
 * One sequence for every writer: a commit locks the single row of xjd_head (SELECT ... FOR
 * UPDATE), takes its size as the first sequence number of the batch, inserts the batch and its
 * checkpoint, and stores the new size, all in one transaction. Writers queue on that row lock;
 * a transaction that fails rolls the counter back with its entries, so there are no gaps and
 * no duplicates (seq is also the primary key). Under READ COMMITTED each statement sees what the
 * writers before it committed, so the log catches its tree up with their leaf hashes inside the
 * same transaction before hashing its own entries. Values travel in binary (bytea, int8).
 *
 * Schema (format 1):
 *   xjd_meta(name text PRIMARY KEY, value bytea)        -- 'format' = '\x01', 'log_id' = 16 bytes
 *   xjd_head(id int PRIMARY KEY CHECK (id = 1), size bigint NOT NULL)
 *   xjd_entries(seq bigint PRIMARY KEY, leaf bytea NOT NULL, entry bytea NOT NULL)
 *   xjd_checkpoints(size bigint PRIMARY KEY, checkpoint bytea NOT NULL)
 */
#include "log_store.h"

#ifdef XJD_HAVE_PG

#include <libpq-fe.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* Rows per INSERT (3 parameters each) and per read of entries. */
#define INSERT_ROWS 500
#define READ_ROWS 20000

typedef struct pg_store {
    xjd_store base;
    PGconn *c;
} pg_store;

static int pg_fail(pg_store *p, const char *what, PGresult *r)
{
    const char *m = r ? PQresultErrorMessage(r) : "";
    if (!m || !*m)
        m = PQerrorMessage(p->c);
    if (!m)
        m = "";
    xjd_seterr(p->base.errmsg, sizeof p->base.errmsg, "%s: %.*s", what, (int)strcspn(m, "\n"), m);
    if (r)
        PQclear(r);
    return XJD_ESTORE;
}

static void be64(uint8_t out[8], uint64_t v)
{
    for (int i = 7; i >= 0; i--, v >>= 8)
        out[i] = (uint8_t)v;
}

static uint64_t get64(const char *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = (v << 8) | (uint8_t)p[i];
    return v;
}

/* A statement without parameters; results in binary. */
static PGresult *run0(pg_store *p, const char *sql)
{
    return PQexecParams(p->c, sql, 0, NULL, NULL, NULL, NULL, 1);
}

/* A command (or several: the simple protocol). */
static int command(pg_store *p, const char *sql)
{
    PGresult *r = PQexec(p->c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK && PQresultStatus(r) != PGRES_TUPLES_OK)
        return pg_fail(p, sql, r);
    PQclear(r);
    return 0;
}

/* A query with int8 parameters (binary). */
static PGresult *run_ints(pg_store *p, const char *sql, int n, const uint64_t *v)
{
    uint8_t b[4][8];
    const char *vals[4];
    int lens[4], fmts[4];
    for (int i = 0; i < n; i++) {
        be64(b[i], v[i]);
        vals[i] = (const char *)b[i];
        lens[i] = 8;
        fmts[i] = 1;
    }
    static const Oid types[4] = { 20, 20, 20, 20 }; /* int8 */
    return PQexecParams(p->c, sql, n, types, vals, lens, fmts, 1);
}

static int p_size(xjd_store *s, uint64_t *out)
{
    pg_store *p = (pg_store *)s;
    PGresult *r = run0(p, "SELECT size FROM xjd_head WHERE id = 1");
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1 || PQgetlength(r, 0, 0) != 8)
        return pg_fail(p, "reading the log's size", r);
    *out = get64(PQgetvalue(r, 0, 0));
    PQclear(r);
    return 0;
}

static int p_leaves(xjd_store *s, uint64_t from, uint64_t to, xjd_store_leaf_cb cb, void *ud)
{
    pg_store *p = (pg_store *)s;
    uint64_t want = from;
    while (want < to) {
        uint64_t v[3] = { want, to, READ_ROWS };
        PGresult *r = run_ints(p, "SELECT seq, leaf FROM xjd_entries WHERE seq >= $1 AND seq < $2 ORDER BY seq LIMIT $3",
                               3, v);
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            return pg_fail(p, "reading leaf hashes", r);
        int n = PQntuples(r);
        for (int i = 0; i < n; i++) {
            uint64_t seq = get64(PQgetvalue(r, i, 0));
            if (seq != want || PQgetlength(r, i, 1) != 32) {
                PQclear(r);
                xjd_seterr(s->errmsg, sizeof s->errmsg, "entry %llu is missing or has no 32-byte leaf hash",
                           (unsigned long long)want);
                return XJD_ESTORE;
            }
            int rc = cb(ud, seq, (const uint8_t *)PQgetvalue(r, i, 1));
            if (rc) {
                PQclear(r);
                return rc;
            }
            want++;
        }
        PQclear(r);
        if (n == 0) {
            xjd_seterr(s->errmsg, sizeof s->errmsg, "entry %llu is missing", (unsigned long long)want);
            return XJD_ESTORE;
        }
    }
    return 0;
}

static int p_entries(xjd_store *s, uint64_t from, xjd_store_entry_cb cb, void *ud)
{
    pg_store *p = (pg_store *)s;
    uint64_t at = from;
    for (;;) {
        uint64_t v[2] = { at, READ_ROWS };
        PGresult *r = run_ints(p, "SELECT seq, entry, leaf FROM xjd_entries WHERE seq >= $1 ORDER BY seq LIMIT $2", 2,
                               v);
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            return pg_fail(p, "reading entries", r);
        int n = PQntuples(r);
        for (int i = 0; i < n; i++) {
            uint64_t seq = get64(PQgetvalue(r, i, 0));
            int rc = cb(ud, seq, (const uint8_t *)PQgetvalue(r, i, 1), (size_t)PQgetlength(r, i, 1),
                        (const uint8_t *)PQgetvalue(r, i, 2), (size_t)PQgetlength(r, i, 2));
            if (rc) {
                PQclear(r);
                return rc;
            }
            at = seq + 1;
        }
        PQclear(r);
        if (n < READ_ROWS)
            return 0;
    }
}

static int p_entry(xjd_store *s, uint64_t seq, xjd_store_entry_cb cb, void *ud)
{
    pg_store *p = (pg_store *)s;
    PGresult *r = run_ints(p, "SELECT seq, entry, leaf FROM xjd_entries WHERE seq = $1", 1, &seq);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        return pg_fail(p, "reading an entry", r);
    int rc = XJD_ENOTFOUND;
    if (PQntuples(r) == 1)
        rc = cb(ud, seq, (const uint8_t *)PQgetvalue(r, 0, 1), (size_t)PQgetlength(r, 0, 1),
                (const uint8_t *)PQgetvalue(r, 0, 2), (size_t)PQgetlength(r, 0, 2));
    PQclear(r);
    return rc;
}

/* INSERT of rows [i, i + n) of the batch, binary parameters. */
static int insert_rows(pg_store *p, const xjd_store_batch *b, uint64_t first, size_t i, size_t n)
{
    char sql[64 + INSERT_ROWS * 32];
    size_t len = (size_t)snprintf(sql, sizeof sql, "INSERT INTO xjd_entries(seq, leaf, entry) VALUES ");
    const char *vals[3 * INSERT_ROWS];
    int lens[3 * INSERT_ROWS], fmts[3 * INSERT_ROWS];
    Oid types[3 * INSERT_ROWS];
    uint8_t seqs[INSERT_ROWS][8];
    for (size_t k = 0; k < n; k++) {
        len += (size_t)snprintf(sql + len, sizeof sql - len, "%s($%zu,$%zu,$%zu)", k ? "," : "", 3 * k + 1,
                                3 * k + 2, 3 * k + 3);
        be64(seqs[k], first + i + k);
        vals[3 * k] = (const char *)seqs[k];
        lens[3 * k] = 8;
        types[3 * k] = 20; /* int8 */
        vals[3 * k + 1] = (const char *)b->leaf + 32 * (i + k);
        lens[3 * k + 1] = 32;
        types[3 * k + 1] = 17; /* bytea */
        vals[3 * k + 2] = (const char *)b->entry[i + k];
        lens[3 * k + 2] = (int)b->entry_len[i + k];
        types[3 * k + 2] = 17;
        fmts[3 * k] = fmts[3 * k + 1] = fmts[3 * k + 2] = 1;
    }
    PGresult *r = PQexecParams(p->c, sql, (int)(3 * n), types, vals, lens, fmts, 1);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        return pg_fail(p, "storing entries", r);
    PQclear(r);
    return 0;
}

static int p_commit(xjd_store *s, xjd_store_prepare prepare, void *ud)
{
    pg_store *p = (pg_store *)s;
    int rc = command(p, "BEGIN");
    if (rc)
        return rc;
    /* the row lock that serialises writers: from here until COMMIT the sequence is ours */
    PGresult *r = run0(p, "SELECT size FROM xjd_head WHERE id = 1 FOR UPDATE");
    if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1 || PQgetlength(r, 0, 0) != 8) {
        rc = pg_fail(p, "locking the log's head", r);
        goto fail;
    }
    uint64_t first = get64(PQgetvalue(r, 0, 0));
    PQclear(r);
    xjd_store_batch b;
    memset(&b, 0, sizeof b);
    if ((rc = prepare(ud, first, &b)))
        goto fail;
    for (size_t i = 0; i < b.n; i += INSERT_ROWS)
        if ((rc = insert_rows(p, &b, first, i, b.n - i < INSERT_ROWS ? b.n - i : INSERT_ROWS)))
            goto fail;
    if (b.n) {
        uint64_t size = first + b.n;
        r = run_ints(p, "UPDATE xjd_head SET size = $1 WHERE id = 1", 1, &size);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            rc = pg_fail(p, "advancing the log's head", r);
            goto fail;
        }
        PQclear(r);
    }
    if (b.checkpoint) {
        uint8_t sz[8];
        be64(sz, b.checkpoint_size);
        const char *vals[2] = { (const char *)sz, (const char *)b.checkpoint };
        int lens[2] = { 8, (int)b.checkpoint_len }, fmts[2] = { 1, 1 };
        static const Oid types[2] = { 20, 17 };
        r = PQexecParams(p->c, "INSERT INTO xjd_checkpoints(size, checkpoint) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                         2, types, vals, lens, fmts, 1);
        if (PQresultStatus(r) != PGRES_COMMAND_OK) {
            rc = pg_fail(p, "storing a checkpoint", r);
            goto fail;
        }
        PQclear(r);
    }
    r = run0(p, "COMMIT");
    if (PQresultStatus(r) != PGRES_COMMAND_OK || strcmp(PQcmdStatus(r), "COMMIT") != 0)
        return pg_fail(p, "COMMIT", r); /* the server rolled it back */
    PQclear(r);
    return 0;
fail:
    PQclear(run0(p, "ROLLBACK"));
    return rc;
}

static int walk_cps(pg_store *p, const char *sql, xjd_store_cp_cb cb, void *ud, bool one)
{
    PGresult *r = run0(p, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        return pg_fail(p, "reading checkpoints", r);
    int n = PQntuples(r), rc = 0;
    for (int i = 0; i < n && !rc; i++)
        rc = cb(ud, get64(PQgetvalue(r, i, 0)), (const uint8_t *)PQgetvalue(r, i, 1), (size_t)PQgetlength(r, i, 1));
    PQclear(r);
    if (!rc && one && n == 0)
        return XJD_ENOTFOUND;
    return rc;
}

static int p_checkpoints(xjd_store *s, xjd_store_cp_cb cb, void *ud)
{
    return walk_cps((pg_store *)s, "SELECT size, checkpoint FROM xjd_checkpoints ORDER BY size", cb, ud, false);
}

static int p_latest(xjd_store *s, xjd_store_cp_cb cb, void *ud)
{
    return walk_cps((pg_store *)s, "SELECT size, checkpoint FROM xjd_checkpoints ORDER BY size DESC LIMIT 1", cb, ud,
                    true);
}

static void p_close(xjd_store *s)
{
    pg_store *p = (pg_store *)s;
    PQfinish(p->c);
    xjd_allocator a = s->a;
    xjd_free(&a, p);
}

static const xjd_store_ops pg_ops = { p_size, p_leaves, p_entries, p_entry, p_commit, p_checkpoints, p_latest, p_close };

static void quiet(void *arg, const char *message) { (void)arg, (void)message; } /* "already exists, skipping" */

static int create_schema(pg_store *p)
{
    /* one creator at a time: CREATE TABLE IF NOT EXISTS races with itself in PostgreSQL */
    int rc = command(p, "BEGIN");
    if (!rc)
        rc = command(p, "SELECT pg_advisory_xact_lock(7215911)");
    if (!rc)
        rc = command(p, "CREATE TABLE IF NOT EXISTS xjd_meta(name text PRIMARY KEY, value bytea NOT NULL);"
                        "CREATE TABLE IF NOT EXISTS xjd_head(id int PRIMARY KEY CHECK (id = 1), size bigint NOT NULL);"
                        "CREATE TABLE IF NOT EXISTS xjd_entries(seq bigint PRIMARY KEY, leaf bytea NOT NULL, "
                        "entry bytea NOT NULL);"
                        "CREATE TABLE IF NOT EXISTS xjd_checkpoints(size bigint PRIMARY KEY, checkpoint bytea NOT NULL);"
                        "INSERT INTO xjd_head VALUES (1, 0) ON CONFLICT DO NOTHING");
    if (!rc) {
        uint8_t id[16], fmt = XJD_LOG_FORMAT;
        randombytes_buf(id, sizeof id);
        const char *vals[2] = { (const char *)id, (const char *)&fmt };
        int lens[2] = { 16, 1 }, fmts[2] = { 1, 1 };
        static const Oid types[2] = { 17, 17 };
        PGresult *r = PQexecParams(p->c, "INSERT INTO xjd_meta VALUES ('log_id', $1), ('format', $2) "
                                         "ON CONFLICT DO NOTHING", 2, types, vals, lens, fmts, 1);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            rc = pg_fail(p, "creating the log", r);
        else
            PQclear(r);
    }
    if (!rc)
        return command(p, "COMMIT");
    PQclear(run0(p, "ROLLBACK"));
    return rc;
}

static int read_meta(pg_store *p)
{
    PGresult *r = run0(p, "SELECT name, value FROM xjd_meta");
    if (PQresultStatus(r) != PGRES_TUPLES_OK) {
        pg_fail(p, "not a decision log (no xjd_meta table)", r);
        return XJD_ENOTFOUND;
    }
    bool id = false;
    int format = -1;
    for (int i = 0; i < PQntuples(r); i++) {
        const char *name = PQgetvalue(r, i, 0);
        if (strcmp(name, "log_id") == 0 && PQgetlength(r, i, 1) == 16) {
            memcpy(p->base.log_id, PQgetvalue(r, i, 1), 16);
            id = true;
        } else if (strcmp(name, "format") == 0 && PQgetlength(r, i, 1) == 1) {
            format = (uint8_t)PQgetvalue(r, i, 1)[0];
        }
    }
    PQclear(r);
    if (!id) {
        xjd_seterr(p->base.errmsg, sizeof p->base.errmsg, "not a decision log: no log id in xjd_meta");
        return XJD_ENOTFOUND;
    }
    if (format != XJD_LOG_FORMAT) {
        xjd_seterr(p->base.errmsg, sizeof p->base.errmsg, "log format %d is not the one this libxjdata knows (%d)",
                   format, XJD_LOG_FORMAT);
        return XJD_ESTORE;
    }
    return 0;
}

int xjd_store_open_pg(xjd_store **out, const char *conninfo, bool create, const xjd_allocator *alloc, char *err,
                      size_t errcap)
{
    *out = NULL;
    xjd_allocator a;
    xjd_alloc_init(&a, alloc);
    pg_store *p = xjd_calloc(&a, sizeof *p);
    if (!p)
        return XJD_ENOMEM;
    p->base.ops = &pg_ops;
    p->base.a = a;
    p->c = PQconnectdb(conninfo);
    int rc;
    if (!p->c || PQstatus(p->c) != CONNECTION_OK) {
        const char *m = p->c ? PQerrorMessage(p->c) : "out of memory";
        xjd_seterr(err, errcap, "postgresql: cannot connect: %.*s", (int)strcspn(m, "\n"), m);
        rc = XJD_ESTORE;
        goto fail;
    }
    PQsetNoticeProcessor(p->c, quiet, NULL);
    if (create && (rc = create_schema(p))) {
        xjd_seterr(err, errcap, "postgresql: %s", p->base.errmsg);
        goto fail;
    }
    if ((rc = read_meta(p))) {
        xjd_seterr(err, errcap, "postgresql: %s%s", p->base.errmsg,
                   rc == XJD_ENOTFOUND ? " (xjdata log init creates a log)" : "");
        goto fail;
    }
    p->base.errmsg[0] = '\0';
    *out = &p->base;
    return 0;
fail:
    PQfinish(p->c);
    xjd_free(&a, p);
    return rc;
}

#else /* no libpq in this build */

int xjd_store_open_pg(xjd_store **out, const char *conninfo, bool create, const xjd_allocator *alloc, char *err,
                      size_t errcap)
{
    (void)conninfo, (void)create, (void)alloc;
    *out = NULL;
    xjd_seterr(err, errcap, "postgresql: this libxjdata was built without libpq (meson -Dpostgresql=enabled, "
                            "Debian libpq-dev)");
    return XJD_ENOTSUP;
}

#endif
