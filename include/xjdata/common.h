/* SPDX-License-Identifier: MIT */
#ifndef XJDATA_COMMON_H
#define XJDATA_COMMON_H

/**
 * @defgroup common Common: version, errors, allocator, dates
 * @{
 *
 * Conventions used by every libxjdata function:
 * - Functions that can fail return `int`: 0 on success, a negative `XJD_E*` code on failure.
 *   A `deny` decision is a successful result, never an error.
 * - Output parameters come first and are named `out`.
 * - `*_free(NULL)` is a no-op.
 * - Getters return borrowed pointers, valid until the object they came from is freed or
 *   changed by a later call on it.
 * - Every object is created with an optional allocator (NULL: the C library's malloc family),
 *   used for every allocation the object makes for its whole life.
 */

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Major version of the headers: changes when the ABI breaks (the soname is libxjdata.so.MAJOR). */
#define XJD_VERSION_MAJOR 0
/** Minor version of the headers: new functions, rules or fields, compatible. */
#define XJD_VERSION_MINOR 1
/** Patch version of the headers: fixes only. */
#define XJD_VERSION_PATCH 0
/** Version of the headers as text, "MAJOR.MINOR.PATCH"; xjd_version() gives the library's. */
#define XJD_VERSION_STRING "0.1.0"
/** Version as one number: major * 10000 + minor * 100 + patch. */
#define XJD_VERSION_NUMBER (XJD_VERSION_MAJOR * 10000 + XJD_VERSION_MINOR * 100 + XJD_VERSION_PATCH)

/**
 * Marks a public function: exported from the shared library, which hides every other symbol
 * (it is built with -fvisibility=hidden and a version script).
 */
#if defined(_WIN32)
#define XJD_API
#elif defined(__GNUC__) && __GNUC__ >= 4
#define XJD_API __attribute__((visibility("default")))
#else
#define XJD_API
#endif

/**
 * Marks a call whose result must be checked (evaluate, verify, sign): ignoring it would take an
 * input error or a failed verification for a decision. A compiler warning where supported.
 */
#if defined(__GNUC__) && __GNUC__ >= 4
#define XJD_MUST_CHECK __attribute__((warn_unused_result))
#else
#define XJD_MUST_CHECK
#endif

/** Error codes (all negative). `xjd_strerror()` gives a short English text for each. */
enum {
    XJD_OK = 0,            /**< success */
    XJD_EINVAL = -1,       /**< API misuse: NULL where an object is needed, bad flag */
    XJD_ENOMEM = -2,       /**< an allocation failed; the objects involved stay usable */
    XJD_EINPUT = -3,       /**< bad input document: the object's errmsg/errpath name the field */
    XJD_ELIMIT = -4,       /**< input over a size, depth or count limit */
    XJD_ECALENDAR = -5,    /**< a date outside the calendar's years (strict mode), or a bad calendar file */
    XJD_EKEY = -6,         /**< malformed or unusable key */
    XJD_EKEYFILE = -7,     /**< key file unreadable, wrongly formatted, or readable by group/others */
    XJD_EIO = -8,          /**< a file could not be read or written */
    XJD_ENOKEY = -9,       /**< signing asked for but no secret key available */
    XJD_EBUFSIZE = -10,    /**< caller's buffer too small; the needed size is reported */
    XJD_ENOTFOUND = -11,   /**< unknown rulebook, national rule set, or index out of range */
    /* Record verification: one code per failed check. */
    XJD_ENOTTAG18 = -20,   /**< record is not a CBOR tag 18 (COSE_Sign1) */
    XJD_ESHAPE = -21,      /**< wrong COSE_Sign1 array shape or item types */
    XJD_ETRAILING = -22,   /**< bytes after the COSE_Sign1 item */
    XJD_EDUPLABEL = -23,   /**< a header label appears twice */
    XJD_EALG = -24,        /**< algorithm is not EdDSA (-8) or is not in the protected header */
    XJD_EKID = -25,        /**< kid missing or not in the key set */
    XJD_ENONDET = -26,     /**< payload or protected header is not deterministic CBOR */
    XJD_ERECLIMIT = -27,   /**< record size or nesting over the limits */
    XJD_ESIGNATURE = -28,  /**< signature does not verify */
    XJD_ERECORD = -29,     /**< payload is not a libxjdata decision record of a known version */
    XJD_ECONTENT = -30,    /**< content type missing or not a libxjdata record */
    XJD_EUNPROTECTED = -31, /**< the unprotected header carries a parameter a record may not have there */
    XJD_ECRIT = -32,       /**< crit (label 2) malformed, or naming a parameter absent or not understood */
    /* The decision log (log.h). */
    XJD_EPROOF = -33,      /**< a Merkle proof, receipt or checkpoint does not verify */
    XJD_ESTORE = -34,      /**< the log's storage failed or holds something malformed (errmsg says what) */
    XJD_ENOTSUP = -35,     /**< a log backend this build does not include (meson feature off) */
    XJD_EAUDIT = -36       /**< the log fails its audit: an entry missing, altered or out of order */
};

/** Short English description of an error code; never NULL. */
XJD_API const char *xjd_strerror(int code);

/** Run-time library version, e.g. "0.1.0". Static string. */
XJD_API const char *xjd_version(void);
/** Run-time version number, see XJD_VERSION_NUMBER. */
XJD_API int xjd_version_number(void);

/**
 * Allocator hook. All three functions are required when a hook is given. `realloc` with a NULL
 * pointer must behave like malloc. `ud` is passed back untouched. The structure is copied at
 * object creation.
 */
typedef struct xjd_allocator {
    /** Allocates `size` bytes (as malloc); NULL on failure, which the call reports as XJD_ENOMEM. */
    void *(*malloc_fn)(void *ud, size_t size);
    /** Resizes `ptr` to `size` bytes (as realloc; `ptr` NULL allocates); NULL on failure, `ptr` kept. */
    void *(*realloc_fn)(void *ud, void *ptr, size_t size);
    /** Frees `ptr` (never called with NULL). */
    void (*free_fn)(void *ud, void *ptr);
    /** The host's context, passed to each function. */
    void *ud;
} xjd_allocator;

/** A calendar date (proleptic Gregorian). `year == 0` means "no date". */
typedef struct xjd_date {
    int16_t year;  /**< 1..9999; 0: no date */
    uint8_t month; /**< 1..12 */
    uint8_t day;   /**< 1..31 */
} xjd_date;

/** Parses "YYYY-MM-DD". Returns XJD_EINPUT when malformed or not a real date. */
XJD_API int xjd_date_parse(xjd_date *out, const char *text);
/** Writes "YYYY-MM-DD" and a NUL into `out` (11 bytes). */
XJD_API int xjd_date_format(char out[11], xjd_date date);

/** @} */

#ifdef __cplusplus
}
#endif
#endif
