/* SPDX-License-Identifier: MIT */
/* xjdata national list|show: the national rule sets the engine applies (built-in and loaded). */
#include "cli.h"

#include <cbor.h>
#include <stdlib.h>
#include <string.h>

/* A national set document (CBOR, validated by the library) as JSON, for --format json. */
static json_t *to_json(const cbor_item_t *it)
{
    switch (cbor_typeof(it)) {
    case CBOR_TYPE_UINT: return json_integer((json_int_t)cbor_get_int(it));
    case CBOR_TYPE_NEGINT: return json_integer(-1 - (json_int_t)cbor_get_int(it));
    case CBOR_TYPE_STRING:
        return json_stringn((const char *)cbor_string_handle(it), cbor_string_length(it));
    case CBOR_TYPE_ARRAY: {
        json_t *a = json_array();
        for (size_t i = 0; i < cbor_array_size(it); i++)
            json_array_append_new(a, to_json(cbor_array_handle(it)[i]));
        return a;
    }
    case CBOR_TYPE_MAP: {
        json_t *m = json_object();
        struct cbor_pair *p = cbor_map_handle(it);
        for (size_t i = 0; i < cbor_map_size(it); i++) {
            char *k = strndup((const char *)cbor_string_handle(p[i].key), cbor_string_length(p[i].key));
            json_object_set_new(m, k, to_json(p[i].value));
            free(k);
        }
        return m;
    }
    case CBOR_TYPE_FLOAT_CTRL:
        if (cbor_is_bool(it))
            return json_boolean(cbor_get_bool(it));
        return json_null();
    default: return json_null();
    }
}

static int show_json(const uint8_t *doc, size_t len)
{
    struct cbor_load_result res;
    cbor_item_t *it = cbor_load(doc, len, &res);
    if (!it || res.error.code != CBOR_ERR_NONE) {
        msg("national: the set's document could not be read");
        return EXIT_USAGE;
    }
    json_t *j = to_json(it);
    cbor_decref(&it);
    char *s = json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS);
    json_decref(j);
    if (!s)
        return EXIT_USAGE;
    printf("%s\n", s);
    free(s);
    return EXIT_DECIDED;
}

/* Text of member `key` of a set's document, or "" (the document is the library's, validated). */
static const char *member(const cbor_item_t *m, const char *key, char *out, size_t cap)
{
    struct cbor_pair *p = cbor_map_handle(m);
    out[0] = '\0';
    for (size_t i = 0; i < cbor_map_size(m); i++)
        if (cbor_string_length(p[i].key) == strlen(key) &&
            memcmp(cbor_string_handle(p[i].key), key, strlen(key)) == 0) {
            if (cbor_isa_string(p[i].value))
                snprintf(out, cap, "%.*s", (int)cbor_string_length(p[i].value),
                         (const char *)cbor_string_handle(p[i].value));
            else if (cbor_is_null(p[i].value))
                snprintf(out, cap, "-");
        }
    return out;
}

/* The id, law and dates of the engine's i-th set (its document is the library's, validated). */
static int set_summary(const xjd_engine *e, size_t i, char id[96], char law[96], char from[16], char until[16],
                       const uint8_t **doc_out, size_t *len_out)
{
    const uint8_t *doc;
    size_t len;
    if (xjd_engine_national_document(&doc, &len, e, i) < 0)
        return -1;
    struct cbor_load_result res;
    cbor_item_t *it = cbor_load(doc, len, &res);
    if (!it || !cbor_isa_map(it)) {
        if (it)
            cbor_decref(&it);
        return -1;
    }
    member(it, "id", id, 96);
    member(it, "law", law, 96);
    member(it, "in_force", from, 16);
    member(it, "until", until, 16);
    cbor_decref(&it);
    if (doc_out)
        *doc_out = doc, *len_out = len;
    return 0;
}

void national_list_json(buf *b, const xjd_engine *e)
{
    buf_addc(b, '[');
    bool first = true;
    for (size_t i = 0; i < xjd_engine_national_count(e); i++) {
        char id[96], law[96], from[16], until[16];
        if (set_summary(e, i, id, law, from, until, NULL, NULL) < 0)
            continue;
        buf_adds(b, first ? "{" : ",{");
        first = false;
        jw_key(b, "id");
        jw_str(b, id);
        buf_addc(b, ',');
        jw_key(b, "law");
        jw_str(b, law);
        buf_addc(b, ',');
        jw_key(b, "in_force");
        jw_str(b, from);
        buf_addc(b, ',');
        jw_key(b, "until");
        if (strcmp(until, "-") == 0 || !until[0])
            buf_adds(b, "null");
        else
            jw_str(b, until);
        buf_addc(b, '}');
    }
    buf_addc(b, ']');
}

int cmd_national(int argc, char **argv)
{
    opt opts[] = {{"format", true, NULL}, {"national", true, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos, status = EXIT_USAGE;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_NATIONAL, &helped) < 0)
        return free(pos), EXIT_USAGE;
    if (helped)
        return free(pos), EXIT_DECIDED;
    int json = parse_format(opts, "text", "json");
    bool list = npos == 1 && strcmp(pos[0], "list") == 0;
    bool show = npos == 2 && strcmp(pos[0], "show") == 0;
    if (json < 0 || (!list && !show)) {
        if (json >= 0)
            msg("national: expected list or show ID (see xjdata national --help)");
        return free(pos), EXIT_USAGE;
    }
    const char *want = show ? pos[1] : NULL;
    free(pos);
    xjd_options *o = NULL;
    xjd_engine *e = NULL;
    int rc = xjd_options_new(&o, NULL);
    if (rc < 0 || load_national_files(o, argc, argv) < 0 || (rc = xjd_engine_new(&e, o)) < 0) {
        if (rc < 0)
            msg("national: %s", xjd_strerror(rc));
        goto done;
    }
    bool found = false;
    if (list && json) { /* the listing the server gives at GET /v1/national */
        buf b = {0};
        national_list_json(&b, e);
        buf_addc(&b, '\n');
        fwrite(b.p, 1, b.len, stdout);
        buf_free(&b);
        status = EXIT_DECIDED;
        goto done;
    }
    for (size_t i = 0; i < xjd_engine_national_count(e); i++) {
        const uint8_t *doc;
        size_t len;
        char id[96], law[96], from[16], until[16];
        if (set_summary(e, i, id, law, from, until, &doc, &len) < 0)
            continue;
        if (show) {
            if (strcmp(id, want) != 0)
                continue;
            found = true;
            status = show_json(doc, len); /* the set's document is JSON in either format */
            break;
        }
        printf("%-20s law %-16s in force %s .. %s\n", id, law, from, strcmp(until, "-") == 0 ? "" : until);
    }
    if (list) {
        status = EXIT_DECIDED;
    } else if (!found) {
        msg("national show: no set \"%s\" (see xjdata national list)", want);
        status = EXIT_USAGE;
    }
done:
    xjd_engine_free(e);
    xjd_options_free(o);
    return status;
}
