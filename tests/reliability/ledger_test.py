#!/usr/bin/env python3
"""Tests of ledger.py, the campaign totals issue 7 is resolved by: a wrong sum there would
report a campaign done that is not."""
import contextlib
import csv
import io
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ledger  # noqa: E402


class LedgerTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="ledger-test-")
        self.path = os.path.join(self.dir.name, "ledger.tsv")

    def tearDown(self):
        self.dir.cleanup()

    def test_append_writes_header_fields_and_load(self):
        ledger.append("fuzz_wasi_paths", 1234, 0, "fuzz/run.sh   60s\n exit 0", path=self.path)
        with open(self.path, newline="") as f:
            rows = list(csv.reader(f, delimiter="\t"))
        self.assertEqual(rows[0], ledger.FIELDS)
        self.assertEqual(len(rows), 2)
        date, commit, campaign, count, findings, detail = rows[1]
        self.assertRegex(date, r"^\d{4}-\d\d-\d\dT\d\d:\d\dZ$")
        self.assertRegex(commit, r"^([0-9a-f]{7,}(-dirty)?|unknown)$")
        self.assertEqual((campaign, count, findings), ("fuzz_wasi_paths", "1234", "0"))
        # Whitespace (a tab or newline would break the TSV) is collapsed; the load is added.
        self.assertRegex(detail, r"^fuzz/run\.sh 60s exit 0; load \S+ \S+ \S+$")

    def test_unknown_campaign_is_refused(self):
        with self.assertRaises(ValueError):
            ledger.append("fuzz_decode", 1, 0, "a typo", path=self.path)
        self.assertFalse(os.path.exists(self.path))

    def test_pieces_are_summed_and_findings_counted(self):
        ledger.append("fuzz_http_session", 4_000_000, 0, "piece 1", path=self.path)
        ledger.append("fuzz_http_session", 3_000_000, 1, "piece 2", path=self.path)
        rows = ledger.rows(self.path)
        self.assertEqual([r["count"] for r in rows], ["4000000", "3000000"])
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            met = ledger.totals(self.path)
        self.assertFalse(met)
        line = next(l for l in out.getvalue().splitlines() if l.startswith("fuzz_http_session"))
        self.assertIn("7,000,000", line)
        self.assertIn("70.0%", line)
        self.assertEqual(line.split()[4], "1")  # findings
        self.assertEqual(line.split()[5], "2")  # pieces

    def test_soak_counts_its_longest_run_not_the_sum(self):
        ledger.append("soak", 1800, 0, "half an hour", path=self.path)
        ledger.append("soak", 1800, 0, "another half", path=self.path)
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            ledger.totals(self.path)
        line = next(l for l in out.getvalue().splitlines() if l.startswith("soak"))
        self.assertEqual(line.split()[1], "1,800")
        self.assertIn("50.0%", line)

    def test_totals_met_only_when_every_target_is(self):
        for campaign, (_, target) in ledger.TARGETS.items():
            ledger.append(campaign, target, 0, "enough", path=self.path)
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertTrue(ledger.totals(self.path))
        ledger.append("fuzz_wasi_paths", 5, 0, "more is fine", path=self.path)
        with contextlib.redirect_stdout(io.StringIO()):
            self.assertTrue(ledger.totals(self.path))

    def test_command_line_exit_status(self):
        env = dict(os.environ, WASMBIND_LEDGER=self.path)
        script = os.path.join(HERE, "ledger.py")
        run = lambda *a: subprocess.run([sys.executable, script, *a], env=env,
                                        capture_output=True, text=True)
        self.assertEqual(run("append", "diff_exec", "10", "0", "ten", "modules").returncode, 0)
        self.assertEqual(ledger.rows(self.path)[0]["detail"].split(";")[0], "ten modules")
        self.assertEqual(run("totals").returncode, 1)
        for campaign, (_, target) in ledger.TARGETS.items():
            run("append", campaign, str(target), "0", "all")
        done = run("totals")
        self.assertEqual(done.returncode, 0, done.stdout)
        self.assertEqual(run("nonsense").returncode, 2)


if __name__ == "__main__":
    unittest.main()
