#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, corpus, end-to-end). CI runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
# bsdtar, file and hashdeep are oracles for differential tests; python3 runs the evidence generator check.
Scripts/install-deps.sh libarchive-tools file hashdeep python3-pip
Scripts/install-python-oracles.sh
swift build --build-tests
swift test --skip-build 2>&1 | tee .build/test-output.txt
# A few seconds of coverage-guided fuzzing per target (libFuzzer + AddressSanitizer, its own build in .build-fuzz).
Scripts/fuzz.sh --smoke
