#!/usr/bin/env python3
"""`meson devenv -C _build`: the programs of the build tree speak French in
a French locale, as the installed ones do (the README names it).

Runs the build tree's pixorga-cli through `meson devenv` with an
environment that says only LANG=fr_FR.UTF-8 (no LANGUAGE, no
PIXORGA_LOCALEDIR: what a developer's shell has), and checks that the help
is French; then that the devenv's GSETTINGS_SCHEMA_DIR holds the compiled
schema of the build tree, so that the app starts uninstalled.

Without the devenv the same binary looks for its catalogue under the
install prefix, and speaks English unless PixOrga is installed there."""
import os
import subprocess
import sys

MESON = os.environ["PIXORGA_MESON"]
BUILD = os.environ["PIXORGA_BUILD_ROOT"]


def devenv(*command):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("LC_", "LANG", "PIXORGA_", "GSETTINGS_"))}
    env["LANG"] = "fr_FR.UTF-8"
    # The test runs with MESON_* variables of its own: the devenv must be
    # the build tree's, from its folder alone.
    env = {k: v for k, v in env.items() if not k.startswith("MESON")}
    return subprocess.run([MESON, "devenv", "-C", BUILD, *command], env=env,
                          capture_output=True, text=True, timeout=60)


def main():
    failures = []

    result = devenv("pixorga-cli", "--help")
    out = result.stdout + result.stderr
    if "Utilisation" not in out or "Commandes" not in out:
        failures.append("pixorga-cli --help under meson devenv is not French:\n" + out[:400])
    if "Usage:" in out:
        failures.append("pixorga-cli --help under meson devenv still has English: " + out[:200])

    result = devenv("sh", "-c", 'printf "%s\\n%s\\n%s\\n" "$PIXORGA_LOCALEDIR" "$GSETTINGS_SCHEMA_DIR" '
                                '"$PIXORGA_MODULE_DIR"')
    lines = result.stdout.splitlines() + ["", "", ""]
    localedir, schemadir, moduledir = lines[0], lines[1], lines[2]
    if not os.path.exists(os.path.join(localedir, "fr", "LC_MESSAGES", "pixorga.mo")):
        failures.append(f"PIXORGA_LOCALEDIR {localedir!r} holds no fr/LC_MESSAGES/pixorga.mo")
    if os.path.exists(os.path.join(BUILD, "data")) and \
            not any(os.path.exists(os.path.join(d, "gschemas.compiled")) for d in schemadir.split(":") if d):
        failures.append(f"GSETTINGS_SCHEMA_DIR {schemadir!r} holds no gschemas.compiled")
    # The app's modules (docs/architecture.md, "Modules"), when the app is built.
    if os.path.exists(os.path.join(BUILD, "src", "app")):
        for module in ("libpixorga-net.so", "libpixorga-formats.so"):
            if not os.path.exists(os.path.join(moduledir, module)):
                failures.append(f"PIXORGA_MODULE_DIR {moduledir!r} holds no {module}")

    for failure in failures:
        print(f"FAIL: {failure}")
    if failures:
        return 1
    print("ok: meson devenv speaks French and finds the schema and the app's modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
