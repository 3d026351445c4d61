#!/usr/bin/env python3
"""The layering of docs/architecture.md, read from the #include lines of src/.

Fails, naming the files, on:
- a forbidden dependency: GTK (gtk, gdk, gsk, libadwaita), libsoup,
  cairo/pango, libpq, libsodium or libsecret in src/core; GTK in src/cli
  or src/server; libpq anywhere but src/server; libsodium in src/net;
  libsoup and libsecret in src/cli other than through orga-net; libsecret
  in src/server; a header of a
  library that the including one may not depend on (core only on core, the
  app on core and itself, …); in the app, a shared folder (charts,
  widgets) that knows a feature, or the window or the application known
  outside src/app/shell;
- a cycle between modules of the app. A module is a .c/.h pair; a file
  without its own pair (orga-thing-private.h, orga-thing-actions.c) belongs
  to the module whose name it extends.

Every folder of src/ and src/app/ must be named in docs/architecture.md.

Before reading the tree it checks itself on a small made-up tree that has
one of each fault, so that it cannot pass by finding nothing."""
import os
import re
import sys
import tempfile

SRC = os.environ.get("PIXORGA_SOURCE_ROOT") or os.path.join(os.path.dirname(__file__), "..")

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')

GTK = re.compile(r"^(gtk|gdk|gsk)/|^adwaita\.h$")
SOUP = re.compile(r"^libsoup/")
CAIRO = re.compile(r"^cairo(/|\.h$|-)|^pango/")
PQ = re.compile(r"^libpq-fe\.h$|^postgresql/|^libpq/")
SODIUM = re.compile(r"^sodium(\.h$|/)")
SECRET = re.compile(r"^libsecret/")

# System headers each library must not include: the server alone speaks
# to PostgreSQL; the client alone keeps secrets.
FORBIDDEN = {
    "core": [(GTK, "GTK"), (SOUP, "libsoup"), (CAIRO, "cairo/pango"), (PQ, "libpq"), (SODIUM, "libsodium"),
             (SECRET, "libsecret")],
    "net": [(GTK, "GTK"), (CAIRO, "cairo/pango"), (PQ, "libpq"), (SODIUM, "libsodium")],
    # The CLI reaches the server and the keyring through orga-net only.
    "cli": [(GTK, "GTK"), (PQ, "libpq"), (SOUP, "libsoup"), (SECRET, "libsecret")],
    "server": [(GTK, "GTK"), (CAIRO, "cairo/pango"), (SECRET, "libsecret")],
    # The printed pages: cairo and Pango, so that the CLI prints without GTK.
    "render": [(GTK, "GTK"), (SOUP, "libsoup"), (PQ, "libpq"), (SODIUM, "libsodium"), (SECRET, "libsecret")],
    "app": [(PQ, "libpq")],
}

# Which libraries' headers each one may include (docs/architecture.md).
ALLOWED = {
    "core": {"core"},
    "net": {"core", "net"},
    "server": {"core", "server"},
    "render": {"core", "render"},
    "app": {"core", "net", "render", "app"},
    "cli": {"core", "net", "render", "cli"},
}

# Inside the app: the shared folders know no feature, and only the shell
# knows the window and the application (a page reaches the window's toast
# overlay through orga-widget-util).
APP_SHARED = {"charts": {"charts", "widgets"}, "widgets": {"widgets"}}
SHELL_ONLY = {"orga-window.h", "orga-application.h"}


def library_of(rel):
    """"src/core/orga-store.c" → "core"."""
    parts = rel.split("/")
    return parts[1] if len(parts) > 2 else None


def app_folder_of(rel):
    """"src/app/shell/orga-window.c" → "shell"."""
    parts = rel.split("/")
    return parts[2] if len(parts) > 3 and parts[1] == "app" else None


def read_sources(root):
    """{relative path: [(line number, "<" or '"', included name)]} for src/."""
    sources = {}
    src = os.path.join(root, "src")
    for folder, _dirs, files in os.walk(src):
        for name in files:
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root).replace(os.sep, "/")
            includes = []
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if m:
                        includes.append((number, m.group(1), m.group(2)))
            sources[rel] = includes
    return sources


def resolve(sources, rel, name):
    """The file of src/ that `#include "name"` in @rel means, or None (a
    generated or system header). The build puts each library's folders on
    the include path, so a bare name is looked up beside @rel first, then in
    its library, then anywhere in src/."""
    folder = os.path.dirname(rel)
    candidate = os.path.normpath(os.path.join(folder, name)).replace(os.sep, "/")
    if candidate in sources:
        return candidate
    base = os.path.basename(name)
    matches = sorted(p for p in sources if os.path.basename(p) == base)
    same_library = [p for p in matches if library_of(p) == library_of(rel)]
    if same_library:
        return same_library[0]
    return matches[0] if matches else None


def forbidden_dependencies(sources):
    faults = []
    for rel in sorted(sources):
        library = library_of(rel)
        for number, kind, name in sources[rel]:
            if kind == "<":
                for pattern, what in FORBIDDEN.get(library, []):
                    if pattern.search(name):
                        faults.append(f"{rel}:{number}: includes <{name}>: no {what} in src/{library}")
                continue
            target = resolve(sources, rel, name)
            if target is None or library not in ALLOWED:
                continue
            if library_of(target) not in ALLOWED[library]:
                faults.append(f"{rel}:{number}: includes \"{name}\" ({target}): "
                              f"src/{library} may not depend on src/{library_of(target)}")
                continue
            folder, target_folder = app_folder_of(rel), app_folder_of(target)
            if folder in APP_SHARED and target_folder is not None and target_folder not in APP_SHARED[folder]:
                faults.append(f"{rel}:{number}: includes \"{name}\" ({target}): "
                              f"src/app/{folder} may not depend on src/app/{target_folder}")
            elif folder not in (None, "shell") and os.path.basename(target) in SHELL_ONLY:
                faults.append(f"{rel}:{number}: includes \"{name}\": only src/app/shell knows the window "
                              f"and the application")
    return faults


def module_of(rel, stems):
    """The module (path without extension) @rel belongs to."""
    stem = os.path.splitext(rel)[0]
    if stem in stems:
        return stem
    owners = [s for s in stems if stem.startswith(s + "-") and os.path.dirname(s) == os.path.dirname(stem)]
    return max(owners, key=len) if owners else stem


def module_cycles(sources, library="app"):
    """Each cycle as a list of "file:line includes name" that make it."""
    files = [rel for rel in sources if library_of(rel) == library]
    # A module is a .c/.h pair; a lone file is its own module unless it
    # extends a pair's name.
    stems = {os.path.splitext(rel)[0] for rel in files
             if rel.endswith(".c") and os.path.splitext(rel)[0] + ".h" in sources}
    edges = {}
    reasons = {}
    for rel in files:
        source = module_of(rel, stems)
        edges.setdefault(source, set())
        for number, kind, name in sources[rel]:
            if kind != '"':
                continue
            target = resolve(sources, rel, name)
            if target is None or library_of(target) != library:
                continue
            dest = module_of(target, stems)
            if dest == source:
                continue
            edges[source].add(dest)
            reasons.setdefault((source, dest), []).append(f"{rel}:{number} includes \"{name}\"")

    # Tarjan's strongly connected components, iteratively.
    index = {}
    low = {}
    on_stack = set()
    stack = []
    components = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))

    cycles = []
    for component in components:
        members = set(component)
        lines = [f"{len(component)} modules: " + ", ".join(os.path.basename(m) for m in component)]
        for source in component:
            for dest in sorted(edges[source] & members):
                lines += ["  " + r for r in reasons[(source, dest)]]
        cycles.append(lines)
    return cycles


def check(root):
    sources = read_sources(root)
    faults = forbidden_dependencies(sources)
    cycles = module_cycles(sources)
    return sources, faults, cycles


def write(root, rel, text):
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def self_test():
    """The checker finds what it must on a tree made to fail, and nothing on
    its repaired copy."""
    with tempfile.TemporaryDirectory() as root:
        write(root, "src/core/orga-thing.h", "#include <glib.h>\n")
        write(root, "src/core/orga-thing.c", "#include <gtk/gtk.h>\n#include \"orga-thing.h\"\n"
              "#include \"orga-page.h\"\n")
        write(root, "src/cli/tool.c", "#include <adwaita.h>\n")
        write(root, "src/server/orga-server.c", "#include <libsoup/soup.h>\n#include <libsecret/secret.h>\n")
        write(root, "src/app/a/orga-page.h", "#include <adwaita.h>\n")
        write(root, "src/app/a/orga-page.c", "#include \"orga-page.h\"\n#include \"orga-util.h\"\n")
        write(root, "src/app/a/orga-page-private.h", "#include \"orga-page.h\"\n")
        write(root, "src/app/a/orga-page-extra.c", "#include \"orga-page-private.h\"\n")
        write(root, "src/app/b/orga-util.h", "#include <adwaita.h>\n")
        write(root, "src/app/b/orga-util.c", "#include \"orga-util.h\"\n#include \"orga-window.h\"\n")
        write(root, "src/app/shell/orga-window.h", "#include <adwaita.h>\n")
        write(root, "src/app/shell/orga-window.c", "#include \"orga-window.h\"\n#include \"orga-page.h\"\n")
        write(root, "src/app/charts/orga-chart.c", "#include \"orga-page.h\"\n")
        _sources, faults, cycles = check(root)
        text = "\n".join(faults)
        assert "src/core/orga-thing.c:1" in text and "GTK" in text, faults
        assert "src/core/orga-thing.c:3" in text and "src/app" in text, faults
        assert "src/cli/tool.c:1" in text, faults
        assert "src/app/b/orga-util.c:2" in text and "window" in text, faults
        assert "src/app/charts/orga-chart.c:1" in text and "src/app/a" in text, faults
        assert "src/server/orga-server.c:2" in text and "libsecret" in text, faults
        assert len(faults) == 6, faults
        assert len(cycles) == 1 and cycles[0][0].startswith("3 modules"), cycles
        assert any("src/app/b/orga-util.c:2" in line for line in cycles[0]), cycles

        # Repaired: no cycle, and the private header and its extra file
        # count as the page's own.
        write(root, "src/core/orga-thing.c", "#include \"orga-thing.h\"\n")
        write(root, "src/cli/tool.c", "#include \"orga-thing.h\"\n")
        write(root, "src/server/orga-server.c", "#include <libsoup/soup.h>\n#include \"orga-thing.h\"\n")
        write(root, "src/app/b/orga-util.c", "#include \"orga-util.h\"\n")
        write(root, "src/app/charts/orga-chart.c", "#include <adwaita.h>\n")
        _sources, faults, cycles = check(root)
        assert faults == [] and cycles == [], (faults, cycles)


def undocumented_folders(root):
    """The folders of src/ and src/app/ that docs/architecture.md, which
    this test enforces, does not name."""
    with open(os.path.join(root, "docs", "architecture.md"), encoding="utf-8") as f:
        doc = f.read()
    folders = []
    for parent in ("src", "src/app"):
        path = os.path.join(root, parent)
        for name in sorted(os.listdir(path)):
            if os.path.isdir(os.path.join(path, name)) and f"`{parent}/{name}`" not in doc:
                folders.append(f"{parent}/{name}")
    return folders


def main():
    self_test()
    sources, faults, cycles = check(SRC)
    faults += [f"{folder}: not in docs/architecture.md" for folder in undocumented_folders(SRC)]
    if faults:
        sys.stderr.write("Forbidden dependencies:\n" + "\n".join(faults) + "\n")
    for lines in cycles:
        sys.stderr.write("Include cycle between app modules, " + "\n".join(lines) + "\n")
    if faults or cycles:
        return 1
    print(f"{len(sources)} files under src/: no forbidden dependency, no cycle between app modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
