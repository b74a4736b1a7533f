#!/usr/bin/env python3
"""The build lists its files, and lists all of them.

- No meson.build decides whether to build a file by testing that it exists (fs.exists, the
  landing-phase guards): a renamed or deleted file must be a build error, not a silent gap.
- Every src/*.c is a source of the library (meson.build's lib_sources).
- Every tests/test_*.c is a Check suite (tests/meson.build's suites, or built by another
  meson.build, as test_tool_util.c by tools/meson.build).
- Every tests/tool/*.sh but lib.sh is a tool test (tools/meson.build's tool_tests).
- Every tests/serve/*.py and *.sh but serve_lib.py is a server test (tools/meson.build's serve_tests).

Usage: build_lists.py SOURCE_ROOT. Prints each problem; exits 1 if any.
"""
import glob
import os
import re
import sys


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    def read(p):
        with open(os.path.join(root, p), encoding="utf-8") as f:
            return f.read()
    problems = []
    builds = sorted(glob.glob(os.path.join(root, "**", "meson.build"), recursive=True))
    builds = [b for b in builds if not os.path.relpath(b, root).startswith(("build", ".mesonpy"))]
    all_build_text = ""
    for b in builds:
        rel = os.path.relpath(b, root)
        text = read(rel)
        all_build_text += text
        for n, line in enumerate(text.splitlines(), 1):
            if "fs.exists(" in line and not line.lstrip().startswith("#"):
                problems.append("%s:%d: builds a file only if it exists: %s" % (rel, n, line.strip()))

    top = read("meson.build")
    m = re.search(r"lib_sources = (?:\[national_data\] \+ files\((.*?)\)|\[(.*?)\])", top, re.S)
    listed = set(re.findall(r"'(src/[\w.]+\.c)'", m.group(1) or m.group(2))) if m else set()
    for f in sorted(glob.glob(os.path.join(root, "src", "*.c"))):
        rel = os.path.relpath(f, root)
        if rel not in listed:
            problems.append("%s is not in meson.build's lib_sources" % rel)
    for rel in sorted(listed):
        if not os.path.exists(os.path.join(root, rel)):
            problems.append("meson.build lists %s, which does not exist" % rel)

    tests = read(os.path.join("tests", "meson.build"))
    m = re.search(r"suites = \[(.*?)\]", tests, re.S)
    suites = set(re.findall(r"'(\w+)'", m.group(1))) if m else set()
    for f in sorted(glob.glob(os.path.join(root, "tests", "test_*.c"))):
        name = os.path.basename(f)[len("test_"):-len(".c")]
        if name not in suites and os.path.basename(f) not in all_build_text:
            problems.append("tests/%s is built by no meson.build" % os.path.basename(f))

    tools = read(os.path.join("tools", "meson.build"))
    m = re.search(r"tool_tests = \[(.*?)\]", tools, re.S)
    tool_tests = set(re.findall(r"'(\w+)'", m.group(1))) if m else set()
    for f in sorted(glob.glob(os.path.join(root, "tests", "tool", "*.sh"))):
        name = os.path.basename(f)[:-3]
        if name != "lib" and name not in tool_tests:
            problems.append("tests/tool/%s.sh is not in tools/meson.build's tool_tests" % name)

    m = re.search(r"serve_tests = \{(.*?)\}", tools, re.S)
    serve_tests = set(re.findall(r"'([\w.]+\.(?:py|sh))'", m.group(1))) if m else set()
    for f in sorted(glob.glob(os.path.join(root, "tests", "serve", "*"))):
        name = os.path.basename(f)
        if name.endswith((".py", ".sh")) and name != "serve_lib.py" and name not in serve_tests:
            problems.append("tests/serve/%s is not in tools/meson.build's serve_tests" % name)

    for p in problems:
        print("FAIL " + p)
    print("%d meson.build files, %d library sources, %d suites, %d tool tests checked: %d problems"
          % (len(builds), len(listed), len(suites), len(tool_tests), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
