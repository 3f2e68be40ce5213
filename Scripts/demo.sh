#!/usr/bin/env bash
# Installs what is missing, builds a release, ingests the bundled TestEvidence into demo.case.sqlite,
# prints the summary and verifies the hash chain.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build -c release
bin=.build/release/custody
rm -f demo.case.sqlite demo.case.sqlite-wal demo.case.sqlite-shm
"$bin" ingest TestEvidence/android-ffs.zip TestEvidence/PC-07.tar.gz TestEvidence/bad-inputs \
  --case demo.case.sqlite --examiner "demo" --quiet
echo
echo "== warnings recorded (bad inputs are evidence too)"
"$bin" query sql --case demo.case.sqlite "SELECT code, count(*) AS n FROM warnings GROUP BY code ORDER BY n DESC"
echo
echo "== verify"
"$bin" verify --case demo.case.sqlite --sources
