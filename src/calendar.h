/* SPDX-License-Identifier: MIT */
/* Working-day calendar internals (public API in xjdata/calendar.h). */
#ifndef XJD_INTERNAL_CALENDAR_H
#define XJD_INTERNAL_CALENDAR_H

#include "common.h"
#include "xjdata/calendar.h"

#endif
