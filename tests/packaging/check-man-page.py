#!/usr/bin/env python3
"""The man page names every command, sub-command and option the program's --help prints.

check-man-page.py EXADESK MAN-PAGE
Runs `EXADESK --help` and `EXADESK COMMAND --help` for each command it lists, and fails naming
what the page (troff source, escapes removed) leaves out. groff must render it without warnings.
"""
import re
import subprocess
import sys

exadesk, page = sys.argv[1], sys.argv[2]


def help_of(*args):
    run = subprocess.run([exadesk, *args, "--help"], capture_output=True, text=True, timeout=30,
                         env={"PATH": "/usr/bin:/bin", "QT_QPA_PLATFORM": "offscreen", "HOME": "/nonexistent"})
    return run.stdout + run.stderr


def commands_in(text):
    """The first word of each line in a 'Commands:' block."""
    names, inside = [], False
    for line in text.splitlines():
        if line.strip() == "Commands:":
            inside = True
            continue
        if inside and not line.startswith("  "):
            inside = line.strip() == "" and not names
            if names:
                break
            continue
        if inside and line.strip():
            if line.startswith("    ") and not line.startswith("  " + line.strip()[0]):
                continue  # a wrapped description
            names += [part.split()[0] for part in line.strip().split(" / ")]
    return names


def options_in(text):
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z](?=[ ,]))", text))


def names(option, text):
    """The option as a whole word: -n is not found inside --num, nor --foo inside --foo-bar."""
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


source = open(page, encoding="utf-8").read()
flat = re.sub(r"\\f[BIRP]|\\f\(..|\\&", "", source).replace("\\-", "-")

missing = []
top = help_of()
commands = commands_in(top)
if len(commands) < 5:
    sys.exit(f"check-man-page: found only {commands} in `exadesk --help`:\n{top}")
for option in options_in(top):
    if not names(option, flat):
        missing.append(f"option {option}")
for command in commands:
    if not re.search(rf"^\.SS \"exadesk {re.escape(command)}\b", flat, re.M):
        missing.append(f"section for command {command}")
    text = help_of(command)
    for option in options_in(text):
        if not names(option, flat):
            missing.append(f"option {option} of {command}")
    for sub in commands_in(text):
        if not re.search(rf"(^\.B[RI]? +\"?{re.escape(sub)}\b|^\.B[RI]? +\"?[^\n]*\b{re.escape(sub)}\b)", flat, re.M):
            missing.append(f"sub-command {command} {sub}")
    # One-line usages ("settings list | get NAME ...") name their sub-commands in the heading.
    usage = re.search(r"^Usage: \S+ " + re.escape(command) + r" (.*)$", text, re.M)
    if usage and "|" in usage.group(1):
        for sub in re.findall(r"(?:^|\| )([a-z][a-z-]*)", usage.group(1)):
            if not re.search(rf"^\.SS \"exadesk {re.escape(command)} .*\b{re.escape(sub)}\b", flat, re.M):
                missing.append(f"sub-command {command} {sub}")

warnings = subprocess.run(["groff", "-man", "-ww", "-z", page], capture_output=True, text=True).stderr
if warnings.strip():
    missing.append("groff warnings:\n" + warnings)
if missing:
    sys.exit("check-man-page: the man page misses:\n  " + "\n  ".join(missing))
print(f"check-man-page: {len(commands)} commands and their options are all in {page}")
