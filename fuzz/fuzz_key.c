/* SPDX-License-Identifier: MIT */
/*
 * Keys from outside: a COSE_Key, a COSE_KeySet, 64 hex characters, and the same bytes as a key
 * file (xjd_key_load, xjd_keyset_load: hex text with white space, or CBOR). What decodes
 * re-encodes and decodes again to the same public key and kid; secrets survive the round trip.
 */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fixture.h"
#include "fuzz.h"

static void roundtrip_key(const xjd_key *k)
{
    uint8_t pub[32], pub2[32], kid[32], kid2[32], buf[512];
    char hex[65];
    size_t n = 0;
    FUZZ_OK(xjd_key_public(pub, k));
    FUZZ_OK(xjd_key_kid(kid, k));
    FUZZ_OK(xjd_key_public_hex(hex, k));
    FUZZ_CHECK(strlen(hex) == 64);
    int secret = xjd_key_has_secret(k);
    FUZZ_CHECK(secret == 0 || secret == 1);
    FUZZ_OK(xjd_key_encode(buf, sizeof buf, &n, k, secret == 1));
    xjd_key *k2 = NULL;
    FUZZ_OK(xjd_key_decode(&k2, buf, n, NULL));
    FUZZ_CHECK(xjd_key_has_secret(k2) == secret);
    FUZZ_OK(xjd_key_public(pub2, k2));
    FUZZ_OK(xjd_key_kid(kid2, k2));
    FUZZ_CHECK(memcmp(pub, pub2, 32) == 0 && memcmp(kid, kid2, 32) == 0);
    xjd_key_free(k2);
    FUZZ_OK(xjd_key_from_hex(&k2, hex, NULL));
    FUZZ_OK(xjd_key_kid(kid2, k2));
    FUZZ_CHECK(memcmp(kid, kid2, 32) == 0);
    xjd_key_free(k2);
    if (secret == 0)
        FUZZ_CHECK(xjd_key_encode(buf, sizeof buf, &n, k, true) == XJD_ENOKEY);
}

static const char *file_path;
static void remove_file(void)
{
    if (file_path)
        unlink(file_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    xjd_key *k = NULL;
    int rc = xjd_key_decode(&k, data, size, NULL);
    if (rc == 0) {
        FUZZ_CHECK(k != NULL);
        roundtrip_key(k);
    } else {
        FUZZ_CHECK(rc < 0 && k == NULL);
    }
    xjd_key_free(k);

    xjd_keyset *ks = NULL;
    FUZZ_OK(xjd_keyset_new(&ks, NULL));
    rc = xjd_keyset_decode(ks, data, size);
    if (rc == 0) {
        size_t cnt = xjd_keyset_count(ks), n = 0;
        FUZZ_OK(xjd_keyset_encode(NULL, 0, &n, ks));
        uint8_t *buf = malloc(n ? n : 1);
        FUZZ_CHECK(buf != NULL);
        FUZZ_OK(xjd_keyset_encode(buf, n, &n, ks));
        xjd_keyset *ks2 = NULL;
        FUZZ_OK(xjd_keyset_new(&ks2, NULL));
        FUZZ_OK(xjd_keyset_decode(ks2, buf, n));
        FUZZ_CHECK(xjd_keyset_count(ks2) == cnt);
        xjd_keyset_free(ks2);
        free(buf);
    } else {
        FUZZ_CHECK(rc < 0);
    }
    xjd_keyset_free(ks);

    /* the same bytes as a key file (mode 0600, so a secret key is accepted) */
    static char path[64];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/xjd-fuzz-key-%ld", (long)getpid());
        atexit(remove_file);
    }
    file_path = path;
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(fwrite(data, 1, size, f) == size);
    fclose(f);
    FUZZ_CHECK(chmod(path, 0600) == 0);
    rc = xjd_key_load(&k, path, NULL);
    if (rc == 0)
        roundtrip_key(k);
    else
        FUZZ_CHECK(rc < 0 && k == NULL);
    xjd_key_free(k);
    k = NULL;
    FUZZ_OK(xjd_keyset_new(&ks, NULL));
    rc = xjd_keyset_load(ks, path);
    if (rc != 0)
        FUZZ_CHECK(xjd_keyset_count(ks) == 0); /* a refused file adds nothing */
    xjd_keyset_free(ks);

    /* the same bytes as a hex public key */
    char *text = malloc(size + 1);
    FUZZ_CHECK(text != NULL);
    memcpy(text, data, size);
    text[size] = '\0';
    rc = xjd_key_from_hex(&k, text, NULL);
    if (rc == 0)
        roundtrip_key(k);
    xjd_key_free(k);
    free(text);
    return 0;
}
