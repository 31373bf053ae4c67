#!/usr/bin/env python3
"""Tests of how fuzz/run.sh counts a fuzzer's executions, the figure it adds to the campaign
ledger. It runs run.sh against a stand-in fuzzer that writes logs the way libFuzzer does:
one run prints its final stats to its own output; with -jobs=N each job writes fuzz-J.log in
the working directory and the main output repeats every job's log. A run counted twice, or a
job left out, would report a campaign done that is not."""
import os
import stat
import subprocess
import sys
import tempfile
import textwrap
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ledger  # noqa: E402

RUN_SH = os.path.join(HERE, "..", "..", "fuzz", "run.sh")
TARGET = "fuzz_wasi_paths"  # a target without a seed corpus script

# The stand-in fuzzer. FAKE_EXECS lists each job's executions ("700 300"); FAKE_EXIT is its
# exit status. Stats lines are written as libFuzzer's -print_final_stats=1 writes them.
FAKE_FUZZER = textwrap.dedent("""\
    #!/usr/bin/env bash
    jobs=0
    for arg in "$@"; do
      case $arg in -jobs=*) jobs=${arg#-jobs=} ;; esac
    done
    read -ra execs <<<"$FAKE_EXECS"
    if ((jobs == 0)); then
      echo "INFO: Seed: 1"
      echo "stat::number_of_executed_units: ${execs[0]}"
      echo "stat::peak_rss_mb: 40"
    else
      for ((j = 0; j < jobs; j++)); do
        {
          echo "INFO: Seed: $j"
          echo "stat::number_of_executed_units: ${execs[j]}"
        } >"fuzz-$j.log"
        echo "================== Job $j exited with exit code 0 ============"
        cat "fuzz-$j.log"
      done
    fi
    exit "${FAKE_EXIT:-0}"
    """)


class RunShCountTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="run-sh-test-")
        self.build = os.path.join(self.dir.name, "build")
        os.makedirs(os.path.join(self.build, "fuzz"))
        fuzzer = os.path.join(self.build, "fuzz", TARGET)
        with open(fuzzer, "w") as f:
            f.write(FAKE_FUZZER)
        os.chmod(fuzzer, os.stat(fuzzer).st_mode | stat.S_IXUSR)
        self.ledger = os.path.join(self.dir.name, "ledger.tsv")

    def tearDown(self):
        self.dir.cleanup()

    def run_sh(self, execs, fuzz_args="", exit_status=0):
        env = dict(os.environ, FUZZ_BUILD=self.build, FUZZ_LEDGER="1", FUZZ_ARGS=fuzz_args,
                   WASMBIND_LEDGER=self.ledger, FAKE_EXECS=execs, FAKE_EXIT=str(exit_status))
        return subprocess.run(["bash", RUN_SH, "5", TARGET], env=env, capture_output=True,
                              text=True, timeout=60)

    def ledger_rows(self):
        return ledger.rows(self.ledger)

    def test_single_run_counts_its_own_stats(self):
        result = self.run_sh("1234")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"{TARGET}: 1234 executions", result.stdout)
        rows = self.ledger_rows()
        self.assertEqual([r["count"] for r in rows], ["1234"])
        self.assertEqual(rows[0]["findings"], "0")

    def test_jobs_are_summed_once_not_with_the_main_log_repeating_them(self):
        result = self.run_sh("700 300", fuzz_args="-jobs=2 -workers=2")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"{TARGET}: 1000 executions", result.stdout)
        self.assertEqual([r["count"] for r in self.ledger_rows()], ["1000"])

    def test_job_logs_of_an_earlier_run_are_not_counted_again(self):
        self.assertEqual(self.run_sh("500 500 500", fuzz_args="-jobs=3").returncode, 0)
        result = self.run_sh("42")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn(f"{TARGET}: 42 executions", result.stdout)
        self.assertEqual([r["count"] for r in self.ledger_rows()], ["1500", "42"])

    def test_a_failing_fuzzer_is_a_finding_and_fails_the_run(self):
        result = self.run_sh("77", exit_status=1)
        self.assertEqual(result.returncode, 1)
        self.assertIn("failed (exit 1) after 77 executions", result.stderr)
        rows = self.ledger_rows()
        self.assertEqual(rows[0]["count"], "77")
        self.assertEqual(rows[0]["findings"], "1")


if __name__ == "__main__":
    unittest.main()
