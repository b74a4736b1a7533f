# SPDX-License-Identifier: MIT
"""The engine's calendar options from Python: a host's calendar file (docs/calendar-format.md)
changes due dates and ends the estimate; strict mode refuses estimates; a bad file is a
CalendarError naming its line."""
import datetime
import os
import tempfile
import unittest

import xjdata
from support import HEALTH, SHARE, requires_family


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

    def due(self, engine):
        d = engine.evaluate(SHARE, HEALTH)
        return [o for o in d.obligations if o.due is not None][0]

    def test_host_regional_holidays_move_the_due_date(self):
        # Illustrative 2026 regional holidays on Mon 9 and Tue 10 March. Received Mon 2 March:
        # 3, 4, 5, 6, (9, 10 off), 11, 12, 13, 16, 17, 18 -> the tenth working day is 18 March.
        path = self.write("regional 2026 holiday 03-09..03-10 illustrative\n")
        o = self.due(xjdata.Engine(calendar=path))
        self.assertEqual(o.due, datetime.date(2026, 3, 18))
        self.assertFalse(o.due_estimated)  # 2026 is now covered by both layers
        o = self.due(xjdata.Engine())
        self.assertEqual((o.due, o.due_estimated), (datetime.date(2026, 3, 16), True))

    def test_strict_mode_refuses_an_estimate(self):
        with self.assertRaises(xjdata.CalendarError):
            xjdata.Engine(strict=True).evaluate(SHARE, HEALTH)
        path = self.write("regional 2026 none\n")
        o = self.due(xjdata.Engine(strict=True, calendar=path))
        self.assertEqual((o.due, o.due_estimated), (datetime.date(2026, 3, 16), False))

    def test_bad_calendar_file(self):
        path = self.write("regional 2026 holiday 02-30\n")
        with self.assertRaises(xjdata.CalendarError) as cm:
            xjdata.Engine(calendar=path)
        self.assertIn("line 1", str(cm.exception))
        with self.assertRaises(xjdata.CalendarError):
            xjdata.Engine(calendar=os.path.join(self.tmp.name, "absent.txt"))


if __name__ == "__main__":
    unittest.main()
