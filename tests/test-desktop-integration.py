#!/usr/bin/env python3
"""The desktop integration, read from the generated files (what gets
installed), beyond what desktop-file-validate and appstreamcli check:

- the .desktop file opens what the importer accepts (the suffixes of
  src/app/students/orga-students-page-import.c, each through its MIME
  type) and the invitation links (x-scheme-handler/pixorga, which
  src/app/shell/orga-application.c handles in its open vfunc), with
  Exec=pixorga %U, one main category, the app id as icon, and French;
- the metainfo is the app's (id, launchable), describes it with
  paragraphs and a list, shows screenshots that exist in data/screenshots
  (the certification's among them), has a release of meson's version, an
  OARS rating, a homepage, and its French;
- the icons: a full-colour 128 px one and a 16 px symbolic one of a
  single colour, both installed by meson with the .desktop file, the
  metainfo and the schema.

Usage: test-desktop-integration.py DESKTOP METAINFO"""
import configparser
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

ROOT = os.environ["PIXORGA_SOURCE_ROOT"]
BUILD = os.environ["PIXORGA_BUILD_ROOT"]
APP_ID = "io.github.pixorga.PixOrga"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Freedesktop's main categories: a .desktop file names one.
MAIN_CATEGORIES = {"AudioVideo", "Audio", "Video", "Development", "Education", "Game",
                   "Graphics", "Network", "Office", "Science", "Settings", "System", "Utility"}
SUFFIX_TYPES = {"zip": {"application/zip"}, "xml": {"application/xml", "text/xml"},
                "csv": {"text/csv"}}

failures = []


def fail(message):
    failures.append(message)


def read(*parts):
    with open(os.path.join(*parts), encoding="utf-8") as f:
        return f.read()


def check_desktop(path):
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    entry = parser["Desktop Entry"]

    if entry.get("Exec") != "pixorga %U":
        fail(f"Exec is {entry.get('Exec')!r}, not 'pixorga %U' (files and pixorga:// links)")
    if entry.get("Icon") != APP_ID:
        fail(f"Icon is {entry.get('Icon')!r}, not the app id")

    categories = [c for c in entry.get("Categories", "").split(";") if c]
    main = [c for c in categories if c in MAIN_CATEGORIES]
    if len(main) != 1:
        fail(f"Categories {categories} name {len(main)} main categories, not one")

    types = {t for t in entry.get("MimeType", "").split(";") if t}
    source = read(ROOT, "src", "app", "students", "orga-students-page-import.c")
    match = re.search(r'const char \*all\[\] = \{([^}]*)\}', source)
    suffixes = re.findall(r'"(\w+)"', match.group(1)) if match else []
    if not suffixes:
        fail("the importer's accepted suffixes (all[]) were not found")
    for suffix in suffixes:
        wanted = SUFFIX_TYPES.get(suffix)
        if wanted is None:
            fail(f"the importer accepts .{suffix}: give it a MIME type here and in the .desktop file")
        elif not wanted <= types:
            fail(f"MimeType lacks {sorted(wanted - types)} for the importer's .{suffix}")
    if "x-scheme-handler/pixorga" not in types:
        fail("MimeType lacks x-scheme-handler/pixorga (invitation links)")
    application = read(ROOT, "src", "app", "shell", "orga-application.c")
    if 'g_file_has_uri_scheme (files[i], "pixorga")' not in application \
            or "G_APPLICATION_HANDLES_OPEN" not in application:
        fail("orga-application.c no longer opens pixorga:// links: drop the scheme handler or restore it")

    for key in ("Name", "GenericName", "Comment", "Keywords"):
        if key in entry and f"{key}[fr]" not in entry:
            fail(f"{key} has no French")


def text(element):
    return "".join(element.itertext()).strip() if element is not None else ""


def check_metainfo(path):
    tree = ET.parse(path)
    component = tree.getroot()

    if text(component.find("id")) != APP_ID:
        fail(f"metainfo id is {text(component.find('id'))!r}")
    launchable = component.find("launchable[@type='desktop-id']")
    if text(launchable) != APP_ID + ".desktop":
        fail(f"launchable is {text(launchable)!r}")

    description = component.find("description")
    if description is None:
        fail("no description")
    else:
        paragraphs = [p for p in description.findall("p") if XML_LANG not in p.attrib]
        items = [li for li in description.findall("ul/li") if XML_LANG not in li.attrib]
        if len(paragraphs) < 2 or len(items) < 3:
            fail(f"description has {len(paragraphs)} paragraphs and {len(items)} list items")
        french = [p for p in description.findall("p") if p.get(XML_LANG) == "fr"]
        french_items = [li for li in description.findall("ul/li") if li.get(XML_LANG) == "fr"]
        if len(french) != len(paragraphs) or len(french_items) != len(items):
            fail("the description is not wholly French too (po/fr.po)")
    if component.find("summary[@{%s}lang='fr']" % "http://www.w3.org/XML/1998/namespace") is None:
        fail("the summary has no French")

    shots = component.findall("screenshots/screenshot")
    names = []
    for shot in shots:
        url = text(shot.find("image"))
        name = url.rsplit("/", 1)[-1]
        names.append(name)
        if not url.startswith("https://") or "/data/screenshots/" not in url:
            fail(f"screenshot {url!r} is not a data/screenshots URL")
        elif not os.path.exists(os.path.join(ROOT, "data", "screenshots", name)):
            fail(f"screenshot {name} is not in data/screenshots")
        if not [c for c in shot.findall("caption") if XML_LANG not in c.attrib]:
            fail(f"screenshot {name} has no caption")
    for wanted in ("cert-window-results.png", "cert-session.png"):
        if wanted not in names:
            fail(f"the screenshots lack {wanted}")
    if len([s for s in shots if s.get("type") == "default"]) != 1:
        fail("not one default screenshot")

    version = re.search(r"version:\s*'([^']+)'", read(ROOT, "meson.build")).group(1)
    releases = component.findall("releases/release")
    if not releases or releases[0].get("version") != version:
        fail(f"the newest release is not meson's version {version}")
    rating = component.find("content_rating")
    if rating is None or rating.get("type") != "oars-1.1":
        fail("no OARS 1.1 content rating")
    if component.find("url[@type='homepage']") is None:
        fail("no homepage")
    if component.find("developer_name") is None and component.find("developer") is None:
        fail("no developer")


def check_icons():
    svg = "{http://www.w3.org/2000/svg}"
    colour = ET.parse(os.path.join(ROOT, "data", "icons", "hicolor", "scalable", "apps", APP_ID + ".svg")).getroot()
    if colour.get("viewBox") != "0 0 128 128":
        fail(f"the full-colour icon's viewBox is {colour.get('viewBox')!r}, not 0 0 128 128")
    fills = {e.get("fill") for e in colour.iter() if e.get("fill") not in (None, "none")}
    if len(fills) < 3:
        fail("the full-colour icon has fewer than three colours")

    symbolic = ET.parse(os.path.join(ROOT, "data", "icons", "hicolor", "symbolic", "apps",
                                     APP_ID + "-symbolic.svg")).getroot()
    if symbolic.get("viewBox") != "0 0 16 16":
        fail(f"the symbolic icon's viewBox is {symbolic.get('viewBox')!r}, not 0 0 16 16")
    fills = {e.get("fill") for e in symbolic.iter() if e.get("fill") not in (None, "none")}
    if len(fills) != 1 or symbolic.find(f".//{svg}linearGradient") is not None:
        fail(f"the symbolic icon is not of a single flat colour: {fills}")

    installed = json.loads(read(BUILD, "meson-info", "intro-installed.json")).values()
    for suffix in ("/share/applications/" + APP_ID + ".desktop",
                   "/share/metainfo/" + APP_ID + ".metainfo.xml",
                   "/share/glib-2.0/schemas/" + APP_ID + ".gschema.xml",
                   "/share/icons/hicolor/scalable/apps/" + APP_ID + ".svg",
                   "/share/icons/hicolor/symbolic/apps/" + APP_ID + "-symbolic.svg"):
        if not any(path.endswith(suffix) for path in installed):
            fail(f"meson does not install …{suffix}")


def main():
    check_desktop(sys.argv[1])
    check_metainfo(sys.argv[2])
    check_icons()
    for failure in failures:
        print(f"FAIL: {failure}")
    if failures:
        return 1
    print("ok: .desktop, metainfo and icons")
    return 0


if __name__ == "__main__":
    sys.exit(main())
