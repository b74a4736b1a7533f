/* SPDX-License-Identifier: MIT */
/*
 * Signed checkpoints, RFC 9942 receipts, log entries, records with receipts and batch records
 * (docs/decision-log.md, docs/log.cddl).
 *
 * A checkpoint is a COSE_Sign1 over the Merkle root of the log's first `size` entries, with
 * the size and time in its protected header. An inclusion receipt reuses that checkpoint's
 * protected header and signature, leaves the payload out (the verifier recomputes the root from
 * the entry and the proof, RFC 9942 §5) and carries the proof in its unprotected header: a batch
 * of receipts costs one signature. Receipts ride in a record's unprotected header (label 394),
 * which the record's signature does not cover, so adding one leaves the record valid.
 */
#include "receipt.h"
#include "cose.h"
#include "decision.h"
#include "key.h"
#include "merkle.h"
#include "record.h"

#include <sodium.h>
#include <string.h>

static _Thread_local char rerr[XJD_ERRMSG_MAX];

const char *xjd_receipt_errmsg(void) { return rerr; }

#define FAIL(code, ...) (xjd_seterr(rerr, sizeof rerr, __VA_ARGS__), (code))

/* Copies what a writer built into the caller's buffer (out == NULL: the length only). */
static int emit(uint8_t *out, size_t cap, size_t *out_len, const xjd_cw *w)
{
    if (w->err)
        return w->err;
    *out_len = w->len;
    if (!out)
        return 0;
    if (cap < w->len)
        return XJD_EBUFSIZE;
    memcpy(out, w->p, w->len);
    return 0;
}

static const xjd_allocator *std_alloc(void)
{
    static xjd_allocator a;
    static int init;
    if (!init) { /* benign race: every thread writes the same values */
        xjd_alloc_init(&a, NULL);
        init = 1;
    }
    return &a;
}

/* A tiny reader of CBOR heads for the fixed shapes of entries and batch records. 0 or -1. */
static int head(const uint8_t *p, size_t len, size_t *at, unsigned *major, uint64_t *val)
{
    if (*at >= len)
        return -1;
    uint8_t b = p[(*at)++];
    *major = b >> 5;
    uint8_t ai = b & 0x1f;
    if (ai < 24) {
        *val = ai;
        return 0;
    }
    if (ai > 27)
        return -1; /* indefinite lengths and reserved values: not in these shapes */
    size_t w = (size_t)1 << (ai - 24);
    if (len - *at < w)
        return -1;
    uint64_t v = 0;
    for (size_t i = 0; i < w; i++)
        v = (v << 8) | p[(*at)++];
    *val = v;
    return 0;
}

/* ---- entries ---- */

size_t xjd_entry_head(uint8_t out[24], uint64_t index, int kind, size_t content_len)
{
    xjd_cw w;
    xjd_cw_init_fixed(&w, out, 24);
    out[0] = 0x00; /* the leaf prefix of RFC 9162 */
    w.len = 1;
    xjd_cw_array(&w, 3);
    xjd_cw_uint(&w, index);
    xjd_cw_uint(&w, (uint64_t)kind);
    xjd_cw_head(&w, XJD_CM_BYTES, content_len);
    return w.len;
}

int xjd_log_entry_encode(uint8_t *out, size_t cap, size_t *out_len, uint64_t index, xjd_entry_kind kind,
                         const uint8_t *content, size_t len)
{
    if (!out_len || (!content && len) || kind < XJD_ENTRY_BYTES || kind > XJD_ENTRY_PAYLOAD)
        return XJD_EINVAL;
    uint8_t h[24];
    size_t hl = xjd_entry_head(h, index, (int)kind, len) - 1;
    *out_len = hl + len;
    if (!out)
        return 0;
    if (cap < hl + len)
        return XJD_EBUFSIZE;
    memcpy(out, h + 1, hl);
    if (len)
        memcpy(out + hl, content, len);
    return 0;
}

int xjd_log_entry_decode(uint64_t *out_index, xjd_entry_kind *out_kind, const uint8_t **out_content,
                         size_t *out_len, const uint8_t *entry, size_t len)
{
    if (!out_index || !out_kind || !out_content || !out_len || (!entry && len))
        return XJD_EINVAL;
    size_t at = 0;
    unsigned mj;
    uint64_t n, idx, kind, blen;
    if (head(entry, len, &at, &mj, &n) || mj != 4 || n != 3)
        return FAIL(XJD_EINPUT, "entry byte 0: not an array of 3 items [index, kind, content]");
    if (head(entry, len, &at, &mj, &idx) || mj != 0)
        return FAIL(XJD_EINPUT, "entry byte 1: the index is not an unsigned integer");
    size_t k = at;
    if (head(entry, len, &at, &mj, &kind) || mj != 0 || kind > XJD_ENTRY_PAYLOAD)
        return FAIL(XJD_EINPUT, "entry byte %zu: the kind is not 0, 1 or 2", k);
    k = at;
    if (head(entry, len, &at, &mj, &blen) || mj != 2 || blen != len - at)
        return FAIL(XJD_EINPUT, "entry byte %zu: the content is not one byte string filling the entry", k);
    *out_index = idx;
    *out_kind = (xjd_entry_kind)kind;
    *out_content = entry + at;
    *out_len = (size_t)blen;
    return 0;
}

/* ---- checkpoints ---- */

/* {1: -8, 4: kid, 15: {1: iss, 6: iat}, 395: 1, -65537: size}, keys in bytewise order of
 * their encodings (01, 04, 0f, 19 01 8b, 3a 00 01 00 00). */
static size_t cp_protected(uint8_t out[160], const xjd_tree_head *h, const uint8_t kid[32])
{
    char iss[33];
    sodium_bin2hex(iss, sizeof iss, h->log_id, 16);
    xjd_cw w;
    xjd_cw_init_fixed(&w, out, 160);
    xjd_cw_map(&w, 5);
    xjd_cw_int(&w, 1);
    xjd_cw_int(&w, XJD_COSE_ALG_EDDSA);
    xjd_cw_int(&w, 4);
    xjd_cw_bytes(&w, kid, 32);
    xjd_cw_int(&w, XJD_COSE_CWT_CLAIMS);
    xjd_cw_map(&w, 2);
    xjd_cw_int(&w, 1); /* iss */
    xjd_cw_text(&w, iss, 32);
    xjd_cw_int(&w, 6); /* iat */
    xjd_cw_int(&w, h->time);
    xjd_cw_int(&w, XJD_COSE_VDS);
    xjd_cw_int(&w, XJD_VDS_RFC9162_SHA256);
    xjd_cw_int(&w, XJD_COSE_TREE_SIZE);
    xjd_cw_uint(&w, h->size);
    return w.err ? 0 : w.len;
}

int xjd_checkpoint_make(xjd_cw *out, xjd_cp_parts *parts, const xjd_tree_head *h, const xjd_key *key)
{
    if (!key || !key->sk)
        return XJD_ENOKEY;
    parts->prot_len = cp_protected(parts->prot, h, key->kid);
    uint8_t tbs[256];
    xjd_cw t;
    xjd_cw_init_fixed(&t, tbs, sizeof tbs);
    xjd_cose_tbs(&t, parts->prot, parts->prot_len, NULL, 0, h->root, 32);
    if (t.err || !parts->prot_len)
        return XJD_EINVAL;
    crypto_sign_detached(parts->sig, NULL, t.p, t.len, key->sk);
    xjd_cw_tag(out, XJD_COSE_TAG);
    xjd_cw_array(out, 4);
    xjd_cw_bytes(out, parts->prot, parts->prot_len);
    xjd_cw_map(out, 0);
    xjd_cw_bytes(out, h->root, 32);
    xjd_cw_bytes(out, parts->sig, 64);
    return out->err;
}

int xjd_checkpoint_sign(uint8_t *out, size_t cap, size_t *out_len, const xjd_tree_head *head_, const xjd_key *key)
{
    if (!out_len || !head_ || !key)
        return XJD_EINVAL;
    uint8_t buf[320];
    xjd_cw w;
    xjd_cw_init_fixed(&w, buf, sizeof buf);
    xjd_cp_parts parts;
    int rc = xjd_checkpoint_make(&w, &parts, head_, key);
    if (rc)
        return rc;
    return emit(out, cap, out_len, &w);
}

/* The tree head a checkpoint or receipt's protected header states (root left zero). */
static int head_of(xjd_tree_head *h, const xjd_cose_msg *m, const xjd_cdoc *hdr)
{
    memset(h, 0, sizeof *h);
    if (!m->kid || !m->kid_protected || m->kid_len != 32)
        return FAIL(XJD_EKID, "no 32-byte kid (label 4) in the protected header");
    memcpy(h->kid, m->kid, 32);
    if (!m->prot_len)
        return FAIL(XJD_EPROOF, "empty protected header: not a checkpoint or receipt");
    const xjd_cnode *n = hdr->nodes;
    long v = xjd_cbor_map_get_int(hdr, 0, XJD_COSE_VDS);
    if (v < 0 || n[v].type != XC_UINT || n[v].u != XJD_VDS_RFC9162_SHA256)
        return FAIL(XJD_EPROOF, "protected header: vds (395) is not 1 (RFC9162_SHA256)");
    v = xjd_cbor_map_get_int(hdr, 0, XJD_COSE_TREE_SIZE);
    if (v < 0 || n[v].type != XC_UINT || n[v].u > (UINT64_C(1) << 62))
        return FAIL(XJD_EPROOF, "protected header: no tree size (label -65537)");
    h->size = n[v].u;
    long c = xjd_cbor_map_get_int(hdr, 0, XJD_COSE_CWT_CLAIMS);
    if (c < 0 || n[c].type != XC_MAP)
        return FAIL(XJD_EPROOF, "protected header: no CWT claims (label 15)");
    long iss = xjd_cbor_map_get_int(hdr, (size_t)c, 1), iat = xjd_cbor_map_get_int(hdr, (size_t)c, 6);
    size_t got = 0;
    if (iss < 0 || n[iss].type != XC_TEXT || n[iss].len != 32 ||
        sodium_hex2bin(h->log_id, 16, (const char *)n[iss].ptr, 32, NULL, &got, NULL) != 0 || got != 16)
        return FAIL(XJD_EPROOF, "protected header: CWT iss is not a log id (32 hex characters)");
    if (iat < 0 || xjd_cbor_int(&h->time, &n[iat]))
        return FAIL(XJD_EPROOF, "protected header: CWT iat is not an integer time");
    return 0;
}

/* Parses a checkpoint (attached payload) or receipt (detached) envelope and its tree head. */
static int open_cose(xjd_cose_msg *m, xjd_cdoc *doc, xjd_cdoc *hdr, xjd_tree_head *h, const uint8_t *buf,
                     size_t len, bool receipt)
{
    int rc = xjd_cose_parse(m, doc, hdr, buf, len, NULL, receipt ? XJD_COSE_ALLOW_DETACHED : 0, rerr, sizeof rerr);
    if (rc)
        return rc;
    if (receipt && !m->detached)
        return FAIL(XJD_EPROOF, "a receipt's payload must be detached (nil): the verifier computes the root");
    if (!receipt && m->payload_len != 32)
        return FAIL(XJD_EPROOF, "a checkpoint's payload must be the 32-byte root");
    if ((rc = head_of(h, m, hdr)))
        return rc;
    if (!receipt)
        memcpy(h->root, m->payload, 32);
    return 0;
}

int xjd_checkpoint_parts(xjd_cp_parts *parts, xjd_tree_head *h, const uint8_t *cp, size_t len)
{
    xjd_cdoc doc, hdr;
    xjd_cdoc_init(&doc, std_alloc());
    xjd_cdoc_init(&hdr, std_alloc());
    xjd_cose_msg m;
    int rc = open_cose(&m, &doc, &hdr, h, cp, len, false);
    if (!rc && m.prot_len > sizeof parts->prot)
        rc = FAIL(XJD_EPROOF, "checkpoint: protected header too long");
    if (!rc) {
        memcpy(parts->prot, m.prot, m.prot_len);
        parts->prot_len = m.prot_len;
        memcpy(parts->sig, m.sig, 64);
    }
    xjd_cdoc_free(&doc);
    xjd_cdoc_free(&hdr);
    return rc;
}

/* Signature of a parsed message over `payload` (the attached one, or a computed root). */
static int check_sig(const xjd_cose_msg *m, const uint8_t *payload, size_t plen, const xjd_keyset *ks)
{
    const uint8_t *pk = xjd_keyset_find(ks, m->kid);
    if (!pk) {
        char hex[17];
        sodium_bin2hex(hex, sizeof hex, m->kid, 8);
        return FAIL(XJD_EKID, "kid %s... is not in the key set", hex);
    }
    uint8_t tbs[512];
    xjd_cw t;
    xjd_cw_init_fixed(&t, tbs, sizeof tbs);
    xjd_cose_tbs(&t, m->prot, m->prot_len, NULL, 0, payload, plen);
    if (t.err)
        return FAIL(XJD_EPROOF, "protected header too long");
    return xjd_ed25519_verify(m->sig, m->sig_len, t.p, t.len, pk);
}

int xjd_checkpoint_verify(xjd_tree_head *out, const uint8_t *cp, size_t len, const xjd_keyset *ks)
{
    if (!out || (!cp && len) || !ks)
        return XJD_EINVAL;
    rerr[0] = '\0';
    xjd_cdoc doc, hdr;
    xjd_cdoc_init(&doc, std_alloc());
    xjd_cdoc_init(&hdr, std_alloc());
    xjd_cose_msg m;
    xjd_tree_head h;
    int rc = open_cose(&m, &doc, &hdr, &h, cp, len, false);
    if (!rc) {
        rc = check_sig(&m, m.payload, 32, ks);
        if (rc == XJD_ESIGNATURE)
            xjd_seterr(rerr, sizeof rerr, "the checkpoint's signature does not verify with the key of its kid");
    }
    if (!rc)
        *out = h;
    xjd_cdoc_free(&doc);
    xjd_cdoc_free(&hdr);
    return rc;
}

int xjd_checkpoint_decode(xjd_tree_head *out, const uint8_t *cp, size_t len)
{
    if (!out || (!cp && len))
        return XJD_EINVAL;
    xjd_cp_parts parts;
    return xjd_checkpoint_parts(&parts, out, cp, len);
}

/* ---- receipts ---- */

void xjd_receipt_write(xjd_cw *out, const xjd_cp_parts *parts, int which, uint64_t a, uint64_t b,
                       const uint8_t *path, size_t n)
{
    /* the proof, bstr-wrapped: [a, b, [* bstr]] — its length is known in advance */
    size_t plen = 1 + (a < 24 ? 1 : a < 256 ? 2 : a < 65536 ? 3 : a <= UINT32_MAX ? 5 : 9) +
                  (b < 24 ? 1 : b < 256 ? 2 : b < 65536 ? 3 : b <= UINT32_MAX ? 5 : 9) + (n < 24 ? 1 : 2) + 34 * n;
    xjd_cw_tag(out, XJD_COSE_TAG);
    xjd_cw_array(out, 4);
    xjd_cw_bytes(out, parts->prot, parts->prot_len);
    xjd_cw_map(out, 1);
    xjd_cw_int(out, XJD_COSE_VDP);
    xjd_cw_map(out, 1);
    xjd_cw_int(out, which);
    xjd_cw_array(out, 1);
    xjd_cw_head(out, XJD_CM_BYTES, plen);
    size_t mark = out->len;
    xjd_cw_array(out, 3);
    xjd_cw_uint(out, a);
    xjd_cw_uint(out, b);
    xjd_cw_array(out, n);
    for (size_t i = 0; i < n; i++)
        xjd_cw_bytes(out, path + 32 * i, 32);
    if (!out->err && !out->measure && out->len - mark != plen)
        out->err = XJD_EINVAL; /* the length above is wrong: never emit a broken receipt */
    xjd_cw_null(out);
    xjd_cw_bytes(out, parts->sig, 64);
}

static int receipt_from(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *cp, size_t cp_len, int which,
                        uint64_t a, uint64_t b, const uint8_t *path, size_t n)
{
    if (!out_len || !cp || (!path && n) || n > XJD_MERKLE_MAX_PROOF)
        return XJD_EINVAL;
    xjd_cp_parts parts;
    xjd_tree_head h;
    int rc = xjd_checkpoint_parts(&parts, &h, cp, cp_len);
    if (rc)
        return rc;
    if (which == XJD_VDP_INCLUSION ? b >= h.size || a != h.size : a > h.size || b != h.size)
        return FAIL(XJD_EINVAL, "the proof is not about the checkpoint's tree of %llu entries",
                    (unsigned long long)h.size);
    xjd_cw w;
    xjd_cw_init_grow(&w, std_alloc(), NULL, 0);
    xjd_receipt_write(&w, &parts, which, a, b, path, n);
    rc = emit(out, cap, out_len, &w);
    xjd_free(std_alloc(), w.p);
    return rc;
}

int xjd_receipt_inclusion(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *cp, size_t cp_len, uint64_t index,
                          const uint8_t *path, size_t path_len)
{
    xjd_tree_head h;
    if (!cp || xjd_checkpoint_decode(&h, cp, cp_len))
        return cp ? XJD_EPROOF : XJD_EINVAL;
    return receipt_from(out, cap, out_len, cp, cp_len, XJD_VDP_INCLUSION, h.size, index, path, path_len);
}

int xjd_receipt_consistency(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *cp, size_t cp_len,
                            uint64_t old_size, const uint8_t *proof, size_t proof_len)
{
    xjd_tree_head h;
    if (!cp || xjd_checkpoint_decode(&h, cp, cp_len))
        return cp ? XJD_EPROOF : XJD_EINVAL;
    return receipt_from(out, cap, out_len, cp, cp_len, XJD_VDP_CONSISTENCY, old_size, h.size, proof, proof_len);
}

/* The one proof of a receipt's vdp: [a, b, [path]] into a, b and path (32 * n bytes). */
static int read_proof(const xjd_cose_msg *m, const xjd_cdoc *doc, int which, uint64_t *a, uint64_t *b,
                      uint8_t *path, size_t *n)
{
    const xjd_cnode *nd = doc->nodes;
    long vdp = xjd_cbor_map_get_int(doc, m->unprot_node, XJD_COSE_VDP);
    if (vdp < 0 || nd[vdp].type != XC_MAP)
        return FAIL(XJD_EPROOF, "unprotected header: no verifiable data structure proofs (vdp, 396)");
    long list = xjd_cbor_map_get_int(doc, (size_t)vdp, which);
    if (list < 0 || nd[list].type != XC_ARRAY || nd[list].count != 1 || nd[list + 1].type != XC_BYTES)
        return FAIL(XJD_EPROOF, "vdp: expected exactly one %s proof (label %d)",
                    which == XJD_VDP_INCLUSION ? "inclusion" : "consistency", which);
    const xjd_cnode *pb = &nd[list + 1];
    xjd_cdoc p;
    xjd_cdoc_init(&p, std_alloc());
    xjd_limits lim = { .max_bytes = pb->len, .max_depth = 4, .max_items = XJD_MERKLE_MAX_PROOF, .max_string = 64 };
    int rc = xjd_cbor_parse(&p, pb->ptr, pb->len, &lim, 0);
    const xjd_cnode *q = p.nodes;
    if (rc == XJD_ENOMEM)
        goto done;
    if (rc || q[0].type != XC_ARRAY || q[0].count != 3 || q[1].type != XC_UINT || q[2].type != XC_UINT ||
        q[3].type != XC_ARRAY) {
        rc = FAIL(XJD_EPROOF, "the proof is not [uint, uint, [* bstr]]");
        goto done;
    }
    *a = q[1].u;
    *b = q[2].u;
    *n = q[3].count;
    for (size_t i = 0; i < *n; i++) {
        if (q[4 + i].type != XC_BYTES || q[4 + i].len != 32) {
            rc = FAIL(XJD_EPROOF, "proof element %zu is not a 32-byte hash", i);
            goto done;
        }
        memcpy(path + 32 * i, q[4 + i].ptr, 32);
    }
    rc = 0;
done:
    xjd_cdoc_free(&p);
    return rc;
}

int xjd_receipt_verify(xjd_tree_head *out, uint64_t *out_index, const uint8_t *receipt, size_t len,
                       const uint8_t *entry, size_t entry_len, const xjd_keyset *ks)
{
    if (!receipt || (!entry && entry_len) || !ks)
        return XJD_EINVAL;
    rerr[0] = '\0';
    xjd_cdoc doc, hdr;
    xjd_cdoc_init(&doc, std_alloc());
    xjd_cdoc_init(&hdr, std_alloc());
    xjd_cose_msg m;
    xjd_tree_head h;
    uint8_t path[32 * XJD_MERKLE_MAX_PROOF], leaf[32];
    uint64_t size = 0, index = 0;
    size_t n = 0;
    int rc = open_cose(&m, &doc, &hdr, &h, receipt, len, true);
    if (!rc)
        rc = read_proof(&m, &doc, XJD_VDP_INCLUSION, &size, &index, path, &n);
    if (rc)
        goto done;
    if (size != h.size) {
        rc = FAIL(XJD_EPROOF, "the proof is for a tree of %llu entries, the signed checkpoint has %llu",
                  (unsigned long long)size, (unsigned long long)h.size);
        goto done;
    }
    xjd_merkle_leaf_hash(leaf, entry, entry_len);
    if (xjd_merkle_root_from_inclusion(h.root, index, size, leaf, path, n)) {
        rc = FAIL(XJD_EPROOF, "the inclusion proof does not fit entry %llu of a tree of %llu entries",
                  (unsigned long long)index, (unsigned long long)size);
        goto done;
    }
    rc = check_sig(&m, h.root, 32, ks);
    if (rc == XJD_ESIGNATURE)
        rc = FAIL(XJD_EPROOF, "the signature does not verify over the root this entry's proof gives: the entry "
                              "is not the one logged at %llu, or the receipt was altered",
                  (unsigned long long)index);
    if (!rc) {
        if (out)
            *out = h;
        if (out_index)
            *out_index = index;
    }
done:
    xjd_cdoc_free(&doc);
    xjd_cdoc_free(&hdr);
    return rc;
}

int xjd_receipt_verify_consistency(xjd_tree_head *out, const uint8_t *receipt, size_t len, const xjd_tree_head *old,
                                   const xjd_keyset *ks)
{
    if (!receipt || !old || !ks)
        return XJD_EINVAL;
    rerr[0] = '\0';
    xjd_cdoc doc, hdr;
    xjd_cdoc_init(&doc, std_alloc());
    xjd_cdoc_init(&hdr, std_alloc());
    xjd_cose_msg m;
    xjd_tree_head h;
    uint8_t path[32 * XJD_MERKLE_MAX_PROOF];
    uint64_t s1 = 0, s2 = 0;
    size_t n = 0;
    int rc = open_cose(&m, &doc, &hdr, &h, receipt, len, true);
    if (!rc)
        rc = read_proof(&m, &doc, XJD_VDP_CONSISTENCY, &s1, &s2, path, &n);
    if (rc)
        goto done;
    if (s2 != h.size || s1 != old->size) {
        rc = FAIL(XJD_EPROOF, "the proof goes from %llu to %llu entries, not from %llu to the signed %llu",
                  (unsigned long long)s1, (unsigned long long)s2, (unsigned long long)old->size,
                  (unsigned long long)h.size);
        goto done;
    }
    /* The verifier computes the new root from the old one and the proof (RFC 9942 §5.3): the
     * signature then says whether that root is the one the log signed. */
    if (xjd_merkle_consistency_root(h.root, s1, s2, old->root, path, n)) {
        rc = FAIL(XJD_EPROOF, "the older tree of %llu entries is not a prefix of the signed one of %llu",
                  (unsigned long long)s1, (unsigned long long)s2);
        goto done;
    }
    rc = check_sig(&m, h.root, 32, ks);
    if (rc == XJD_ESIGNATURE)
        rc = FAIL(XJD_EPROOF, "the signature does not verify over the root the consistency proof gives");
    if (!rc && out)
        *out = h;
done:
    xjd_cdoc_free(&doc);
    xjd_cdoc_free(&hdr);
    return rc;
}

/* ---- records with receipts ---- */

/* A record's envelope: where its parts and its receipts are. */
typedef struct rec_view {
    xjd_cose_msg m;
    xjd_cdoc doc, hdr;
    long receipts; /* node of the 394 list, or -1 */
} rec_view;

static int rec_open(rec_view *v, const uint8_t *rec, size_t len)
{
    xjd_cdoc_init(&v->doc, std_alloc());
    xjd_cdoc_init(&v->hdr, std_alloc());
    v->receipts = -1;
    int rc = xjd_cose_parse(&v->m, &v->doc, &v->hdr, rec, len, NULL, 0, rerr, sizeof rerr);
    if (rc)
        return rc;
    const xjd_cnode *n = v->doc.nodes;
    size_t u = v->m.unprot_node;
    /* Only receipts may sit outside the signature of a libxjdata record. */
    for (uint32_t i = 0, k = (uint32_t)u + 1; i < n[u].count; i++, k = n[n[k].next].next) {
        int64_t label;
        if (xjd_cbor_int(&label, &n[k]) || label != XJD_COSE_RECEIPTS)
            return FAIL(XJD_ESHAPE, "unprotected header: a label other than receipts (394)");
        size_t l = n[k].next;
        if (n[l].type != XC_ARRAY)
            return FAIL(XJD_ESHAPE, "unprotected header: receipts (394) is not an array");
        for (uint32_t j = 0, e = (uint32_t)l + 1; j < n[l].count; j++, e = n[e].next)
            if (n[e].type != XC_BYTES)
                return FAIL(XJD_ESHAPE, "unprotected header: receipt %u is not a byte string", j);
        v->receipts = (long)l;
    }
    return 0;
}

static void rec_close(rec_view *v)
{
    xjd_cdoc_free(&v->doc);
    xjd_cdoc_free(&v->hdr);
}

/* The record with unprotected header {394: [existing..., extra?]} (n_keep existing receipts). */
static void rec_write(xjd_cw *w, const rec_view *v, const uint8_t *rec, bool with_receipts, const uint8_t *extra,
                      size_t extra_len)
{
    const xjd_cnode *n = v->doc.nodes;
    size_t have = v->receipts >= 0 ? n[v->receipts].count : 0;
    size_t total = with_receipts ? have + (extra ? 1 : 0) : 0;
    xjd_cw_tag(w, XJD_COSE_TAG);
    xjd_cw_array(w, 4);
    xjd_cw_bytes(w, v->m.prot, v->m.prot_len);
    if (total) {
        xjd_cw_map(w, 1);
        xjd_cw_uint(w, XJD_COSE_RECEIPTS);
        xjd_cw_array(w, total);
        if (have) { /* the existing receipts byte for byte */
            size_t first = (size_t)v->receipts + 1;
            size_t from = n[first].off, to = n[v->receipts].end;
            xjd_cw_raw(w, v->doc.buf + from, to - from);
        }
        if (extra)
            xjd_cw_bytes(w, extra, extra_len);
    } else {
        xjd_cw_map(w, 0);
    }
    (void)rec;
    xjd_cw_bytes(w, v->m.payload, v->m.payload_len);
    xjd_cw_bytes(w, v->m.sig, v->m.sig_len);
}

int xjd_record_add_receipt(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *record, size_t len,
                           const uint8_t *receipt, size_t receipt_len)
{
    if (!out_len || !record || !receipt)
        return XJD_EINVAL;
    rec_view v;
    int rc = rec_open(&v, record, len);
    if (!rc) {
        xjd_cw w;
        xjd_cw_init_grow(&w, std_alloc(), NULL, 0);
        rec_write(&w, &v, record, true, receipt, receipt_len);
        rc = emit(out, cap, out_len, &w);
        xjd_free(std_alloc(), w.p);
    }
    rec_close(&v);
    return rc;
}

int xjd_record_without_receipts(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *record, size_t len)
{
    if (!out_len || !record)
        return XJD_EINVAL;
    rec_view v;
    int rc = rec_open(&v, record, len);
    if (!rc) {
        xjd_cw w;
        xjd_cw_init_grow(&w, std_alloc(), NULL, 0);
        rec_write(&w, &v, record, false, NULL, 0);
        rc = emit(out, cap, out_len, &w);
        xjd_free(std_alloc(), w.p);
    }
    rec_close(&v);
    return rc;
}

int xjd_record_receipt_count(size_t *out, const uint8_t *record, size_t len)
{
    if (!out || !record)
        return XJD_EINVAL;
    rec_view v;
    int rc = rec_open(&v, record, len);
    if (!rc)
        *out = v.receipts >= 0 ? v.doc.nodes[v.receipts].count : 0;
    rec_close(&v);
    return rc;
}

int xjd_record_receipt(const uint8_t **out, size_t *out_len, const uint8_t *record, size_t len, size_t i)
{
    if (!out || !out_len || !record)
        return XJD_EINVAL;
    rec_view v;
    int rc = rec_open(&v, record, len);
    if (!rc) {
        const xjd_cnode *n = v.doc.nodes;
        if (v.receipts < 0 || i >= n[v.receipts].count) {
            rc = XJD_ENOTFOUND;
        } else {
            size_t e = (size_t)v.receipts + 1;
            for (size_t j = 0; j < i; j++)
                e = n[e].next;
            *out = n[e].ptr;
            *out_len = n[e].len;
        }
    }
    rec_close(&v);
    return rc;
}

/* The leaf index a receipt claims, to rebuild the entry it proves: read without trusting it (a
 * wrong index gives another leaf, and the signature check that follows fails). */
static int claimed_index(uint64_t *out, const uint8_t *receipt, size_t len)
{
    xjd_cdoc doc, hdr;
    xjd_cdoc_init(&doc, std_alloc());
    xjd_cdoc_init(&hdr, std_alloc());
    xjd_cose_msg m;
    xjd_tree_head h;
    uint8_t path[32 * XJD_MERKLE_MAX_PROOF];
    uint64_t size = 0;
    size_t n = 0;
    int rc = open_cose(&m, &doc, &hdr, &h, receipt, len, true);
    if (!rc)
        rc = read_proof(&m, &doc, XJD_VDP_INCLUSION, &size, out, path, &n);
    xjd_cdoc_free(&doc);
    xjd_cdoc_free(&hdr);
    return rc;
}

int xjd_record_verify_receipt(xjd_tree_head *out, uint64_t *out_index, const uint8_t *record, size_t len, size_t i,
                              const xjd_keyset *ks)
{
    if (!record || !ks)
        return XJD_EINVAL;
    const uint8_t *r;
    size_t rl;
    int rc = xjd_record_receipt(&r, &rl, record, len, i);
    if (rc)
        return rc;
    uint64_t index = 0;
    rc = claimed_index(&index, r, rl);
    if (rc)
        return rc;
    xjd_cw w;
    xjd_cw_init_grow(&w, std_alloc(), NULL, 0);
    rec_view v;
    rc = rec_open(&v, record, len);
    if (!rc) {
        uint8_t eh[24];
        size_t bare = 0;
        /* the bare record's length: measure it */
        xjd_cw meas;
        xjd_cw_init_measure(&meas);
        rec_write(&meas, &v, record, false, NULL, 0);
        bare = meas.len;
        size_t hl = xjd_entry_head(eh, index, XJD_ENTRY_RECORD, bare);
        xjd_cw_raw(&w, eh + 1, hl - 1);
        rec_write(&w, &v, record, false, NULL, 0);
        rc = w.err;
    }
    rec_close(&v);
    if (!rc)
        rc = xjd_receipt_verify(out, out_index, r, rl, w.p, w.len, ks);
    xjd_free(std_alloc(), w.p);
    return rc;
}

/* ---- batch records ---- */

int xjd_batch_record_encode(uint8_t *out, size_t cap, size_t *out_len, const uint8_t *payload, size_t plen,
                            const uint8_t *receipt, size_t receipt_len)
{
    if (!out_len || !payload || !receipt)
        return XJD_EINVAL;
    /* straight into the caller's buffer: one per decision of a batch */
    xjd_cw w;
    if (out)
        xjd_cw_init_fixed(&w, out, cap);
    else
        xjd_cw_init_measure(&w);
    for (int pass = 0; pass < 2; pass++) {
        xjd_cw_array(&w, 2);
        xjd_cw_bytes(&w, payload, plen);
        xjd_cw_array(&w, 1);
        xjd_cw_bytes(&w, receipt, receipt_len);
        if (w.err != XJD_EBUFSIZE)
            break;
        xjd_cw_init_measure(&w); /* too small: say how much is needed */
    }
    *out_len = w.len;
    if (out && w.measure)
        return XJD_EBUFSIZE;
    return w.err;
}

int xjd_batch_record_verify(xjd_decision *d, xjd_tree_head *head_out, uint64_t *index_out, const uint8_t *rec,
                            size_t len, const xjd_keyset *ks, const xjd_record_limits *limits)
{
    if (!d || !rec || !ks)
        return XJD_EINVAL;
    xjd_decision_reset(d);
    size_t at = 0;
    unsigned mj;
    uint64_t v, plen, nrec, rlen;
    if (head(rec, len, &at, &mj, &v) || mj != 4 || v != 2 || head(rec, len, &at, &mj, &plen) || mj != 2 ||
        plen > len - at) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "byte 0: a batch record is [bstr payload, [+ bstr receipt]]");
        return XJD_ESHAPE;
    }
    const uint8_t *payload = rec + at;
    at += (size_t)plen;
    if (head(rec, len, &at, &mj, &nrec) || mj != 4 || nrec < 1 || head(rec, len, &at, &mj, &rlen) || mj != 2 ||
        rlen > len - at) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "byte %zu: a batch record's receipts are [+ bstr]", at);
        return XJD_ESHAPE;
    }
    const uint8_t *receipt = rec + at;
    at += (size_t)rlen;
    for (uint64_t i = 1; i < nrec; i++) { /* further receipts: skipped, but the shape must hold */
        uint64_t l;
        if (head(rec, len, &at, &mj, &l) || mj != 2 || l > len - at) {
            xjd_seterr(d->errmsg, sizeof d->errmsg, "byte %zu: receipt %llu is not a byte string", at,
                       (unsigned long long)i);
            return XJD_ESHAPE;
        }
        at += (size_t)l;
    }
    if (at != len) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "byte %zu: %zu bytes after the batch record", at, len - at);
        return XJD_ETRAILING;
    }
    /* the receipt's index, to build the entry; then the receipt against it */
    xjd_tree_head h;
    uint64_t index = 0;
    int rc = claimed_index(&index, receipt, (size_t)rlen);
    uint8_t *entry = NULL;
    size_t elen = 0;
    if (!rc) {
        uint8_t eh[24];
        size_t hl = xjd_entry_head(eh, index, XJD_ENTRY_PAYLOAD, (size_t)plen);
        elen = hl - 1 + (size_t)plen;
        entry = xjd_malloc(std_alloc(), elen);
        if (!entry) {
            rc = XJD_ENOMEM;
        } else {
            memcpy(entry, eh + 1, hl - 1);
            memcpy(entry + hl - 1, payload, (size_t)plen);
            rc = xjd_receipt_verify(&h, &index, receipt, (size_t)rlen, entry, elen, ks);
        }
    }
    xjd_free(std_alloc(), entry);
    if (rc) {
        xjd_seterr(d->errmsg, sizeof d->errmsg, "receipt: %s", rerr[0] ? rerr : xjd_strerror(rc));
        return rc;
    }
    if ((rc = xjd_record_open_payload(d, payload, (size_t)plen, limits)))
        return rc;
    /* the evidence is the batch record; the signer is the checkpoint's */
    xjd_cw w;
    xjd_cw_init_grow(&w, &d->a, d->rec, d->rec_cap);
    xjd_cw_raw(&w, rec, len);
    d->rec = w.p;
    d->rec_cap = w.cap;
    if (w.err)
        return w.err;
    d->rec_len = len;
    memcpy(d->kid, h.kid, 32);
    d->has_record = true;
    d->verified = true;
    if (head_out)
        *head_out = h;
    if (index_out)
        *index_out = index;
    return 0;
}
