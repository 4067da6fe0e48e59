#!/usr/bin/env bash
# Builds ExaDesk-x86_64.AppImage with linuxdeploy and its Qt plugin, on the oldest Linux the
# AppImage should run on (its glibc is the floor). Needs network access for the two tools:
#   packaging/appimage/build-appimage.sh [BUILD-DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/appimage}
tools=$build/tools
mkdir -p "$tools"
for tool in linuxdeploy-x86_64.AppImage linuxdeploy-plugin-qt-x86_64.AppImage; do
  [ -x "$tools/$tool" ] || {
    curl -fsSL -o "$tools/$tool" "https://github.com/linuxdeploy/${tool%-x86_64.AppImage}/releases/download/continuous/$tool"
    chmod +x "$tools/$tool"
  }
done
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
  -DEXADESK_BUILD_TESTS=OFF -DEXADESK_BUILD_BENCHMARKS=OFF
cmake --build "$build"
rm -rf "$build/AppDir"
DESTDIR="$build/AppDir" cmake --install "$build"
# The Qt plugin finds qmake to learn where Qt's plugins are; the SQLite driver, the SVG icon
# engine and the platform themes are loaded at run time, so they are named.
export QMAKE=${QMAKE:-$(command -v qmake6 || echo /usr/lib/qt6/bin/qmake)}
export EXTRA_QT_PLUGINS="sqldrivers;iconengines;imageformats;platformthemes"
export LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}
# QtKeychain opens libsecret by name at run time, so linuxdeploy cannot see it: named here.
libsecret=$(/sbin/ldconfig -p | awk '/libsecret-1\.so\.0 / { print $NF; exit }')
[ -n "$libsecret" ] || { echo "build-appimage: libsecret-1.so.0 is not installed" >&2; exit 1; }
cd "$build"
"$tools/linuxdeploy-x86_64.AppImage" --appdir AppDir \
  --desktop-file AppDir/usr/share/applications/io.github.exadesk.ExaDesk.desktop \
  --icon-file AppDir/usr/share/icons/hicolor/256x256/apps/io.github.exadesk.ExaDesk.png \
  --library "$libsecret" \
  --plugin qt --output appimage
ls -l "$build"/ExaDesk*.AppImage
