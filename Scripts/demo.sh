#!/usr/bin/env bash
# Installs what is missing, builds a release, ingests the bundled TestEvidence into demo.case.sqlite,
# prints the summary and verifies the hash chain.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/install-deps.sh
swift build -c release
bin=.build/release/custody
rm -f demo.case.sqlite demo.case.sqlite-wal demo.case.sqlite-shm
"$bin" ingest TestEvidence/android-ffs.zip TestEvidence/PC-07.tar.gz TestEvidence/bad-inputs TestEvidence/handset-B.zip \
  TestEvidence/scam-centre/phone-A.zip TestEvidence/scam-centre/phone-B.zip TestEvidence/scam-centre/phone-C.zip \
  --case demo.case.sqlite --examiner "demo" --quiet
echo
echo "== warnings recorded (bad inputs are evidence too)"
"$bin" query sql --case demo.case.sqlite "SELECT code, count(*) AS n FROM warnings GROUP BY code ORDER BY n DESC"
echo
echo "== extractor runs (encrypted = a store recognized but not opened; detail says what would open it)"
"$bin" query sql --case demo.case.sqlite "SELECT x.extractor, x.status, x.messages, x.calls, f.path FROM extractions x JOIN files f ON f.id = x.file_id ORDER BY x.id"
echo
echo "== messages recovered from SQLite write-ahead logs"
"$bin" query messages --case demo.case.sqlite --wal-only
echo
echo "== full-text search across every app and exhibit: 'transfer'"
"$bin" query messages --case demo.case.sqlite --search transfer
echo
echo "== missed calls"
"$bin" query calls --case demo.case.sqlite --kind missed
echo
echo "== crypto indicators (validated; every sighting with: query indicators --sightings)"
"$bin" query indicators --case demo.case.sqlite --validation checksum
echo
echo "== identifiers seen most (phone numbers as E.164, JIDs, app ids)"
"$bin" query identities --case demo.case.sqlite --limit 8
echo
echo "== documents read (PDF, Office, OpenDocument, mail, HTML): language and status"
"$bin" query documents --case demo.case.sqlite --limit 12
echo
echo "== scam scripts, lures and victim indicators (strongest first; rules and spans with --format json)"
"$bin" query findings --case demo.case.sqlite --min-score 0 --limit 15
echo
echo "== the same script on several phones (near-duplicate groups; slots = what differs: victims, amounts)"
"$bin" query scripts --case demo.case.sqlite --min-exhibits 3 --limit 3
echo
echo "== one search over chats and documents: 'USDT'"
"$bin" query search --case demo.case.sqlite USDT --limit 8
echo
echo "== verify"
"$bin" verify --case demo.case.sqlite --sources
