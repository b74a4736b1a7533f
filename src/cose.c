/* SPDX-License-Identifier: MIT */
/* COSE_Sign1 with EdDSA/Ed25519: signing, envelope parsing under limits, verification. */
#include "cose.h"

#include <sodium.h>
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
