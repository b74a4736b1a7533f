/* SPDX-License-Identifier: MIT */
/* COSE_Sign1 with EdDSA/Ed25519: signing, envelope parsing under limits, verification. */
#include "cose.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

size_t xjd_cose_record_protected(uint8_t out[XJD_COSE_PROT_MAX], const uint8_t kid[32])
{
    xjd_cw w;
    xjd_cw_init_fixed(&w, out, XJD_COSE_PROT_MAX);
    xjd_cw_map(&w, 3);
    xjd_cw_int(&w, 1); /* alg */
    xjd_cw_int(&w, XJD_COSE_ALG_EDDSA);
    xjd_cw_int(&w, 3); /* content type */
    xjd_cw_cstr(&w, XJD_RECORD_CONTENT_TYPE);
    xjd_cw_int(&w, 4); /* kid */
    xjd_cw_bytes(&w, kid, 32);
    return w.len;
}

void xjd_cose_tbs(xjd_cw *w, const uint8_t *prot, size_t prot_len, const uint8_t *aad, size_t aad_len,
                  const uint8_t *payload, size_t payload_len)
{
    xjd_cw_array(w, 4);
    xjd_cw_text(w, "Signature1", 10);
    xjd_cw_bytes(w, prot, prot_len);
    xjd_cw_bytes(w, aad, aad_len);
    xjd_cw_bytes(w, payload, payload_len);
}

int xjd_cose_sign1(xjd_cw *out, xjd_cw *tbs, const xjd_key *key, bool tagged, const uint8_t *prot,
                   size_t prot_len, const uint8_t *unprot, size_t unprot_len, const uint8_t *aad, size_t aad_len,
                   const uint8_t *payload, size_t payload_len)
{
    if (!key || !key->sk)
        return XJD_ENOKEY;
    uint8_t sig[XJD_SIG_BYTES];
    tbs->len = 0;
    tbs->err = 0;
    xjd_cose_tbs(tbs, prot, prot_len, aad, aad_len, payload, payload_len);
    if (tbs->err)
        return tbs->err;
    crypto_sign_detached(sig, NULL, tbs->p, tbs->len, key->sk);
    if (tagged)
        xjd_cw_tag(out, XJD_COSE_TAG);
    xjd_cw_array(out, 4);
    xjd_cw_bytes(out, prot, prot_len);
    xjd_cw_raw(out, unprot, unprot_len);
    xjd_cw_bytes(out, payload, payload_len);
    xjd_cw_bytes(out, sig, sizeof sig);
    return out->err;
}

int xjd_ed25519_verify(const uint8_t *sig, size_t sig_len, const uint8_t *msg, size_t msg_len, const uint8_t pk[32])
{
    if (sig_len != XJD_SIG_BYTES)
        return XJD_ESIGNATURE;
    /* libsodium 1.0.18 (built without ED25519_COMPAT) already refuses S >= L, a small-order R,
     * and a non-canonical or small-order public key; the Wycheproof suite pins that down. */
    return crypto_sign_verify_detached(sig, msg, msg_len, pk) == 0 ? 0 : XJD_ESIGNATURE;
}

/* ---- parsing and verification ---- */

#define ERR(code, ...) (xjd_seterr(errmsg, errcap, __VA_ARGS__), (code))

static bool label_eq(const xjd_cnode *a, const xjd_cnode *b)
{
    if (a->type != b->type)
        return false;
    if (a->type == XC_TEXT)
        return a->len == b->len && memcmp(a->ptr, b->ptr, a->len) == 0;
    return a->u == b->u;
}

/* A label for a message: the integer, or the text with anything but printable ASCII as '?'. */
static void label_text(char *out, size_t cap, const xjd_cnode *l)
{
    int64_t v = 0;
    if (l->type != XC_TEXT) {
        if (xjd_cbor_int(&v, l) == 0)
            snprintf(out, cap, "%lld", (long long)v);
        else
            snprintf(out, cap, "(an integer out of range)");
        return;
    }
    size_t at = 0;
    if (cap < 4)
        return;
    out[at++] = '"';
    for (size_t i = 0; i < l->len && at + 5 < cap; i++)
        out[at++] = l->ptr[i] >= 0x20 && l->ptr[i] < 0x7f ? (char)l->ptr[i] : '?';
    if (l->len > 0 && at + 5 >= cap)
        out[at++] = '.', out[at++] = '.', out[at++] = '.';
    out[at++] = '"';
    out[at] = '\0';
}

/* Walks one header map: labels must be ints or texts and unique; picks alg, content type and
 * kid. `other` (may be NULL) is the other header map, whose labels must not repeat here.
 * `sorted`: the map is deterministic, so its labels are already unique (strictly increasing)
 * and the pairwise scan is skipped; otherwise it is bounded by XJD_COSE_MAX_NODES. */
static int header_scan(xjd_cose_msg *m, const xjd_cdoc *d, size_t map, bool prot, bool sorted, const xjd_cdoc *od,
                       long omap, const char *where, char *errmsg, size_t errcap)
{
    const xjd_cnode *n = d->nodes;
    size_t k = map + 1;
    for (uint32_t i = 0; i < n[map].count; i++) {
        size_t v = n[k].next;
        if (n[k].type != XC_UINT && n[k].type != XC_NEGINT && n[k].type != XC_TEXT)
            return ERR(XJD_ESHAPE, "%s header: a label is neither an integer nor a text", where);
        for (size_t j = map + 1; !sorted && j < k; j = d->nodes[d->nodes[j].next].next)
            if (label_eq(&n[j], &n[k]))
                return ERR(XJD_EDUPLABEL, "%s header: a label appears twice", where);
        if (od && omap >= 0) {
            size_t oj = (size_t)omap + 1;
            for (uint32_t t = 0; t < od->nodes[omap].count; t++, oj = od->nodes[od->nodes[oj].next].next)
                if (label_eq(&od->nodes[oj], &n[k]))
                    return ERR(XJD_EDUPLABEL, "a label appears in both the protected and unprotected headers");
        }
        if (n[k].type == XC_UINT || n[k].type == XC_NEGINT) {
            int64_t label = 0;
            if (xjd_cbor_int(&label, &n[k]) == 0) {
                if (label == 1) {
                    m->has_alg = true;
                    m->alg_protected = prot;
                    m->alg_is_int = xjd_cbor_int(&m->alg, &n[v]) == 0;
                } else if (label == 3) {
                    m->has_ctype = true;
                    m->ctype_protected = prot;
                    if (n[v].type == XC_TEXT) {
                        m->ctype_is_text = true;
                        m->ctype = n[v].ptr;
                        m->ctype_len = n[v].len;
                    } else if (xjd_cbor_int(&m->ctype_int, &n[v]) != 0) {
                        return ERR(XJD_ECONTENT, "%s header: content type is neither a text nor an integer", where);
                    }
                } else if (label == 2) {
                    m->has_crit = true;
                    m->crit_protected = prot;
                    m->crit_node = v;
                } else if (label == 4) {
                    if (n[v].type != XC_BYTES)
                        return ERR(XJD_EKID, "%s header: kid is not a byte string", where);
                    m->kid = n[v].ptr;
                    m->kid_len = n[v].len;
                    m->kid_protected = prot;
                }
            }
        }
        k = n[v].next;
    }
    return 0;
}

/*
 * The record policy for one unprotected-header parameter (XJD_COSE_RECORD): a record carries
 * nothing unsigned, except the labels this project defines for that header, each checked here.
 * The one defined is RFC 9942 receipts (label 394) from the decision log: a non-empty array of
 * byte strings, each a receipt whose own signature (its checkpoint's) the log's verifier checks
 * (xjd_receipt_verify; `xjdata verify` does for every record). A receipt proves the record was
 * logged; it changes nothing the record says, and the record's chaining digest leaves it out.
 */
static int record_unprotected(const xjd_cdoc *d, size_t map, size_t label, size_t value, size_t base,
                              char *errmsg, size_t errcap)
{
    const xjd_cnode *l = &d->nodes[label];
    int64_t v = 0;
    if (l->type != XC_TEXT && xjd_cbor_int(&v, l) == 0 && v == XJD_COSE_LABEL_RECEIPTS) {
        const xjd_cnode *a = &d->nodes[value];
        if (a->type != XC_ARRAY || a->count == 0)
            return ERR(XJD_EUNPROTECTED, "byte %zu: unprotected header: receipts (label 394) must be a non-empty array",
                       base + a->off);
        for (size_t e = value + 1, j = 0; j < a->count; j++, e = d->nodes[e].next)
            if (d->nodes[e].type != XC_BYTES)
                return ERR(XJD_EUNPROTECTED, "byte %zu: unprotected header: receipt %zu is not a byte string",
                           base + d->nodes[e].off, j);
        return 0;
    }
    char t[48];
    label_text(t, sizeof t, l);
    return ERR(XJD_EUNPROTECTED,
               "byte %zu: unprotected header: label %s is not signed; a record's unprotected header holds "
               "nothing but receipts (%u parameter(s), %zu bytes)",
               base + l->off, t, d->nodes[map].count, d->nodes[map].end - d->nodes[map].off);
}

/*
 * crit (RFC 9052 §3.1): the protected parameters a recipient must understand to process the
 * message. It must be in the protected header, a non-empty array of integer or text labels, each
 * present in the protected header and understood here; anything else rejects the message, so a
 * later record version that marks a new parameter critical is refused by this verifier instead of
 * passing with that parameter ignored. Understood: the parameters this code acts on, alg (1),
 * content type (3) and kid (4). crit naming itself makes no sense and is refused too.
 */
static int crit_check(const xjd_cose_msg *m, const xjd_cdoc *hdr, char *errmsg, size_t errcap)
{
    if (!m->has_crit)
        return 0;
    if (!m->crit_protected)
        return ERR(XJD_ECRIT, "crit (label 2) is in the unprotected header; RFC 9052 section 3.1 wants it protected");
    const xjd_cnode *n = hdr->nodes;
    size_t c = m->crit_node;
    if (n[c].type != XC_ARRAY || n[c].count == 0)
        return ERR(XJD_ECRIT, "crit (label 2) must be a non-empty array of labels");
    size_t k = c + 1;
    for (uint32_t i = 0; i < n[c].count; i++, k = n[k].next) {
        if (n[k].type != XC_UINT && n[k].type != XC_NEGINT && n[k].type != XC_TEXT)
            return ERR(XJD_ECRIT, "crit (label 2): entry %u is neither an integer nor a text label", i);
        char t[48];
        label_text(t, sizeof t, &n[k]);
        bool present = false;
        size_t j = 1;
        for (uint32_t p = 0; p < n[0].count && !present; p++, j = n[n[j].next].next)
            present = label_eq(&n[j], &n[k]);
        if (!present)
            return ERR(XJD_ECRIT, "crit (label 2) names label %s, which is not in the protected header", t);
        int64_t v = 0;
        bool understood = n[k].type != XC_TEXT && xjd_cbor_int(&v, &n[k]) == 0 && (v == 1 || v == 3 || v == 4);
        if (!understood)
            return ERR(XJD_ECRIT, "crit (label 2) names label %s, a critical parameter this libxjdata does not understand", t);
    }
    return 0;
}

int xjd_cose_parse(xjd_cose_msg *m, xjd_cdoc *doc, xjd_cdoc *hdr, const uint8_t *buf, size_t len,
                   const xjd_limits *limits, unsigned flags, char *errmsg, size_t errcap)
{
    memset(m, 0, sizeof *m);
    xjd_limits lim = xjd_limits_resolve(limits);
    if (len > lim.max_bytes)
        return ERR(XJD_ERECLIMIT, "record of %zu bytes is over the limit of %zu bytes", len, lim.max_bytes);
    if (len == 0)
        return ERR(XJD_ENOTTAG18, "empty record");
    /* The tag head is read here, not by libcbor: cbor_stream_decode of libcbor 0.8 refuses the
     * one-byte tag heads 0xc6..0xd4, tag 18 among them. */
    size_t start = 0;
    if ((buf[0] & 0xe0) == 0xc0) {
        uint8_t ai = buf[0] & 0x1f;
        uint64_t tag = ai;
        size_t hl = 1;
        if (ai >= 24 && ai <= 27) {
            size_t w = (size_t)1 << (ai - 24);
            if (len < 1 + w)
                return ERR(XJD_ENOTTAG18, "byte 0: truncated tag head");
            tag = 0;
            for (size_t i = 1; i <= w; i++)
                tag = (tag << 8) | buf[i];
            hl = 1 + w;
        } else if (ai > 27) {
            return ERR(XJD_ENOTTAG18, "byte 0: malformed tag head 0x%02x", buf[0]);
        }
        if (tag != XJD_COSE_TAG)
            return ERR(XJD_ENOTTAG18, "byte 0: tag %llu is not 18 (COSE_Sign1)", (unsigned long long)tag);
        if (hl != 1 && (flags & XJD_COSE_RECORD))
            return ERR(XJD_ESHAPE, "byte 0: tag 18 in a %zu-byte head; a record has it in its one-byte head 0xd2", hl);
        m->tagged = true;
        start = hl;
    } else if (!(flags & XJD_COSE_ALLOW_UNTAGGED)) {
        return ERR(XJD_ENOTTAG18, "byte 0: not CBOR tag 18 (COSE_Sign1)");
    }
    if (start == len)
        return ERR(XJD_ESHAPE, "byte %zu: nothing after the tag", start);
    /* The payload and protected header are byte strings bounded by the message size, not by the
     * string limit meant for the documents inside (the payload is parsed under that later). */
    xjd_limits env = lim;
    env.max_string = lim.max_bytes;
    doc->max_nodes = XJD_COSE_MAX_NODES;
    hdr->max_nodes = XJD_COSE_MAX_NODES;
    int rc = xjd_cbor_parse(doc, buf + start, len - start, &env, XJD_CBOR_ALLOW_TRAILING);
    if (rc == XJD_ELIMIT)
        return ERR(XJD_ERECLIMIT, "byte %zu: %s", start + doc->err_off, doc->errmsg);
    if (rc == XJD_ENOMEM)
        return rc;
    if (rc)
        return ERR(XJD_ESHAPE, "byte %zu: malformed or truncated CBOR: %s", start + doc->err_off, doc->errmsg);
    const xjd_cnode *n = doc->nodes;
    size_t top = 0;
    if (n[top].type != XC_ARRAY || n[top].count != 4 || !n[top].det)
        return ERR(XJD_ESHAPE, "byte %zu: COSE_Sign1 must be an array of 4 items", start);
    size_t ip = top + 1, iu = n[ip].next, ipl = n[iu].next, is = n[ipl].next;
    if (n[ip].type != XC_BYTES || !n[ip].det)
        return ERR(XJD_ESHAPE, "byte %zu: protected header must be a byte string", start + n[ip].off);
    if (n[iu].type != XC_MAP || !n[iu].det)
        return ERR(XJD_ESHAPE, "byte %zu: unprotected header must be a map", start + n[iu].off);
    bool detached = n[ipl].type == XC_NULL && (flags & XJD_COSE_ALLOW_DETACHED);
    if (!detached && (n[ipl].type != XC_BYTES || !n[ipl].det))
        return ERR(XJD_ESHAPE, "byte %zu: payload must be an attached byte string", start + n[ipl].off);
    if (n[is].type != XC_BYTES || !n[is].det)
        return ERR(XJD_ESHAPE, "byte %zu: signature must be a byte string", start + n[is].off);
    if (start + doc->len != len)
        return ERR(XJD_ETRAILING, "byte %zu: %zu bytes after the COSE_Sign1", start + doc->len,
                   len - start - doc->len);
    m->prot = n[ip].ptr;
    m->prot_len = n[ip].len;
    m->detached = detached;
    m->payload = detached ? NULL : n[ipl].ptr;
    m->payload_len = detached ? 0 : n[ipl].len;
    m->payload_off = start + n[ipl].end - (detached ? 0 : n[ipl].len);
    m->unprot_node = iu;
    m->start = start;
    m->sig = n[is].ptr;
    m->sig_len = n[is].len;

    /* Protected header: a zero-length string means an empty map (RFC 9052 §3). */
    long pmap = -1;
    if (m->prot_len) {
        rc = xjd_cbor_parse(hdr, m->prot, m->prot_len, &lim, 0);
        if (rc == XJD_ENOMEM)
            return rc;
        if (rc == XJD_ELIMIT)
            return ERR(XJD_ERECLIMIT, "protected header: %s", hdr->errmsg);
        if (rc || hdr->nodes[0].type != XC_MAP)
            return ERR(XJD_ESHAPE, "byte %zu: protected header is not one CBOR map", start + n[ip].end - n[ip].len);
        pmap = 0;
        bool det = xjd_cbor_is_deterministic(hdr, 0);
        if (!det && (flags & XJD_COSE_RECORD))
            return ERR(XJD_ENONDET, "byte %zu: the protected header is not deterministic CBOR (RFC 8949 section 4.2.1)",
                       start + n[ip].end - n[ip].len);
        rc = header_scan(m, hdr, 0, true, det, NULL, -1, "protected", errmsg, errcap);
        if (rc)
            return rc;
    }
    if (flags & XJD_COSE_RECORD) {
        /* each label: not one of the protected header's (XJD_EDUPLABEL), and one this project
         * defines for the unprotected header; the first that is not ends the walk */
        size_t k = iu + 1;
        for (uint32_t i = 0; i < n[iu].count; i++, k = n[n[k].next].next) {
            if (n[k].type != XC_UINT && n[k].type != XC_NEGINT && n[k].type != XC_TEXT)
                return ERR(XJD_ESHAPE, "unprotected header: a label is neither an integer nor a text");
            if (pmap >= 0) {
                size_t oj = 1;
                for (uint32_t t = 0; t < hdr->nodes[0].count; t++, oj = hdr->nodes[hdr->nodes[oj].next].next)
                    if (label_eq(&hdr->nodes[oj], &n[k]))
                        return ERR(XJD_EDUPLABEL, "a label appears in both the protected and unprotected headers");
            }
            if ((rc = record_unprotected(doc, iu, k, n[k].next, start, errmsg, errcap)))
                return rc;
        }
    }
    rc = header_scan(m, doc, iu, false, false, pmap >= 0 ? hdr : NULL, pmap, "unprotected", errmsg, errcap);
    if (rc)
        return rc;
    if (!m->has_alg)
        return ERR(XJD_EALG, "no algorithm (label 1) in the headers");
    if (!m->alg_protected && !(flags & XJD_COSE_ALLOW_UNPROTECTED_ALG))
        return ERR(XJD_EALG, "the algorithm is not in the protected header");
    if (!m->alg_is_int || m->alg != XJD_COSE_ALG_EDDSA)
        return ERR(XJD_EALG, "the algorithm is not EdDSA (-8)");
    if ((rc = crit_check(m, hdr, errmsg, errcap)))
        return rc;
    if (m->sig_len != XJD_SIG_BYTES)
        return ERR(XJD_ESIGNATURE, "signature of %zu bytes, an Ed25519 signature has 64", m->sig_len);
    return 0;
}

int xjd_cose_verify(const xjd_cose_msg *m, xjd_cw *tbs, const uint8_t pk[32], const uint8_t *aad, size_t aad_len)
{
    tbs->len = 0;
    tbs->err = 0;
    xjd_cose_tbs(tbs, m->prot, m->prot_len, aad, aad_len, m->payload, m->payload_len);
    if (tbs->err)
        return tbs->err;
    return xjd_ed25519_verify(m->sig, m->sig_len, tbs->p, tbs->len, pk);
}
