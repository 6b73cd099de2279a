#!/usr/bin/env bash
# Sets up everything annotator needs on a fresh Debian/Ubuntu machine (or any machine that already has
# the Qt system libraries): the system libraries Qt loads, then a virtual environment in .venv with the
# package installed in editable mode. Safe to run again; it only installs what is missing.
# Usage: scripts/setup.sh [--gui]   (--gui adds the X11 libraries a real desktop window needs)
set -euo pipefail
cd "$(dirname "$0")/.."

# What Qt needs on a bare headless Linux (measured): OpenGL/EGL, xkbcommon, fontconfig, GLib, D-Bus;
# and fonts to draw emoji and Chinese text.
packages=(libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-noto-color-emoji fonts-wqy-microhei
          fonts-dejavu-core)
# Qt WebEngine (the export dialog's report preview, Chromium) also loads NSS, ALSA, GBM and these X
# libraries, even headless (measured with ldd on libQt6WebEngineCore and QtWebEngineProcess).
packages+=(libnss3 libasound2 libgbm1 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1)
if [[ "${1:-}" == "--gui" ]]; then
  # The xcb platform plugin (a real window on X11/XWayland) needs these too.
  packages+=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
             libxcb-render-util0 libxcb-image0 libxcb-xinerama0 libxcb-xkb1)
fi

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  if ((${#missing[@]})); then
    sudo=""
    [[ $(id -u) -eq 0 ]] || sudo="sudo"
    echo "Installing system libraries for Qt: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "annotator needs Python 3.11 or newer; $("$python" --version 2>&1) found. Set PYTHON=/path/to/python3.11." >&2
  exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
