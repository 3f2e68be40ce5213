#!/usr/bin/env bash
# Reliability sweep (issue 9): ingests a whole real tree (default /usr: every kind of binary, text and archive)
# with every stage on, and asserts what the forensic principles promise on data nobody chose for us.
#
# Usage: Scripts/sweep.sh [--source DIR] [--work-dir DIR] [--jobs N] [--no-build] [--keep]
#
#   --source DIR    the tree to ingest as one exhibit (default /usr)
#   --work-dir DIR  where the case, logs and results go (default: bench-work/sweep at the repository root)
#   --jobs N        identification workers (default 2)
#   --no-build      use the existing release binary
#   --keep          keep the case file
#
# Asserts: `custody ingest` exits 0; every entry of the tree (files, folders, links, special files: `find -xdev`)
# has its row at depth 0, and every row has a status; `custody verify` and the independent Scripts/verify-chain.py
# report the chain intact with the same head; peak RSS (GNU time) under 300 MB. Prints the figures and writes
# them to WORK/results.json. Exit 0 when every assertion holds.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
repo=$(pwd)

source_dir=/usr
work="$repo/bench-work/sweep"
jobs=2
build=1
keep=0
rss_target_mb=300
while [ $# -gt 0 ]; do
  case "$1" in
    --source) source_dir="$2"; shift ;;
    --work-dir) work="$2"; shift ;;
    --jobs) jobs="$2"; shift ;;
    --no-build) build=0 ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) echo "sweep: unknown argument: $1" >&2; exit 2 ;;
  esac
  shift
done
say() { printf '[sweep %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

Scripts/install-deps.sh time python3
time_bin=$(type -P time) || { echo "sweep: GNU time is not installed" >&2; exit 2; }
if [ "$build" -eq 1 ]; then
  say "building the release binary"
  swift build -c release --product custody >/dev/null
fi
bin="$repo/.build/release/custody"
[ -x "$bin" ] || { echo "sweep: $bin is missing" >&2; exit 2; }

mkdir -p "$work"
case_file="$work/sweep.case.sqlite"
rm -f "$case_file" "$case_file-wal" "$case_file-shm"

entries_before=$(find "$source_dir" -xdev 2>/dev/null | wc -l)
bytes=$(du -sb --apparent-size "$source_dir" 2>/dev/null | cut -f1)
say "ingesting $source_dir ($entries_before entries, $((bytes / 1000000)) MB) with --jobs $jobs"
set +e
"$time_bin" -v -o "$work/ingest.time" "$bin" ingest "$source_dir" --case "$case_file" --jobs "$jobs" --quiet --json \
  >"$work/ingest.json" 2>"$work/ingest.stderr"
ingest_rc=$?
"$bin" verify --case "$case_file" --json >"$work/verify.json" 2>"$work/verify.stderr"
verify_rc=$?
python3 Scripts/verify-chain.py "$case_file" --json >"$work/verify-chain.json" 2>"$work/verify-chain.stderr"
verify_chain_rc=$?
set -e
entries_after=$(find "$source_dir" -xdev 2>/dev/null | wc -l)

set +e
python3 - "$case_file" "$work" "$ingest_rc" "$verify_rc" "$verify_chain_rc" "$entries_before" "$entries_after" \
  "$bytes" "$rss_target_mb" <<'PY'
import json, os, re, sqlite3, sys
case, work, ingest_rc, verify_rc, chain_rc, before, after, nbytes, rss_target = sys.argv[1:]
ingest_rc, verify_rc, chain_rc = int(ingest_rc), int(verify_rc), int(chain_rc)
before, after, nbytes, rss_target = int(before), int(after), int(nbytes), int(rss_target)
timing = open(os.path.join(work, "ingest.time")).read()
def field(name):
    m = re.search(re.escape(name) + r":\s*(.+)", timing)
    return m.group(1).strip() if m else None
rss_mb = int(field("Maximum resident set size (kbytes)") or 0) / 1024
wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
cpu = float(field("User time (seconds)") or 0) + float(field("System time (seconds)") or 0)
result = {"ingest_exit": ingest_rc, "verify_exit": verify_rc, "verify_chain_exit": chain_rc,
          "entries_in_tree_before": before, "entries_in_tree_after": after, "bytes": nbytes,
          "wall": wall, "cpu_seconds": round(cpu, 1), "peak_rss_mb": round(rss_mb, 1)}
failures = []
if ingest_rc != 0: failures.append(f"ingest exited {ingest_rc}")
if verify_rc != 0: failures.append(f"custody verify exited {verify_rc}")
if chain_rc != 0: failures.append(f"verify-chain.py exited {chain_rc}")
if rss_mb >= rss_target: failures.append(f"peak RSS {rss_mb:.0f} MB >= {rss_target} MB")
try:
    db = sqlite3.connect(f"file:{case}?mode=ro", uri=True)
    q = lambda sql: db.execute(sql).fetchall()
    top = q("SELECT COUNT(*) FROM files WHERE depth = 0")[0][0]
    result["rows_depth0"] = top
    result["rows_total"] = q("SELECT COUNT(*) FROM files")[0][0]
    result["status"] = dict(q("SELECT status, COUNT(*) FROM files GROUP BY status"))
    result["no_status"] = q("SELECT COUNT(*) FROM files WHERE status IS NULL OR status = ''")[0][0]
    result["warnings_by_code"] = dict(q("SELECT code, COUNT(*) FROM warnings GROUP BY code ORDER BY 2 DESC"))
    for table in ("messages", "contacts", "identities", "indicators", "indicator_sightings", "extractions"):
        try: result[table] = q(f"SELECT COUNT(*) FROM {table}")[0][0]
        except sqlite3.Error: pass
    result["case_bytes"] = os.path.getsize(case) + (os.path.getsize(case + "-wal") if os.path.exists(case + "-wal") else 0)
    if before != after:
        result["note"] = "the tree changed during the run; the entry count is checked against both counts"
    if top not in (before, after):
        failures.append(f"{top} rows at depth 0, but the tree has {before} entries (find -xdev)")
    if result["no_status"]:
        failures.append(f"{result['no_status']} rows without a status")
except sqlite3.Error as error:
    failures.append(f"case unreadable: {error}")
try:
    heads = json.load(open(os.path.join(work, "verify.json")))
    chain = json.load(open(os.path.join(work, "verify-chain.json")))
    result["verify"] = heads; result["verify_chain"] = chain
except (OSError, ValueError):
    pass
result["failures"] = failures
json.dump(result, open(os.path.join(work, "results.json"), "w"), indent=2, sort_keys=True)
print(json.dumps({k: v for k, v in result.items() if k not in ("verify", "verify_chain")}, indent=2, sort_keys=True))
print("sweep: " + ("PASS" if not failures else "FAIL: " + "; ".join(failures)))
sys.exit(1 if failures else 0)
PY
rc=$?
set -e
if [ "$keep" -eq 0 ]; then rm -f "$case_file" "$case_file-wal" "$case_file-shm"; fi
exit $rc
