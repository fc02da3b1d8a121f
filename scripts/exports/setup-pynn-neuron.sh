#!/bin/sh
# Installs PyNN + NEURON (+ MPI) from Debian and compiles PyNN's NMODL mechanisms, which Debian's
# packages leave uncompiled (and whose nrnivmodl is broken as packaged: it looks for
# /usr/bin/nrnmech_makefile and links -lnrniv from /usr/lib). Idempotent: does nothing when the
# packages are installed and libnrnmech.so exists. Used by .ci/run before test/exports.
# Usage: sh scripts/exports/setup-pynn-neuron.sh   (as root, or with sudo available)
set -eu

PKGS="python3-pynn python3-neuron neuron-dev openmpi-bin python3-mpi4py python3-h5py python3-numpy"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup-pynn-neuron: installing$missing"
  LOCK=/tmp/snnc-apt.lock
  $SUDO flock "$LOCK" apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $SUDO flock "$LOCK" apt-get install -y -qq $missing
fi

NMODL=$(/usr/bin/python3 -c 'import os, pyNN; print(os.path.join(os.path.dirname(pyNN.__file__), "neuron", "nmodl"))')
LIB="$NMODL/x86_64/.libs/libnrnmech.so"
ARCH=$(uname -m)
[ "$ARCH" = "x86_64" ] || LIB="$NMODL/$ARCH/.libs/libnrnmech.so"
if [ -f "$LIB" ]; then
  echo "setup-pynn-neuron: mechanisms already compiled ($LIB)"
else
  echo "setup-pynn-neuron: compiling PyNN's NMODL mechanisms in $NMODL"
  tmp=$(mktemp -d)
  mkdir -p "$tmp/bin"
  ln -sf /usr/lib/nrn/nrnmech_makefile "$tmp/bin/"
  # The final link of 'special' fails and is not needed: only libnrnmech.so matters.
  (cd "$NMODL" && $SUDO env NRNHOME_EXEC="$tmp" nrnivmodl \
    -loadflags "-L/usr/lib/nrn -Wl,-rpath,/usr/lib/nrn" >"$tmp/nrnivmodl.log" 2>&1) || true
  if [ ! -f "$LIB" ]; then
    echo "setup-pynn-neuron: nrnivmodl did not produce $LIB; log:" >&2
    tail -30 "$tmp/nrnivmodl.log" >&2
    exit 1
  fi
  rm -rf "$tmp"
fi
{ cd / && /usr/bin/python3 -c "import pyNN.neuron"; } >/dev/null 2>&1 || {
  echo "setup-pynn-neuron: 'import pyNN.neuron' fails after setup" >&2
  exit 1
}
echo "setup-pynn-neuron: ok"
