#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (unit, corpus, end-to-end, a fuzzing smoke run). CI runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
# bsdtar, file and hashdeep are oracles for differential tests; python3 runs the evidence generator check.
Scripts/install-deps.sh libarchive-tools file hashdeep python3-pip yara poppler-utils
Scripts/install-python-oracles.sh
swift build --build-tests
# A few seconds of coverage-guided fuzzing per target (libFuzzer + AddressSanitizer, its own debug build in
# .build-fuzz: quicker to build than release; the long runs are Scripts/bench.sh --fuzz). Before the unit tests,
# so that their summary closes the output.
Scripts/fuzz.sh --smoke --debug
swift test --skip-build 2>&1 | tee .build/test-output.txt
