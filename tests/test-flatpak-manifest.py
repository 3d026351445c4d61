#!/usr/bin/env python3
"""The Flatpak manifest (flatpak/io.github.pixorga.PixOrga.json), checked
without flatpak-builder (and without a network):

- the app id is meson's app_id, on org.gnome.Platform/Sdk of one branch,
  and the command is the desktop app's executable;
- the finish-args are the minimal set: Wayland with the X11 fallback, DRI,
  IPC and the network (sync); nothing else, in particular no access to the
  home folder or the host (files go through the portals: the app uses
  GtkFileChooserNative) and no D-Bus name (libsecret goes through the
  Secret portal in a sandbox, printing through the Print portal);
- every module but the last is built from a release archive with an https
  URL and a sha256 of 64 hex digits; the last builds this tree with meson,
  without the server and without the tests (they read ../shared);
- every pkg-config dependency of meson.build is either in the GNOME
  runtime, or built by a module, or the server's only (and then optional);
- the code keeps building against GTK 4.8 and libadwaita 1.2: meson asks
  for at least those and the app's version macros forbid anything newer.

Where flatpak-builder is installed, it also reads the manifest with
`flatpak-builder --show-manifest` (its own parser, which names every
property it does not know, without needing the runtime or a network).

Before reading the real files it checks itself on broken copies of the
manifest, one fault each, so that it cannot pass by finding nothing."""
import copy
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.environ.get("PIXORGA_SOURCE_ROOT") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
MANIFEST = os.path.join(ROOT, "flatpak", "io.github.pixorga.PixOrga.json")

REQUIRED_ARGS = {
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--share=ipc",
    "--share=network",
}
# Nothing beyond the minimal set: any new permission is a decision to make
# here, in the open.
ALLOWED_ARGS = set(REQUIRED_ARGS)

# pkg-config names that org.gnome.Platform (and the freedesktop runtime
# below it) ships, among those meson.build asks for.
RUNTIME_PROVIDES = {
    "glib-2.0", "gobject-2.0", "gio-2.0", "gio-unix-2.0", "gmodule-no-export-2.0",
    "libxml-2.0", "sqlite3", "json-glib-1.0", "libsoup-3.0", "libsecret-1",
    "gtk4", "libadwaita-1", "cairo", "cairo-pdf", "pangocairo",
}
# What a module of the manifest builds: module name -> pkg-config names.
MODULE_PROVIDES = {
    "libzip": {"libzip"},
}
# The server's dependencies: optional in meson.build (required only by
# the `server` feature), not in the Flatpak.
SERVER_ONLY = {"libpq", "libsodium"}

SHA256 = re.compile(r"^[0-9a-f]{64}$")
DEPENDENCY = re.compile(r"dependency\(\s*'([^']+)'([^)]*)\)")


def meson_app_id(root):
    with open(os.path.join(root, "meson.build"), encoding="utf-8") as f:
        match = re.search(r"^app_id\s*=\s*'([^']+)'", f.read(), re.M)
    return match.group(1) if match else None


def meson_dependencies(root):
    """(name, arguments) of every dependency('…') call of the tree's
    meson.build files, tests and benchmarks aside."""
    found = []
    for folder, dirs, files in os.walk(root):
        rel = os.path.relpath(folder, root)
        top = rel.split(os.sep)[0]
        if rel != "." and top.startswith((".", "_")) or top in ("tests", "bench", "flatpak"):
            dirs[:] = []
            continue
        if "meson.build" in files:
            with open(os.path.join(folder, "meson.build"), encoding="utf-8") as f:
                text = f.read()
            found.extend(DEPENDENCY.findall(text))
    return found


def check(manifest, root):
    """The faults of @manifest (a parsed manifest) for the tree at @root."""
    problems = []
    app_id = meson_app_id(root)

    if manifest.get("app-id") != app_id or not app_id:
        problems.append(f"app-id {manifest.get('app-id')!r} is not meson's app_id {app_id!r}")
    if manifest.get("runtime") != "org.gnome.Platform":
        problems.append(f"runtime {manifest.get('runtime')!r} is not org.gnome.Platform")
    if manifest.get("sdk") != "org.gnome.Sdk":
        problems.append(f"sdk {manifest.get('sdk')!r} is not org.gnome.Sdk")
    version = manifest.get("runtime-version")
    if not isinstance(version, str) or not re.fullmatch(r"\d+", version) or int(version) < 50:
        problems.append(f"runtime-version {version!r} is not a stable GNOME branch (50 or later) as a string")

    command = manifest.get("command")
    with open(os.path.join(root, "src", "app", "meson.build"), encoding="utf-8") as f:
        app_meson = f.read()
    if not command or not re.search(r"executable\(\s*'%s'" % re.escape(command), app_meson):
        problems.append(f"command {command!r} is not the desktop app's executable")

    args = manifest.get("finish-args", [])
    for arg in args:
        if arg not in ALLOWED_ARGS:
            problems.append(f"finish-arg {arg} is not in the allowed set")
        if arg.startswith("--filesystem=") and re.match(r"--filesystem=(home|host|~)", arg):
            problems.append(f"finish-arg {arg} opens the home folder: files go through the portals")
    for arg in sorted(REQUIRED_ARGS - set(args)):
        problems.append(f"finish-arg {arg} is missing")

    modules = manifest.get("modules", [])
    if not modules:
        problems.append("no modules")
        return problems
    provided = set()
    for module in modules[:-1]:
        if not isinstance(module, dict):
            problems.append(f"module {module!r} is not inline: its sources cannot be checked")
            continue
        name = module.get("name", "?")
        provided |= MODULE_PROVIDES.get(name, set())
        sources = module.get("sources", [])
        if not sources:
            problems.append(f"module {name} has no sources")
        for source in sources:
            if source.get("type") != "archive":
                problems.append(f"module {name}: source of type {source.get('type')!r}, not a release archive")
            url = source.get("url", "")
            if not url.startswith("https://"):
                problems.append(f"module {name}: url {url!r} is not https")
            if not SHA256.match(source.get("sha256", "")):
                problems.append(f"module {name}: sha256 {source.get('sha256')!r} is not 64 hex digits")

    main = modules[-1]
    if main.get("buildsystem") != "meson":
        problems.append(f"the main module {main.get('name')!r} does not build with meson")
    sources = main.get("sources", [])
    if len(sources) != 1 or sources[0].get("type") != "dir":
        problems.append("the main module does not build this tree (one source of type dir)")
    else:
        tree = os.path.normpath(os.path.join(root, "flatpak", sources[0].get("path", "")))
        if tree != os.path.normpath(root):
            problems.append(f"the main module builds {tree}, not this tree")
    opts = main.get("config-opts", [])
    for opt in ("-Dserver=disabled", "-Dtests=false"):
        if opt not in opts:
            problems.append(f"the main module lacks {opt}")

    for name, arguments in meson_dependencies(root):
        if name in RUNTIME_PROVIDES or name in provided:
            continue
        if name in SERVER_ONLY:
            if "required: get_option('server'" not in arguments:
                problems.append(f"dependency {name} is the server's but not optional (required: get_option('server'))")
            continue
        problems.append(f"dependency {name} is neither in the GNOME runtime nor built by a module")

    return problems


def check_versions(root):
    """GTK 4.8 and libadwaita 1.2: the floor in meson.build and the ceiling
    of the app's version macros."""
    problems = []
    with open(os.path.join(root, "meson.build"), encoding="utf-8") as f:
        top = f.read()
    with open(os.path.join(root, "src", "app", "meson.build"), encoding="utf-8") as f:
        app = f.read()
    for pattern in (r"dependency\('gtk4',\s*version:\s*'>= 4\.8'",
                    r"dependency\('libadwaita-1',\s*version:\s*'>= 1\.2'"):
        if not re.search(pattern, top):
            problems.append(f"meson.build lacks {pattern}")
    for macro in ("-DGDK_VERSION_MIN_REQUIRED=GDK_VERSION_4_8",
                  "-DGDK_VERSION_MAX_ALLOWED=GDK_VERSION_4_8",
                  "-DADW_VERSION_MIN_REQUIRED=ADW_VERSION_1_2",
                  "-DADW_VERSION_MAX_ALLOWED=ADW_VERSION_1_2"):
        if f"'{macro}'" not in app:
            problems.append(f"src/app/meson.build lacks {macro}")
    return problems


def self_test(manifest):
    """Each broken copy must be caught: a checker that finds nothing in
    these is broken itself."""
    def broken(change):
        copied = copy.deepcopy(manifest)
        change(copied)
        return copied

    cases = {
        "home access": broken(lambda m: m["finish-args"].append("--filesystem=home")),
        "X11 without fallback": broken(lambda m: m["finish-args"].append("--socket=x11")),
        "a D-Bus name": broken(lambda m: m["finish-args"].append("--talk-name=org.freedesktop.secrets")),
        "no network": broken(lambda m: m["finish-args"].remove("--share=network")),
        "another app id": broken(lambda m: m.update({"app-id": "org.example.Other"})),
        "an old runtime": broken(lambda m: m.update({"runtime-version": "46"})),
        "a freedesktop runtime": broken(lambda m: m.update({"runtime": "org.freedesktop.Platform"})),
        "another command": broken(lambda m: m.update({"command": "pixorga-server"})),
        "no checksum": broken(lambda m: m["modules"][0]["sources"][0].pop("sha256")),
        "a short checksum": broken(lambda m: m["modules"][0]["sources"][0].update({"sha256": "abc123"})),
        "a git source": broken(lambda m: m["modules"][0]["sources"][0].update({"type": "git"})),
        "no libzip module": broken(lambda m: m["modules"].pop(0)),
        "main module not meson": broken(lambda m: m["modules"][-1].update({"buildsystem": "cmake-ninja"})),
        "main module elsewhere": broken(lambda m: m["modules"][-1]["sources"][0].update({"path": "../.."})),
        "server built": broken(lambda m: m["modules"][-1]["config-opts"].remove("-Dserver=disabled")),
    }
    failures = []
    for label, case in cases.items():
        if not check(case, ROOT):
            failures.append(f"self-test: {label} not caught")

    # A tree whose app may use GTK 4.10, and one whose libpq is required.
    with open(os.path.join(ROOT, "meson.build"), encoding="utf-8") as f:
        top = f.read()
    with open(os.path.join(ROOT, "src", "app", "meson.build"), encoding="utf-8") as f:
        app = f.read()
    trees = {
        "GTK 4.10 allowed": (top, app.replace("GDK_VERSION_MAX_ALLOWED=GDK_VERSION_4_8",
                                              "GDK_VERSION_MAX_ALLOWED=GDK_VERSION_4_10")),
        "libadwaita 1.4 required": (top.replace("'libadwaita-1', version: '>= 1.2'",
                                                "'libadwaita-1', version: '>= 1.4'"), app),
        "libpq always required": (re.sub(r"(dependency\('libpq'[^\n]*?), required: get_option\('server'\)",
                                         r"\1", top), app),
    }
    for label, (top_text, app_text) in trees.items():
        with tempfile.TemporaryDirectory() as tree:
            os.makedirs(os.path.join(tree, "src", "app"))
            os.makedirs(os.path.join(tree, "flatpak"))
            with open(os.path.join(tree, "meson.build"), "w", encoding="utf-8") as f:
                f.write(top_text)
            with open(os.path.join(tree, "src", "app", "meson.build"), "w", encoding="utf-8") as f:
                f.write(app_text)
            if not check_versions(tree) and not check(manifest, tree):
                failures.append(f"self-test: {label} not caught")
    return failures


def check_with_flatpak_builder(path):
    """flatpak-builder's parser: a misspelt property is only a warning to
    it (and then silently ignored): here it is a fault."""
    builder = os.environ.get("PIXORGA_FLATPAK_BUILDER")
    if not builder:
        print("flatpak-builder not installed: its parser not run")
        return []
    # In a folder of its own: flatpak-builder leaves its state folder
    # (.flatpak-builder) wherever it runs.
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run([builder, "--show-manifest", os.path.abspath(path)], cwd=folder,
                                capture_output=True, text=True, timeout=60)
    problems = []
    if result.returncode != 0:
        problems.append(f"flatpak-builder --show-manifest failed: {result.stderr.strip()}")
    for line in result.stderr.splitlines():
        if "WARNING" in line or "Unknown property" in line:
            problems.append(f"flatpak-builder: {line.strip()}")
    return problems


def main():
    with open(MANIFEST, encoding="utf-8") as f:
        manifest = json.load(f)

    if os.environ.get("PIXORGA_FLATPAK_BUILDER"):
        # The parser must catch a misspelt property, or it proves nothing.
        misspelt = copy.deepcopy(manifest)
        misspelt["modules"][0]["sourcez"] = misspelt["modules"][0].pop("sources")
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump(misspelt, f)
        try:
            if not check_with_flatpak_builder(f.name):
                print("FAIL: self-test: flatpak-builder's parser missed a misspelt property")
                return 1
        finally:
            os.unlink(f.name)

    failures = self_test(manifest)
    failures += check(manifest, ROOT)
    failures += check_versions(ROOT)
    failures += check_with_flatpak_builder(MANIFEST)

    # The manifest's modules are what the runtime lacks, each once.
    names = [m.get("name") for m in manifest.get("modules", []) if isinstance(m, dict)]
    if len(names) != len(set(names)):
        failures.append(f"modules named twice: {names}")

    for failure in failures:
        print(f"FAIL: {failure}")
    if failures:
        return 1
    print(f"ok: {MANIFEST}: {len(manifest['modules'])} modules, finish-args {' '.join(manifest['finish-args'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
