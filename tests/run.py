#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Septum's test runner: host unit tests and QEMU boot tests, one summary.

Unit tests are the cmocka binaries built into <host-dir>/unit/. The config
stage checks every config of tests/configs/ with septum-check against its
expected verdict and message (tests/configs/corpus.py); the fuzz stage runs
the config fuzzer briefly. QEMU tests
are declared in tests/qemu/cases.py: each boots QEMU (always under a
timeout), reads the console and checks it against ordered expectations,
forbidden patterns and "TEST <name> PASS|FAIL" lines printed by guests.
The last line is "<N> passed, <M> failed"; the exit status is non-zero if
anything failed. Console logs are kept in <build-dir>/test-logs/.
"""
import argparse
import concurrent.futures
import os
import re
import select
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "qemu"))
sys.path.insert(0, os.path.join(HERE, "configs"))

CMOCKA_CASE = re.compile(r"^\[\s+(OK|FAILED|ERROR|SKIPPED)\s+\] (\S+)", re.M)
GUEST_RESULT = re.compile(r"TEST (\S+) (PASS|FAIL)(.*)")


class Result:
    def __init__(self, name, ok, detail="", seconds=0.0, count=1):
        self.name, self.ok, self.detail = name, ok, detail
        self.seconds, self.count = seconds, count


def run_unit(host_dir):
    """Run every unit-test binary; one result per cmocka test case."""
    results = []
    unit_dir = os.path.join(host_dir, "unit")
    bins = sorted(f for f in os.listdir(unit_dir) if f.startswith("test_")) if os.path.isdir(unit_dir) else []
    if not bins:
        return [Result("unit: no test binaries in " + unit_dir, False)]
    env = dict(os.environ, SEPTUM_TEST_DTB_DIR=os.path.join(host_dir, "dtb"),
               ASAN_OPTIONS="detect_leaks=1")
    for b in bins:
        t0 = time.monotonic()
        try:
            p = subprocess.run([os.path.join(unit_dir, b)], capture_output=True, text=True,
                               timeout=120, env=env, cwd=ROOT)
            out = p.stdout + p.stderr
            rc = p.returncode
        except subprocess.TimeoutExpired as e:
            out, rc = (e.stdout or b"").decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or ""), -1
            out += "\n(timed out after 120 s)"
        cases = CMOCKA_CASE.findall(out)
        dt = time.monotonic() - t0
        if not cases:
            results.append(Result("unit/" + b, False, "no cmocka results (exit %d)\n%s" % (rc, out[-2000:]), dt))
            continue
        for status, case in cases:
            if status == "SKIPPED":
                continue
            results.append(Result("unit/%s/%s" % (b, case), status == "OK",
                                  "" if status == "OK" else out[-3000:], dt / len(cases)))
        if rc != 0 and all(s == "OK" for s, _ in cases):
            results.append(Result("unit/" + b, False, "exit status %d\n%s" % (rc, out[-2000:]), dt))
    return results


def describe(item):
    if isinstance(item, list):
        return "all of (any order): " + ", ".join(p.pattern for p in item)
    return item.pattern


def run_qemu_case(case, build_dir, log_dir):
    """Boot one case; success when every expectation matched in order."""
    t0 = time.monotonic()
    try:
        argv = case.command(build_dir)
    except Exception as e:  # preparation (images, device trees) failed
        return Result("qemu/" + case.name, False, "preparing the test failed: %s" % e)
    log_path = os.path.join(log_dir, case.name + ".log")
    # (patterns, bytes): sent once all patterns showed in what came after the
    # previous step was sent (from the start for the first one).
    typing = list(case.stdin)
    typed_at = 0
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE if typing else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    out = b""
    pending = list(case.expect)
    pos = 0
    verdict, detail = None, ""
    deadline = t0 + case.timeout
    try:
        while verdict is None:
            left = deadline - time.monotonic()
            if left <= 0:
                verdict = False
                detail = "timed out after %d s waiting for: %s" % (case.timeout, describe(pending[0]))
                break
            r, _, _ = select.select([proc.stdout], [], [], min(left, 0.5))
            if r:
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    verdict = not pending
                    detail = "" if verdict else "QEMU exited (status %s) before: %s" % (proc.wait(), describe(pending[0]))
                    break
                out += chunk
            text = out.decode(errors="replace")
            for pat in case.forbid:
                m = pat.search(text)
                if m:
                    verdict, detail = False, "forbidden output: %r" % m.group(0)
                    break
            if verdict is not None:
                break
            for m in GUEST_RESULT.finditer(text):
                if m.group(2) == "FAIL":
                    verdict, detail = False, "guest reported: %s" % m.group(0).strip()
                    break
            if verdict is not None:
                break
            while typing and all(p.search(text, typed_at) for p in typing[0][0]):
                proc.stdin.write(typing.pop(0)[1])
                proc.stdin.flush()
                typed_at = len(text)
            while pending:
                # An item is one pattern, or a list matched in any order.
                group = pending[0] if isinstance(pending[0], list) else [pending[0]]
                found = [p.search(text, pos) for p in group]
                if not all(found):
                    break
                pos = max(m.end() for m in found)
                pending.pop(0)
            if not pending:
                # Then what order alone cannot say, over the whole console.
                problem = case.check(text) if case.check else None
                verdict, detail = problem is None, problem or ""
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        with open(log_path, "wb") as f:
            f.write(out)
    if not verdict:
        tail = out.decode(errors="replace").splitlines()[-25:]
        detail += "\n    --- last console lines (%s) ---\n    " % log_path + "\n    ".join(tail)
    return Result("qemu/" + case.name, bool(verdict), detail, time.monotonic() - t0)


def run_qemu(build_dirs, jobs, pattern):
    import cases
    build_dir = build_dirs["qemu-virt"]
    log_dir = os.path.join(build_dir, "test-logs")
    os.makedirs(log_dir, exist_ok=True)
    selected = [c for c in cases.all_cases(build_dir) if not pattern or re.search(pattern, c.name)]

    def board_dir(case):
        return build_dirs.get(case.board, os.path.join(ROOT, "build", case.board))

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = [ex.submit(run_qemu_case, c, board_dir(c), log_dir) for c in selected]
        results = []
        for f in futs:
            r = f.result()
            print("%s  %-58s %5.1fs" % ("PASS" if r.ok else "FAIL", r.name, r.seconds), flush=True)
            results.append(r)
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host-dir", default=os.path.join(ROOT, "build", "host"))
    ap.add_argument("--build-dir", default=os.path.join(ROOT, "build", "qemu-virt"),
                    help="qemu-virt's build directory (test logs go there too)")
    ap.add_argument("--board-dir", action="append", default=[], metavar="BOARD=DIR",
                    help="build directory of another board's images (default build/BOARD)")
    ap.add_argument("--unit-only", action="store_true")
    ap.add_argument("--qemu-only", action="store_true")
    ap.add_argument("--fuzz-seconds", type=int, default=15,
                    help="length of the config fuzzing run (0: skip it)")
    ap.add_argument("-k", "--match", help="run only QEMU cases whose name matches this regex")
    ap.add_argument("-j", "--jobs", type=int, default=max(1, min(4, os.cpu_count() or 1)))
    args = ap.parse_args()

    results = []
    if not args.qemu_only:
        unit = run_unit(args.host_dir)
        for r in unit:
            if not r.ok:
                print("FAIL  %s" % r.name)
        print("unit tests: %d passed, %d failed" % (sum(r.ok for r in unit), sum(not r.ok for r in unit)))
        results += unit
        import corpus
        configs = corpus.run_configs(args.host_dir, Result)
        for r in configs:
            if not r.ok:
                print("FAIL  %s" % r.name)
        print("config corpus: %d passed, %d failed" % (sum(r.ok for r in configs), sum(not r.ok for r in configs)))
        results += configs
        if args.fuzz_seconds > 0:
            r = corpus.run_fuzz(args.host_dir, args.fuzz_seconds, Result)
            print("%s  %-58s %5.1fs  %s" % ("PASS" if r.ok else "FAIL", r.name, r.seconds,
                                           r.detail if r.ok else ""), flush=True)
            results.append(r)
    if not args.unit_only:
        build_dirs = dict(d.split("=", 1) for d in args.board_dir)
        build_dirs.setdefault("qemu-virt", args.build_dir)
        results += run_qemu(build_dirs, args.jobs, args.match)
    failed = [r for r in results if not r.ok]
    for r in failed:
        print("\nFAILED %s: %s" % (r.name, r.detail))
    print("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
