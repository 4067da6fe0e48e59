#!/usr/bin/env bash
# Installs the .deb into a clean Debian 12 root, as a user's apt would, and uses it there:
# `exadesk --version`, `exadesk search` against the fake Exa server, and the window under Xvfb
# with a screenshot. Then `apt-get purge --autoremove` must leave only the user's own data.
#   install-in-debian.sh DEB-DIR BUILD-DIR WORK-DIR
# The root is made by mmdebstrap from the Debian mirror and cached for a week in
# ~/.cache/exadesk-packaging. Needs root (chroot, mounts) and the mirror.
set -euo pipefail
debdir=$1 build=$2 work=$3
deb=$(ls "$debdir"/exadesk_*.deb)
fail() { echo "install-in-debian: $*" >&2; exit 1; }
# 77: CTest reports the test skipped, not passed; said only for what lies outside the project.
skip() { echo "install-in-debian: skipped: $*" >&2; exit 77; }
[ "$(id -u)" -eq 0 ] || skip "needs root, for chroot and mounts"
for tool in mmdebstrap unshare curl Xvfb; do
  command -v "$tool" >/dev/null || fail "$tool is missing; run scripts/install-deps.sh"
done
# The mounts below live in a mount namespace of this script's own: however it ends, even killed
# at CTest's timeout, the kernel takes them away with it, and no later rm can reach the host's
# /dev through them.
if [ -z "${EXADESK_PRIVATE_MOUNTS:-}" ]; then
  unshare --mount true 2>/dev/null || skip "this machine may not make a mount namespace (unshare)"
  EXADESK_PRIVATE_MOUNTS=1 exec unshare --mount --propagation private "$0" "$@"
fi
mirror=${EXADESK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${EXADESK_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
# Without the mirror no root can be made or filled: the network's doing, said as a skip. With
# it, any later failure is a failure.
curl -fsS --max-time 20 -o /dev/null "$mirror/dists/bookworm/Release" \
  || skip "the Debian mirror $mirror cannot be reached"

cache=${XDG_CACHE_HOME:-$HOME/.cache}/exadesk-packaging
base=$cache/bookworm-apt.tar
if [ ! -s "$base" ] || [ -n "$(find "$base" -mtime +7)" ]; then
  mkdir -p "$cache"
  mmdebstrap --quiet --variant=apt bookworm "$cache/partial.tar" "$mirror" \
    "deb $mirror bookworm-updates main" "deb $security bookworm-security main" \
    || fail "mmdebstrap could not make a Debian 12 root from $mirror"
  mv "$cache/partial.tar" "$base" # a tar by its name; moved whole once made
fi

root=$work/root
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for mount in "$root/dev" "$root/proc"; do ! mountpoint -q "$mount" || umount -l "$mount"; done
  rm -rf --one-file-system "$root" # never into a mount, however it was left
}
trap cleanup EXIT
rm -rf --one-file-system "$work" && mkdir -p "$root"
tar -xf "$base" -C "$root"
# A container may have a namespace of its own yet not the right to mount in it.
mount -t proc proc "$root/proc" || skip "this machine may not mount /proc for a chroot"
mount --bind /dev "$root/dev"
cp /etc/resolv.conf "$root/etc/resolv.conf"
cp "$deb" "$root/tmp/"
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/home/tester LANG=C.UTF-8 "$@"; }
# What is there before: the files the package and its dependencies must not leave behind.
snapshot() {
  (cd "$root" && find . -xdev \( -path ./proc -o -path ./dev -o -path ./tmp -o -path ./var/lib/apt \
    -o -path ./var/cache -o -path ./var/log -o -path ./var/lib/dpkg -o -path ./etc/ld.so.cache \) -prune \
    -o -print | sort)
}
in_root apt-get update -qq
mkdir -p "$root/home/tester"
snapshot >"$work/before.txt"

in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "/tmp/$(basename "$deb")" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "apt-get install failed"; }
[ "$(in_root sh -c 'command -v exadesk')" = /usr/bin/exadesk ] || fail "exadesk is not on PATH"
version=$(in_root exadesk --version)
[[ $version == "ExaDesk "* ]] || fail "exadesk --version said: $version"
echo "install-in-debian: installed; $version"

# A search through the installed binary, against the fake Exa server on loopback (outside the
# root, on the same network).
exec {fake}< <(exec "$build/tests/fake_exa/exadesk-fake-exa" --port 0 --instant --key packaged-test-key 2>&1)
pids+=($!)
read -r -t 30 line <&"$fake" || fail "the fake Exa server did not start"
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' <<<"$line")
[ -n "$url" ] || fail "the fake Exa server said: $line"
results=$(in_root env EXA_API_KEY=packaged-test-key exadesk search --base-url "$url" --num 3 "debian packages") \
  || fail "exadesk search failed: $results"
[ "$(grep -c '^ *https\?://' <<<"$results")" -ge 3 ] || fail "exadesk search printed no 3 results: $results"
echo "install-in-debian: exadesk search answered with 3 results"

# The window, on an Xvfb outside the root (its abstract socket is shared), with the app's own
# screenshot tour.
exec {xvfb}< <(exec Xvfb -displayfd 1 -screen 0 1280x800x24 -nolisten tcp 2>"$work/xvfb.log")
pids+=($!)
read -r -t 30 number <&"$xvfb" || fail "Xvfb did not start: $(cat "$work/xvfb.log")"
display=:$number
in_root env DISPLAY="$display" EXADESK_SCREENSHOTS=/tmp/shots timeout 60 exadesk >"$work/window.log" 2>&1 \
  || { cat "$work/window.log" >&2; fail "the window did not start"; }
shot=$root/tmp/shots/keys.png
[ -s "$shot" ] && [ "$(head -c 8 "$shot" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] \
  || fail "the window made no screenshot: $(ls "$root/tmp/shots" 2>&1)"
cp "$shot" "$work/../installed-window.png"
echo "install-in-debian: the window started and drew itself ($work/../installed-window.png)"
# What is loaded at run time came with the package's dependencies: the SQLite driver (the
# window made its database) and libsecret (QtKeychain opens it by name).
[ -s "$root/home/tester/.local/share/ExaDesk/ExaDesk/exadesk.sqlite" ] \
  || fail "the window made no database: $(cat "$work/window.log")"
libraries=$(in_root ldconfig -p) # whole, not piped to grep -q: pipefail would see ldconfig's SIGPIPE
grep -q 'libsecret-1\.so\.0 ' <<<"$libraries" || fail "libsecret-1.so.0 is not installed"

# Purged, with what was installed for it: only the user's data stays.
package_files=$(in_root dpkg -L exadesk)
in_root env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq --autoremove exadesk >"$work/purge.log" 2>&1 \
  || { cat "$work/purge.log" >&2; fail "apt-get purge failed"; }
while read -r path; do
  [ -f "$root$path" ] && fail "$path is still there after purge"
done <<<"$package_files"
snapshot >"$work/after.txt"
left=$(comm -13 "$work/before.txt" "$work/after.txt" | grep -v '^\./home/tester/' || true)
[ -z "$left" ] || fail "purge left behind: $left"
echo "install-in-debian: purged; only the user's data is left ($(comm -13 "$work/before.txt" "$work/after.txt" | wc -l) paths under /home/tester)"
