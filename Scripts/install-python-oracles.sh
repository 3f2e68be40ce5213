#!/usr/bin/env bash
# Installs the PyPI tools the differential tests and benchmarks compare against, only those that are missing.
# They are oracles, never runtime dependencies of custody.
set -euo pipefail
need=()
command -v wtsexporter >/dev/null 2>&1 || need+=("whatsapp-chat-exporter==0.13.1")
python3 -c "import phonenumbers" >/dev/null 2>&1 || need+=("phonenumbers==9.0.43")
python3 -c "import bip_utils" >/dev/null 2>&1 || need+=("bip-utils==2.12.3")
python3 -c "import stdnum" >/dev/null 2>&1 || need+=("python-stdnum==2.2")
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
echo "Installing (pip): ${need[*]}"
python3 -m pip install --quiet --disable-pip-version-check "${need[@]}" \
  || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${need[@]}"
