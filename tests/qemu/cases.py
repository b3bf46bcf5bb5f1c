# SPDX-License-Identifier: MIT
"""QEMU boot tests for Septum on the virt board and the Raspberry Pi 4 (raspi4b).

Each Case boots QEMU (the runner applies the timeout) and lists what the
console must show, in order, and what it must never show. Tests that need
an unusual board take QEMU's own device tree (dumpdtb) and edit it with
fdtput, so they describe the exact change they test.
"""
import os
import re
import shutil
import subprocess

QEMU = os.environ.get("QEMU", "qemu-system-aarch64")
UBOOT_QEMU_ARM64 = "/usr/lib/u-boot/qemu_arm64/u-boot.bin"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CPU_NAMES = {
    "cortex-a53": "Cortex-A53",
    "cortex-a57": "Cortex-A57",
    "cortex-a72": "Cortex-A72",
    "max": "QEMU max",
}
# A clean boot never prints these.
CLEAN = [r"error:", r"warning:", r"PANIC", r"unexpected "]
RAM_BASE = 0x40000000


class Case:
    def __init__(self, name, argv, expect, forbid=(), timeout=30, prepare=None, board="qemu-virt", stdin=(),
                 check=None):
        self.name = name
        self.board = board  # whose images (build directory) the case boots
        self._argv = argv
        self._prepare = prepare
        # An expectation is a pattern, or a list of patterns matched in any order.
        self.expect = [[re.compile(x) for x in e] if isinstance(e, list) else re.compile(e) for e in expect]
        self.forbid = [re.compile(f) for f in forbid]
        self.timeout = timeout
        # Typed on the board console (QEMU's stdin), in order: (after, bytes), where
        # after is a pattern, or a list of patterns, the console must show first,
        # after what the previous step typed (so a step can wait for an answer).
        self.stdin = [([re.compile(x) for x in a] if isinstance(a, list) else [re.compile(a)], data)
                      for a, data in stdin]
        # Once every expectation matched: check(console text) returns None, or
        # what is wrong (for what an order of patterns cannot say).
        self.check = check

    def command(self, build_dir):
        extra = self._prepare(build_dir) if self._prepare else []
        return self._argv(build_dir) + extra


def machine(gic, virt=True):
    return "virt,gic-version=%d%s" % (gic, ",virtualization=on" if virt else "")


def qemu_base(gic, cpu, smp, mem, virt=True):
    return [QEMU, "-machine", machine(gic, virt), "-cpu", cpu, "-smp", str(smp), "-m", mem,
            "-display", "none", "-monitor", "none", "-serial", "stdio", "-nic", "none"]


def image(build_dir):
    return os.path.join(build_dir, "septum.bin")


def mem_bytes(mem):
    units = {"M": 1 << 20, "G": 1 << 30}
    return int(mem[:-1]) * units[mem[-1]]


def esc(s):
    return re.escape(s)


def boot_expect(gic, cpu, smp, mem):
    """What a clean boot prints, in order."""
    end = RAM_BASE + mem_bytes(mem) - 1
    e = [esc("Septum ") + r"\S+ " + esc("(qemu-virt) at EL2 on " + CPU_NAMES[cpu]),
         r"RAM: 0x0040000000-0x%010x" % end,
         esc("GIC: GICv%d at /intc@8000000, maintenance INTID 25" % gic),
         esc("GICD 0x0008000000-0x000800ffff")]
    if gic == 2:
        e += [esc("GICC 0x0008010000"), esc("GICH 0x0008030000"), esc("GICV 0x0008040000")]
    else:
        e += [esc("GICR 0x00080a0000")]
    e += [r"timer: CNTFRQ [1-9]\d* Hz, INTIDs hyp 26, virt 27, phys 30",
          esc("console: /pl011@9000000 (arm,pl011) at 0x9000000"),
          esc("CPUs: %d in the device tree, PSCI arm,psci-1.0 via smc" % smp)]
    e += [esc("cpu%d up: MPIDR 0x%x, %s" % (i, i, CPU_NAMES[cpu])) for i in range(1, smp)]
    e += [esc("CPUs online: %d of %d" % (smp, smp)), esc("boot complete")]
    return e


def boot_case(gic, cpu, smp, mem):
    return Case("boot-gicv%d-%s-smp%d-%s" % (gic, cpu, smp, mem),
                lambda b, g=gic, c=cpu, s=smp, m=mem: qemu_base(g, c, s, m) + ["-kernel", image(b)],
                boot_expect(gic, cpu, smp, mem), CLEAN)


def edited_dtb(name, gic, cpu, smp, mem, edits):
    """A prepare step: QEMU's device tree for this machine, edited with fdtput
    (each edit is fdtput's argument list, "{dtb}" standing for the file)."""
    def prepare(build_dir):
        d = os.path.join(build_dir, "test-dtb")
        os.makedirs(d, exist_ok=True)
        dtb = os.path.join(d, name + ".dtb")
        base = qemu_base(gic, cpu, smp, mem)
        base[2] += ",dumpdtb=" + dtb
        subprocess.run(base, check=True, capture_output=True, timeout=30)
        for args in edits:
            argv = ["fdtput"] + [dtb if a == "{dtb}" else a for a in args]
            subprocess.run(argv, check=True, capture_output=True, timeout=30)
        return ["-dtb", dtb]
    return prepare


def dtb_case(name, edits, expect, gic=3, cpu="cortex-a57", smp=4, mem="1G", forbid=(), append=None):
    extra = ["-append", append] if append else []
    return Case(name, lambda b: qemu_base(gic, cpu, smp, mem) + ["-kernel", image(b)] + extra,
                expect, forbid, prepare=edited_dtb(name, gic, cpu, smp, mem, edits))


def uboot_disk(build_dir, name):
    """A disk image with an MBR and one FAT partition: boot.scr and septum.bin."""
    d = os.path.join(build_dir, "test-uboot", name)
    os.makedirs(d, exist_ok=True)
    cmd = os.path.join(d, "boot.cmd")
    with open(cmd, "w") as f:
        f.write("echo septum-test: loading septum.bin from virtio ${devnum}:${distro_bootpart}\n"
                "load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} septum.bin\n"
                "booti ${kernel_addr_r} - ${fdtcontroladdr}\n")
    scr = os.path.join(d, "boot.scr")
    subprocess.run(["mkimage", "-q", "-A", "arm64", "-O", "linux", "-T", "script", "-C", "none",
                    "-n", "septum boot", "-d", cmd, scr], check=True, capture_output=True)
    return disk_with(d, [scr, image(build_dir)])


def disk_with(d, files):
    """A raw disk: MBR, one bootable FAT partition holding @files; QEMU args to attach it."""
    part = os.path.join(d, "part.img")
    disk = os.path.join(d, "disk.img")
    for p in (part, disk):
        if os.path.exists(p):
            os.remove(p)
    subprocess.run(["mkfs.vfat", "-C", "-n", "SEPTUM", part, "16384"], check=True, capture_output=True)
    subprocess.run(["mcopy", "-i", part] + files + ["::/"], check=True, capture_output=True)
    with open(disk, "wb") as f:
        f.truncate(1 << 20)
    with open(disk, "ab") as f, open(part, "rb") as p:
        shutil.copyfileobj(p, f)
    subprocess.run(["sfdisk", "-q", disk], input=b"start=2048, type=c, bootable\n",
                   check=True, capture_output=True)
    return ["-drive", "if=none,format=raw,id=disk0,file=" + disk,
            "-device", "virtio-blk-device,drive=disk0"]


def uboot_case(gic):
    expect = [r"U-Boot 20\d\d", esc("septum-test: loading septum.bin"), r"Starting kernel"]
    expect += boot_expect(gic, "cortex-a57", 2, "1G")[:1]
    expect += [esc("CPUs online: 2 of 2"), esc("boot complete")]
    name = "uboot-booti-gicv%d" % gic
    return Case(name, lambda b: qemu_base(gic, "cortex-a57", 2, "1G") + ["-bios", UBOOT_QEMU_ARM64],
                expect, CLEAN, timeout=60, prepare=lambda b: uboot_disk(b, name))


TOOLS = os.path.join(ROOT, "tools")
CONFIGS = os.path.join(ROOT, "tests", "qemu", "configs")


def guest_dtb(path, bootargs, nodes=""):
    """A test guest's device tree: its memory, the bootargs telling it what to do, and @nodes."""
    dts = ("/dts-v1/;\n/ {\n\t#address-cells = <2>;\n\t#size-cells = <2>;\n"
           "\tchosen { bootargs = \"%s\"; };\n"
           "\tmemory@40000000 { device_type = \"memory\"; reg = <0x0 0x40000000 0x0 0x1000000>; };\n%s};\n"
           % (bootargs, nodes))
    subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", path, "-"], input=dts.encode(),
                   check=True, capture_output=True)


def cell_payloads(build_dir, name, guests, nodes=None):
    """A directory with each guest's device tree, for septum-pack -L; @nodes:
    more device-tree nodes for some cells (cell: text). A guest given as
    ("tree", NAME) gets the product guest tree NAME.dtb (dts/guests/) as it is."""
    d = os.path.join(build_dir, "test-cells", name)
    os.makedirs(d, exist_ok=True)
    for cell, args in guests.items():
        if isinstance(args, tuple) and args[0] == "tree":
            shutil.copyfile(os.path.join(build_dir, "dts", args[1] + ".dtb"), os.path.join(d, cell + ".dtb"))
            continue
        guest_dtb(os.path.join(d, cell + ".dtb"), "name=%s %s" % (cell, args), (nodes or {}).get(cell, ""))
    return d


def config_dtb(build_dir, config):
    return os.path.join(build_dir, "test-configs", config + ".dtb")


def bundle(build_dir, name, config, guests, nodes=None):
    """septum.bin + config + payloads in one image, for QEMU -kernel."""
    d = cell_payloads(build_dir, name, guests, nodes)
    out = os.path.join(d, "septum-bundle.bin")
    subprocess.run([os.path.join(TOOLS, "septum-pack"), "bundle", "-o", out, "--image", image(build_dir),
                    "--config", config_dtb(build_dir, config), "-L", d,
                    "-L", os.path.join(build_dir, "guests")], check=True, capture_output=True)
    return out


def cells_case(name, config, guests, expect, gic=3, smp=4, timeout=30, forbid=CLEAN, cpu="cortex-a57", stdin=(),
               nodes=None, qemu_extra=(), check=None):
    return Case(name, lambda b: qemu_base(gic, cpu, smp, "1G") + list(qemu_extra) + [
        "-kernel", bundle(b, name, config, guests, nodes)], expect, forbid, timeout=timeout, stdin=stdin,
        check=check)


def counting(cells, after=()):
    """Every cell in @cells says hello, counts and passes its count test. With
    @after (in order) the hellos may interleave with it, so only the counting
    that follows @after is checked."""
    hello = [[esc("[%s] hello from %s: mode count" % (c, c)) for c in cells]] if not after else []
    return hello + list(after) + [[r"\[%s\] count \d+" % c for c in cells],
                                  [esc("[%s] TEST count PASS" % c) for c in cells]]


def uboot_cells_disk(build_dir, name, config, guests):
    d = cell_payloads(build_dir, name, guests)
    cfg = config_dtb(build_dir, config)
    cmd = os.path.join(d, "boot.cmd")
    subprocess.run([os.path.join(TOOLS, "septum-pack"), "uboot", "-o", cmd, "--config", cfg,
                    "--load-base", "0x44000000"], check=True, capture_output=True)
    scr = os.path.join(d, "boot.scr")
    subprocess.run(["mkimage", "-q", "-A", "arm64", "-O", "linux", "-T", "script", "-C", "none",
                    "-n", "septum boot", "-d", cmd, scr], check=True, capture_output=True)
    files = [scr, image(build_dir), cfg, os.path.join(build_dir, "guests", "testguest.bin")]
    files += [os.path.join(d, c + ".dtb") for c in guests]
    return disk_with(d, files)


def all_cases(build_dir):
    cases = []
    # Every CPU model with both GIC versions, from 1 to 8 CPUs.
    smp_for = {"cortex-a53": (1, 8), "cortex-a57": (2, 4), "cortex-a72": (3, 8), "max": (5, 8)}
    mems = ["128M", "1G", "2G", "4G"]
    n = 0
    for gic in (2, 3):
        for cpu, smps in smp_for.items():
            for smp in smps:
                cases.append(boot_case(gic, cpu, smp, mems[n % len(mems)]))
                n += 1

    # Entered at EL1: say so and stop.
    cases.append(Case("wrong-el-el1",
                      lambda b: qemu_base(3, "cortex-a57", 1, "256M", virt=False) + ["-kernel", image(b)],
                      [esc("error: Septum was entered at EL1: it must be started at EL2"),
                       esc("virtualization=on"), esc("error: stopping")],
                      [r"boot complete"]))

    # Unexpected exceptions at EL2 give a full report, never a silent hang.
    fault = [esc("unexpected synchronous exception at EL2 on cpu0 (MPIDR 0x0)")]
    regs = [r"x0  0x[0-9a-f]{16}  x1  0x", r"x28 0x[0-9a-f]{16}  x29 0x[0-9a-f]{16}  x30 0x[0-9a-f]{16}  sp  0x"]
    for gic in (2, 3):
        cases.append(Case("el2-data-abort-report-gicv%d" % gic,
                          lambda b, g=gic: qemu_base(g, "cortex-a72", 2, "512M") + [
                              "-kernel", image(b), "-append", "septum.selftest=el2-data-abort"],
                          [esc("CPUs online: 2 of 2"),
                           esc("selftest: reading unmapped address 0xfffffffff000 at EL2")] + fault + [
                              r"ESR 0x9[0-9a-f]{7}: EC 0x25 \(data abort at EL2\)",
                              esc("translation fault, level 0, read"),
                              r"FAR 0x0000fffffffff000  ELR 0x00000000402[0-9a-f]{5}  SPSR 0x"] + regs + [
                              esc("PANIC on cpu0")],
                          [r"boot complete"]))
    cases.append(Case("el2-brk-report",
                      lambda b: qemu_base(3, "max", 1, "512M") + [
                          "-kernel", image(b), "-append", "console=x septum.selftest=el2-brk"],
                      fault + [r"ESR 0xf2[0-9a-f]{6}: EC 0x3c \(BRK instruction\)"] + regs + [esc("PANIC on cpu0")],
                      [r"boot complete"]))

    # Board device trees that are unusual or wrong.
    cases.append(dtb_case(
        "cpu-absent-psci-error",
        [["-c", "{dtb}", "/cpus/cpu@100"],
         ["-t", "s", "{dtb}", "/cpus/cpu@100", "device_type", "cpu"],
         ["-t", "s", "{dtb}", "/cpus/cpu@100", "enable-method", "psci"],
         ["-t", "x", "{dtb}", "/cpus/cpu@100", "reg", "100"]],
        [esc("CPUs: 5 in the device tree"),
         # fdtput -c adds the node first under /cpus, so it is logical cpu1.
         esc("error: cpu1 (MPIDR 0x100) failed to start: PSCI CPU_ON returned INVALID_PARAMETERS (-2)"),
         esc("cpu4 up: MPIDR 0x3"),
         esc("CPUs online: 4 of 5"), esc("boot complete")], smp=4))
    cases.append(dtb_case(
        "cpu-spin-table-never-checks-in",
        [["-t", "s", "{dtb}", "/cpus/cpu@1", "enable-method", "spin-table"],
         ["-t", "x", "{dtb}", "/cpus/cpu@1", "cpu-release-addr", "0", "40001000"]],
        [esc("cpu1: MPIDR 0x1, spin-table (/cpus/cpu@1)"),
         esc("error: cpu1 (MPIDR 0x1) failed to start: it did not check in within 1000 ms"),
         esc("cpu2 up: MPIDR 0x2"), esc("CPUs online: 3 of 4"), esc("boot complete")], smp=4))
    cases.append(dtb_case(
        "cpu-spin-table-bad-release-addr",
        [["-t", "s", "{dtb}", "/cpus/cpu@1", "enable-method", "spin-table"],
         ["-t", "x", "{dtb}", "/cpus/cpu@1", "cpu-release-addr", "0", "1000"]],
        [esc("error: cpu1 (MPIDR 0x1) failed to start: cpu-release-addr 0x1000 is not an aligned address in RAM"),
         esc("CPUs online: 1 of 2")], smp=2))
    cases.append(dtb_case(
        "no-gic-stops-with-error",
        [["-r", "{dtb}", "/intc@8000000"]],
        [esc("error: device tree at 0x"),
         esc("no interrupt controller Septum can virtualize"),
         esc("error: cannot continue without a valid board description: stopping")],
        forbid=[r"boot complete", r"PANIC"], smp=1))

    # Booting as users boot: U-Boot, a boot script, booti.
    for gic in (2, 3):
        cases.append(uboot_case(gic))

    # Cells side by side, each on its own CPU, counting at the same time.
    count = "mode=count period_ms=20 report=10"
    three = {"alpha": count, "beta": count, "gamma": count}
    for gic in (2, 3):
        cases.append(cells_case("cells-three-gicv%d" % gic, "three-cells", three,
                                [esc("config: 3 cells")] + counting(["alpha", "beta", "gamma"]), gic=gic))
        cases.append(cells_case("cells-two-gicv%d" % gic, "two-cells", {"alpha": count, "beta": count},
                                [esc("config: 2 cells")] + counting(["alpha", "beta"]), gic=gic, smp=3))

    # A hostile cell is stopped; the others keep counting.
    slow = "mode=count period_ms=20 report=25"
    hostile = [
        ("read-other-cell", "mode=read addr=0x50000000", "data abort, read at IPA 0x50000000"),
        ("write-other-cell", "mode=write addr=0x51000000", "data abort, write at IPA 0x51000000"),
        ("read-hypervisor", "mode=read addr=0x48000000", "data abort, read at IPA 0x48000000"),
        ("write-hypervisor", "mode=write addr=0x4f000000", "data abort, write at IPA 0x4f000000"),
        ("write-unassigned-device", "mode=write addr=0x09010000", "data abort, write at IPA 0x9010000"),
        ("read-gic", "mode=read addr=0x08000000", "data abort, read at IPA 0x8000000"),
        ("exec-other-cell", "mode=exec addr=0x51000000", "instruction fetch at IPA 0x51000000"),
    ]
    for i, (what, args, report) in enumerate(hostile):
        gic = 2 if i % 2 else 3
        guests = {"alpha": slow, "beta": slow, "hostile": args}
        expect = [esc("[hostile] hostile: "),
                  esc("error: cell 'hostile' vCPU 0 (cpu3): " + report),
                  r"error:   ESR 0x[0-9a-f]{8}  FAR 0x[0-9a-f]{16}  ELR 0x[0-9a-f]{16}",
                  esc("error: cell 'hostile' stopped; the other cells keep running")]
        cases.append(cells_case("isolation-%s-gicv%d" % (what, gic), "hostile", guests,
                                counting(["alpha", "beta"], after=expect),
                                gic=gic, forbid=[r"PANIC", r"TEST \S+ FAIL", r"\[hostile\] TEST"]))

    # Unknown SMC and HVC calls answer NOT_SUPPORTED and the cell goes on.
    for call in ("smc", "hvc"):
        guests = {"alpha": "mode=%s" % call, "beta": count, "gamma": count}
        cases.append(cells_case("cell-unknown-%s" % call, "three-cells", guests,
                                counting(["beta", "gamma"], after=[esc("[alpha] TEST %s PASS" % call)])))

    # Interrupts through the virtual GIC, both versions, several CPU models.
    for gic, cpu in ((3, "cortex-a57"), (3, "max"), (2, "cortex-a72"), (2, "cortex-a57")):
        cfg = "vgic-v%d" % gic
        g = "gic=%d " % gic
        vt = g + "mode=vtimer count=500 period_us=200 report=3"
        tag = "gicv%d-%s" % (gic, cpu)
        cells = ["alpha", "beta", "gamma"]
        # Virtual timer interrupts at 5 kHz in three cells at once, exactly counted.
        cases.append(cells_case("vgic-vtimer-%s" % tag, cfg, {c: vt for c in cells},
                                [esc("config: 3 cells"),
                                 [esc("cell '%s': virtual GICv%d, distributor at 0x8000000" % (c, gic))
                                  for c in cells],
                                 [esc("[%s] TEST vtimer PASS" % c) for c in cells]],
                                gic=gic, cpu=cpu, timeout=60))
        if cpu not in ("cortex-a57",):
            continue
        # SYSTEM_RESET from inside the timer handler (the interrupt still
        # active): alpha boots again and takes its timer interrupts again,
        # twice; beta and gamma never miss one.
        again = [esc("[alpha] SYSTEM_RESET from the timer interrupt handler"),
                 esc("cell 'alpha' restarting (SYSTEM_RESET)"), esc("[alpha] hello from alpha: mode vtimer"),
                 esc("[alpha] TEST vtimer PASS")]
        cases.append(cells_case("vgic-vtimer-reset-gicv%d" % gic, cfg,
                                {"alpha": vt + " then=reset", "beta": vt, "gamma": vt},
                                [[esc("[alpha] TEST vtimer PASS"), esc("[beta] TEST vtimer PASS"),
                                  esc("[gamma] TEST vtimer PASS")]] + again + again +
                                [[r"\[beta\] vtimer round \d+", r"\[gamma\] vtimer round \d+"]],
                                gic=gic, cpu=cpu, timeout=60))
        # SGIs to itself, and eight pending at once taken in priority order.
        cases.append(cells_case("vgic-sgi-priority-gicv%d" % gic, cfg,
                                {"alpha": g + "mode=sgi count=100", "beta": vt, "gamma": vt},
                                [[esc("[alpha] TEST sgi PASS"), esc("[alpha] TEST priority PASS"),
                                  esc("[beta] TEST vtimer PASS"), esc("[gamma] TEST vtimer PASS")]],
                                gic=gic, timeout=60))
        # The RTC's SPI reaches its owner only; a meddling cell changes nothing.
        cases.append(cells_case("vgic-spi-isolation-gicv%d" % gic, cfg,
                                {"alpha": g + "mode=spi count=20", "beta": vt,
                                 "gamma": g + "mode=meddle spi=34 ms=400"},
                                [[esc("[alpha] TEST spi PASS"), esc("[gamma] TEST meddle PASS"),
                                  esc("[beta] TEST vtimer PASS")]],
                                gic=gic, timeout=60))
        # SGIs between the two vCPUs of one cell (vCPU 1 started by PSCI CPU_ON).
        cases.append(cells_case("vgic-sgi-smp-gicv%d" % gic, "vgic-smp-v%d" % gic,
                                {"alpha": g + "mode=sgi-smp count=200", "beta": vt},
                                [[esc("[alpha] TEST sgi-smp PASS 200 pings to vCPU 1, 200 pongs back"),
                                  esc("[beta] TEST vtimer PASS")]],
                                gic=gic, timeout=60))
        # The RTC's SPI routed to vCPU 1 reaches vCPU 1 only.
        cases.append(cells_case("vgic-spi-route-gicv%d" % gic, "vgic-smp-v%d" % gic,
                                {"alpha": g + "mode=spi-smp count=10", "beta": vt},
                                [[esc("[alpha] TEST spi PASS 10 of 10 RTC alarms"),
                                  esc("[alpha] TEST spi-route PASS"), esc("[beta] TEST vtimer PASS")]],
                                gic=gic, timeout=60))
        # Active and pending state written by the guest (ISACTIVER/ICACTIVER, ICPENDR), in and
        # out of list registers, on the timer's PPI, an SGI and the passthrough RTC SPI;
        # beta's and gamma's timer interrupts go on.
        cases.append(cells_case("vgic-irq-state-gicv%d" % gic, cfg,
                                {"alpha": g + "mode=irqstate", "beta": vt, "gamma": vt},
                                [[esc("[alpha] TEST icactiver PASS"), esc("[alpha] TEST isactiver PASS"),
                                  esc("[alpha] TEST icpendr PASS"), esc("[alpha] TEST icactiver-spi PASS"),
                                  esc("[beta] TEST vtimer PASS"),
                                  esc("[gamma] TEST vtimer PASS")]],
                                gic=gic, timeout=60))
        # The virtual console's interrupt, waiting on vCPU 0, rerouted to vCPU 1: taken there.
        cases.append(cells_case("vgic-vline-reroute-gicv%d" % gic, "vgic-smp-v%d" % gic,
                                {"alpha": g + "mode=reroute", "beta": vt},
                                [[esc("[alpha] TEST reroute PASS"), esc("[beta] TEST vtimer PASS")]],
                                gic=gic, timeout=60))
        # A fault on vCPU 1 stops the whole cell: vCPU 0 is kicked and parks; beta goes on.
        cases.append(cells_case("vgic-smp-fault-gicv%d" % gic, "vgic-smp-v%d" % gic,
                                {"alpha": g + "mode=smp-fault addr=0x51000000",
                                 "beta": g + "mode=vtimer count=500 period_us=200 report=6"},
                                [esc("[alpha] smp-fault: vCPU 1 reads 0x51000000"),
                                 esc("error: cell 'alpha' vCPU 1 (cpu2): data abort, read at IPA 0x51000000: "
                                     "outside the cell's memory map"),
                                 # (vCPU 0's CPU says it stopped while vCPU 1's reports: either order.)
                                 [esc("error: cell 'alpha' stopped; the other cells keep running"),
                                  esc("cell 'alpha' vCPU 0 (cpu1) stopped")],
                                 r"\[beta\] vtimer round \d+", esc("[beta] TEST vtimer PASS")],
                                gic=gic, timeout=60, forbid=[r"PANIC", r"TEST \S+ FAIL", r"warning:"]))
        # Malformed and out-of-range GIC accesses: logged with the cell's name; the first ignored,
        # the second (beyond the cell's one redistributor frame) stops the cell.
        cases.append(cells_case("vgic-bad-access-gicv%d" % gic, cfg,
                                {"alpha": vt, "beta": g + "mode=badsize",
                                 "gamma": "mode=read addr=%s" % ("0x80c0000" if gic == 3 else "0x8012000")},
                                [[esc("warning: cell 'beta' vCPU 0: GIC read at IPA 0x8000000 ignored: "
                                      "distributor registers are 32-bit here"),
                                  esc("warning: cell 'beta' vCPU 0: GIC write at IPA 0x8000100 ignored: "
                                      "distributor registers are 32-bit here"),
                                  esc("[beta] TEST badsize PASS"),
                                  esc("error: cell 'gamma' vCPU 0 (cpu3): data abort, read at IPA %s: "
                                      "outside the cell's memory map" % ("0x80c0000" if gic == 3 else "0x8012000")),
                                  esc("[alpha] TEST vtimer PASS")]],
                                gic=gic, timeout=60, forbid=[r"PANIC", r"TEST \S+ FAIL"]))
        # A cell stopped for a fault: interrupts keep flowing in the others.
        stop = [esc("error: cell 'gamma' vCPU 0 (cpu3): data abort, read at IPA 0x50000000"),
                esc("error: cell 'gamma' stopped; the other cells keep running")]
        cases.append(cells_case("vgic-fault-gicv%d" % gic, cfg,
                                {"alpha": g + "mode=vtimer count=500 period_us=200 report=8", "beta": vt,
                                 "gamma": "mode=read addr=0x50000000"},
                                stop + [[r"\[alpha\] vtimer round \d+", r"\[beta\] vtimer round \d+"],
                                        esc("[alpha] TEST vtimer PASS")],
                                gic=gic, timeout=60, forbid=[r"PANIC", r"TEST \S+ FAIL", r"warning:"]))

    # The benchmark guest (make bench) runs and prints a sane table: every
    # test, 1000 samples, under icount the hypervisor's share above zero.
    bench = r" n 1000 ns [1-9]\d* [1-9]\d* [1-9]\d* el2 [1-9]\d* [1-9]\d* [1-9]\d*"
    for gic in (3, 2):
        name = "bench-smoke-gicv%d" % gic
        cases.append(Case(name,
                          lambda b, g=gic, n=name: qemu_base(g, "max", 3, "1G") + [
                              "-icount", "shift=0,sleep=off", "-rtc", "clock=vm", "-kernel",
                              bundle(b, n, "bench-v%d" % g, {"bench": "bench=septum gic=%d" % g})],
                          [esc("[bench] BENCH start septum gic %d freq 1000000000 boot " % gic)] +
                          [esc("[bench] BENCH %s" % t) + bench for t in
                           ("hvc-psci-version", "gicd-read", "gicd-write", "vtimer-spin", "vtimer-wfi", "sgi-self",
                            "sgi-other", "spi-rtc-wfi")] +
                          [esc("[bench] BENCH done")], CLEAN + [r"BENCH warning"]))

    # The virtual console by interrupts: transmit-interrupt output in both cells; board
    # console input to the focused cell only; Ctrl-] 1 moves the focus to beta, Ctrl-]
    # Ctrl-] sends one Ctrl-] (echoed as '?'), Ctrl-] 7 names no cell and changes nothing.
    # vuart-boot-cpu-*: alpha runs on cpu0, where the board UART's interrupt preempts its guest.
    for gic, kind in ((2, ""), (3, ""), (2, "boot-cpu-"), (3, "boot-cpu-")):
        g = "gic=%d " % gic
        # Typing starts once the focus is set: bytes typed before are dropped as stale.
        focus = esc("[septum] console input: cell 'alpha'")
        ready = [esc("[alpha] uart-rx: ready"), esc("[beta] uart-rx: ready")]
        cases.append(cells_case(
            "vuart-input-%sgicv%d" % (kind, gic), "vuart-%sv%d" % (kind, gic),
            {"alpha": g + "mode=uart lines=1", "beta": g + "mode=uart lines=2"},
            # The two cells run side by side: everything up to typing, in any order.
            [[focus] + ready + [esc("[%s] sent by the transmit interrupt" % c) for c in ("alpha", "beta")] +
             [esc("[%s] TEST uart-tx PASS 31 bytes by 32 transmit interrupts" % c) for c in ("alpha", "beta")],
             esc("[alpha] echo: to-alpha"), esc("[alpha] TEST uart-rx PASS"),
             esc("[septum] console input: cell 'beta'"), esc("[beta] echo: to-beta"),
             esc("[septum] console input: stays with cell 'beta': no cell 7 with a console"),
             esc("[beta] echo: ?x"), esc("[beta] TEST uart-rx PASS 2 of 2 lines")],
            gic=gic, timeout=60,
            forbid=CLEAN + [r"TEST \S+ FAIL", esc("[beta] echo: to-alpha"), esc("[alpha] echo: to-beta"),
                            esc("[alpha] echo: ?x")],
            stdin=[(ready + [focus], b"to-alpha\r"), (esc("[alpha] TEST uart-rx PASS"), b"\x1d1"),
                   (esc("[septum] console input: cell 'beta'"), b"to-beta\r"),
                   (esc("[beta] echo: to-beta"), b"\x1d7"),
                   (esc("no cell 7 with a console"), b"\x1d\x1dx\r")]))

    # The two counting cells' demo (`make run CONFIG=qemu-virt-demo`).
    cases.append(Case("demo-bundle-qemu-virt",
                      lambda b: qemu_base(3, "cortex-a57", 4, "1G") + [
                          "-kernel", os.path.join(b, "septum-qemu-virt-demo.bin")],
                      [esc("config: 2 cells"),
                       [esc("[blue] hello from blue: mode count"), esc("[green] hello from green: mode count")],
                       [esc("[blue] count 3"), esc("[green] count 2")]], CLEAN))

    # The real-time cell demo bundle (make run CONFIG=qemu-virt-rt): the RTOS reports next to blue counting.
    cases.append(Case("rt-demo-bundle-qemu-virt",
                      lambda b: qemu_base(3, "cortex-a57", 4, "1G") + [
                          "-kernel", os.path.join(b, "septum-qemu-virt-rt.bin")],
                      [esc("config: 2 cells"), esc("cell 'rt': virtual GICv3, distributor at 0x8000000"),
                       [esc("[rt] rt: Septum RTOS demo: 3 tasks, GICv3 (device tree), virtual timer INTID 27, "
                            "CNTFRQ 62500000 Hz, report every 1000 ms"),
                        esc("[blue] hello from blue: mode count")],
                       [esc("[rt] rt: report 2 uptime "), esc("[blue] count 2")]],
                      CLEAN, check=rtos_check(("rt",), 1, no_miss=())))

    # The same three-cell config loaded piece by piece by U-Boot.
    for gic in (2, 3):
        name = "uboot-cells-gicv%d" % gic
        cases.append(Case(name, lambda b, g=gic: qemu_base(g, "cortex-a57", 4, "1G") + ["-bios", UBOOT_QEMU_ARM64],
                          [esc("septum: loading from virtio 0:1"), esc("config from /chosen at 0x44000000"),
                           esc("config: 3 cells")] + counting(["alpha", "beta", "gamma"]),
                          CLEAN, timeout=90,
                          prepare=lambda b, n=name: uboot_cells_disk(b, n, "three-cells", three)))
    cases += psci_cases()
    cases += rtos_cases()
    cases += linux_cases()
    return cases + rpi4_cases()


# ---------------------------------------------------------------- Raspberry Pi 4
# QEMU's raspi4b (4 x Cortex-A72, 2 GiB, GIC-400) with the Pi's own device
# tree, as Debian ships it (tools/setup extracts it). QEMU fills in the RAM
# below the VideoCore's 64 MiB at the top of the first GiB, as the firmware
# does on a real board. The first -serial is the PL011, the second the
# mini-UART, the tree's stdout-path. Booting on this board uses the rpi4
# build (Case.board).
RPI4_DTB = os.environ.get("SEPTUM_RPI4_DTB", "/opt/septum/rpi4/bcm2711-rpi-4-b.dtb")
RPI4_UBOOT = os.environ.get("SEPTUM_RPI4_UBOOT", "/opt/septum/rpi4/u-boot-rpi_arm64.bin")
RPI4_GIC = "/soc/interrupt-controller@40041000"
# QEMU's generic timer runs at 62.5 MHz (a real Pi 4's at 54 MHz): Septum
# must report the CNTFRQ it reads, not a frequency it assumes.
RPI4_QEMU_CNTFRQ = 62500000
RPI4_VUART = 0xfe201000  # where the Pi configs put each cell's virtual PL011
IMAGE_MAGIC_OFFSET = 56  # of "ARM\x64" in the arm64 Image header
# Septum's own error and warning lines (QEMU warns about the Pi devices it lacks).
RPI4_CLEAN = [r"\[septum\] (error|warning):", r"PANIC", r"unexpected "]


def rpi4_missing(path):
    raise RuntimeError("no %s: run tools/setup" % path)


def rpi4_dtb():
    return RPI4_DTB if os.path.exists(RPI4_DTB) else rpi4_missing(RPI4_DTB)


def rpi4_machine(serial=("null", "stdio")):
    return [QEMU, "-machine", "raspi4b", "-display", "none", "-monitor", "none"] + [
        a for s in serial for a in ("-serial", s)]


def rpi4_base(dtb=None, serial=("null", "stdio")):
    return rpi4_machine(serial) + ["-dtb", dtb or rpi4_dtb()]


def rpi4_case(name, expect, kernel=image, edits=(), serial=("null", "stdio"), forbid=RPI4_CLEAN, timeout=30,
              extra=None, stdin=(), check=None):
    """Boot @kernel(build_dir) on raspi4b, with the Pi's tree edited by fdtput
    @edits, and more QEMU arguments from @extra(build_dir)."""
    def argv(build_dir):
        dtb = rpi4_dtb()
        if edits:
            d = os.path.join(build_dir, "test-dtb")
            os.makedirs(d, exist_ok=True)
            dtb = os.path.join(d, name + ".dtb")
            shutil.copyfile(rpi4_dtb(), dtb)
            for args in edits:
                subprocess.run(["fdtput"] + [dtb if a == "{dtb}" else a for a in args],
                               check=True, capture_output=True, timeout=30)
        return rpi4_base(dtb, serial) + ["-kernel", kernel(build_dir)] + (extra(build_dir) if extra else [])
    return Case(name, argv, expect, forbid, timeout=timeout, board="rpi4", stdin=stdin, check=check)


def rpi4_boot_expect(console="/soc/serial@7e215040 (brcm,bcm2835-aux-uart) at 0xfe215040", banner=True):
    e = []
    if banner:
        e += [esc("Septum ") + r"\S+ " + esc("(rpi4) at EL2 on Cortex-A72"),
              esc("board: Raspberry Pi 4 Model B")]
    e += [esc("RAM: 0x0000000000-0x003bffffff (960 MiB)"),
          esc("reserved: 0x0000000000-0x0000000fff (4 KiB)"),  # /memreserve/: the spin tables
          esc("GIC: GICv2 at %s, maintenance INTID 25" % RPI4_GIC),
          esc("GICD 0x00ff841000-0x00ff841fff (4 KiB)"), esc("GICC 0x00ff842000-0x00ff843fff (8 KiB)"),
          esc("GICH 0x00ff844000-0x00ff845fff (8 KiB)"), esc("GICV 0x00ff846000-0x00ff847fff (8 KiB)"),
          esc("timer: CNTFRQ %d Hz, INTIDs hyp 26, virt 27, phys 30, secure phys 29" % RPI4_QEMU_CNTFRQ),
          esc("console: " + console), esc("CPUs: 4 in the device tree") + r"\r?\n"]
    e += [esc("cpu%d: MPIDR 0x%x, spin-table%s (/cpus/cpu@%d)" % (i, i, ", boot CPU" if i == 0 else "", i))
          for i in range(4)]
    e += [[esc("cpu%d up: MPIDR 0x%x, Cortex-A72" % (i, i)) for i in range(1, 4)],
          esc("CPUs online: 4 of 4"), esc("boot complete")]
    return e


def rpi4_bundle(build_dir, name, config, guests):
    """A bundle for the Pi: each guest's console is the virtual PL011 at RPI4_VUART."""
    return bundle(build_dir, name, config,
                  {c: "uart=0x%x %s" % (RPI4_VUART, args) for c, args in guests.items()})


def rpi4_uboot_disk(build_dir, name):
    """An SD card image: boot.scr (booti with the tree the firmware, here
    QEMU, handed U-Boot) and septum.bin. QEMU wants SD cards a power of two."""
    d = os.path.join(build_dir, "test-uboot", name)
    os.makedirs(d, exist_ok=True)
    cmd = os.path.join(d, "boot.cmd")
    with open(cmd, "w") as f:
        f.write("echo septum-test: loading septum.bin from ${devtype} ${devnum}:${distro_bootpart}\n"
                "load ${devtype} ${devnum}:${distro_bootpart} ${kernel_addr_r} septum.bin\n"
                "booti ${kernel_addr_r} - ${fdt_addr}\n")
    scr = os.path.join(d, "boot.scr")
    subprocess.run(["mkimage", "-q", "-A", "arm64", "-O", "linux", "-T", "script", "-C", "none",
                    "-n", "septum boot", "-d", cmd, scr], check=True, capture_output=True)
    disk_with(d, [scr, image(build_dir)])
    disk = os.path.join(d, "disk.img")
    size = os.path.getsize(disk)
    with open(disk, "r+b") as f:
        f.truncate(1 << (size - 1).bit_length())
    return disk


def rpi4_raw_image(build_dir):
    """septum.bin with its arm64 Image magic cleared (QEMU then loads it raw, at 0x80000)."""
    with open(image(build_dir), "rb") as f:
        data = bytearray(f.read())
    data[IMAGE_MAGIC_OFFSET:IMAGE_MAGIC_OFFSET + 4] = bytes(4)
    out = os.path.join(build_dir, "test-dtb", "septum-raw.bin")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "wb") as f:
        f.write(data)
    return out


def sdcard(build_dir, *name):
    """A file of `make PLATFORM=rpi4 sdcard`'s folder (or the folder itself)."""
    return os.path.join(build_dir, "sdcard", *name)


def sdcard_setting(build_dir, config_txt, key):
    """The value of @key= in the SD card's @config_txt, as the firmware reads it."""
    with open(sdcard(build_dir, config_txt)) as f:
        for line in f:
            k, _, v = line.strip().partition("=")
            if k == key:
                return v
    raise RuntimeError("%s: no %s=" % (sdcard(build_dir, config_txt), key))


def sdcard_firmware(build_dir, config_txt):
    """What the Pi firmware would start for @config_txt, with QEMU standing in
    for it: the kernel= file at EL2 with the device_tree= tree."""
    return ["-dtb", sdcard(build_dir, sdcard_setting(build_dir, config_txt, "device_tree")),
            "-kernel", sdcard(build_dir, sdcard_setting(build_dir, config_txt, "kernel"))]


def rpi4_sdcard_case(name, config_txt, expect, extra=None, timeout=30):
    """Boot `make sdcard`'s output for @config_txt as the Pi firmware would."""
    def argv(build_dir):
        return rpi4_machine() + sdcard_firmware(build_dir, config_txt) + (extra(build_dir) if extra else [])
    return Case(name, argv, expect, RPI4_CLEAN, timeout=timeout, board="rpi4")


def rpi4_cases():
    cases = [rpi4_case("rpi4-boot", rpi4_boot_expect())]
    # stdout-path names the PL011 instead: the console moves there once
    # the tree is read, so only the first line goes to the mini-UART
    # (QEMU's second serial, not watched here).
    cases.append(rpi4_case(
        "rpi4-boot-pl011-console",
        rpi4_boot_expect("/soc/serial@7e201000 (arm,pl011) at 0xfe201000", banner=False),
        edits=[["-t", "s", "{dtb}", "/chosen", "stdout-path", "serial0:115200n8"]],
        serial=("stdio", "null"), forbid=RPI4_CLEAN + [r"at EL2 on"]))
    # Loaded at 0x80000, where older Pi firmware put 64-bit kernels (today
    # it is 0x200000, as QEMU's -kernel does with an arm64 Image): Septum
    # relocates itself to any page. The copy without the Image magic is
    # what makes QEMU load it there, as a raw binary.
    cases.append(rpi4_case(
        "rpi4-boot-at-0x80000",
        [esc("hypervisor image: 0x0000080000-"), esc("CPUs online: 4 of 4"), esc("boot complete")],
        kernel=rpi4_raw_image))
    # As users boot a Pi: the firmware (QEMU) starts U-Boot, U-Boot runs
    # boot.scr from the SD card's FAT partition, booti starts Septum with
    # the tree it was handed; the secondary CPUs are still in the spin table.
    cases.append(rpi4_case(
        "rpi4-uboot-booti",
        [esc("Found U-Boot script /boot.scr"), esc("septum-test: loading septum.bin from mmc 0:1"),
         r"Starting kernel"] + rpi4_boot_expect(), timeout=60,
        kernel=lambda b: RPI4_UBOOT if os.path.exists(RPI4_UBOOT) else rpi4_missing(RPI4_UBOOT),
        extra=lambda b: ["-drive", "if=sd,format=raw,file=" + rpi4_uboot_disk(b, "rpi4-uboot-booti")]))
    # A firmware reservation (reserved-memory, no-map) next to the GPU's
    # part of the first GiB: reported (Septum leaves no-map ranges out of its
    # own map; the config checker keeps cells away from every reservation).
    # (QEMU rewrites the tree's memory nodes itself, so the RAM ranges of
    # the bigger Pis cannot be described this way.)
    cases.append(rpi4_case(
        "rpi4-firmware-reservation",
        [esc("RAM: 0x0000000000-0x003bffffff (960 MiB)"),
         esc("reserved: 0x0000000000-0x0000000fff (4 KiB)"),
         esc("reserved (no-map): 0x003b000000-0x003b3fffff (4 MiB)"),
         esc("CPUs online: 4 of 4"), esc("boot complete")],
        edits=[["-c", "{dtb}", "/reserved-memory/firmware@3b000000"],
               ["-t", "x", "{dtb}", "/reserved-memory/firmware@3b000000", "reg", "0", "3b000000", "400000"],
               ["-t", "s", "{dtb}", "/reserved-memory/firmware@3b000000", "no-map", ""]]))

    # The `make run PLATFORM=rpi4` demo bundle: two cells counting.
    cases.append(rpi4_case(
        "rpi4-demo-bundle",
        [esc("config: 2 cells"),
         [esc("[blue] hello from blue: mode count"), esc("[green] hello from green: mode count")],
         [esc("[blue] count 3"), esc("[green] count 2")]],
        kernel=lambda b: os.path.join(b, "septum-rpi4-demo.bin")))

    # The Pi's Linux product config (configs/rpi4-linux.dts): Debian's cloud
    # kernel in a cell with a virtual GIC-400 and the virtual PL011 where the
    # Pi has its PL011 reaches its shell on two vCPUs and the cell's 128 MiB,
    # runs a command typed on the board console (the mini-UART), while the
    # 'rt' cell next to it keeps counting.
    cases.append(rpi4_case(
        "rpi4-linux-boot",
        linux_boot_expect(2, uart=RPI4_VUART) + [esc("[linux] hello-42"), RT_ALIVE],
        kernel=lambda b: os.path.join(b, "septum-rpi4-linux.bin"), serial=("null", "stdio"),
        forbid=RPI4_CLEAN + LINUX_FORBID, timeout=90,
        stdin=[([LINUX_FOCUS, LINUX_SHELL], b"echo hello-$((6*7))\r")], check=rt_unbroken))

    # `make PLATFORM=rpi4 sdcard`, booted as the firmware would boot it
    # (QEMU has no Pi firmware: it starts config.txt's kernel= with its
    # device_tree= itself, and the disk image is the SD card). Through
    # U-Boot: its environment from uboot.env (no delay, no USB scan),
    # boot.scr loading the config, each payload and septum.bin, the
    # firmware's tree copied into the hypervisor region; then both cells.
    demo = [esc("config: 2 cells"),
            [esc("[blue] hello from blue: mode count"), esc("[green] hello from green: mode count")],
            [esc("[blue] count 3"), esc("[green] count 2")]]
    # U-Boot's "N bytes read" for each file, then the script's own line.
    # Addresses: tools/septum-sdcard's LOAD_BASE for the config, then each
    # payload 4 KiB aligned above it (where exactly depends on their sizes).
    after_config = r"0xc[0-9a-f]{3}000"
    pieces = [("rpi4-demo.dtb", esc("0xc000000")), ("testguest.bin", esc("0xc001000")),
              ("rpi4-blue.dtb", after_config), ("rpi4-green.dtb", after_config), ("septum.bin", esc("0x00080000"))]
    loads = [r"\d+ bytes read in [^\n]*\n\s*" + esc("septum: loaded %s (0x" % n) + r"[0-9a-f]+" +
             esc(" bytes) at ") + at for n, at in pieces]
    cases.append(rpi4_sdcard_case(
        "rpi4-sdcard-uboot", "config.txt",
        [esc("Loading Environment from FAT... OK"), esc("septum: running boot.scr"),
         esc("septum: loading from mmc 0:1"), esc("Working FDT set to be00000")] + loads + [
            r"Starting kernel"] + rpi4_boot_expect()[:1] + [
            esc("device tree at 0xbe00000"), esc("CPUs online: 4 of 4"),
            esc("config from /chosen at 0xc000000"), esc("cell 'blue': kernel \"testguest.bin\""),
            esc("cell 'green': dtb \"rpi4-green.dtb\""), esc("boot complete")] + demo[1:],
        extra=lambda b: ["-drive", "if=sd,format=raw,snapshot=on,file=" + os.path.join(b, "sdcard.img")],
        timeout=60))
    # Without U-Boot (config-direct.txt): the firmware starts the bundle.
    cases.append(rpi4_sdcard_case(
        "rpi4-sdcard-direct", "config-direct.txt",
        rpi4_boot_expect()[:1] + [esc("CPUs online: 4 of 4"), esc("bundle at 0x")] + demo))

    # A hostile cell is stopped; the others keep counting. Addresses as the
    # Pi has them (tests/qemu/configs/rpi4-hostile.dts).
    slow = "mode=count period_ms=20 report=25"
    hostile = [
        ("read-other-cell", "mode=read addr=0x10000000", "data abort, read at IPA 0x10000000"),
        ("write-other-cell", "mode=write addr=0x11000000", "data abort, write at IPA 0x11000000"),
        ("read-hypervisor", "mode=read addr=0x200000", "data abort, read at IPA 0x200000"),
        ("write-hypervisor", "mode=write addr=0x8000000", "data abort, write at IPA 0x8000000"),
        ("write-unassigned-device", "mode=write addr=0xfe200000", "data abort, write at IPA 0xfe200000"),
        ("write-hypervisor-console", "mode=write addr=0xfe215040", "data abort, write at IPA 0xfe215040"),
        ("read-gic", "mode=read addr=0xff841000", "data abort, read at IPA 0xff841000"),
        ("exec-other-cell", "mode=exec addr=0x11000000", "instruction fetch at IPA 0x11000000"),
    ]
    for what, args, report in hostile:
        name = "rpi4-isolation-" + what
        guests = {"alpha": slow, "beta": slow, "hostile": args}
        expect = [esc("[hostile] hostile: "),
                  esc("error: cell 'hostile' vCPU 0 (cpu3): " + report),
                  r"error:   ESR 0x[0-9a-f]{8}  FAR 0x[0-9a-f]{16}  ELR 0x[0-9a-f]{16}",
                  esc("error: cell 'hostile' stopped; the other cells keep running")]
        cases.append(rpi4_case(name, counting(["alpha", "beta"], after=expect),
                               kernel=lambda b, n=name, g=guests: rpi4_bundle(b, n, "rpi4-hostile", g),
                               forbid=[r"PANIC", r"TEST \S+ FAIL", r"\[hostile\] TEST"]))
    return cases


def psci_cases():
    """PSCI for cells (docs/hypercalls.md), each on both GIC versions."""
    cases = []
    count = "mode=count period_ms=20 report=10"
    smp_ok = [esc("[duo] TEST cpu-on-misuse PASS"), esc("[duo] TEST cpu-on PASS"),
              esc("[duo] hello from vCPU 1: round 1, context 0x5e700001"),
              esc("[duo] TEST secondary-entry PASS"),
              esc("[duo] hello from vCPU 1: round 2, context 0x5e700002"),
              esc("[duo] TEST secondary-entry PASS"), esc("[duo] TEST cpu-off-on PASS")]
    for gic in (2, 3):
        # Every call, its results and its misuse; vCPU 1 started, stopped, started again.
        guests = {"alpha": "mode=psci period_ms=20 report=5", "beta": count,
                  "duo": "mode=smp then=count period_ms=20 report=5"}
        cases.append(cells_case("psci-calls-gicv%d" % gic, "psci", guests,
                                [[esc("[alpha] TEST psci-hvc PASS"), esc("[alpha] TEST psci-smc PASS")] +
                                 [smp_ok[i] for i in (0, 1, 2, 4, 6)] +
                                 [esc("[%s] TEST count PASS" % c) for c in ("alpha", "beta", "duo")]],
                                gic=gic, smp=5))
        # SYSTEM_RESET: alpha boots again (3 times) from pristine payloads into
        # cleared memory; duo restarts from vCPU 1 while vCPU 0 counts; beta
        # keeps counting throughout.
        guests = {"alpha": "mode=reset reset_after=3 period_ms=20", "beta": "mode=count period_ms=20 report=1000",
                  "duo": "mode=smp then=reset period_ms=20 report=1000"}
        boot = [esc("[alpha] hello from alpha: mode reset"), esc("[alpha] TEST reset-pristine PASS"),
                esc("[alpha] calling SYSTEM_RESET"), esc("cell 'alpha' restarting (SYSTEM_RESET)")]
        cases.append(cells_case("psci-system-reset-gicv%d" % gic, "psci", guests,
                                boot + [esc("cell 'alpha': restart 1, vCPU 0 at 0x40000000")] + boot +
                                [esc("cell 'alpha': restart 2, vCPU 0 at 0x40000000"),
                                 esc("[alpha] hello from alpha: mode reset"), esc("[alpha] TEST reset-pristine PASS"),
                                 r"\[beta\] count \d+"],
                                gic=gic, smp=5))
        # The same from duo's vCPU 1, while vCPU 0 counts.
        cases.append(cells_case("psci-smp-reset-gicv%d" % gic, "psci", dict(guests, alpha=count),
                                [esc("[duo] hello from duo: mode smp")] + smp_ok +
                                [esc("cell 'duo' restarting (SYSTEM_RESET)"),
                                 esc("cell 'duo' vCPU 0 (cpu3) stopped"),
                                 esc("cell 'duo': restart 1, vCPU 0 at 0x40000000"),
                                 esc("[duo] hello from duo: mode smp")] + smp_ok +
                                [esc("cell 'duo' restarting (SYSTEM_RESET)"),
                                 esc("cell 'duo': restart 2, vCPU 0 at 0x40000000"),
                                 r"\[beta\] count \d+"],
                                gic=gic, smp=5))
        # SYSTEM_RESET from vCPU 0 while vCPU 1 is in CPU_SUSPEND standby.
        cases.append(cells_case("psci-standby-reset-gicv%d" % gic, "psci",
                                dict(guests, alpha=count, duo="mode=smp then=standby period_ms=20 report=1000"),
                                [esc("[duo] TEST cpu-off-on PASS"),
                                 esc("[duo] calling SYSTEM_RESET with vCPU 1 in standby (AFFINITY_INFO 0)"),
                                 esc("cell 'duo' restarting (SYSTEM_RESET)"), esc("cell 'duo' vCPU 1 (cpu4) stopped"),
                                 esc("cell 'duo': restart 1, vCPU 0 at 0x40000000"),
                                 esc("[duo] hello from duo: mode smp"), esc("[duo] TEST cpu-off-on PASS"),
                                 esc("cell 'duo': restart 2, vCPU 0 at 0x40000000"), r"\[beta\] count \d+"],
                                gic=gic, smp=5))
        # A fault on vCPU 1 stops the whole cell: vCPU 0 is kicked out of the guest.
        cases.append(cells_case("psci-smp-fault-stops-cell-gicv%d" % gic, "psci",
                                dict(guests, alpha=count, duo="mode=smp then=fault period_ms=20 report=1000"),
                                [esc("[duo] TEST cpu-off-on PASS"),
                                 esc("error: cell 'duo' vCPU 1 (cpu4): data abort, read at IPA 0x50000000"),
                                 [esc("error: cell 'duo' stopped; the other cells keep running"),
                                  esc("cell 'duo' vCPU 0 (cpu3) stopped")], r"\[beta\] count \d+",
                                 r"\[alpha\] count \d+"],
                                gic=gic, smp=5, forbid=[r"PANIC", r"warning:", r"cell 'duo': restart"]))
        # CPU_OFF of a cell's last vCPU is no fault: the cell waits, the others count.
        cases.append(cells_case("psci-cpu-off-last-gicv%d" % gic, "psci",
                                {"alpha": "mode=psci then=cpu-off", "beta": count, "duo": count},
                                # Any order: on a loaded host beta and duo may pass before
                                # alpha is through its PSCI checks; then both keep counting.
                                [[esc("[alpha] calling CPU_OFF on the last vCPU"),
                                  esc("cell 'alpha': every vCPU is off (CPU_OFF)"),
                                  esc("[beta] TEST count PASS"), esc("[duo] TEST count PASS")],
                                 [r"\[beta\] count \d+", r"\[duo\] count \d+"]],
                                gic=gic, smp=5, forbid=CLEAN + [r"\[alpha\] (count|TEST cpu-off)"]))
        # SYSTEM_OFF: alpha from its only vCPU, duo from vCPU 1 while vCPU 0
        # counts; beta never notices.
        guests = {"alpha": "mode=off", "beta": "mode=count period_ms=20 report=25",
                  "duo": "mode=smp then=off period_ms=20 report=1000"}
        cases.append(cells_case("psci-system-off-gicv%d" % gic, "psci", guests,
                                [[esc("[alpha] calling SYSTEM_OFF"), esc("cell 'alpha' powered off (SYSTEM_OFF)"),
                                  esc("[duo] TEST cpu-off-on PASS"), esc("cell 'duo' powered off (SYSTEM_OFF)"),
                                  esc("cell 'duo' vCPU 0 (cpu3) stopped")],
                                 r"\[beta\] count \d+", esc("[beta] TEST count PASS")],
                                gic=gic, smp=5, forbid=CLEAN + [r"\[alpha\] (count|TEST)"]))
    # Restart with payloads a boot loader placed (/chosen modules), not a bundle.
    guests = {"alpha": "mode=reset reset_after=2 period_ms=20 conduit=smc", "beta": count, "duo": count}
    cases.append(Case("uboot-psci-system-reset", lambda b: qemu_base(3, "cortex-a57", 5, "1G") + ["-bios", UBOOT_QEMU_ARM64],
                      [esc("config from /chosen at 0x44000000"), esc("[alpha] TEST reset-pristine PASS"),
                       esc("cell 'alpha' restarting (SYSTEM_RESET)"), esc("cell 'alpha': restart 1, vCPU 0 at 0x40000000"),
                       esc("[alpha] hello from alpha: mode reset"), esc("[alpha] TEST reset-pristine PASS"),
                       esc("cell 'alpha': restart 2, vCPU 0 at 0x40000000"), esc("[alpha] TEST reset-pristine PASS"),
                       r"\[beta\] count \d+"],
                      CLEAN, timeout=90,
                      prepare=lambda b: uboot_cells_disk(b, "uboot-psci-system-reset", "psci", guests)))
    return cases


# What a Linux cell must never print.
LINUX_FORBID = [r"Kernel panic", r"Internal error", r"\bOops\b", r"BUG:", r"Unable to handle", r"TEST \S+ FAIL"]


# ---------------------------------------------------------------- the RTOS demo
# guests/rtos/ (docs/rtos-cell.md): its report lines, parsed.
RTOS_REPORT = re.compile(r"\[(\w+)\] rt: report (\d+) uptime (\d+) ms")
RTOS_TASK = re.compile(r"\[(\w+)\] rt: task (\w+) period (\d+)us releases (\d+) jitter min (\d+)ns "
                       r"avg (\d+)ns max (\d+)ns missed (\d+)$", re.M)
RTOS_TASKS = {"ctl": 1000, "filter": 5000, "log": 20000}  # the task table's default periods (us)


def rtos_gic_nodes(gic):
    """An RTOS cell's interrupt controller and timer, as its config gives them (tests/qemu/configs/rtos-v*.dts)."""
    if gic == 3:
        ic = '"arm,gic-v3"; reg = <0x0 0x08000000 0x0 0x10000>, <0x0 0x080a0000 0x0 0x20000>'
    else:
        ic = '"arm,cortex-a15-gic"; reg = <0x0 0x08000000 0x0 0x10000>, <0x0 0x08010000 0x0 0x2000>'
    return ("\tinterrupt-controller@8000000 { compatible = %s; interrupt-controller; #interrupt-cells = <3>; };\n"
            "\ttimer { compatible = \"arm,armv8-timer\"; interrupts = <1 13 4>, <1 14 4>, <1 11 4>, <1 10 4>; };\n"
            % ic)


def rtos_reports(text):
    """{cell: [{task: (period, releases, min, avg, max, missed)} per report]}, complete reports only."""
    cells = {}
    lines = text.splitlines()
    if not text.endswith("\n"):
        lines = lines[:-1]  # still being printed
    for line in lines:
        m = RTOS_REPORT.search(line)
        if m:
            cells.setdefault(m.group(1), []).append({})
            continue
        m = RTOS_TASK.search(line)
        if m and cells.get(m.group(1)):
            cells[m.group(1)][-1][m.group(2)] = tuple(int(x) for x in m.groups()[2:])
    return {c: [r for r in reps if len(r) == len(RTOS_TASKS)] for c, reps in cells.items()}


def rtos_check(cells, reports, no_miss=("log",), max_jitter_ns=None, missed_some=()):
    """A check for Case: every cell of @cells printed @reports complete reports in which
    each task's releases grow, min <= avg <= max, and min/max only widen; the tasks of
    @no_miss never miss; with @max_jitter_ns no jitter above it; the tasks of
    @missed_some did miss (an overload)."""
    def check(text):
        got = rtos_reports(text)
        for cell in cells:
            reps = got.get(cell, [])
            if len(reps) < reports:
                return "cell '%s': %d complete rt reports, wanted %d" % (cell, len(reps), reports)
            for task, period in RTOS_TASKS.items():
                prev = None
                for n, rep in enumerate(reps, 1):
                    p, rel, lo, avg, hi, missed = rep[task]
                    where = "cell '%s' report %d task %s" % (cell, n, task)
                    if not lo <= avg <= hi:
                        return "%s: jitter min %d avg %d max %d out of order" % (where, lo, avg, hi)
                    if prev and not (rel > prev[1] and lo <= prev[2] and hi >= prev[4] and missed >= prev[5]):
                        return "%s: %s after %s: releases must grow, min/max/missed only widen" % (where, rep[task], prev)
                    if task in no_miss and missed:
                        return "%s: missed %d" % (where, missed)
                    if max_jitter_ns is not None and hi > max_jitter_ns:
                        return "%s: jitter max %d ns above %d ns" % (where, hi, max_jitter_ns)
                    prev = rep[task]
                if task in missed_some and not prev[5]:
                    return "cell '%s' task %s: no missed deadline under overload" % (cell, task)
        return None
    return check


def rtos_cases():
    """The RTOS demo in two cells (rt's GIC from its device tree, rt2's from gic= bootargs)
    next to a counting test guest, on both GIC versions. Timed (TCG without icount is not
    real time): the reports' shape and consistency only. Under -icount shift=0,sleep=off
    (1 instruction = 1 ns, deterministic; the counting cell powered off so that no spinning
    vCPU skews QEMU's round-robin): no missed deadline and jitter bounded; and an
    overloaded 'log' task (a long job) makes the non-preemptible ctl miss."""
    cases = []
    icount = ["-icount", "shift=0,sleep=off"]
    task = r"\[%s\] rt: task %s period %d" + esc("us releases ") + r"\d+ jitter min \d+ns avg \d+ns max \d+ns missed \d+"
    for gic in (3, 2):
        cfg = "rtos-v%d" % gic
        nodes = {"rt": rtos_gic_nodes(gic)}
        banner = [esc("[rt] rt: Septum RTOS demo: 3 tasks, GICv%d (device tree), virtual timer INTID 27, CNTFRQ " % gic),
                  esc("[rt2] rt: Septum RTOS demo: 3 tasks, GICv%d (bootargs), virtual timer INTID 27, CNTFRQ " % gic)]
        # Report 1's lines in each cell; then report 4 begun in both: 3 complete ones to check.
        report = [[task % (c, t, p) for c in ("rt", "rt2") for t, p in RTOS_TASKS.items()],
                  [esc("[%s] rt: report 4 uptime " % c) for c in ("rt", "rt2")]]
        fast = "report_ms=200"
        guests = {"rt": fast, "rt2": "gic=%d %s" % (gic, fast), "count": "mode=count period_ms=20 report=10"}
        cases.append(cells_case("rtos-report-gicv%d" % gic, cfg, guests,
                                [esc("config: 3 cells"), banner + [esc("[count] TEST count PASS")]] + report,
                                gic=gic, timeout=60, nodes=nodes, check=rtos_check(("rt", "rt2"), 3, no_miss=())))
        # Deterministic time: a bound far above what it measures (docs/rtos-cell.md), far below a period.
        # rt boots with the product guest tree (dts/guests/rtos-gicv*.dts: reports every second).
        guests = {"rt": ("tree", "rtos-gicv%d" % gic), "rt2": "gic=%d %s" % (gic, fast), "count": "mode=off"}
        cases.append(cells_case("rtos-icount-gicv%d" % gic, cfg, guests,
                                [esc("config: 3 cells"), banner + [esc("cell 'count' powered off (SYSTEM_OFF)")],
                                 esc("[rt] rt: report 4 uptime 4000 ms")],
                                gic=gic, timeout=90, nodes=nodes, qemu_extra=icount,
                                check=rtos_check(("rt", "rt2"), 3, no_miss=tuple(RTOS_TASKS), max_jitter_ns=20000)))
        # Overload: log's job of 2000 CRC passes (some ms) delays ctl's releases past their deadline.
        guests = {"rt": fast + " log_work=2000", "rt2": "gic=%d %s" % (gic, fast), "count": "mode=off"}
        cases.append(cells_case("rtos-overload-gicv%d" % gic, cfg, guests,
                                [esc("config: 3 cells"), banner + [esc("cell 'count' powered off (SYSTEM_OFF)")]] +
                                report,
                                gic=gic, timeout=90, nodes=nodes, qemu_extra=icount,
                                check=rtos_check(("rt",), 3, no_miss=("log",), missed_some=("ctl",))))
    return cases


# The 'rt' cell next to Linux (configs/qemu-virt-linux*.dts): RT_START is
# what it prints once per start, RT_ALIVE a line it prints again and again
# while it runs, RT_SEQ (None: not checked) that line's number, which only
# grows while the cell runs on without a restart.
# It is the RTOS demo (guests/rtos/): its banner, and a report each second.
RT_START = esc("[rt] rt: Septum RTOS demo: ")
RT_ALIVE = r"\[rt\] rt: report \d+ uptime \d+ ms"
RT_SEQ = re.compile(r"\[rt\] rt: report (\d+) uptime")
# Linux's CPU 1 is cpu2 (the configs' 'linux' cell: cpu1, cpu2).
LINUX_CPU1_STOPPED = esc("[septum] cell 'linux' vCPU 1 (cpu2) stopped")
LINUX_SHELL = esc("built-in shell (ash)")
LINUX_FOCUS = esc("[septum] console input: cell 'linux'")


def several(pattern, n):
    """One pattern: @pattern @n times, anything between."""
    return r"(?s:.*?%s){%d}" % (pattern, n)


LINUX_FIRST = esc("[linux] [    0.000000] Booting Linux on physical CPU 0x0")


def rt_unbroken(text):
    """The rt cell started once and ran on: its sequence numbers only grow,
    and it printed while each Linux boot ran (between the boot's first line
    and its shell)."""
    starts = len(re.findall(RT_START, text))
    if starts != 1:
        return "the rt cell started %d times (%s), not once" % (starts, RT_START)
    for n, boot in enumerate(re.finditer(LINUX_FIRST, text), 1):
        shell = re.compile(LINUX_SHELL).search(text, boot.end())
        if shell and not re.compile(RT_ALIVE).search(text, boot.end(), shell.start()):
            return "Linux boot %d: no %s while it booted" % (n, RT_ALIVE)
    if RT_SEQ:
        seq = [int(m.group(1)) for m in RT_SEQ.finditer(text)]
        for a, b in zip(seq, seq[1:]):
            if b <= a:
                return "the rt cell's %s went from %d to %d" % (RT_SEQ.pattern, a, b)
    return None


def linux_boot_expect(gic, again=False, uart=0x9000000):
    """One Linux boot in its cell, to the shell's banner; @again: after a
    restart (Septum's own boot lines are not printed again); @uart: where
    the cell's device tree puts its PL011 (QEMU virt's, or the Pi's)."""
    head = [esc("config: 2 cells"),
            esc("cell 'linux': virtual GICv%d, distributor at 0x8000000" % gic),
            esc("cell 'linux': 2 vCPUs, entry 0x40000000"), esc("boot complete"),
            [RT_START, LINUX_FIRST]] if not again else [LINUX_FIRST]
    return head + [
        # The configured memory: 128 MiB at 0x40000000, all of it the kernel's.
        esc("[linux] [    0.000000]   node   0: [mem 0x0000000040000000-0x0000000047ffffff]"),
        esc("[linux] [    0.000000] psci: PSCIv1.1 detected in firmware."),
        r"\[linux\] \[ *[0-9.]+\] Memory: \d+K/131072K available",
        r"\[linux\] \[ *[0-9.]+\] CPU1: Booted secondary processor 0x0000000001",
        # (rt reports while Linux boots: rt_unbroken.)
        r"\[linux\] \[ *[0-9.]+\] smp: Brought up 1 node, 2 CPUs",
        r"\[linux\] \[ *[0-9.]+\] " + esc("%x.pl011: ttyAMA0 at MMIO 0x%x" % (uart, uart)),
        r"\[linux\] \[ *[0-9.]+\] Run /init as init process",
        # /init: online CPUs, MemTotal, and the memory node as Linux sees it.
        r"\[linux\] \[ *[0-9.]+\] SEPTUM-LINUX-UP cpus=2 memtotal=\d+kB "
        r"dt-memory=0x0000000040000000" r"0000000008000000",
        esc("[linux] BusyBox v1.") + ".*" + LINUX_SHELL]


def make_run_argv(build_dir):
    """The QEMU command a plain `make run` (the README's first command) runs, as
    make prints it: none of the variables of a make that runs the tests."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    out = subprocess.run(["make", "-s", "-n", "run", "O=" + os.path.relpath(build_dir, ROOT)], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True, timeout=60).stdout
    lines = [ln for ln in out.splitlines() if ln.startswith(QEMU + " ")]
    if len(lines) != 1:
        raise RuntimeError("`make -n run` printed %d QEMU command lines:\n%s" % (len(lines), out))
    return lines[0].split()


def linux_cases():
    """Debian's arm64 cloud kernel in a cell (configs/qemu-virt-linux*.dts,
    `make linux-bundles`; tools/setup fetches the kernel and busybox), on
    both GIC versions, next to the 'rt' cell, which must run on throughout
    (rt_unbroken) and print while Linux works:
    - linux-boot: it boots to the initramfs's marker line with both vCPUs
      (the second started by PSCI CPU_ON through Septum) and the cell's
      128 MiB, and runs a command typed on the board console in its shell;
    - linux-reboot: `reboot` in the shell (busybox init, then the kernel's
      PSCI SYSTEM_RESET from CPU0 while CPU1, parked by the kernel, is still
      in the guest) restarts only the linux cell, which boots again and
      takes a command;
    - linux-load-poweroff: CPU1 goes off and on again (PSCI CPU_OFF, CPU_ON),
      both vCPUs spin and dd churns 4 x 8 MiB while rt counts on, then
      `poweroff` (PSCI SYSTEM_OFF) stops only the linux cell."""
    # `make run` is this demo: Linux and rt, GICv3 as the config says, 4 CPUs,
    # 1 GiB, and the focus keys said once (up to Linux's first lines only).
    cases = [Case("make-run-linux-demo", make_run_argv, [
        esc("Septum ") + r"\S+ " + esc("(qemu-virt) at EL2 on Cortex-A57"),
        esc("RAM: 0x0040000000-0x007fffffff (1 GiB)"), esc("GIC: GICv3 at /intc@8000000"),
        esc("CPUs online: 4 of 4"), esc("config: 2 cells"), esc("cell 'linux': 2 vCPUs, entry 0x40000000"),
        esc("cell 'rt': 1 vCPU"), esc("boot complete"), LINUX_FOCUS,
        esc("[septum] console input: Ctrl-] then 0 'linux', 1 'rt' moves it; Ctrl-] Ctrl-] sends Ctrl-]"),
        [LINUX_FIRST, several(RT_ALIVE, 3)]],
        CLEAN, timeout=40)]
    forbid = CLEAN + LINUX_FORBID + [r"cell 'rt'[^\n]*(restart|stopped|powered off)"]
    for gic, config in ((3, "qemu-virt-linux"), (2, "qemu-virt-linux-gicv2")):
        def argv(b, g=gic, c=config):
            return qemu_base(g, "cortex-a57", 4, "1G") + ["-kernel", os.path.join(b, "septum-%s.bin" % c)]
        boot = linux_boot_expect(gic)
        cases.append(Case("linux-boot-gicv%d" % gic, argv, boot + [
            # Typed on the board console: the focused cell's ttyAMA0
            # (receive interrupts) runs it in the shell.
            esc("[linux] hello-42"),
            # Meanwhile, and after it, the other cell counts on.
            RT_ALIVE], forbid, timeout=40,
            stdin=[([LINUX_FOCUS, LINUX_SHELL], b"echo hello-$((6*7))\r")], check=rt_unbroken))

        cases.append(Case("linux-reboot-gicv%d" % gic, argv, boot + [
            esc("[linux] Requesting system reboot"),
            r"\[linux\] \[ *[0-9.]+\] reboot: Restarting system",
            # Linux's CPU 0 calls SYSTEM_RESET; its CPU 1, parked by the
            # kernel, is stopped by Septum; only this cell restarts.
            esc("[septum] cell 'linux' restarting (SYSTEM_RESET)"), LINUX_CPU1_STOPPED,
            # (rt reports on while Septum clears and reloads the linux cell
            # and Linux boots again: rt_unbroken.)
            esc("[septum] cell 'linux': restart 1, vCPU 0 at 0x40000000")]
            + linux_boot_expect(gic, again=True) + [
            esc("[linux] again-42"), several(RT_ALIVE, 3)], forbid, timeout=120,
            stdin=[([LINUX_FOCUS, LINUX_SHELL], b"reboot\r"),
                   (LINUX_SHELL, b"echo again-$((6*7))\r")], check=rt_unbroken))

        hotplug = (b"echo 0 >/sys/devices/system/cpu/cpu1/online; echo 1 >/sys/devices/system/cpu/cpu1/online;"
                   b" echo cpus-$(nproc)\r")
        spin = b"for i in 1 2; do while :; do :; done & done; echo spin$((1+1))\r"
        churn = (b"for i in 1 2 3 4; do dd if=/dev/zero of=/tmp/churn bs=1M count=8 && rm /tmp/churn; done;"
                 b" echo churned-$((16*2))\r")
        cases.append(Case("linux-load-poweroff-gicv%d" % gic, argv, boot + [
            # CPU1 unplugged (PSCI CPU_OFF) and back (CPU_ON again).
            r"\[linux\] \[ *[0-9.]+\] psci: CPU1 killed",
            r"\[linux\] \[ *[0-9.]+\] CPU1: Booted secondary processor 0x0000000001",
            esc("[linux] cpus-2"),
            # Two shell loops keep both of Linux's vCPUs busy: rt counts on.
            esc("[linux] spin2") + several(RT_ALIVE, 5),
            # Then 4 x 8 MiB through the page cache (the initramfs's tmpfs) while they spin.
            several(esc("[linux] 8+0 records out"), 4),
            esc("[linux] churned-32") + several(RT_ALIVE, 3),
            # poweroff: only the linux cell stops; rt counts on after it.
            esc("[linux] Requesting system poweroff"),
            r"\[linux\] \[ *[0-9.]+\] reboot: Power down",
            esc("[septum] cell 'linux' powered off (SYSTEM_OFF)"),
            # Typed to the powered-off cell once it said so: dropped, and Septum
            # says so (before or after it has stopped vCPU 1).
            [LINUX_CPU1_STOPPED, esc("[septum] console input: cell 'linux' is powered off: input dropped")],
            several(RT_ALIVE, 5)], forbid + [esc("[septum] cell 'linux' restarting"), r"\[linux\] dd: "],
            timeout=90,
            stdin=[([LINUX_FOCUS, LINUX_SHELL], hotplug), (esc("[linux] cpus-2"), spin),
                   (esc("[linux] spin2") + several(RT_ALIVE, 5), churn),
                   (esc("[linux] churned-32") + several(RT_ALIVE, 3), b"poweroff\r"),
                   (esc("[septum] cell 'linux' powered off (SYSTEM_OFF)"), b"x\r")],
            check=rt_unbroken))
    return cases
