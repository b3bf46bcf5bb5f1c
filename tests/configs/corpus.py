# SPDX-License-Identifier: MIT
"""The partition-config corpus and the config fuzzer, as test stages of run.py.

tests/configs/bad/*.dts: one invalid config per rule. The header lines are
directives, "// key: value", before anything else:
  // expect: MESSAGE        required: septum-check must exit 1 and print
                            exactly "septum-check: CONFIG: error: MESSAGE"
  // board: NAME            check against tests/configs/boards/NAME.dts
  // payloads: A=SIZE ...   make payload files of these sizes (--payloads)
  // args: ...              more septum-check arguments (e.g. --image)
  // dtc-flags: ...         more dtc flags (-f to keep duplicates, -O dts)
  // truncate: N            keep only the first N bytes of the blob
A bad config without a board line is checked without a board: its rule
needs none. tests/configs/good/*.dts, the configs the QEMU tests boot
(tests/qemu/configs/*.dts) and the product configs (configs/*.dts): must
pass (exit 0, nothing on stderr) against the QEMU-virt test board, or the
board a "// board:" line names. A board is tests/configs/boards/NAME.dts,
or one of EXTERNAL_BOARDS: a board's own device tree, which is not ours to
ship, found on the machine (tools/setup puts it there) and given what its
firmware fills in at boot.
Each file is one test result. The blobs go to a temporary directory under
the host build directory.
"""
import concurrent.futures
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DEFAULT_BOARD = "qemu-virt"
DIRECTIVE = re.compile(r"^//\s*([a-z-]+):\s?(.*)$")
RPI4_DTB = os.environ.get("SEPTUM_RPI4_DTB", "/opt/septum/rpi4/bcm2711-rpi-4-b.dtb")


def rpi4_board(ram):
    """The Pi 4's tree with the RAM its firmware describes (/memory@0 'reg',
    #address-cells 2, #size-cells 1): @ram, "<addr-hi> <addr-lo> <size>"..."""
    def make(out):
        if not os.path.exists(RPI4_DTB):
            raise RuntimeError("no %s: run tools/setup" % RPI4_DTB)
        shutil.copyfile(RPI4_DTB, out)
        subprocess.run(["fdtput", "-t", "x", out, "/memory@0", "reg"] + ram.split(),
                       check=True, capture_output=True, timeout=30)
    return make


# The 1 GiB model (every Pi 4 has at least this): the first GiB minus the
# GPU's memory at its top (76 MiB by default). The 8 GiB model: RAM up to
# the peripherals at 0xfc000000, then above 4 GiB in entries of at most
# 4 GiB (#size-cells = 1).
EXTERNAL_BOARDS = {
    "rpi4": rpi4_board("0 0 3b400000"),
    "rpi4-8g": rpi4_board("0 0 3b400000 0 40000000 bc000000 1 0 80000000 1 80000000 80000000"),
}


def directives(path):
    found = {}
    with open(path) as f:
        for line in f:
            m = DIRECTIVE.match(line.rstrip("\n"))
            if not m:
                break
            found[m.group(1)] = m.group(2)
    return found


def dtc(src, out, flags=()):
    os.makedirs(os.path.dirname(out), exist_ok=True)
    p = subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb"] + list(flags) + ["-o", out, src],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("dtc failed on %s: %s" % (os.path.relpath(src, ROOT), p.stderr.strip()))


class Corpus:
    def __init__(self, host_dir, tmp):
        self.tool = os.path.join(host_dir, "tools", "septum-check")
        self.tmp = tmp
        self.boards = {}

    def board(self, name):
        if name not in self.boards:
            src = os.path.join(HERE, "boards", name + ".dts")
            out = os.path.join(self.tmp, "boards", name + ".dtb")
            if name in EXTERNAL_BOARDS and not os.path.exists(src):
                os.makedirs(os.path.dirname(out), exist_ok=True)
                EXTERNAL_BOARDS[name](out)
            elif not os.path.exists(src):
                raise RuntimeError("no board %s" % os.path.relpath(src, ROOT))
            else:
                dtc(src, out)
            self.boards[name] = out
        return self.boards[name]

    def payloads(self, name, spec):
        d = os.path.join(self.tmp, "payloads", name)
        os.makedirs(d, exist_ok=True)
        for item in spec.split():
            file, size = item.split("=")
            with open(os.path.join(d, file), "wb") as f:
                f.truncate(int(size, 0))
        return d

    def check(self, kind, path):
        """Compile one config, run septum-check, compare; returns (ok, detail)."""
        name = os.path.splitext(os.path.basename(path))[0]
        d = directives(path)
        blob = os.path.join(self.tmp, kind, name + ".dtb")
        dtc(path, blob, shlex.split(d.get("dtc-flags", "")))
        if "truncate" in d:
            with open(blob, "r+b") as f:
                f.truncate(int(d["truncate"], 0))
        argv = [self.tool, blob]
        if kind != "bad" or "board" in d:  # bad configs without a board: the rule needs none
            argv.append(self.board(d.get("board", DEFAULT_BOARD)))
        if "payloads" in d:
            argv += ["--payloads", self.payloads(kind + "-" + name, d["payloads"])]
        argv += shlex.split(d.get("args", ""))
        p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        cmd = " ".join(shlex.quote(os.path.relpath(a, ROOT) if a.startswith(ROOT) else a) for a in argv)
        if kind != "bad":
            if p.returncode != 0 or p.stderr:
                return False, "%s\n    exit %d: %s" % (cmd, p.returncode, p.stderr.strip())
            return True, ""
        if "expect" not in d:
            return False, "no '// expect: MESSAGE' first line"
        want = "septum-check: %s: error: %s\n" % (blob, d["expect"])
        if p.returncode == 1 and p.stderr == want:
            return True, ""
        return False, "%s\n    exit %d (want 1)\n    want: %s    got:  %s" % (
            cmd, p.returncode, want, p.stderr.replace("\n", "\n          ") or "(nothing)\n")


def run_configs(host_dir, result):
    """One result per config file: result(name, ok, detail, seconds)."""
    files = [("bad", p) for p in sorted(glob(os.path.join(HERE, "bad")))]
    files += [("good", p) for p in sorted(glob(os.path.join(HERE, "good")))]
    files += [("qemu", p) for p in sorted(glob(os.path.join(ROOT, "tests", "qemu", "configs")))]
    files += [("product", p) for p in sorted(glob(os.path.join(ROOT, "configs")))]
    tool = os.path.join(host_dir, "tools", "septum-check")
    if not os.path.exists(tool):
        return [result("configs: no %s (make tools)" % tool, False)]
    os.makedirs(host_dir, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="configs-", dir=host_dir)
    corpus = Corpus(host_dir, tmp)

    def one(item):
        kind, path = item
        name = "configs/%s/%s" % (kind, os.path.splitext(os.path.basename(path))[0])
        t0 = time.monotonic()
        try:
            ok, detail = corpus.check(kind, path)
        except (RuntimeError, OSError, ValueError, subprocess.SubprocessError) as e:
            ok, detail = False, str(e)
        return result(name, ok, detail, time.monotonic() - t0)

    try:
        for kind, path in files:  # boards first, once, outside the threads
            b = directives(path).get("board", DEFAULT_BOARD)
            try:
                corpus.board(b)
            except (RuntimeError, OSError):
                pass
        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
            results = list(ex.map(one, files))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return results


def glob(d):
    return [os.path.join(d, f) for f in os.listdir(d) if f.endswith(".dts")] if os.path.isdir(d) else []


def run_fuzz(host_dir, seconds, result):
    """A short run of the config fuzzer from the corpus seeds: one result."""
    fuzzer = os.path.join(host_dir, "fuzz", "cfg_fuzz")
    if not os.path.exists(fuzzer):
        return result("fuzz/cfg", False, "no %s (make fuzz-build)" % fuzzer)
    corpus = os.path.join(host_dir, "fuzz", "corpus")
    os.makedirs(corpus, exist_ok=True)
    seeds = [d for d in (os.path.join(host_dir, "configs", "good"), os.path.join(host_dir, "configs", "bad"))
             if os.path.isdir(d)]
    argv = [fuzzer, "-max_total_time=%d" % seconds, "-timeout=10", "-rss_limit_mb=2048",
            "-print_final_stats=1", "-artifact_prefix=%s/" % os.path.join(host_dir, "fuzz"), corpus] + seeds
    t0 = time.monotonic()
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 120, cwd=ROOT)
        out, rc = p.stdout + p.stderr, p.returncode
    except subprocess.TimeoutExpired:
        out, rc = "(did not stop within %d s)" % (seconds + 120), -1
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", out)
    detail = "%s executions" % runs.group(1) if runs else ""
    if rc != 0:
        detail = "exit %d\n%s" % (rc, out[-4000:])
    return result("fuzz/cfg", rc == 0, detail, time.monotonic() - t0)
