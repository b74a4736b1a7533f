/* SPDX-License-Identifier: MIT */
/*
 * Working-day calendar. Each layer (national, regional) keeps one entry per year: a bitmap of
 * holidays and a bitmap of make-up working days, indexed by day of the year, so a lookup is a
 * subtraction and a bit test. The built-in years are a text in the host file format, parsed at
 * creation: there is one path for both, and the format is exercised by every calendar created.
 */
#include "calendar.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

enum { LAYER_NATIONAL = 0, LAYER_REGIONAL = 1, NLAYERS = 2 };
static const char *const layer_names[NLAYERS] = { "national", "regional" };

#define YEAR_WORDS 12 /* 12 * 32 = 384 >= 366 bits */

typedef struct cal_year {
    uint32_t off[YEAR_WORDS]; /* public holidays (days off) */
    uint32_t on[YEAR_WORDS];  /* make-up working days (调休上班) */
    uint8_t present;          /* the layer has this year's dates */
    uint8_t unconfirmed;      /* the dates come from a secondary source ("unconfirmed" line) */
    uint8_t touched;          /* a line of the load in progress named this layer-year */
} cal_year;

typedef struct cal_layer {
    int base;        /* year of years[0] */
    int count;
    cal_year *years; /* count entries, contiguous years */
} cal_layer;

struct xjd_calendar {
    xjd_allocator alloc;
    unsigned flags;
    cal_layer layer[NLAYERS];
    char err[XJD_ERRMSG_MAX];
};

const char xjd_calendar_builtin_text[] =
    "# Built-in calendar of libxjdata (format: docs/calendar-format.md).\n"
    "# National: State Council General Office notices; 2025 from 国办发明电〔2024〕12号,\n"
    "# 2026 from the notice of 2025-11-04.\n"
    "national 2025 holiday 01-01 元旦\n"
    "national 2025 holiday 01-28..02-04 春节\n"
    "national 2025 holiday 04-04..04-06 清明节\n"
    "national 2025 holiday 05-01..05-05 劳动节\n"
    "national 2025 holiday 05-31..06-02 端午节\n"
    "national 2025 holiday 10-01..10-08 国庆节、中秋节\n"
    "national 2025 workday 01-26 春节调休\n"
    "national 2025 workday 02-08 春节调休\n"
    "national 2025 workday 04-27 劳动节调休\n"
    "national 2025 workday 09-28 国庆节调休\n"
    "national 2025 workday 10-11 国庆节调休\n"
    "national 2026 holiday 01-01..01-03 元旦\n"
    "national 2026 holiday 02-15..02-23 春节\n"
    "national 2026 holiday 04-04..04-06 清明节\n"
    "national 2026 holiday 05-01..05-05 劳动节\n"
    "national 2026 holiday 06-19..06-21 端午节\n"
    "national 2026 holiday 09-25..09-27 中秋节\n"
    "national 2026 holiday 10-01..10-07 国庆节\n"
    "national 2026 workday 01-04 元旦调休\n"
    "national 2026 workday 02-14 春节调休\n"
    "national 2026 workday 02-28 春节调休\n"
    "national 2026 workday 05-09 劳动节调休\n"
    "national 2026 workday 09-20 中秋节调休\n"
    "national 2026 workday 10-10 国庆节调休\n"
    "# Xinjiang Uygur Autonomous Region: the regional government's notice for 2025.\n"
    "regional 2025 holiday 03-29..03-31 肉孜节\n"
    "regional 2025 holiday 06-06..06-10 古尔邦节\n"
    "# Xinjiang 2026: the regional government's notice as reported on 2025-12-26 by China Media\n"
    "# Group's Uyghur service (a secondary source, found 2026-12-06); the notice's own text was not\n"
    "# available. Mar 21 is the festival (肉孜节). The report repeats the national 2026 dates; whether\n"
    "# the notice adds make-up working days could not be read in it (2025 had none). Counts through\n"
    "# these days are flagged unconfirmed until a host loads the notice's text for regional 2026.\n"
    "regional 2026 unconfirmed China Media Group Uyghur service, report of 2025-12-26\n"
    "regional 2026 holiday 03-20..03-22 肉孜节\n"
    "regional 2026 holiday 05-27..05-31 古尔邦节\n";

static bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool bit_get(const uint32_t *w, int doy) { return (w[doy >> 5] >> (doy & 31)) & 1u; }
static void bit_set(uint32_t *w, int doy) { w[doy >> 5] |= 1u << (doy & 31); }

static const cal_year *year_get(const cal_layer *l, int y)
{
    int i = y - l->base;
    if (i < 0 || i >= l->count || !l->years[i].present)
        return NULL;
    return &l->years[i];
}

/* The layers in use for year `y`; *covered is false when any of them lacks the year. */
static void year_lookup(const xjd_calendar *c, int y, const cal_year **nat, const cal_year **reg,
                        bool *covered)
{
    *nat = year_get(&c->layer[LAYER_NATIONAL], y);
    if (c->flags & XJD_CAL_NO_REGIONAL) {
        *reg = NULL;
        *covered = *nat != NULL;
    } else {
        *reg = year_get(&c->layer[LAYER_REGIONAL], y);
        *covered = *nat && *reg;
    }
}

/* Days off fixed by date in the State Council's 全国年节及纪念日放假办法, whatever a year's
 * schedule: 元旦 1 January; 劳动节 1 May (1-3 May 1999-2007, 1-2 May from 2025, Decree 795 of
 * 2024); 国庆节 1-2 October (1-3 October from 1999). A year the national layer lacks is estimated
 * with them as days off: the real schedule adds the lunar holidays and moves days, but never
 * works on these. */
static inline bool fixed_national_holiday(int y, int doy)
{
    if (y < 1950) /* the measures date from December 1949 */
        return false;
    int base = is_leap(y) ? 1 : 0; /* day-of-year shift after 28 February */
    int may1 = 120 + base, oct1 = 273 + base;
    /* 1 May; 2-3 May 1999-2007, 2 May again from 2025; 1-2 October, and 3 October from 1999 */
    int may_last = y >= 2025 ? may1 + 1 : (y >= 1999 && y <= 2007) ? may1 + 2 : may1;
    int oct_last = y >= 1999 ? oct1 + 2 : oct1 + 1;
    return doy == 0 || (doy >= may1 && doy <= may_last) || (doy >= oct1 && doy <= oct_last);
}

/* A holiday of any layer wins; otherwise a make-up day of any layer or Monday–Friday works.
 * A layer without the year (NULL) adds nothing: an uncovered year is still judged by the layers
 * that know it (2026's national holidays count while its regional dates are unknown), and the
 * caller marks the result estimated. Without the national layer's year, the days fixed by date
 * are off all the same. */
static inline bool judge(const cal_year *nat, const cal_year *reg, int y, int doy, int wd)
{
    if (!nat && fixed_national_holiday(y, doy))
        return false;
    if ((nat && bit_get(nat->off, doy)) || (reg && bit_get(reg->off, doy)))
        return false;
    if ((nat && bit_get(nat->on, doy)) || (reg && bit_get(reg->on, doy)))
        return true;
    return wd >= 1 && wd <= 5;
}

static void layers_free(const xjd_allocator *a, cal_layer *l)
{
    for (int i = 0; i < NLAYERS; i++) {
        xjd_free(a, l[i].years);
        l[i].years = NULL;
        l[i].count = 0;
    }
}

static int layers_copy(const xjd_allocator *a, cal_layer *dst, const cal_layer *src)
{
    for (int i = 0; i < NLAYERS; i++) {
        dst[i] = src[i];
        dst[i].years = NULL;
    }
    for (int i = 0; i < NLAYERS; i++) {
        if (src[i].count) {
            dst[i].years = xjd_malloc(a, (size_t)src[i].count * sizeof(cal_year));
            if (!dst[i].years) {
                layers_free(a, dst);
                return XJD_ENOMEM;
            }
            memcpy(dst[i].years, src[i].years, (size_t)src[i].count * sizeof(cal_year));
        }
    }
    return 0;
}

/* Makes layer `l` span year `y` (years are in [XJD_CAL_YEAR_MIN, XJD_CAL_YEAR_MAX]). */
static int layer_reserve(const xjd_allocator *a, cal_layer *l, int y)
{
    if (l->count && y >= l->base && y < l->base + l->count)
        return 0;
    int lo = y, hi = y;
    if (l->count) {
        lo = l->base < y ? l->base : y;
        hi = l->base + l->count - 1 > y ? l->base + l->count - 1 : y;
    }
    size_t n = (size_t)(hi - lo + 1);
    cal_year *ny = xjd_calloc(a, n * sizeof *ny);
    if (!ny)
        return XJD_ENOMEM;
    if (l->count)
        memcpy(ny + (l->base - lo), l->years, (size_t)l->count * sizeof *ny);
    xjd_free(a, l->years);
    l->years = ny;
    l->base = lo;
    l->count = (int)n;
    return 0;
}

/* ---- the text format (docs/calendar-format.md) ---- */

typedef struct tok {
    const char *p;
    size_t n;
} tok;

static bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f'; }

static tok next_tok(const char *s, size_t *i, size_t end)
{
    while (*i < end && is_space(s[*i]))
        (*i)++;
    tok t = { s + *i, 0 };
    while (*i < end && !is_space(s[*i])) {
        (*i)++;
        t.n++;
    }
    return t;
}

static bool tok_is(tok t, const char *word)
{
    size_t n = strlen(word);
    return t.n == n && memcmp(t.p, word, n) == 0;
}

/* A token quoted into an error message: printable ASCII only, at most 40 bytes. */
static void tok_show(char *out, size_t cap, tok t)
{
    size_t k = 0;
    for (size_t i = 0; i < t.n && k + 4 < cap; i++) {
        if (i == 40) {
            memcpy(out + k, "...", 3);
            k += 3;
            break;
        }
        unsigned char ch = (unsigned char)t.p[i];
        out[k++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
    }
    out[k] = '\0';
}

static int num(const char *p, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* "MM-DD" -> month, day (not yet checked against the year). */
static bool parse_md(const char *p, size_t n, int *m, int *d)
{
    if (n != 5 || p[2] != '-')
        return false;
    *m = num(p, 2);
    *d = num(p + 3, 2);
    return *m >= 0 && *d >= 0;
}

static const char *const weekday_names[7] = { "Sunday", "Monday", "Tuesday", "Wednesday",
                                              "Thursday", "Friday", "Saturday" };

/* Parses one line (comment already cut) into the staged layers. 0, or an error with c->err set. */
static int parse_line(xjd_calendar *c, cal_layer *stage, const char *s, size_t end, int lineno)
{
    char shown[64];
    size_t i = 0;
    tok t = next_tok(s, &i, end);
    if (t.n == 0)
        return 0; /* blank or comment-only line */

    int layer = -1;
    for (int k = 0; k < NLAYERS; k++)
        if (tok_is(t, layer_names[k]))
            layer = k;
    if (layer < 0) {
        tok_show(shown, sizeof shown, t);
        xjd_seterr(c->err, sizeof c->err, "line %d: unknown layer '%s' (expected national or regional)",
                   lineno, shown);
        return XJD_ECALENDAR;
    }

    t = next_tok(s, &i, end);
    if (t.n == 0) {
        xjd_seterr(c->err, sizeof c->err, "line %d: missing year after '%s'", lineno, layer_names[layer]);
        return XJD_ECALENDAR;
    }
    int year = t.n == 4 ? num(t.p, 4) : -1;
    if (year < XJD_CAL_YEAR_MIN || year > XJD_CAL_YEAR_MAX) {
        tok_show(shown, sizeof shown, t);
        xjd_seterr(c->err, sizeof c->err, "line %d: bad year '%s' (expected %d..%d)", lineno, shown,
                   XJD_CAL_YEAR_MIN, XJD_CAL_YEAR_MAX);
        return XJD_ECALENDAR;
    }

    t = next_tok(s, &i, end);
    int kind; /* 0 none, 1 holiday, 2 workday, 3 unconfirmed */
    if (tok_is(t, "none")) {
        kind = 0;
    } else if (tok_is(t, "unconfirmed")) {
        kind = 3; /* the rest of the line names the source: free text */
    } else if (tok_is(t, "holiday")) {
        kind = 1;
    } else if (tok_is(t, "workday")) {
        kind = 2;
    } else if (t.n == 0) {
        xjd_seterr(c->err, sizeof c->err,
                   "line %d: missing 'holiday', 'workday', 'none' or 'unconfirmed' after the year", lineno);
        return XJD_ECALENDAR;
    } else {
        tok_show(shown, sizeof shown, t);
        xjd_seterr(c->err, sizeof c->err,
                   "line %d: unknown kind '%s' (expected holiday, workday, none or unconfirmed)", lineno, shown);
        return XJD_ECALENDAR;
    }

    int m1 = 0, d1 = 0, m2 = 0, d2 = 0;
    if (kind == 0) {
        t = next_tok(s, &i, end);
        if (t.n) {
            tok_show(shown, sizeof shown, t);
            xjd_seterr(c->err, sizeof c->err, "line %d: unexpected '%s' after 'none'", lineno, shown);
            return XJD_ECALENDAR;
        }
    } else if (kind != 3) {
        t = next_tok(s, &i, end);
        if (t.n == 0) {
            xjd_seterr(c->err, sizeof c->err, "line %d: missing date (MM-DD or MM-DD..MM-DD) after '%s'",
                       lineno, kind == 1 ? "holiday" : "workday");
            return XJD_ECALENDAR;
        }
        bool ok;
        if (t.n == 12 && t.p[5] == '.' && t.p[6] == '.')
            ok = parse_md(t.p, 5, &m1, &d1) && parse_md(t.p + 7, 5, &m2, &d2);
        else if ((ok = parse_md(t.p, t.n, &m1, &d1)))
            m2 = m1, d2 = d1;
        tok_show(shown, sizeof shown, t);
        if (!ok) {
            xjd_seterr(c->err, sizeof c->err, "line %d: bad date '%s' (expected MM-DD or MM-DD..MM-DD)",
                       lineno, shown);
            return XJD_ECALENDAR;
        }
        if (!xjd_date_valid(year, m1, d1) || !xjd_date_valid(year, m2, d2)) {
            bool first_bad = !xjd_date_valid(year, m1, d1);
            xjd_seterr(c->err, sizeof c->err, "line %d: bad date '%s': %04d-%02d-%02d does not exist", lineno,
                       shown, year, first_bad ? m1 : m2, first_bad ? d1 : d2);
            return XJD_ECALENDAR;
        }
        if (m2 < m1 || (m2 == m1 && d2 < d1)) {
            xjd_seterr(c->err, sizeof c->err,
                       "line %d: range '%s' ends before it starts (a range stays within its year)", lineno,
                       shown);
            return XJD_ECALENDAR;
        }
        /* The rest of the line is the holiday's name: free text. */
    }

    int rc = layer_reserve(&c->alloc, &stage[layer], year);
    if (rc) {
        xjd_seterr(c->err, sizeof c->err, "line %d: out of memory", lineno);
        return rc;
    }
    cal_year *cy = &stage[layer].years[year - stage[layer].base];
    if (!cy->touched) {
        /* The first line of this load for the layer-year. Dates held only from a secondary source
         * are replaced, not added to: the host's text is the notice itself (or a newer report),
         * and a day the report got wrong must not stay a holiday. Confirmed years add up. */
        if (cy->unconfirmed)
            memset(cy, 0, sizeof *cy);
        cy->touched = 1;
    }
    cy->present = 1;
    if (kind == 3)
        cy->unconfirmed = 1;
    if (kind == 0 || kind == 3)
        return 0;

    int64_t jan1 = xjd_days_from_civil(year, 1, 1);
    int64_t z1 = xjd_days_from_civil(year, (unsigned)m1, (unsigned)d1);
    int64_t z2 = xjd_days_from_civil(year, (unsigned)m2, (unsigned)d2);
    for (int64_t z = z1; z <= z2; z++) {
        int doy = (int)(z - jan1);
        xjd_date dt = xjd_civil_from_days(z);
        if (kind == 2) {
            int wd = xjd_weekday(z);
            if (wd >= 1 && wd <= 5) {
                xjd_seterr(c->err, sizeof c->err,
                           "line %d: %04d-%02d-%02d is a %s: a make-up working day must be a Saturday or "
                           "Sunday",
                           lineno, dt.year, dt.month, dt.day, weekday_names[wd]);
                return XJD_ECALENDAR;
            }
        }
        if (bit_get(kind == 1 ? cy->on : cy->off, doy)) {
            xjd_seterr(c->err, sizeof c->err,
                       "line %d: %04d-%02d-%02d is both a holiday and a make-up working day in the %s layer",
                       lineno, dt.year, dt.month, dt.day, layer_names[layer]);
            return XJD_ECALENDAR;
        }
        bit_set(kind == 1 ? cy->off : cy->on, doy);
    }
    return 0;
}

/* Parses into copies of the layers and swaps them in only when every line is good (atomic). */
int xjd_calendar_load(xjd_calendar *c, const char *text, size_t len)
{
    if (!c || (!text && len))
        return XJD_EINVAL;
    c->err[0] = '\0';
    cal_layer stage[NLAYERS];
    int rc = layers_copy(&c->alloc, stage, c->layer);
    if (rc) {
        xjd_seterr(c->err, sizeof c->err, "out of memory");
        return rc;
    }
    size_t pos = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a UTF-8 byte order mark some editors write */
    int lineno = 0;
    while (pos < len) {
        lineno++;
        const char *line = text + pos;
        const char *nl = memchr(line, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - line) : len - pos;
        pos += nl ? n + 1 : n;
        const char *hash = memchr(line, '#', n);
        if (hash)
            n = (size_t)(hash - line);
        rc = parse_line(c, stage, line, n, lineno);
        if (rc) {
            layers_free(&c->alloc, stage);
            return rc;
        }
    }
    for (int k = 0; k < NLAYERS; k++)
        for (int j = 0; j < stage[k].count; j++)
            stage[k].years[j].touched = 0;
    layers_free(&c->alloc, c->layer);
    memcpy(c->layer, stage, sizeof stage);
    return 0;
}

int xjd_calendar_load_file(xjd_calendar *c, const char *path)
{
    if (!c || !path)
        return XJD_EINVAL;
    c->err[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) {
        xjd_seterr(c->err, sizeof c->err, "cannot open calendar file '%s': %s", path, strerror(errno));
        return XJD_EIO;
    }
    char *buf = NULL;
    size_t cap = 0, len = 0;
    int rc = 0;
    for (;;) {
        if (len == cap && (rc = xjd_grow(&c->alloc, (void **)&buf, &cap, cap + 4096))) {
            xjd_seterr(c->err, sizeof c->err, "out of memory reading '%s'", path);
            break;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (len > XJD_CAL_FILE_MAX) {
            xjd_seterr(c->err, sizeof c->err, "calendar file '%s' is over %u bytes", path,
                       (unsigned)XJD_CAL_FILE_MAX);
            rc = XJD_ELIMIT;
            break;
        }
        if (got == 0) {
            if (ferror(f)) {
                xjd_seterr(c->err, sizeof c->err, "cannot read calendar file '%s'", path);
                rc = XJD_EIO;
            }
            break;
        }
    }
    fclose(f);
    if (!rc)
        rc = xjd_calendar_load(c, buf, len);
    xjd_free(&c->alloc, buf);
    return rc;
}

const char *xjd_calendar_errmsg(const xjd_calendar *c) { return c ? c->err : ""; }

int xjd_calendar_new(xjd_calendar **out, unsigned flags, const xjd_allocator *alloc)
{
    if (!out)
        return XJD_EINVAL;
    *out = NULL;
    if (flags & ~(unsigned)(XJD_CAL_EMPTY | XJD_CAL_NO_REGIONAL))
        return XJD_EINVAL;
    xjd_allocator a;
    xjd_alloc_init(&a, alloc);
    xjd_calendar *c = xjd_calloc(&a, sizeof *c);
    if (!c)
        return XJD_ENOMEM;
    c->alloc = a;
    c->flags = flags;
    if (!(flags & XJD_CAL_EMPTY)) {
        int rc = xjd_calendar_load(c, xjd_calendar_builtin_text, sizeof xjd_calendar_builtin_text - 1);
        if (rc) {
            xjd_calendar_free(c);
            return rc;
        }
    }
    *out = c;
    return 0;
}

int xjd_calendar_clone(xjd_calendar **out, const xjd_calendar *src)
{
    return xjd_calendar_clone_with(out, src, src ? &src->alloc : NULL);
}

int xjd_calendar_clone_with(xjd_calendar **out, const xjd_calendar *src, const xjd_allocator *alloc)
{
    if (!out)
        return XJD_EINVAL;
    *out = NULL;
    if (!src || !alloc)
        return XJD_EINVAL;
    xjd_calendar *c = xjd_calloc(alloc, sizeof *c);
    if (!c)
        return XJD_ENOMEM;
    c->alloc = *alloc;
    c->flags = src->flags;
    if (layers_copy(&c->alloc, c->layer, src->layer)) {
        xjd_free(&c->alloc, c);
        return XJD_ENOMEM;
    }
    *out = c;
    return 0;
}

void xjd_calendar_free(xjd_calendar *c)
{
    if (!c)
        return;
    xjd_allocator a = c->alloc;
    layers_free(&a, c->layer);
    xjd_free(&a, c);
}

int xjd_calendar_covers(const xjd_calendar *c, int year)
{
    if (!c)
        return 0;
    const cal_year *nat, *reg;
    bool covered;
    year_lookup(c, year, &nat, &reg, &covered);
    return covered ? 1 : 0;
}

static bool date_ok(xjd_date d) { return xjd_date_valid(d.year, d.month, d.day); }

/* A walk over consecutive days that looks a year's layers up once per year. Called on every
 * share evaluation: running counters, no allocation. */
typedef struct walk {
    const xjd_calendar *c;
    int64_t z;                     /* the day, as days since 1970-01-01 */
    int y, doy, ylen, wd;          /* its year, day of the year (0-based), year length, weekday */
    const cal_year *nat, *reg;     /* layers in use that have year y (NULL: not in use, or lacks it) */
    const cal_year *nat_c, *reg_c; /* the same without unconfirmed layer-years */
    bool covered;
} walk;

static void walk_year(walk *w)
{
    year_lookup(w->c, w->y, &w->nat, &w->reg, &w->covered);
    w->ylen = is_leap(w->y) ? 366 : 365;
    w->nat_c = w->nat && !w->nat->unconfirmed ? w->nat : NULL;
    w->reg_c = w->reg && !w->reg->unconfirmed ? w->reg : NULL;
}

static void walk_init(walk *w, const xjd_calendar *c, xjd_date d)
{
    w->c = c;
    w->y = d.year;
    w->z = xjd_days_from_civil(d.year, d.month, d.day);
    w->doy = (int)(w->z - xjd_days_from_civil(d.year, 1, 1));
    w->wd = xjd_weekday(w->z);
    walk_year(w);
}

/* One day on; false past 9999-12-31 (the last date an xjd_date holds). */
static bool walk_next(walk *w)
{
    if (w->doy + 1 == w->ylen) {
        if (w->y == 9999)
            return false;
        w->y++;
        walk_year(w);
        w->doy = 0;
    } else {
        w->doy++;
    }
    w->z++;
    w->wd = w->wd == 6 ? 0 : w->wd + 1;
    return true;
}

/* One day back; false before 0001-01-01. */
static bool walk_prev(walk *w)
{
    if (w->doy == 0) {
        if (w->y == 1)
            return false;
        w->y--;
        walk_year(w);
        w->doy = w->ylen - 1;
    } else {
        w->doy--;
    }
    w->z--;
    w->wd = w->wd == 0 ? 6 : w->wd - 1;
    return true;
}

/* Whether the walk's day is a working day; ORs its XJD_CAL_ESTIMATED / XJD_CAL_UNCONFIRMED
 * bits into *flags. A day is unconfirmed when an unconfirmed layer-year decides it: without
 * that layer-year the day would be judged the other way (a holiday it adds on a day otherwise
 * worked, a make-up day it adds). Its holiday on a weekend, or on a national holiday, decides
 * nothing, so a count through it gets no warning it does not need. */
static inline bool walk_judge(const walk *w, unsigned *flags)
{
    bool on = judge(w->nat, w->reg, w->y, w->doy, w->wd);
    if (!w->covered)
        *flags |= XJD_CAL_ESTIMATED;
    if ((w->nat != w->nat_c || w->reg != w->reg_c) && on != judge(w->nat_c, w->reg_c, w->y, w->doy, w->wd))
        *flags |= XJD_CAL_UNCONFIRMED;
    return on;
}

int xjd_calendar_is_workday(int *out, int *out_estimated, const xjd_calendar *c, xjd_date date)
{
    if (!out || !c || !date_ok(date))
        return XJD_EINVAL;
    walk w;
    walk_init(&w, c, date);
    unsigned flags = 0;
    *out = walk_judge(&w, &flags);
    if (out_estimated)
        *out_estimated = (flags & XJD_CAL_ESTIMATED) != 0;
    return 0;
}

int xjd_calendar_add_workdays(xjd_date *out, unsigned *out_flags, const xjd_calendar *c, xjd_date start,
                              int n)
{
    if (!out || !c || n < 1 || !date_ok(start))
        return XJD_EINVAL;
    walk w;
    walk_init(&w, c, start);
    unsigned flags = 0;
    while (n > 0) {
        if (!walk_next(&w))
            return XJD_ECALENDAR;
        n -= walk_judge(&w, &flags);
    }
    *out = xjd_civil_from_days(w.z);
    if (out_flags)
        *out_flags = flags;
    return 0;
}

/* CBDF-2024 Art. 9: the extension is applied for "within the 60 working days before expiry"; the
 * window ends on the last valid day and holds exactly n working days, so `end` counts when it is
 * a working day and the walk stops on the n-th working day met going back. */
int xjd_calendar_window_start(xjd_date *out, unsigned *out_flags, const xjd_calendar *c, xjd_date end,
                              int n)
{
    if (!out || !c || n < 1 || !date_ok(end))
        return XJD_EINVAL;
    walk w;
    walk_init(&w, c, end);
    unsigned flags = 0;
    for (;;) {
        n -= walk_judge(&w, &flags);
        if (n == 0)
            break;
        if (!walk_prev(&w))
            return XJD_ECALENDAR;
    }
    *out = xjd_civil_from_days(w.z);
    if (out_flags)
        *out_flags = flags;
    return 0;
}
