#!/usr/bin/env python3
"""Every user-visible string of the sources has its French in po/fr.po.

Extracts the messages of po/POTFILES.in as meson's glib preset does, then
asks msgcmp whether fr.po translates each of them (untranslated or fuzzy
entries count as missing)."""
import glob
import os
import re
import subprocess
import sys
import tempfile

SRC = os.environ.get("PIXORGA_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..")
PO = os.path.join(SRC, "po")

KEYWORDS = ["_", "N_", "C_:1c,2", "NC_:1c,2", "g_dcgettext:2", "g_dngettext:2,3",
            "g_dpgettext2:2c,3", "ngettext:1,2"]


def unlisted_sources():
    """Sources with translatable text that POTFILES.in forgets."""
    with open(os.path.join(PO, "POTFILES.in"), encoding="utf-8") as f:
        listed = {line.strip() for line in f if line.strip() and not line.startswith("#")}
    marks = {".c": re.compile(r"\b(_|N_|C_|NC_|ngettext)\s*\("),
             ".ui": re.compile(r'translatable="yes"')}
    missing = []
    for path in sorted(glob.glob(os.path.join(SRC, "src", "**", "*.c"), recursive=True) +
                       glob.glob(os.path.join(SRC, "data", "ui", "*.ui"))):
        rel = os.path.relpath(path, SRC)
        with open(path, encoding="utf-8") as f:
            if marks[os.path.splitext(path)[1]].search(f.read()) and rel not in listed:
                missing.append(rel)
    return missing


def main():
    missing = unlisted_sources()
    if missing:
        sys.stderr.write("po/POTFILES.in misses: " + ", ".join(missing) + "\n")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "pixorga.pot")
        args = ["xgettext", "--from-code=UTF-8", "--add-comments", "-D", SRC,
                "-f", os.path.join(PO, "POTFILES.in"), "-o", pot]
        args += ["--keyword=" + k for k in KEYWORDS]
        subprocess.run(args, check=True)
        result = subprocess.run(["msgcmp", os.path.join(PO, "fr.po"), pot],
                                capture_output=True, text=True)
        if result.returncode != 0:
            sys.stderr.write(result.stderr)
            sys.stderr.write("po/fr.po lacks the French of the messages above.\n")
            return 1
    print("fr.po translates every message of POTFILES.in")
    return 0


if __name__ == "__main__":
    sys.exit(main())
