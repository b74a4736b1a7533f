# SPDX-License-Identifier: MIT
"""The engine's calendar options from Python: a host's calendar file (docs/calendar-format.md)
changes due dates, replaces the built-in (unconfirmed) 2026 regional dates and ends the estimate;
strict mode refuses estimates; a bad file is a CalendarError naming its line."""
import datetime
import os
import tempfile
import unittest

import xjdata
from support import HEALTH, SHARE, merge, requires_family


@requires_family("share")
class CalendarTests(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def write(self, text):
        path = os.path.join(self.tmp.name, "calendar.txt")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def due(self, engine, request=SHARE):
        d = engine.evaluate(request, HEALTH)
        return [o for o in d.obligations if o.due is not None][0]

    def test_host_regional_holidays_move_the_due_date(self):
        # Illustrative 2026 regional holidays on Mon 9 and Tue 10 March. Received Mon 2 March:
        # 3, 4, 5, 6, (9, 10 off), 11, 12, 13, 16, 17, 18 -> the tenth working day is 18 March.
        path = self.write("regional 2026 holiday 03-09..03-10 illustrative\n")
        o = self.due(xjdata.Engine(calendar=path))
        self.assertEqual(o.due, datetime.date(2026, 3, 18))
        self.assertFalse(o.due_estimated)  # 2026 is now covered by both layers
        # The built-in 2026 regional dates (肉孜节 20-22 March) decide nothing before the 16th,
        # and 2026 is covered: exact (it was an estimate before they were built in).
        o = self.due(xjdata.Engine())
        self.assertEqual((o.due, o.due_estimated), (datetime.date(2026, 3, 16), False))

    def test_built_in_2026_regional_dates_and_a_host_replacing_them(self):
        # Received Fri 13 March 2026: 16..19, (20..22 肉孜节, built in from a press report),
        # 23..27, 30 -> 30 March. A host's "regional 2026 none" replaces those dates:
        # 16..20, 23..27 -> 27 March.
        req = merge(SHARE, at="2026-03-13T10:00:00+08:00", share={"received_at": "2026-03-13"})
        o = self.due(xjdata.Engine(), req)
        self.assertEqual((o.due, o.due_estimated), (datetime.date(2026, 3, 30), False))
        o = self.due(xjdata.Engine(calendar=self.write("regional 2026 none\n")), req)
        self.assertEqual((o.due, o.due_estimated), (datetime.date(2026, 3, 27), False))

    def test_strict_mode_refuses_an_estimate(self):
        # Received Mon 1 March 2027, a year no built-in layer has (2026 is covered now).
        req = merge(SHARE, at="2027-03-01T10:00:00+08:00", share={"received_at": "2027-03-01"})
        with self.assertRaises(xjdata.CalendarError):
            xjdata.Engine(strict=True).evaluate(req, HEALTH)
        o = self.due(xjdata.Engine(strict=True), SHARE)
        self.assertEqual((o.due, o.due_estimated), (datetime.date(2026, 3, 16), False))
        # A host's 2027 with no holidays: 2, 3, 4, 5, 8, 9, 10, 11, 12, 15 March.
        path = self.write("national 2027 none\nregional 2027 none\n")
        o = self.due(xjdata.Engine(strict=True, calendar=path), req)
        self.assertEqual((o.due, o.due_estimated), (datetime.date(2027, 3, 15), False))

    def test_bad_calendar_file(self):
        path = self.write("regional 2026 holiday 02-30\n")
        with self.assertRaises(xjdata.CalendarError) as cm:
            xjdata.Engine(calendar=path)
        self.assertIn("line 1", str(cm.exception))
        with self.assertRaises(xjdata.CalendarError):
            xjdata.Engine(calendar=os.path.join(self.tmp.name, "absent.txt"))


if __name__ == "__main__":
    unittest.main()
