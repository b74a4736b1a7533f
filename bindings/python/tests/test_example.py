# SPDX-License-Identifier: MIT
"""examples/python/audit_log.py runs: it decides, stores the records in SQLite and re-verifies
every one; a tampered stored record is caught."""
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

from support import SOURCE_ROOT, requires, requires_family

EXAMPLE = os.path.join(SOURCE_ROOT, "examples", "python", "audit_log.py")


@requires("xjd_key_generate", "xjd_record_verify", "xjd_key_save", "xjd_key_load")
@requires_family("share")
class AuditLogExampleTests(unittest.TestCase):
    def run_example(self, db, *opts):
        return subprocess.run([sys.executable, EXAMPLE, *opts, db], capture_output=True, text=True, timeout=120,
                              env=dict(os.environ))

    def test_example_runs_and_verifies_everything(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "audit.db")
            r = self.run_example(db)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertIn("0 problem(s)", r.stdout)
            self.assertEqual(r.stdout.count("verified record"), 3)
            con = sqlite3.connect(db)
            effects = [e for (e,) in con.execute("SELECT effect FROM decisions ORDER BY seq")]
            con.close()
            # pending: review (Art. 34¶2); approved with conditions met: permit; refused: deny.
            self.assertEqual(effects, ["review", "permit", "deny"])

    def test_a_tampered_record_is_caught(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "audit.db")
            self.assertEqual(self.run_example(db).returncode, 0)
            self.assertEqual(self.run_example(db, "--audit").returncode, 0)
            con = sqlite3.connect(db)
            rec = con.execute("SELECT record FROM decisions WHERE seq = 2").fetchone()[0]
            con.execute("UPDATE decisions SET record = ? WHERE seq = 2", (rec[:-1] + bytes([rec[-1] ^ 1]),))
            con.commit()
            con.close()
            r = self.run_example(db, "--audit")
            self.assertEqual(r.returncode, 1, r.stdout)
            self.assertIn("record 2: FAILED check signature", r.stdout)
            self.assertIn("1 problem(s)", r.stdout)

if __name__ == "__main__":
    unittest.main()
