#!/usr/bin/env bash
# Makes one package with CPack from the build tree and checks it as its platform's tools do.
#   check-package.sh deb|rpm|nsis SOURCE-DIR BUILD-DIR OUT-DIR
set -euo pipefail
kind=$1 source=$2 build=$3 out=$4
rm -rf "$out" && mkdir -p "$out"
fail() { echo "check-package ($kind): $*" >&2; exit 1; }
case $kind in deb) generator=DEB ;; rpm) generator=RPM ;; nsis) generator=NSIS ;; *) fail "no such kind" ;; esac
cpack --config "$build/CPackConfig.cmake" -G "$generator" -B "$out" >"$out/cpack.log" 2>&1 \
  || { cat "$out/cpack.log" >&2; fail "cpack -G $generator failed"; }

case $kind in
deb)
  deb=$(ls "$out"/exadesk_*.deb)
  contents=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
  for path in ./usr/bin/exadesk ./usr/share/applications/io.github.exadesk.ExaDesk.desktop \
    ./usr/share/metainfo/io.github.exadesk.ExaDesk.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/io.github.exadesk.ExaDesk.svg \
    ./usr/share/icons/hicolor/48x48/apps/io.github.exadesk.ExaDesk.png \
    ./usr/share/man/man1/exadesk.1.gz ./usr/share/doc/exadesk/copyright ./usr/share/doc/exadesk/changelog.gz; do
    grep -qxF "$path" <<<"$contents" || fail "$path is not in the package"
  done
  depends=$(dpkg-deb -f "$deb" Depends)
  # From the linked libraries (shlibdeps), and what is loaded at run time.
  for dependency in libqt6core6 libqt6widgets6 libqt6charts6 libqt6svg6 libsodium23 libqt6keychain1 \
    libsecret-1-0 libqt6sql6-sqlite; do
    grep -qE "(^|, )$dependency( |,|$)" <<<"$depends" || fail "Depends lacks $dependency: $depends"
  done
  unpacked="$out/unpacked" && dpkg-deb -x "$deb" "$unpacked"
  # Whole outputs into grep, never a pipe into grep -q: pipefail would fail on the writer's SIGPIPE.
  sections=$(readelf -S "$unpacked/usr/bin/exadesk")
  grep -q '\.symtab' <<<"$sections" && fail "/usr/bin/exadesk is not stripped"
  # No errors; every warning is one packaging/README.md names and justifies.
  lintian --fail-on error --tag-display-limit 0 "$deb" >"$out/lintian.log" 2>&1 \
    || { cat "$out/lintian.log" >&2; fail "lintian reports errors"; }
  cat "$out/lintian.log"
  for tag in $(awk '/^W: / { print $3 }' "$out/lintian.log" | sort -u); do
    grep -q "\`$tag\`" "$source/packaging/README.md" || fail "lintian warns $tag, which packaging/README.md does not justify"
  done
  echo "check-package: $(basename "$deb") is good; Depends: $depends"
  ;;
rpm)
  rpm=$(ls "$out"/exadesk-*.rpm)
  files=$(rpm -qlp "$rpm") requires=$(rpm -qp --requires "$rpm")
  grep -qx /usr/bin/exadesk <<<"$files" || fail "/usr/bin/exadesk is not in the package"
  grep -q '^libsecret-1.so.0' <<<"$requires" || fail "the package does not require libsecret: $requires"
  rpmlint -c "$source/packaging/linux/rpmlint.toml" "$rpm" >"$out/rpmlint.log" 2>&1 || true
  cat "$out/rpmlint.log"
  grep -qE '(^| )0 errors' "$out/rpmlint.log" || fail "rpmlint reports errors"
  echo "check-package: $(basename "$rpm") is good"
  ;;
nsis)
  script=$(find "$out/_CPack_Packages" -name project.nsi | head -n1)
  [ -n "$script" ] || fail "CPack wrote no NSIS script"
  grep -q 'ExaDesk' "$script" || fail "the NSIS script does not name ExaDesk"
  ls "$out"/exadesk-*.exe >/dev/null || fail "makensis made no installer"
  echo "check-package: the NSIS script ($script) compiles into $(basename "$(ls "$out"/exadesk-*.exe)")"
  ;;
esac
