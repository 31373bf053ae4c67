#!/usr/bin/env python3
"""Tests of fuzz/validate_vs_wabt.py's counting across runs: the 1 million distinct inputs
issue 7 asks for are compared in pieces, and each piece's fuzzer replays the corpus it starts
from, so an input compared by an earlier piece must not be counted again.

The fuzzer here is a stand-in that writes, like fuzz_decode_validate with
WASMBIND_FUZZ_SAVE_DIR set, one file per execution: half of each batch is the same every
round (the corpus replay), half depends on -seed (new mutations). Every other file is a valid
module (a custom section makes it unique), the rest lack the magic number. The verdicts come
from the real `wasmbind validate` and wabt's `wasm-validate`.

    validate_vs_wabt_test.py --wasmbind build/release/tools/wasmbind [--wasm-validate PATH]
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile
import unittest

REPO_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO_DIR, "fuzz", "validate_vs_wabt.py")

FAKE_FUZZER = r'''#!/usr/bin/env python3
import os, sys
runs = next(int(a[6:]) for a in sys.argv if a.startswith("-runs="))
seed = next(int(a[6:]) for a in sys.argv if a.startswith("-seed="))
fresh_each_round = os.environ.get("FAKE_FUZZER_NOTHING_NEW") != "1"
out = os.environ["WASMBIND_FUZZ_SAVE_DIR"]
for i in range(runs):
    tag = (b"s%d-%d" % (seed, i)) if fresh_each_round and i % 2 else (b"fixed-%d" % i)
    if (i // 2) % 2 == 0:  # valid: the header and one custom section named "t"
        body = b"\x01t" + tag
        data = b"\0asm\1\0\0\0" + b"\0" + bytes([len(body)]) + body
    else:                  # malformed: no magic number
        data = b"nope" + tag
    with open(os.path.join(out, "in-%d" % i), "wb") as f:
        f.write(data)
'''

ARGS = None


class ValidateVsWabtTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory(prefix="vvw-test-")
        self.fuzzer = os.path.join(self.dir.name, "fake_fuzzer")
        with open(self.fuzzer, "w") as f:
            f.write(FAKE_FUZZER)
        os.chmod(self.fuzzer, 0o755)
        self.out = os.path.join(self.dir.name, "out")

    def tearDown(self):
        self.dir.cleanup()

    def run_script(self, inputs, seed, env=None):
        return subprocess.run(
            [sys.executable, SCRIPT, "--fuzzer", self.fuzzer, "--wasmbind", ARGS.wasmbind,
             "--wasm-validate", ARGS.wasm_validate, "--inputs", str(inputs), "--batch", "20",
             "--seed", str(seed), "--corpus", os.path.join(self.dir.name, "corpus"),
             "--seeds", os.path.join(self.dir.name, "no-seeds"), "--out", self.out, "--jobs", "2"],
            capture_output=True, text=True, timeout=120, env=dict(os.environ, **(env or {})))

    def seen_digests(self):
        with open(os.path.join(self.out, "seen.sha1"), "rb") as f:
            data = f.read()
        self.assertEqual(len(data) % 20, 0)
        return [data[i:i + 20] for i in range(0, len(data), 20)]

    def summary(self, r):
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        m = re.search(r"(\d+) distinct inputs: (\d+) accepted by both, (\d+) rejected by both", r.stdout)
        self.assertIsNotNone(m, r.stdout)
        return tuple(int(g) for g in m.groups())

    def test_a_second_run_compares_only_inputs_the_first_did_not(self):
        # Round 1: 20 new files; round 2 (seed + 1): its 10 seed-dependent files are new.
        self.assertEqual(self.summary(self.run_script(30, seed=7)), (30, 15, 15))
        first = self.seen_digests()
        self.assertEqual(len(first), 30)
        self.assertEqual(len(set(first)), 30)
        # The same seed again: rounds 1 and 2 replay what run 1 compared (nothing counts);
        # rounds 3 to 5 bring 10 new inputs each.
        r = self.run_script(30, seed=7)
        self.assertEqual(self.summary(r), (30, 15, 15))
        self.assertIn("round 2: 0 distinct inputs compared", r.stdout)
        self.assertIn("round 5: 30 distinct inputs compared", r.stdout)
        both = self.seen_digests()
        self.assertEqual(len(both), 60)
        self.assertEqual(len(set(both)), 60, "an input was compared twice")
        self.assertEqual(both[:30], first)

    def test_a_fuzzer_that_finds_nothing_new_ends_the_run(self):
        self.summary(self.run_script(20, seed=1))
        r = self.run_script(20, seed=2, env={"FAKE_FUZZER_NOTHING_NEW": "1"})
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn("no new input", r.stderr)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--wasmbind", required=True)
    parser.add_argument("--wasm-validate", default="wasm-validate")
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest])
