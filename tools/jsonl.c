/* SPDX-License-Identifier: MIT */
/* eval --jsonl: the JSON Lines streamer, one decision (or error) line per input line. */
#include "cli.h"
#include "evallog.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

void error_json(buf *b, const char *file, long line, const docerr *e)
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

void flush_out(buf *b)
{
    if (b->len) {
        fwrite(b->p, 1, b->len, stdout);
        b->len = 0;
    }
    fflush(stdout);
}

/* JSON Lines over one input: reads with read(2) and flushes output before blocking, so a
 * producer waiting for each answer never deadlocks, and a file streams at full speed. */
int jsonl_stream(evalctx *c, int fd, const char *file, bool name_file)
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
            if (c->elog) { /* --log: the batch is due, or input comes first */
                if (evallog_wait(c, fd) < 0) {
                    bad = 1;
                    break;
                }
            } else if (c->out.len) {
                flush_out(&c->out);
            }
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
        } else {
            int r = eval_one(c, line, len, &e, NULL);
            if (r == -2) { /* the log refused: stop (the message is out) */
                bad = 1;
                break;
            }
            if (r < 0) {
                error_json(&c->out, name_file ? file : NULL, lineno, &e);
                bad = 1;
            }
        }
        if (c->out.len > (1u << 16)) {
            if (c->elog)
                evallog_text(c);
            else
                flush_out(&c->out);
        }
    }
    buf_free(&in);
    return bad;
}
