#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Write compile_commands.json for the hypervisor sources to stdout.

Usage: compile-commands.py CC "CFLAGS" SOURCE... (called by `make
compile_commands.json`), so clangd and clang-tidy see the real flags.
"""
import json
import os
import shlex
import sys


def main():
    cc, cflags, srcs = sys.argv[1], sys.argv[2], sys.argv[3:]
    root = os.getcwd()
    # Dependency output is make's business; GCC-only optimisation flags
    # would stop clang-based tools.
    skip = {"-MMD", "-MP", "-fno-tree-loop-distribute-patterns"}
    flags = [f for f in shlex.split(cflags) if f not in skip]
    entries = [{"directory": root, "file": os.path.join(root, s),
                "arguments": [cc] + flags + ["-c", s]} for s in srcs if s.endswith(".c")]
    json.dump(entries, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
