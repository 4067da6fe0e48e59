#!/usr/bin/env python3
"""The files a Linux desktop reads are valid: desktop entry, AppStream metainfo, icons, Flatpak.

check-linux-files.py SOURCE-DIR BUILD-DIR
"""
import json
import struct
import subprocess
import sys
from pathlib import Path

source, build = Path(sys.argv[1]), Path(sys.argv[2])
app_id = "io.github.exadesk.ExaDesk"
linux = build / "packaging" / "linux"
problems = []


def run(*command):
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        problems.append(f"{' '.join(map(str, command))} failed:\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


desktop = source / "packaging" / "linux" / f"{app_id}.desktop"
out = run("desktop-file-validate", desktop)
if out.strip():  # hints and warnings too
    problems.append(f"desktop-file-validate says:\n{out}")
entry = desktop.read_text(encoding="utf-8")
for line in ("Exec=exadesk\n", f"Icon={app_id}\n"):
    if line not in entry:
        problems.append(f"{desktop.name} lacks {line.strip()}")

metainfo = linux / f"{app_id}.metainfo.xml"
run("appstreamcli", "validate", "--no-net", "--pedantic", "--explain", metainfo)
text = metainfo.read_text(encoding="utf-8")
for needed in (f"<id>{app_id}</id>", f"<launchable type=\"desktop-id\">{app_id}.desktop</launchable>",
               "<binary>exadesk</binary>", "<content_rating", "<release version="):
    if needed not in text:
        problems.append(f"the metainfo lacks {needed}")
for shot in ("search.png", "overview.png", "keys.png", "search-dark.png"):
    if not (source / "docs" / "screenshots" / shot).exists():
        problems.append(f"the metainfo shows docs/screenshots/{shot}, which is not there")

for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
    png = build / "packaging" / "icons" / f"{size}x{size}" / "apps" / f"{app_id}.png"
    if not png.exists():
        problems.append(f"no {size}px icon at {png}")
        continue
    header = png.read_bytes()[:24]
    width, height = struct.unpack(">II", header[16:24])
    if header[:8] != b"\x89PNG\r\n\x1a\n" or (width, height) != (size, size):
        problems.append(f"{png} is not a {size}x{size} PNG ({width}x{height})")

manifest = json.loads((source / "packaging" / "flatpak" / f"{app_id}.json").read_text(encoding="utf-8"))
if manifest.get("id") != app_id or manifest.get("command") != "exadesk":
    problems.append("the Flatpak manifest's id or command is not ExaDesk's")
for permission in ("--share=network", "--talk-name=org.freedesktop.secrets",
                   "--talk-name=org.kde.StatusNotifierWatcher", "--talk-name=org.freedesktop.Notifications"):
    if permission not in manifest.get("finish-args", []):
        problems.append(f"the Flatpak manifest does not ask for {permission}")
if manifest["modules"][-1].get("name") != "exadesk":
    problems.append("the Flatpak manifest does not build exadesk last")

if problems:
    sys.exit("check-linux-files:\n  " + "\n  ".join(problems))
print("check-linux-files: the desktop entry, metainfo, icons and Flatpak manifest are valid")
