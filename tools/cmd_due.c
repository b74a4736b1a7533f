/* SPDX-License-Identifier: MIT */
/* xjdata due: the Nth working day after a date on the holiday calendars. */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>

int cmd_due(int argc, char **argv)
{
    opt opts[] = {{"calendar", true, NULL}, {NULL, false, NULL}};
    char **pos;
    int npos, status = EXIT_USAGE;
    bool helped;
    if (parse_opts(argc, argv, opts, &pos, &npos, HELP_DUE, &helped) < 0)
        return free(pos), EXIT_USAGE;
    if (helped)
        return free(pos), EXIT_DECIDED;
    xjd_calendar *cal = NULL;
    xjd_date start, due;
    char *end;
    long n;
    int rc;
    unsigned flags = 0;
    if (npos != 2) {
        msg("due: expected DATE N (see xjdata due --help)");
        goto done;
    }
    if (xjd_date_parse(&start, pos[0]) < 0) {
        msg("due: DATE \"%s\" is not a date YYYY-MM-DD", pos[0]);
        goto done;
    }
    errno = 0;
    n = strtol(pos[1], &end, 10);
    if (errno || *end || end == pos[1] || n < 1 || n > 3660) {
        msg("due: N \"%s\" must be a whole number of working days from 1 to 3660", pos[1]);
        goto done;
    }
    if ((rc = xjd_calendar_new(&cal, 0, NULL)) < 0) {
        msg("calendar: %s", xjd_strerror(rc));
        goto done;
    }
    if (optv(opts, "calendar") && (rc = xjd_calendar_load_file(cal, optv(opts, "calendar"))) < 0) {
        msg("--calendar %s: %s", optv(opts, "calendar"), xjd_calendar_errmsg(cal));
        goto done;
    }
    if ((rc = xjd_calendar_add_workdays(&due, &flags, cal, start, (int)n)) < 0) {
        msg("due: %s", xjd_strerror(rc));
        goto done;
    }
    char d[11];
    xjd_date_format(d, due);
    printf("%s\n", d);
    if (flags & XJD_CAL_UNCONFIRMED)
        msg("unconfirmed: the date depends on holidays taken from a secondary source (such as the built-in 2026 "
            "Xinjiang regional dates, from a press report); load the notice's own dates with --calendar FILE");
    if (flags & XJD_CAL_ESTIMATED)
        msg("estimated: the count reaches a year the calendar does not fully cover (national and regional "
            "holidays); load it with --calendar FILE");
    status = fflush(stdout) == 0 ? EXIT_DECIDED : EXIT_USAGE;
done:
    xjd_calendar_free(cal);
    free(pos);
    return status;
}
