# SPDX-License-Identifier: MIT
"""The README's Python section works as written: its code block runs and prints what its
comments say."""
import os
import re
import subprocess
import sys
import unittest

from support import SOURCE_ROOT, requires, requires_family

README = os.path.join(SOURCE_ROOT, "README.md")


def python_section_code():
    with open(README, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^## Python\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    if not m:
        return None
    blocks = re.findall(r"```python\n(.*?)```", m.group(1), re.S)
    return "\n".join(blocks) or None


@requires("xjd_key_generate", "xjd_record_verify", "xjd_dataset_check")
@requires_family("share")
class ReadmeTests(unittest.TestCase):
    def test_python_section_runs_as_written(self):
        code = python_section_code()
        self.assertIsNotNone(code, "README.md has no '## Python' section with a python block")
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                           env=dict(os.environ))
        self.assertEqual(r.returncode, 0, r.stderr)
        out = r.stdout.splitlines()
        # What the comments promise.
        self.assertEqual(out[0], "review")
        self.assertIn("share.provider_reply before 2026-03-16 | Xinjiang Data Regulation, Art. 34 para. 2", out)
        self.assertIn("review True", out)
        self.assertIn("bad field: action", out)
        self.assertEqual(out[-1], "['dataset.share_conditions']")


if __name__ == "__main__":
    unittest.main()
