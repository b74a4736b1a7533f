/* SPDX-License-Identifier: MIT */
/* The PostgreSQL decision-log backend (placeholder until it lands). */
#include "log_store.h"

int xjd_store_open_pg(xjd_store **out, const char *conninfo, bool create, const xjd_allocator *alloc, char *err,
                      size_t errcap)
{
    (void)conninfo, (void)create, (void)alloc;
    *out = NULL;
    xjd_seterr(err, errcap, "postgresql: this libxjdata was built without libpq (meson -Dpostgresql=enabled, "
                            "Debian libpq-dev)");
    return XJD_ENOTSUP;
}
