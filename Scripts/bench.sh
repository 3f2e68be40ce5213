#!/usr/bin/env bash
# Benchmark: speed and peak memory of `custody ingest` against a baseline, measured in the same run on the same
# inputs, printed as ratios next to the targets.
#
# Usage: Scripts/bench.sh [--quick] [--only NAME[,NAME...]] [--fuzz] [--keep] [--work-dir DIR] [--no-build]
#
#   --quick         small inputs for trying the script (first ~5,000 files of /usr/share, a 5,000-file phone
#                   zip, 50,000 tiny files, a 256 MiB sparse file, a 50,000-message msgstore.db, 64 MiB of
#                   mixed text and binary); the default is the full run
#   --only NAME     run only this input (repeatable or comma-separated): usr-share, phone, tiny, sparse, whatsapp,
#                   indicators, sweep, fuzz
#   --fuzz          also run the long fuzzing session (input "fuzz"; not part of the default inputs)
#   --keep          keep the extracted baseline folders, their outputs and the case files
#   --work-dir DIR  where inputs, logs and results go (default: bench-work/ at the repository root)
#   --no-build      use the existing release binary as it is (by default it is rebuilt with
#                   `swift build -c release` when it is missing or older than Sources/ or Package.swift)
#
# Inputs are built once into DIR/inputs/{full,quick}/ and reused by later runs.
#
# Archive inputs (usr-share, phone, tiny, sparse):
# Baseline: bsdtar -xf to a folder, then sha256sum, md5sum and file --mime-type over every extracted file through
# find -print0 | xargs -0, one after the other (single-threaded), and again with xargs -P 2.
# Custody: custody ingest INPUT --case CASE --jobs N --quiet --json, for N = 1 and 2, under `time -v` (wall,
# user+sys, peak RSS). Targets: --jobs 2 at least 8x faster than the baseline; peak RSS under 300 MB.
#
# Chat input (whatsapp): a folder with a generated WhatsApp Android msgstore.db (current schema; 1,000,000
# messages, 50,000 with --quick, plus one call per 100 messages) and its wa.db, written by
# Scripts/fixtures/whatsapp_android.py OUTDIR --messages N.
# Baseline: whatsapp-chat-exporter (PyPI; Scripts/install-python-oracles.sh installs it when missing), run in a
# scratch copy of the folder as `wtsexporter -a -d msgstore.db -w wa.db -j out.json --no-html --no-banner
# -o result -m WhatsApp` (JSON output only). Custody: (a) custody ingest FOLDER --case CASE --jobs 2 --quiet --json
# (hashing, identification, extraction, indicator scan, identities, hash chain, full-text index), (a') the same with
# --no-indicators, and (b) custody extract msgstore.db wa.db (the extractors alone, no case). Each under `time -v`;
# messages per second = messages / wall seconds.
# Targets: custody at least 10x faster than whatsapp-chat-exporter; peak RSS under 300 MB.
#
# Scanner input (indicators): one file, mixed.bin, of 1 GiB (64 MiB with --quick) in 1 MiB units: 45% random binary
# (seeded PRNG), 45% text (the text files under /usr/share/doc, plain and .gz decompressed, cycled, with generated
# Chinese chat lines, and a real indicator planted every ~3 KiB of text: TRON, EIP-55, bech32, P2PKH, P2SH, the
# BIP-39 "abandon ... about" vector) and 10% base58-alphabet noise (tokens of ~36 characters).
# Custody: custody scan FILE (the indicator scanner and validators on one thread, the file streamed in 1 MiB
# blocks, nothing recorded) under `time -v`; MB/s per core = bytes / 10^6 / (user + sys CPU seconds).
# Baseline: bulk_extractor -E email -E accts -o OUT FILE when the bulk-extractor package is installable (it is
# installed then), and always LC_ALL=C grep -a -c -E over a base58 / 0x / TRON / e-mail pattern: regex only, no
# validation, a floor rather than a like-for-like comparison.
# Targets: at least 300 MB/s per core; peak RSS under 300 MB.
#
# Detection (detection): Scripts/detect-eval.py with the release binary over ../shared/corpus/scamtext: precision
# and recall per category and language on the labelled rows, and the share of ordinary texts flagged (targets:
# precision >= 0.9, recall >= 0.8 where real positives exist, <= 1% of ordinary texts; docs/DETECTION-EVAL.md).
# The cost of detection in the ingest is measured on the usr-share input (--no-detect run, target < 25%).
#
# Fuzzing (fuzz): Scripts/fuzz.sh --seconds 300 (30 with --quick) over every fuzz target, one after the other
# (libFuzzer + AddressSanitizer; its corpus grows in .build-fuzz/corpus and is reused by later runs). Reported per
# target: executions, executions per second, coverage (cov/ft), corpus size and crashes. Target: no crash.
#
# Reliability sweep (sweep): Scripts/sweep.sh ingests the whole of /usr (/usr/include with --quick) as one exhibit
# with every stage on and asserts exit 0, every entry recorded, `custody verify` and Scripts/verify-chain.py
# intact with the same head, peak RSS under 300 MB. Reported: entries, files, indicator sightings, wall, peak RSS.
#
# The summary is printed and written to DIR/results.json (the inputs of this run only).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
repo=$(pwd)

speed_target=8      # custody --jobs 2 must be at least this many times faster than the baseline
chat_speed_target=10  # custody must be at least this many times faster than whatsapp-chat-exporter
scan_target_mbps=300  # custody scan must process at least this many MB (10^6 bytes) per CPU second
rss_target_mb=300   # custody's peak RSS must stay under this, whatever the input
all_inputs=(usr-share phone tiny sparse whatsapp indicators sweep detection fuzz)
default_inputs=(usr-share phone tiny sparse whatsapp indicators sweep detection)

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }
die() { echo "bench: error: $*" >&2; exit 1; }
say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
now() { if [ -n "${EPOCHREALTIME:-}" ]; then printf '%s' "$EPOCHREALTIME"; else date +%s.%N; fi; }

quick=0
keep=0
fuzz=0
build=1
work="$repo/bench-work"
selected=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --keep) keep=1 ;;
    --fuzz) fuzz=1 ;;
    --no-build) build=0 ;;
    --only)
      [ $# -ge 2 ] || die "--only needs a NAME (one of: ${all_inputs[*]})"
      IFS=, read -r -a names <<<"$2"
      selected+=("${names[@]}")
      shift ;;
    --only=*) IFS=, read -r -a names <<<"${1#--only=}"; selected+=("${names[@]}") ;;
    --work-dir)
      [ $# -ge 2 ] || die "--work-dir needs a folder"
      work="$2"
      shift ;;
    --work-dir=*) work="${1#--work-dir=}" ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
  shift
done
if [ ${#selected[@]} -eq 0 ]; then selected=("${default_inputs[@]}"); fi
if [ "$fuzz" -eq 1 ]; then selected+=(fuzz); fi
for name in "${selected[@]}"; do
  case " ${all_inputs[*]} " in *" $name "*) ;; *) die "unknown input '$name' (choose from: ${all_inputs[*]})" ;; esac
done

if [ "$quick" -eq 1 ]; then
  mode=quick; usr_share_files=5000; phone_files=5000; tiny_files=50000; sparse_size=256M; wa_messages=50000
  scan_mib=64; fuzz_seconds=30; sweep_source=/usr/include
else
  mode=full; usr_share_files=0; phone_files=100000; tiny_files=1000000; sparse_size=5G; wa_messages=1000000
  scan_mib=1024; fuzz_seconds=300; sweep_source=/usr
fi
selected_has() { case " ${selected[*]} " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }

# ---------------------------------------------------------------------------------------------------------------
say "installing what is missing (bsdtar, file, GNU time)"
Scripts/install-deps.sh libarchive-tools file time
for tool in bsdtar tar python3 sha256sum md5sum file find xargs truncate swift; do
  command -v "$tool" >/dev/null || die "'$tool' is not installed"
done
time_bin=$(type -P time) || die "GNU time is not installed (package 'time')"
"$time_bin" -v true 2>/dev/null || die "'$time_bin' does not support -v: install GNU time (package 'time')"
wts_bin=""; wts_version=-
if selected_has whatsapp; then
  say "installing whatsapp-chat-exporter if it is missing (Scripts/install-python-oracles.sh)"
  Scripts/install-python-oracles.sh
  wts_bin=$(type -P wtsexporter) || die "wtsexporter (whatsapp-chat-exporter) is not installed"
  # A pyenv shim is a shell script that finds the real entry point on every call: measure the entry point itself.
  if command -v pyenv >/dev/null 2>&1 && real=$(pyenv which wtsexporter 2>/dev/null) && [ -x "$real" ]; then
    wts_bin=$real
  fi
  # The version, asked of the interpreter that runs wtsexporter (its #! line) when that is a plain path.
  wts_python=$(head -n 1 "$wts_bin" | sed -n 's/^#!\([^ ]*\)$/\1/p')
  [ -n "$wts_python" ] && [ -x "$wts_python" ] || wts_python=python3
  wts_version=$("$wts_python" -c 'import importlib.metadata as m; print(m.version("whatsapp-chat-exporter"))' \
    2>/dev/null || echo unknown)
  say "whatsapp-chat-exporter $wts_version: $wts_bin"
fi
be_bin=""; be_version=-; grep_version=-
if selected_has indicators; then
  command -v grep >/dev/null || die "'grep' is not installed"
  grep_version=$(grep --version | head -n 1)
  be_bin=$(type -P bulk_extractor || true)
  if [ -z "$be_bin" ]; then
    candidate=$(apt-cache policy bulk-extractor 2>/dev/null | awk '/Candidate:/{print $2}')
    if [ -n "$candidate" ] && [ "$candidate" != "(none)" ]; then
      say "installing bulk-extractor $candidate (baseline for the indicator scanner)"
      Scripts/install-deps.sh bulk-extractor
      be_bin=$(type -P bulk_extractor || true)
    fi
  fi
  if [ -n "$be_bin" ]; then
    be_version=$("$be_bin" -V 2>/dev/null | head -n 1 || echo unknown)
    say "bulk_extractor $be_version: $be_bin"
  else
    say "bulk_extractor is not installable here (apt-cache policy bulk-extractor: no candidate): the scanner's only"
    say "  baseline is grep -a -c -E (regex only, no validation)"
  fi
fi

mkdir -p "$work"
work=$(cd "$work" && pwd)
inputs="$work/inputs/$mode"
logs="$work/logs"
extract_root="$work/extract"
cases="$work/cases"
mkdir -p "$inputs" "$logs" "$cases"
tmpd=$(mktemp -d "${TMPDIR:-/tmp}/custody-bench.XXXXXX")
cleanup() {
  rm -rf "$tmpd"
  if [ "$keep" -eq 0 ]; then rm -rf "$extract_root" "$cases"; fi
}
trap cleanup EXIT
# A previous run that was interrupted may have left an extraction behind; it can be large.
if [ "$keep" -eq 0 ] && [ -e "$extract_root" ]; then say "removing old baseline extractions"; rm -rf "$extract_root"; fi

bin="$(swift build -c release --show-bin-path)/custody"
if [ "$build" -eq 0 ]; then
  say "--no-build: using the existing release binary as it is"
elif [ -x "$bin" ] && [ -z "$(find Sources Package.swift -newer "$bin" -print -quit 2>/dev/null)" ]; then
  say "the release binary is newer than Sources/ and Package.swift: not rebuilding"
else
  say "building custody (swift build -c release; log: ${logs#"$repo"/}/build.log)"
  if ! swift build -c release >"$logs/build.log" 2>&1; then
    tail -n 40 "$logs/build.log" >&2
    die "release build failed (full log: $logs/build.log)"
  fi
fi
[ -x "$bin" ] || die "no custody binary at $bin"
custody_version=$("$bin" --version 2>/dev/null || echo unknown)
say "custody $custody_version: $bin"

# ---------------------------------------------------------------------------------------------------------------
# Python helpers: input generators, JSON handling, summary.
helper="$tmpd/bench.py"
cat >"$helper" <<'PY'
import datetime, io, json, os, random, sqlite3, stat, sys, tarfile, tempfile, zipfile

def write_info(path, **info):
    with open(path + ".tmp", "w") as f:
        json.dump(info, f, sort_keys=True)
    os.replace(path + ".tmp", path)

def usr_share_list(root, limit):
    """NUL-separated entries under root (relative to /), depth-first in name order, until `limit` regular files."""
    out = sys.stdout.buffer
    regular = 0
    root = os.fsencode(root)
    for top, dirs, files in os.walk(root):
        dirs.sort()
        out.write(top.lstrip(b"/") + b"\0")
        for name in sorted(files):
            path = os.path.join(top, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                if not os.access(path, os.R_OK):
                    continue
                regular += 1
            out.write(path.lstrip(b"/") + b"\0")
            if regular >= limit:
                return
        # symlinks to folders are listed in dirs, not files, and os.walk does not descend into them
        for name in dirs:
            path = os.path.join(top, name)
            if os.path.islink(path):
                out.write(path.lstrip(b"/") + b"\0")

def tar_info(path, info_path):
    counts = {"files": 0, "dirs": 0, "symlinks": 0, "hardlinks": 0, "other": 0}
    size = 0
    with tarfile.open(path, "r:") as tf:
        while True:
            m = tf.next()
            if m is None:
                break
            if m.isreg():
                counts["files"] += 1
                size += m.size
            elif m.isdir():
                counts["dirs"] += 1
            elif m.issym():
                counts["symlinks"] += 1
            elif m.islnk():
                counts["hardlinks"] += 1
            else:
                counts["other"] += 1
            tf.members.clear()   # keep memory flat on huge archives
    write_info(info_path, bytes=size, **counts)

WORDS = ("the of and to in is you that it he was for on are as with his they at be this have from or one had by "
         "word but not what all were we when your can said there use an each which she do how their if will up other "
         "about out many then them these so some her would make like him into time has look two more write go see "
         "number no way could people my than first water been call who oil its now find long down day did get come "
         "made may part message contact photo location wifi battery sync account token cache session device").split()
APPS = ["com.android.providers.telephony", "com.android.providers.contacts", "com.android.chrome", "com.whatsapp",
        "org.telegram.messenger", "com.facebook.katana", "com.facebook.orca", "com.instagram.android",
        "com.google.android.gm", "com.google.android.apps.maps", "com.google.android.apps.photos", "com.snapchat.android",
        "com.twitter.android", "com.spotify.music", "com.ubercab", "com.skype.raider", "com.viber.voip",
        "com.android.vending", "com.google.android.gms", "com.samsung.android.messaging", "com.tinder",
        "org.thoughtcrime.securesms", "com.discord", "com.zhiliaoapp.musically", "com.linkedin.android",
        "com.dropbox.android", "com.microsoft.teams", "com.paypal.android.p2pmobile", "com.booking", "com.airbnb.android"]
BASE_TIME = datetime.datetime(2024, 3, 15, 10, 0, 0)

def phone(out, n, info_path, seed=20240315):
    """A deterministic 'phone extraction' zip of n regular files (plus their folders)."""
    rng = random.Random(seed)
    seen_dirs = set()
    counts = {"files": 0, "dirs": 0, "bytes": 0, "sqlite": 0}

    def when(i):
        t = BASE_TIME - datetime.timedelta(seconds=(i * 7919) % (400 * 86400))
        return t.timetuple()[:6]

    def add_dirs(zf, path):
        parts = path.split("/")[:-1]
        for k in range(1, len(parts) + 1):
            d = "/".join(parts[:k]) + "/"
            if d not in seen_dirs:
                seen_dirs.add(d)
                zi = zipfile.ZipInfo(d, date_time=BASE_TIME.timetuple()[:6])
                zi.create_system = 3
                zi.external_attr = (0o40755 << 16) | 0x10
                zf.writestr(zi, b"")
                counts["dirs"] += 1

    def add(zf, path, data, i, compress=True):
        add_dirs(zf, path)
        zi = zipfile.ZipInfo(path, date_time=when(i))
        zi.create_system = 3
        zi.external_attr = 0o100644 << 16
        zi.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        zf.writestr(zi, data)
        counts["files"] += 1
        counts["bytes"] += len(data)

    def text(k):
        return " ".join(rng.choices(WORDS, k=k))

    def sqlite_db(i):
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, "x.db")
            db = sqlite3.connect(p)
            db.execute("CREATE TABLE messages (_id INTEGER PRIMARY KEY, address TEXT, date INTEGER, body TEXT, read INTEGER)")
            db.execute("CREATE TABLE contacts (_id INTEGER PRIMARY KEY, name TEXT, number TEXT)")
            db.executemany("INSERT INTO messages (address, date, body, read) VALUES (?, ?, ?, ?)",
                           [("+4477009%05d" % rng.randrange(100000), 1700000000000 + rng.randrange(10**10),
                             text(rng.randint(3, 40)), rng.randint(0, 1)) for _ in range(rng.randint(50, 600))])
            db.executemany("INSERT INTO contacts (name, number) VALUES (?, ?)",
                           [(text(2).title(), "+4477009%05d" % rng.randrange(100000)) for _ in range(rng.randint(10, 200))])
            db.commit()
            db.close()
            with open(p, "rb") as f:
                return f.read()

    db_names = ["mmssms.db", "contacts2.db", "msgstore.db", "cache4.db", "history.db", "webview.db", "main.db",
                "threads_db2", "photos.db", "accounts.db"]
    n_db = min(n, max(3, n // 2000))
    buckets = max(4, min(64, n // 1500))   # hash-bucket subfolders per app folder
    with zipfile.ZipFile(out, "w", allowZip64=True) as zf:
        for i in range(n - n_db):
            app = APPS[rng.randrange(len(APPS))]
            bucket = "%02x" % rng.randrange(buckets)
            r = rng.random()
            if r < 0.30:
                doc = {"id": i, "app": app, "ts": 1700000000 + rng.randrange(10**8), "user": text(2),
                       "items": [{"k": text(1), "v": text(rng.randint(1, 12)), "n": rng.randrange(10**6)}
                                 for _ in range(rng.randint(1, 40))]}
                path = (f"data/data/{app}/files/{bucket}/state_{i}.json" if rng.random() < 0.7
                        else f"sdcard/Android/data/{app}/files/cache_{i}.json")
                add(zf, path, json.dumps(doc, indent=1).encode(), i)
            elif r < 0.45:
                body = "".join(f'    <string name="{text(1)}_{k}">{text(rng.randint(1, 8))}</string>\n'
                               for k in range(rng.randint(2, 40)))
                xml = f"<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\n<map>\n{body}</map>\n"
                add(zf, f"data/data/{app}/shared_prefs/{bucket}/prefs_{i}.xml", xml.encode(), i)
            elif r < 0.65:
                choice = rng.random()
                if choice < 0.5:
                    lines = "".join(f"2024-03-{1 + rng.randrange(28):02d} {rng.randrange(24):02d}:{rng.randrange(60):02d}"
                                    f" I/{app.split('.')[-1]}: {text(rng.randint(3, 15))}\n"
                                    for _ in range(rng.randint(2, 80)))
                    add(zf, f"data/data/{app}/cache/logs/{bucket}/log_{i}.log", lines.encode(), i)
                elif choice < 0.8:
                    add(zf, f"sdcard/Documents/{bucket}/note_{i}.txt", (text(rng.randint(10, 900)) + "\n").encode(), i)
                else:
                    add(zf, f"sdcard/Download/{bucket}/readme_{i}.txt", (text(rng.randint(10, 400)) + "\n").encode(), i)
            elif r < 0.75:
                data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + \
                       rng.randbytes(rng.randint(4096, 48 * 1024)) + b"\xff\xd9"
                add(zf, f"sdcard/DCIM/Camera/IMG_20240{1 + i % 9}{10 + i % 18}_{i:07d}.jpg", data, i, compress=False)
            elif r < 0.80:
                data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(rng.randint(512, 8192))
                add(zf, f"sdcard/DCIM/.thumbnails/{bucket}/{i}.png", data, i, compress=False)
            elif r < 0.95:
                data = rng.randbytes(rng.randint(256, 16 * 1024))
                path = (f"data/data/{app}/cache/{bucket}/{rng.getrandbits(64):016x}.bin" if rng.random() < 0.6
                        else f"data/data/{app}/app_webview/Default/Cache/{bucket}/{rng.getrandbits(64):016x}_0")
                add(zf, path, data, i, compress=False)
            else:
                add(zf, f"data/data/{app}/files/{bucket}/.lock_{i}", b"" if rng.random() < 0.5 else b"%d\n" % i, i)
        for k in range(n_db):
            app = APPS[k % len(APPS)]
            add(zf, f"data/data/{app}/databases/{k // len(APPS)}_{db_names[k % len(db_names)]}", sqlite_db(k), k)
            counts["sqlite"] += 1
    write_info(info_path, **counts)

def tiny(out, n, info_path):
    """A tar of n tiny files, 1,000 per folder, written entry by entry (nothing is created on disk)."""
    per_dir = 1000
    mtime = int(BASE_TIME.replace(tzinfo=datetime.timezone.utc).timestamp())
    counts = {"files": 0, "dirs": 0, "bytes": 0}

    def header(name, size=0, directory=False):
        ti = tarfile.TarInfo(name)
        ti.size, ti.mtime, ti.uname, ti.gname = size, mtime, "root", "root"
        ti.type, ti.mode = (tarfile.DIRTYPE, 0o755) if directory else (tarfile.REGTYPE, 0o644)
        return ti.tobuf(tarfile.USTAR_FORMAT, "utf-8", "surrogateescape")

    written = 0
    with open(out, "wb", buffering=1 << 20) as f:
        def put(b):
            nonlocal written
            f.write(b)
            written += len(b)
        put(header("tiny/", directory=True))
        counts["dirs"] += 1
        for i in range(n):
            if i % per_dir == 0:
                put(header(f"tiny/d{i // per_dir:04d}/", directory=True))
                counts["dirs"] += 1
            data = b"" if i % 97 == 0 else (b"tiny file %d\n" % i) * (1 + i % 5)
            put(header(f"tiny/d{i // per_dir:04d}/f{i:07d}.txt", len(data)))
            if data:
                put(data + b"\0" * (-len(data) % 512))
            counts["files"] += 1
            counts["bytes"] += len(data)
        put(b"\0" * 1024)
        put(b"\0" * (-written % tarfile.RECORDSIZE))
    write_info(info_path, **counts)

def sparse_fill(path):
    """A few KiB of deterministic data at a couple of offsets of an existing (sparse) file."""
    size = os.path.getsize(path)
    rng = random.Random(5)
    with open(path, "r+b") as f:
        for offset, length in ((0, 4096), (size // 3 // 4096 * 4096, 8192), (size - 4096, 4096)):
            f.seek(offset)
            f.write(rng.randbytes(length))

def wa_info(folder, info_path):
    """Messages and calls in a generated msgstore.db (rows of `message` and `call_log`), and the folder's size."""
    db = sqlite3.connect(f"file:{os.path.join(folder, 'msgstore.db')}?mode=ro", uri=True)
    messages = db.execute("SELECT count(*) FROM message").fetchone()[0]
    calls = db.execute("SELECT count(*) FROM call_log").fetchone()[0]
    db.close()
    sizes = {name: os.path.getsize(os.path.join(folder, name)) for name in sorted(os.listdir(folder))}
    write_info(info_path, files=len(sizes), bytes=sum(sizes.values()), messages=messages, calls=calls,
               msgstore_bytes=sizes.get("msgstore.db", 0), wa_bytes=sizes.get("wa.db", 0))

B58 = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
# Real indicators planted in the text, cycled: (kind the scanner reports, value). Valid mainnet addresses and the
# BIP-39 test vector, so each must be found and validated.
INDICATOR_PLANTS = [
    ("trx", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
    ("eth", "0x52908400098527886E0F7030069857D2E4169EE7"),
    ("btc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
    ("btc", "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"),
    ("bip39", " ".join(["abandon"] * 11 + ["about"])),
    ("eth", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"),
    ("btc", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"),
]
CHAT_NAMES = ["张伟", "李娜", "王芳", "刘洋", "陈静", "客服小美", "导师陈老师", "财务部王经理", "VIP助理", "阿强"]
CHAT_LINES = ["今天的收益已经到账了，谢谢老师", "请问充值多少可以进VIP群？", "提现审核中，请耐心等待",
              "平台系统升级，暂停提现24小时", "您的账户需要缴纳保证金才能解冻", "明天上午十点有新的投资计划",
              "好的，我马上去交易所买U", "为什么我的提现一直没到？", "恭喜您本周收益率达到32%",
              "请不要告诉家人，以免影响收益", "我已经转了5000，请查收", "客服电话打不通", "您好，在吗？", "收到，谢谢",
              "这个平台是正规的吗？", "按照导师的指导操作，稳赚不赔", "晚上八点直播讲解行情"]
CHAT_PLANTED = {"address": ["请把USDT转到平台指定地址： {} ，转完截图给我", "充值地址 {} 请核对后转账",
                            "新的收款钱包： {} （旧地址作废）", "提现前先往这个地址打保证金 {} 谢谢配合"],
                "bip39": ["请备份您的助记词： {} 不要告诉任何人", "钱包助记词 {} 已经导入了吗？"]}

def doc_texts(limit):
    """Text files under /usr/share/doc (plain, and .gz decompressed) in name order: NUL-free UTF-8 only."""
    import gzip
    texts, total, files = [], 0, 0
    for top, dirs, names in os.walk("/usr/share/doc"):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(top, name)
            if os.path.islink(path) or not os.path.isfile(path):
                continue
            try:
                with open(path, "rb") as f:
                    data = f.read()
                if name.endswith(".gz"):
                    data = gzip.decompress(data)
                data.decode("utf-8")
            except Exception:
                continue
            if not data or b"\0" in data:
                continue
            if not data.endswith(b"\n"):
                data += b"\n"
            texts.append(data)
            total += len(data)
            files += 1
            if total >= limit:
                return b"".join(texts), files
    return b"".join(texts), files

def indicators(out, mib, info_path, seed=1):
    """mib MiB of mixed input for the indicator scanner, in 1 MiB units laid out as TBTBTBTBNTBTBTBTBTBN...:
    45% random binary (B), 45% text (T: /usr/share/doc text, Chinese chat lines, one planted indicator every
    ~3 KiB), 10% base58-alphabet noise (N: tokens of ~36 characters between spaces and newlines)."""
    unit = 1 << 20
    pattern = "TBTBTBTBNTBTBTBTBTBN"
    units = [pattern[i % len(pattern)] for i in range(mib)]
    text_units = units.count("T")
    pool, doc_files = doc_texts(min(text_units * unit, 256 << 20))
    doc_source = "/usr/share/doc"
    if len(pool) < (1 << 20):   # no documentation installed: generated English words instead
        wr = random.Random(seed + 3)
        pool = "\n".join(" ".join(wr.choices(WORDS, k=12)) for _ in range(200000)).encode() + b"\n"
        doc_files, doc_source = 0, "generated words"
    bin_rng, text_rng, noise_rng = random.Random(seed), random.Random(seed + 1), random.Random(seed + 2)
    noise_table = bytes(B58[i % 58] if i < 249 else b" \n"[i % 2] for i in range(256))
    planted = {kind: 0 for kind, _ in INDICATOR_PLANTS}
    counts = {"binary_bytes": 0, "text_bytes": 0, "noise_bytes": 0, "doc_text_bytes": 0, "chat_lines": 0}
    cursor, plant, pending = 0, 0, None

    def chat_line(message):
        counts["chat_lines"] += 1
        return (f"[2024-03-{1 + text_rng.randrange(28):02d} {text_rng.randrange(24):02d}:{text_rng.randrange(60):02d}:"
                f"{text_rng.randrange(60):02d}] {text_rng.choice(CHAT_NAMES)}: {message}\n").encode()

    def block():
        """~3 KiB: a stretch of documentation text (cut at a line end), 1-3 chat lines, one planted indicator."""
        nonlocal cursor, plant
        want = text_rng.randint(2000, 3200)
        if cursor + want >= len(pool):
            cursor = 0
        end = pool.find(b"\n", cursor + want, cursor + want + 600)
        end = cursor + want if end < 0 else end + 1
        doc = pool[cursor:end]
        cursor = end
        parts = [doc] + [chat_line(text_rng.choice(CHAT_LINES)) for _ in range(text_rng.randint(1, 3))]
        kind, value = INDICATOR_PLANTS[plant % len(INDICATOR_PLANTS)]
        plant += 1
        template = text_rng.choice(CHAT_PLANTED["bip39" if kind == "bip39" else "address"])
        parts.insert(text_rng.randint(1, len(parts)), chat_line(template.format(value)))
        return kind, len(doc), b"".join(parts)

    with open(out, "wb") as f:
        for u in units:
            if u == "B":
                f.write(bin_rng.randbytes(unit))
                counts["binary_bytes"] += unit
            elif u == "N":
                f.write(noise_rng.randbytes(unit).translate(noise_table))
                counts["noise_bytes"] += unit
            else:
                chunk, size = [], 0
                while True:
                    if pending is None:
                        pending = block()
                    kind, doc_len, data = pending
                    if size + len(data) > unit:
                        break
                    chunk.append(data)
                    size += len(data)
                    planted[kind] += 1
                    counts["doc_text_bytes"] += doc_len
                    pending = None
                chunk.append(b"\n" * (unit - size))
                f.write(b"".join(chunk))
                counts["text_bytes"] += unit
    write_info(info_path, bytes=mib * unit, doc_files=doc_files, doc_source=doc_source,
               planted_total=sum(planted.values()), **{f"planted_{k}": v for k, v in planted.items()}, **counts)

def scan_log(path):
    """bytes seconds MB/s findings kinds from `custody scan`'s stderr ('kind: N' lines, then
    'N bytes in S s (R MB/s)'); kinds is kind=count,... ('-' where absent)."""
    import re
    kinds, total = {}, ("-", "-", "-")
    for line in open(path, errors="replace"):
        m = re.match(r"(\w+): (\d+)$", line.strip())
        if m:
            kinds[m.group(1)] = int(m.group(2))
        m = re.match(r"(\d+) bytes in ([\d.]+) s \(([\d.]+) MB/s\)", line)
        if m:
            total = m.groups()
    print(*total, sum(kinds.values()) if kinds else 0,
          ",".join(f"{k}={v}" for k, v in sorted(kinds.items())) or "-")

def wts_log(path):
    """messages calls json_size from whatsapp-chat-exporter's log ('[INFO] Processed N messages ...'), '-' if absent."""
    import re
    text = open(path, errors="replace").read().replace("\r", "\n")
    def last(pattern):
        m = re.findall(pattern, text)
        return m[-1] if m else "-"
    print(last(r"Processed (\d+) messages"), last(r"Processed (\d+) calls"),
          last(r"JSON file saved\.*\(([^)]*)\)").replace(" ", ""))

def extract_log(path):
    """messages calls artifacts seconds per_second from `custody extract`'s stderr, '-' where absent."""
    import re
    messages = calls = 0
    found = False
    total = ("-", "-", "-")
    for line in open(path, errors="replace"):
        m = re.match(r"\S+: \w+, (\d+) messages, (\d+) calls", line)
        if m:
            found = True
            messages += int(m.group(1))
            calls += int(m.group(2))
        m = re.match(r"(\d+) artifacts in ([\d.]+) s \((\d+) per second\)", line)
        if m:
            total = m.groups()
    print(messages if found else "-", calls if found else "-", *total)

def case_count(bin_path, case, table):
    """SELECT count(*) FROM table, asked through `custody query sql --format csv` ('-' when that fails)."""
    import subprocess
    try:
        out = subprocess.run([bin_path, "query", "sql", "--case", case, f"select count(*) from {table}",
                              "--format", "csv"], capture_output=True, text=True, check=True).stdout
        print(int(out.strip().splitlines()[-1]))
    except Exception:
        print("-")

def custody_json(path):
    """files bytes warnings state from custody's --json output (or '- - - unreadable')."""
    try:
        with open(path) as f:
            e = json.load(f)["exhibits"][0]
        print(e.get("files", "-"), e.get("bytes", "-"), e.get("warnings", "-"), e.get("state", "-"))
    except Exception:
        print("- - - unreadable")

def breakdown(case):
    """Rows custody recorded, split like the baseline sees them: root, regular files, hardlinks, folders, symlinks,
    other, and rows found inside nested containers (depth > 1)."""
    c = {"root": 0, "file": 0, "hardlink": 0, "directory": 0, "symlink": 0, "other": 0, "nested": 0}
    try:
        db = sqlite3.connect(f"file:{case}?mode=ro", uri=True)
        for depth, kind, n in db.execute("SELECT min(depth, 2), kind, count(*) FROM files GROUP BY 1, 2"):
            if depth == 0:
                c["root"] += n
            elif depth >= 2:
                c["nested"] += n
            else:
                c[kind if kind in c else "other"] += n
        db.close()
    except Exception as e:
        print(f"- - - - - - - ({e})")
        return
    print(c["root"], c["file"], c["hardlink"], c["directory"], c["symlink"], c["other"], c["nested"])

def record(out, *pairs):
    d = {}
    for p in pairs:
        k, v = p.split("=", 1)
        for conv in (int, float):
            try:
                v = conv(v)
                break
            except ValueError:
                pass
        d[k] = v
    with open(out, "a") as f:
        f.write(json.dumps(d, sort_keys=True) + "\n")

def table_print(table, left=()):
    """Columns right-aligned except the first, the last and those in `left`."""
    head = table[0]
    widths = [max(len(row[i]) for row in table) for i in range(len(head))]
    for n, row in enumerate(table):
        print("  ".join(c.rjust(w) if 0 < i < len(head) - 1 and i not in left else c.ljust(w)
                        for i, (c, w) in enumerate(zip(row, widths))).rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))

def summary(results_jsonl, out_json, mode, version, speed_target, rss_target, chat_speed_target, scan_target):
    speed_target, rss_target, chat_speed_target = float(speed_target), float(rss_target), float(chat_speed_target)
    scan_target = float(scan_target)
    rows = [json.loads(l) for l in open(results_jsonl) if l.strip()]
    num = lambda v: isinstance(v, (int, float))
    def ratio(a, b):
        return round(a / b, 2) if num(a) and num(b) and b > 0 else None
    def f(v, fmt="{:.2f}"):
        return fmt.format(v) if num(v) else "-"
    def mb(v):
        return f"{v / 1e6:,.0f}" if num(v) else "-"
    ok = lambda b: "ok" if b else "MISS"
    archives = [r for r in rows if r.get("kind") not in ("chat", "indicators", "fuzz", "sweep", "detection")]
    fuzzed = [r for r in rows if r.get("kind") == "fuzz"]
    chats = [r for r in rows if r.get("kind") == "chat"]
    scans = [r for r in rows if r.get("kind") == "indicators"]
    for r in archives:
        r["kind"] = "archive"
        r["ratio_seq"] = ratio(r.get("base_seq_s"), r.get("j2_s"))
        r["ratio_p2"] = ratio(r.get("base_p2_s"), r.get("j2_s"))
        r["scaling_j1_j2"] = ratio(r.get("j1_s"), r.get("j2_s"))
        rss = [r.get(k) for k in ("j1_rss_kb", "j2_rss_kb") if num(r.get(k))]
        r["custody_peak_rss_mb"] = round(max(rss) / 1024, 1) if rss else None
        r["speed_target_met_seq"] = r["ratio_seq"] is not None and r["ratio_seq"] >= speed_target
        r["speed_target_met_p2"] = r["ratio_p2"] is not None and r["ratio_p2"] >= speed_target
        r["rss_target_met"] = r["custody_peak_rss_mb"] is not None and r["custody_peak_rss_mb"] < rss_target
    chat_sides = ("ingest", "ingest_noind", "extract")
    for r in chats:
        for side in ("base",) + chat_sides:
            r[f"{side}_rss_mb"] = round(r[f"{side}_rss_kb"] / 1024, 1) if num(r.get(f"{side}_rss_kb")) else None
        for side in chat_sides:
            r[f"ratio_{side}"] = ratio(r.get("base_s"), r.get(f"{side}_s"))
            r[f"rss_ratio_{side}"] = ratio(r.get("base_rss_kb"), r.get(f"{side}_rss_kb"))
            r[f"speed_target_met_{side}"] = r[f"ratio_{side}"] is not None and r[f"ratio_{side}"] >= chat_speed_target
        r["indicator_cost_x"] = ratio(r.get("ingest_s"), r.get("ingest_noind_s"))
        rss = [r.get(f"{side}_rss_kb") for side in chat_sides if num(r.get(f"{side}_rss_kb"))]
        r["custody_peak_rss_mb"] = round(max(rss) / 1024, 1) if rss else None
        r["rss_target_met"] = r["custody_peak_rss_mb"] is not None and r["custody_peak_rss_mb"] < rss_target
    for r in scans:
        for side in ("scan", "grep", "be"):
            r[f"{side}_rss_mb"] = round(r[f"{side}_rss_kb"] / 1024, 1) if num(r.get(f"{side}_rss_kb")) else None
        r["scan_vs_grep_per_core"] = ratio(r.get("scan_mbps_core"), r.get("grep_mbps_core"))
        r["scan_vs_be_per_core"] = ratio(r.get("scan_mbps_core"), r.get("be_mbps_core"))
        r["speed_target_met"] = num(r.get("scan_mbps_core")) and r["scan_mbps_core"] >= scan_target
        r["custody_peak_rss_mb"] = r["scan_rss_mb"]
        r["rss_target_met"] = r["scan_rss_mb"] is not None and r["scan_rss_mb"] < rss_target
    if archives:
        print("  archive inputs: baseline = bsdtar -xf + sha256sum + md5sum + file --mime-type; custody = ingest --jobs N")
        print("  files base = regular files the baseline extracted; files custody = .exhibits[0].files (every row: root, folders, links, nested)")
        print("  seq/j2 and P2/j2 = baseline seconds / custody --jobs 2 seconds; RSS = custody's peak over both runs")
        print()
        head = ["input", "files base", "files custody", "MB", "base seq s", "base -P2 s", "custody j1 s", "custody j2 s",
                "seq/j2", "P2/j2", "RSS MB", "CPU% j1", "CPU% j2", "targets"]
        table = [head]
        for r in archives:
            targets = (f"{speed_target:g}x seq {ok(r['speed_target_met_seq'])}, P2 {ok(r['speed_target_met_p2'])}; "
                       f"RSS {ok(r['rss_target_met'])}")
            if r.get("j1_rc") != 0 or r.get("j2_rc") != 0:
                targets = f"CUSTODY FAILED (exit {r.get('j1_rc')}/{r.get('j2_rc')}); " + targets
            table.append([r["input"], f(r.get("base_files"), "{:,}"), f(r.get("j2_files"), "{:,}"), mb(r.get("base_bytes")),
                          f(r.get("base_seq_s")), f(r.get("base_p2_s")), f(r.get("j1_s")), f(r.get("j2_s")),
                          f(r["ratio_seq"], "{:.1f}x"), f(r["ratio_p2"], "{:.1f}x"), f(r["custody_peak_rss_mb"], "{:.0f}"),
                          f(r.get("j1_cpu_pct"), "{:.0f}"), f(r.get("j2_cpu_pct"), "{:.0f}"), targets])
        table_print(table)
    if chats:
        if archives:
            print()
        tools = sorted({r.get("base_tool", "whatsapp-chat-exporter") for r in chats})
        print(f"  chat input: baseline = {', '.join(tools)} (JSON only); custody = ingest --jobs 2 (case, indicators,")
        print("  identities, hash chain, full-text index), the same with --no-indicators, and extract (extractors only,")
        print("  no case); msg/s = messages / wall seconds;")
        print("  speed = baseline seconds / custody seconds; memory = baseline peak RSS / custody peak RSS")
        print()
        head = ["input", "messages", "MB", "program", "wall s", "msg/s", "CPU%", "peak RSS MB", "speed", "memory", "targets"]
        table = [head]
        for r in chats:
            first = True
            for side, label in (("base", "wtsexporter"), ("ingest", "custody ingest"),
                                ("ingest_noind", "custody ingest --no-indicators"), ("extract", "custody extract")):
                if side != "base" and not num(r.get(f"{side}_s")):
                    continue   # a row recorded before this side was measured
                if side == "base":
                    speed, memory, targets = "1.0x", "1.0x", ""
                    if r.get("base_rc") != 0:
                        targets = f"BASELINE FAILED (exit {r.get('base_rc')})"
                else:
                    speed = f(r[f"ratio_{side}"], "{:.1f}x")
                    memory = f(r[f"rss_ratio_{side}"], "{:.1f}x")
                    rss_ok = num(r.get(f"{side}_rss_mb")) and r[f"{side}_rss_mb"] < rss_target
                    targets = (f"{chat_speed_target:g}x {ok(r[f'speed_target_met_{side}'])}; "
                               f"RSS < {rss_target:g} MB {ok(rss_ok)}")
                    if r.get(f"{side}_rc") != 0:
                        targets = f"CUSTODY FAILED (exit {r.get(f'{side}_rc')}); " + targets
                table.append([r["input"] if first else "", f(r.get("messages"), "{:,}") if first else "",
                              mb(r.get("msgstore_bytes")) if first else "", label, f(r.get(f"{side}_s")),
                              f(r.get(f"{side}_msgs_per_s"), "{:,.0f}"), f(r.get(f"{side}_cpu_pct"), "{:.0f}"),
                              f(r.get(f"{side}_rss_mb"), "{:.0f}"), speed, memory, targets])
                first = False
        table_print(table, left={3})
        for r in chats:
            if num(r.get("indicator_cost_x")):
                print(f"  {r['input']}: ingest {f(r.get('ingest_s'))} s with the indicator scan "
                      f"({f(r.get('ingest_indicators'), '{:,}')} indicators, {f(r.get('ingest_indicator_sightings'), '{:,}')} sightings), "
                      f"{f(r.get('ingest_noind_s'))} s with --no-indicators: {r['indicator_cost_x']:.2f}x "
                      f"(identities built in both: {f(r.get('ingest_identities'), '{:,}')})")
    if scans:
        if archives or chats:
            print()
        print("  scanner input: custody scan FILE = indicator scanner + validators on one thread, 1 MiB blocks, nothing")
        print("  recorded; grep = LC_ALL=C grep -a -c -E over base58/0x/TRON/e-mail patterns: REGEX ONLY, NO VALIDATION")
        print("  MB = 10^6 bytes; MB/s per core = MB / (user + sys CPU s); MB/s wall = MB / wall s;")
        print("  vs grep = custody MB/s per core / grep MB/s per core; found = validated findings (custody),")
        print("  matching lines (grep), features (bulk_extractor)")
        print()
        head = ["input", "MB", "program", "wall s", "MB/s wall", "CPU%", "MB/s per core", "peak RSS MB", "found",
                "vs grep", "targets"]
        table = [head]
        for r in scans:
            first = True
            sides = [("scan", "custody scan"), ("grep", "grep -a -c -E (regex only)")]
            if num(r.get("be_s")):
                sides.append(("be", r.get("be_tool", "bulk_extractor")))
            for side, label in sides:
                if side == "scan":
                    vs = f(r["scan_vs_grep_per_core"], "{:.2f}x")
                    targets = (f">= {scan_target:g} MB/s per core {ok(r['speed_target_met'])}; "
                               f"RSS < {rss_target:g} MB {ok(r['rss_target_met'])}")
                    if r.get("scan_rc") != 0:
                        targets = f"CUSTODY FAILED (exit {r.get('scan_rc')}); " + targets
                    found = r.get("scan_findings")
                else:
                    vs = "1.00x" if side == "grep" else f(ratio(r.get("be_mbps_core"), r.get("grep_mbps_core")), "{:.2f}x")
                    ok_rc = r.get(f"{side}_rc") in ((0, 1) if side == "grep" else (0,))
                    targets = "" if ok_rc else f"BASELINE FAILED (exit {r.get(f'{side}_rc')})"
                    found = r.get("grep_matching_lines" if side == "grep" else "be_features")
                table.append([r["input"] if first else "", mb(r.get("input_bytes")) if first else "", label,
                              f(r.get(f"{side}_s")), f(r.get(f"{side}_mbps_wall"), "{:,.1f}"),
                              f(r.get(f"{side}_cpu_pct"), "{:.0f}"), f(r.get(f"{side}_mbps_core"), "{:,.1f}"),
                              f(r.get(f"{side}_rss_mb"), "{:.0f}"), f(found, "{:,}"), vs, targets])
                first = False
        table_print(table, left={2})
        if not any(num(r.get("be_s")) for r in scans):
            print("  (bulk_extractor: not installable here, no apt candidate for bulk-extractor; not measured)")
    for r in [r for r in rows if r.get("kind") == "sweep"]:
        print()
        print(f"  reliability sweep of {r.get('source')}: {r.get('verdict')}; {r.get('entries')} entries, {r.get('files')} rows, "
              f"{r.get('sightings')} indicator sightings, wall {r.get('wall')}, peak RSS {r.get('rss_mb')} MB (target < 300)")
    if fuzzed:
        print()
        print(f"  fuzzing: Scripts/fuzz.sh, {fuzzed[0].get('seconds')} s per target (libFuzzer + AddressSanitizer); target: no crash")
        print()
        table = [["target", "executions", "exec/s", "cov/ft", "corpus", "crashes"]]
        for r in fuzzed:
            table.append([r["target"], f(r.get("runs"), "{:,}"), f(r.get("exec_per_s"), "{:,}"), str(r.get("cov_ft")),
                          f(r.get("corpus"), "{:,}"), str(r.get("crashes"))])
        table_print(table)
    result = {"mode": mode, "custody_version": version,
              "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
              "cpus": os.cpu_count(),
              "targets": {"speed_x": speed_target, "chat_speed_x": chat_speed_target, "rss_mb": rss_target,
                          "scan_mb_per_core_s": scan_target},
              "inputs": rows}
    with open(out_json + ".tmp", "w") as fh:
        json.dump(result, fh, indent=2, sort_keys=True)
        fh.write("\n")
    os.replace(out_json + ".tmp", out_json)

if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "usr-share-list": usr_share_list(args[0], int(args[1]))
    elif cmd == "tar-info": tar_info(args[0], args[1])
    elif cmd == "phone": phone(args[0], int(args[1]), args[2])
    elif cmd == "tiny": tiny(args[0], int(args[1]), args[2])
    elif cmd == "sparse-fill": sparse_fill(args[0])
    elif cmd == "custody-json": custody_json(args[0])
    elif cmd == "wa-info": wa_info(args[0], args[1])
    elif cmd == "indicators": indicators(args[0], int(args[1]), args[2])
    elif cmd == "scan-log": scan_log(args[0])
    elif cmd == "wts-log": wts_log(args[0])
    elif cmd == "extract-log": extract_log(args[0])
    elif cmd == "case-count": case_count(args[0], args[1], args[2])
    elif cmd == "breakdown": breakdown(args[0])
    elif cmd == "record": record(args[0], *args[1:])
    elif cmd == "summary": summary(*args)
    else: sys.exit(f"unknown helper command {cmd}")
PY
py() { python3 "$helper" "$@"; }

info_field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], "-"))' "$1" "$2"; }
human_size() { numfmt --to=iec --suffix=B "$1" 2>/dev/null || echo "$1 bytes"; }

# ---------------------------------------------------------------------------------------------------------------
# Inputs. Each is written to a temporary name and renamed; its .info file (written last) marks it complete.
input_path() {
  case "$1" in
    usr-share) echo "$inputs/usr-share.tar" ;;
    phone) echo "$inputs/phone.zip" ;;
    tiny) echo "$inputs/tiny-files.tar" ;;
    sparse) echo "$inputs/sparse.tar" ;;
    whatsapp) echo "$inputs/whatsapp" ;;   # a folder: msgstore.db and wa.db
    indicators) echo "$inputs/indicators/mixed.bin" ;;
  esac
}
input_bytes() { if [ -d "$1" ]; then find "$1" -type f -printf '%s\n' | awk '{s+=$1} END{printf "%.0f", s}'; else stat -c %s "$1"; fi; }

build_input() {
  local name=$1 out
  [ "$name" != fuzz ] || return 0   # the fuzz targets seed themselves (Scripts/fuzz.sh)
  [ "$name" != sweep ] || return 0  # the sweep reads a system folder as it is
  [ "$name" != detection ] || return 0  # the evaluation reads ../shared/corpus/scamtext as it is
  out=$(input_path "$name")
  if [ -e "$out" ] && [ -f "$out.info" ]; then
    say "$name: reusing $(basename "$out") ($(human_size "$(input_bytes "$out")"))"
    return
  fi
  rm -rf "$out" "$out.info" "$out.part" "$out.part.info"
  local t0
  t0=$(now)
  case "$name" in
    usr-share)
      [ -d /usr/share ] || die "/usr/share does not exist"
      local rc=0
      if [ "$usr_share_files" -gt 0 ]; then
        say "$name: archiving the first $usr_share_files files of /usr/share (tar --sort=name)"
        py usr-share-list /usr/share "$usr_share_files" |
          tar --sort=name --ignore-failed-read --no-recursion -C / --null -T - -cf "$out.part" || rc=$?
      else
        say "$name: archiving /usr/share ($(du -sh /usr/share 2>/dev/null | cut -f1), $(find /usr/share -type f 2>/dev/null | wc -l) files; tar --sort=name)"
        tar --sort=name --ignore-failed-read -C / -cf "$out.part" usr/share || rc=$?
      fi
      # GNU tar exits 1 when some files changed while being read: the archive is still usable.
      [ "$rc" -le 1 ] || die "tar failed (exit $rc) while archiving /usr/share"
      [ "$rc" -eq 0 ] || say "$name: tar reported files that changed while read (exit 1); archive kept"
      mv "$out.part" "$out"
      py tar-info "$out" "$out.info"
      ;;
    phone)
      say "$name: generating a phone-like zip of $phone_files files (python3 zipfile, fixed seed)"
      py phone "$out.part" "$phone_files" "$out.part.info"
      mv "$out.part" "$out"; mv "$out.part.info" "$out.info"
      ;;
    tiny)
      say "$name: generating a tar of $tiny_files tiny files (streamed with python3 tarfile)"
      py tiny "$out.part" "$tiny_files" "$out.part.info"
      mv "$out.part" "$out"; mv "$out.part.info" "$out.info"
      ;;
    sparse)
      say "$name: creating a $sparse_size sparse file and archiving it with bsdtar --read-sparse"
      local d="$tmpd/sparse"
      rm -rf "$d"; mkdir -p "$d"
      truncate -s "$sparse_size" "$d/sparse.img"
      py sparse-fill "$d/sparse.img"
      bsdtar --read-sparse -cf "$out.part" -C "$d" sparse.img
      local apparent
      apparent=$(stat -c %s "$d/sparse.img")
      rm -rf "$d"
      local tar_bytes
      tar_bytes=$(stat -c %s "$out.part")
      if [ "$tar_bytes" -gt $((64 << 20)) ]; then
        rm -f "$out.part"
        die "the sparse tar is $tar_bytes bytes: bsdtar did not store the file as sparse (filesystem without SEEK_HOLE?)"
      fi
      mv "$out.part" "$out"
      printf '{"bytes": %s, "dirs": 0, "files": 1, "hardlinks": 0, "symlinks": 0}\n' "$apparent" >"$out.info"
      ;;
    whatsapp)
      say "$name: generating msgstore.db with $wa_messages messages and wa.db (Scripts/fixtures/whatsapp_android.py)"
      python3 Scripts/fixtures/whatsapp_android.py "$out.part" --messages "$wa_messages"
      [ -f "$out.part/msgstore.db" ] && [ -f "$out.part/wa.db" ] || die "the generator wrote no msgstore.db/wa.db"
      py wa-info "$out.part" "$out.part.info"
      mv "$out.part" "$out"; mv "$out.part.info" "$out.info"
      ;;
    indicators)
      say "$name: generating $scan_mib MiB of mixed binary, text with planted indicators and base58 noise (python3, fixed seed)"
      mkdir -p "$(dirname "$out")"
      py indicators "$out.part" "$scan_mib" "$out.part.info"
      mv "$out.part" "$out"; mv "$out.part.info" "$out.info"
      ;;
  esac
  say "$name: built $(basename "$out") ($(human_size "$(input_bytes "$out")")) in $(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}') s"
}

# ---------------------------------------------------------------------------------------------------------------
# Measurement. run_timed CMD... runs CMD under `time -v` and sets T_RC T_WALL T_USER T_SYS T_RSS_KB T_CPU.
# Wall time is taken from the shell clock (microseconds); user+sys and peak RSS come from `time -v`, which
# includes every descendant the command waited for (find, xargs and the hashing processes).
run_timed() {
  local tv="$tmpd/time-v.txt" t0 t1
  rm -f "$tv"
  t0=$(now)
  set +e
  "$time_bin" -v -o "$tv" "$@"
  T_RC=$?
  set -e
  t1=$(now)
  T_WALL=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')
  T_USER=$(awk -F': ' '/User time \(seconds\)/{print $2}' "$tv")
  T_SYS=$(awk -F': ' '/System time \(seconds\)/{print $2}' "$tv")
  T_RSS_KB=$(awk -F': ' '/Maximum resident set size/{print $2}' "$tv")
  T_USER=${T_USER:-0}; T_SYS=${T_SYS:-0}; T_RSS_KB=${T_RSS_KB:-0}
  T_CPU=$(awk -v u="$T_USER" -v s="$T_SYS" -v w="$T_WALL" 'BEGIN{printf "%.0f", (w > 0 ? 100 * (u + s) / w : 0)}')
}

# stage NAME CMD...: time one baseline stage, print it, add it to the running totals.
stage() {
  local label=$1
  shift
  run_timed "$@"
  [ "$T_RC" -eq 0 ] || say "  WARNING: baseline stage '$label' exited with status $T_RC"
  printf '    %-26s %8.2f s  cpu %4s%%\n' "$label" "$T_WALL" "$T_CPU"
  STAGE_S=$T_WALL
  SUM_WALL=$(awk -v a="$SUM_WALL" -v b="$T_WALL" 'BEGIN{printf "%.3f", a+b}')
  SUM_CPU=$(awk -v a="$SUM_CPU" -v u="$T_USER" -v s="$T_SYS" 'BEGIN{printf "%.3f", a+u+s}')
}

hash_cmd='set -o pipefail; find "$1" -type f -print0 | xargs -0 -r "${@:3}" >"$2"'

results="$tmpd/results.jsonl"
: >"$results"
failures=0

bench_input() {
  local name=$1 input info
  input=$(input_path "$name")
  info="$input.info"
  local input_bytes
  input_bytes=$(stat -c %s "$input")
  echo
  say "== $name: ${input#"$repo"/} ($(human_size "$input_bytes")); archive holds $(info_field "$info" files) regular files, $(info_field "$info" dirs) folders$( [ "$(info_field "$info" symlinks)" = "-" ] || echo ", $(info_field "$info" symlinks) symlinks, $(info_field "$info" hardlinks) hardlinks"), $(human_size "$(info_field "$info" bytes)") of file data"
  # Warm the page cache so neither side pays for cold reads of the input.
  cat "$input" >/dev/null

  # --- baseline -------------------------------------------------------------------------------------------------
  local dir="$extract_root/$name" out="$extract_root/$name.out"
  rm -rf "$dir" "$out"
  mkdir -p "$dir" "$out"
  say "baseline: bsdtar -xf, then sha256sum, md5sum, file --mime-type via find -print0 | xargs -0"
  SUM_WALL=0; SUM_CPU=0
  stage "bsdtar -xf" bsdtar -xf "$input" -C "$dir"
  local extract_s=$STAGE_S extract_cpu=$SUM_CPU
  local base_files base_bytes
  base_files=$(find "$dir" -type f | wc -l)
  base_bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s+=$1} END{printf "%.0f", s}')
  printf '    extracted %s regular files, %s (find -type f)\n' "$base_files" "$(human_size "$base_bytes")"
  # Untimed read of everything extracted, so the sequential and the -P 2 variants both hash from the page cache
  # (otherwise the first variant alone pays, e.g., for materialising a sparse file's holes).
  # sync first: the extraction's writeback (and the atime updates of this read) would otherwise land in the
  # middle of the timed stages. Neither is counted, which favours the baseline.
  sync
  find "$dir" -type f -print0 | xargs -0 -r cat >/dev/null
  sync
  echo "    sequential (single-threaded):"
  stage "sha256sum" bash -c "$hash_cmd" _ "$dir" "$out/seq.sha256" sha256sum
  local seq_sha=$STAGE_S
  stage "md5sum" bash -c "$hash_cmd" _ "$dir" "$out/seq.md5" md5sum
  local seq_md5=$STAGE_S
  stage "file --mime-type" bash -c "$hash_cmd" _ "$dir" "$out/seq.mime" file --mime-type
  local seq_file=$STAGE_S
  local seq_total=$SUM_WALL seq_cpu
  seq_cpu=$(awk -v c="$SUM_CPU" -v w="$SUM_WALL" 'BEGIN{printf "%.0f", (w > 0 ? 100 * c / w : 0)}')
  printf '    %-26s %8.2f s  cpu %4s%%\n' "total (sequential)" "$seq_total" "$seq_cpu"
  # With -P 2 xargs must split the list into several command lines to have something to run in parallel:
  # about 32 batches, at most 2,000 files each.
  local per_batch=$(( (base_files + 31) / 32 ))
  [ "$per_batch" -ge 1 ] || per_batch=1
  [ "$per_batch" -le 2000 ] || per_batch=2000
  echo "    parallel (xargs -P 2 -n $per_batch; same extraction):"
  SUM_WALL=$extract_s; SUM_CPU=$extract_cpu
  stage "sha256sum -P2" bash -c "$hash_cmd" _ "$dir" "$out/p2.sha256" -P 2 -n "$per_batch" sha256sum
  local p2_sha=$STAGE_S
  stage "md5sum -P2" bash -c "$hash_cmd" _ "$dir" "$out/p2.md5" -P 2 -n "$per_batch" md5sum
  local p2_md5=$STAGE_S
  stage "file --mime-type -P2" bash -c "$hash_cmd" _ "$dir" "$out/p2.mime" -P 2 -n "$per_batch" file --mime-type
  local p2_file=$STAGE_S
  local p2_total=$SUM_WALL p2_cpu
  p2_cpu=$(awk -v c="$SUM_CPU" -v w="$SUM_WALL" 'BEGIN{printf "%.0f", (w > 0 ? 100 * c / w : 0)}')
  printf '    %-26s %8.2f s  cpu %4s%%\n' "total (extract + -P2)" "$p2_total" "$p2_cpu"
  local hashed
  hashed=$(wc -l <"$out/seq.sha256")
  [ "$hashed" -eq "$base_files" ] || say "  WARNING: sha256sum printed $hashed lines for $base_files files"
  if [ "$keep" -eq 0 ]; then
    rm -rf "$dir" "$out"
    sync   # so writeback of the extraction does not run during custody's measurement
  else
    say "kept baseline extraction: ${dir#"$repo"/}"
  fi

  # --- custody --------------------------------------------------------------------------------------------------
  local -A c
  local jobs
  for jobs in 1 2; do
    local case_file="$cases/$name.jobs$jobs.case.sqlite"
    rm -f "$case_file" "$case_file-wal" "$case_file-shm" "$case_file-journal"
    say "custody ingest ${input#"$repo"/} --case ${case_file#"$repo"/} --jobs $jobs --quiet --json"
    run_timed "$bin" ingest "$input" --case "$case_file" --jobs "$jobs" --quiet --json \
      >"$logs/$name.jobs$jobs.json" 2>"$logs/$name.jobs$jobs.stderr"
    local files bytes warnings state
    read -r files bytes warnings state < <(py custody-json "$logs/$name.jobs$jobs.json")
    c[j${jobs}_rc]=$T_RC; c[j${jobs}_s]=$T_WALL; c[j${jobs}_cpu]=$T_CPU; c[j${jobs}_rss]=$T_RSS_KB
    c[j${jobs}_user]=$T_USER; c[j${jobs}_sys]=$T_SYS
    c[j${jobs}_files]=$files; c[j${jobs}_bytes]=$bytes; c[j${jobs}_warnings]=$warnings; c[j${jobs}_state]=$state
    printf '    %-26s %8.2f s  cpu %4s%% (user %s s + sys %s s)  peak RSS %s MB  exit %s\n' "jobs $jobs" "$T_WALL" "$T_CPU" \
      "$T_USER" "$T_SYS" "$(awk -v k="$T_RSS_KB" 'BEGIN{printf "%.1f", k/1024}')" "$T_RC"
    printf '    %-26s files %s, bytes %s, warnings %s, state %s\n' "" "$files" "$bytes" "$warnings" "$state"
    if [ "$T_RC" -ne 0 ] || [ "$state" != completed ]; then
      failures=$((failures + 1))
      say "  ERROR: custody exited with status $T_RC (state: $state); last lines of its stderr:"
      tail -n 15 "$logs/$name.jobs$jobs.stderr" | sed 's/^/      /'
    fi
    if [ "$jobs" -eq 2 ]; then
      local root file hardlink directory symlink other nested
      read -r root file hardlink directory symlink other nested < <(py breakdown "$case_file")
      c[root]=$root; c[file]=$file; c[hardlink]=$hardlink; c[directory]=$directory; c[symlink]=$symlink
      c[other]=$other; c[nested]=$nested
    fi
    if [ "$keep" -eq 0 ]; then rm -f "$case_file" "$case_file-wal" "$case_file-shm" "$case_file-journal"; fi
  done
  echo "    same work? baseline extracted $base_files regular files; custody recorded ${c[j2_files]} rows ="
  echo "      ${c[root]} archive root + ${c[file]} files + ${c[hardlink]} hardlinks + ${c[directory]} folders + ${c[symlink]} symlinks + ${c[other]} other (depth 1) + ${c[nested]} from nested containers"
  if [ "${c[file]}" != - ]; then
    local comparable=$(( c[file] + c[hardlink] ))
    if [ "$comparable" -eq "$base_files" ]; then
      echo "      custody files + hardlinks at depth 1 = $comparable = baseline files: same work"
    else
      echo "      custody files + hardlinks at depth 1 = $comparable, baseline $base_files: MISMATCH ($(( comparable - base_files )))"
    fi
  fi
  local ratio
  ratio=$(awk -v b="$seq_total" -v c="${c[j2_s]}" 'BEGIN{ if (c > 0) printf "%.1f", b/c; else print "-" }')
  printf '    => baseline %.2f s (-P2 %.2f s) vs custody --jobs 2 %.2f s: %sx (target >= %sx); peak RSS %s MB (target < %s MB)\n' \
    "$seq_total" "$p2_total" "${c[j2_s]}" "$ratio" "$speed_target" \
    "$(awk -v a="${c[j1_rss]}" -v b="${c[j2_rss]}" 'BEGIN{printf "%.0f", (a > b ? a : b)/1024}')" "$rss_target_mb"

  # Detection (document text, languages, rule packs) against --no-detect, same input, same run (issue 10: under 25%).
  local nd_s=- nd_rss=- detect_cost=-
  if [ "$name" = usr-share ]; then
    local case_file="$cases/$name.nodetect.case.sqlite"
    rm -f "$case_file" "$case_file-wal" "$case_file-shm"
    say "custody ingest ${input#"$repo"/} --case ${case_file#"$repo"/} --jobs 2 --no-detect --quiet --json"
    run_timed "$bin" ingest "$input" --case "$case_file" --jobs 2 --no-detect --quiet --json \
      >"$logs/$name.nodetect.json" 2>"$logs/$name.nodetect.stderr"
    nd_s=$T_WALL; nd_rss=$T_RSS_KB
    detect_cost=$(awk -v d="${c[j2_s]}" -v n="$nd_s" 'BEGIN{ if (d > 0) printf "%.1f", 100 * (d - n) / d; else print "-" }')
    printf '    %-26s %8.2f s  peak RSS %s MB  exit %s\n' "jobs 2 --no-detect" "$nd_s" "$(mb "$nd_rss")" "$T_RC"
    printf '    => detection costs %s%% of the ingest with it (--jobs 2 %.2f s vs --no-detect %.2f s; target < 25%%)\n' \
      "$detect_cost" "${c[j2_s]}" "$nd_s"
    if [ "$keep" -eq 0 ]; then rm -f "$case_file" "$case_file-wal" "$case_file-shm"; fi
  fi

  py record "$results" "input=$name" "mode=$mode" "path=${input#"$repo"/}" "input_bytes=$input_bytes" \
    "nodetect_s=$nd_s" "nodetect_rss_kb=$nd_rss" "detect_cost_pct=$detect_cost" \
    "archive_files=$(info_field "$info" files)" "archive_dirs=$(info_field "$info" dirs)" \
    "archive_symlinks=$(info_field "$info" symlinks)" "archive_hardlinks=$(info_field "$info" hardlinks)" \
    "base_files=$base_files" "base_bytes=$base_bytes" "base_extract_s=$extract_s" \
    "base_seq_sha256_s=$seq_sha" "base_seq_md5_s=$seq_md5" "base_seq_file_s=$seq_file" "base_seq_s=$seq_total" \
    "base_seq_cpu_pct=$seq_cpu" "base_p2_sha256_s=$p2_sha" "base_p2_md5_s=$p2_md5" "base_p2_file_s=$p2_file" \
    "base_p2_s=$p2_total" "base_p2_cpu_pct=$p2_cpu" "base_p2_batch=$per_batch" \
    "j1_rc=${c[j1_rc]}" "j1_s=${c[j1_s]}" "j1_user_s=${c[j1_user]}" "j1_sys_s=${c[j1_sys]}" "j1_cpu_pct=${c[j1_cpu]}" \
    "j1_rss_kb=${c[j1_rss]}" "j1_files=${c[j1_files]}" "j1_bytes=${c[j1_bytes]}" "j1_warnings=${c[j1_warnings]}" \
    "j1_state=${c[j1_state]}" \
    "j2_rc=${c[j2_rc]}" "j2_s=${c[j2_s]}" "j2_user_s=${c[j2_user]}" "j2_sys_s=${c[j2_sys]}" "j2_cpu_pct=${c[j2_cpu]}" \
    "j2_rss_kb=${c[j2_rss]}" "j2_files=${c[j2_files]}" "j2_bytes=${c[j2_bytes]}" "j2_warnings=${c[j2_warnings]}" \
    "j2_state=${c[j2_state]}" \
    "rows_root=${c[root]}" "rows_file=${c[file]}" "rows_hardlink=${c[hardlink]}" "rows_directory=${c[directory]}" \
    "rows_symlink=${c[symlink]}" "rows_other=${c[other]}" "rows_nested=${c[nested]}"
}

# mb KB: kilobytes as megabytes with one decimal.
mb() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }
# per_s COUNT SECONDS: COUNT / SECONDS, rounded ('-' when either is missing).
per_s() { awk -v n="$1" -v s="$2" 'BEGIN{ if (n ~ /^[0-9]+$/ && s > 0) printf "%.0f", n/s; else print "-" }'; }

bench_whatsapp() {
  local name=whatsapp input info
  input=$(input_path "$name")
  info="$input.info"
  local input_bytes messages calls
  input_bytes=$(input_bytes "$input")
  messages=$(info_field "$info" messages); calls=$(info_field "$info" calls)
  echo
  say "== $name: ${input#"$repo"/}/ ($(human_size "$input_bytes")): msgstore.db ($(human_size "$(info_field "$info" msgstore_bytes)"), $messages messages, $calls calls) + wa.db"
  # Warm the page cache so neither side pays for cold reads of the input.
  cat "$input/msgstore.db" "$input/wa.db" >/dev/null

  # --- baseline: whatsapp-chat-exporter ---------------------------------------------------------------------------
  # It writes its output (and a media folder) next to where it runs: run it in a scratch copy of the folder.
  local dir="$extract_root/$name"
  rm -rf "$dir"
  mkdir -p "$dir"
  cp "$input/msgstore.db" "$input/wa.db" "$dir/"
  sync
  say "baseline: (cd ${dir#"$repo"/} && wtsexporter -a -d msgstore.db -w wa.db -j out.json --no-html --no-banner -o result -m WhatsApp)"
  local wts_log="$logs/$name.wtsexporter.log"
  pushd "$dir" >/dev/null
  run_timed "$wts_bin" -a -d msgstore.db -w wa.db -j out.json --no-html --no-banner -o result -m WhatsApp >"$wts_log" 2>&1
  popd >/dev/null
  local b_rc=$T_RC b_s=$T_WALL b_user=$T_USER b_sys=$T_SYS b_rss=$T_RSS_KB
  local b_messages b_calls b_json json_bytes=-
  read -r b_messages b_calls b_json < <(py wts-log "$wts_log")
  [ -f "$dir/out.json" ] && json_bytes=$(stat -c %s "$dir/out.json")
  local b_cpu b_mps
  b_cpu=$(awk -v u="$b_user" -v s="$b_sys" -v w="$b_s" 'BEGIN{printf "%.0f", (w > 0 ? 100 * (u + s) / w : 0)}')
  b_mps=$(per_s "$messages" "$b_s")
  printf '    %-26s %8.2f s  cpu %4s%% (user %s s + sys %s s)  peak RSS %s MB  exit %s\n' "wtsexporter $wts_version" \
    "$b_s" "$b_cpu" "$b_user" "$b_sys" "$(mb "$b_rss")" "$b_rc"
  printf '    %-26s processed %s messages, %s calls; out.json %s; %s messages/s\n' "" "$b_messages" "$b_calls" \
    "$( [ "$json_bytes" = - ] && echo missing || human_size "$json_bytes")" "$b_mps"
  if [ "$b_rc" -ne 0 ]; then
    say "  WARNING: wtsexporter exited with status $b_rc; last lines of its log:"
    tr '\r' '\n' <"$wts_log" | grep -v '^[[:space:]]*$' | tail -n 15 | sed 's/^/      /'
  fi
  if [ "$keep" -eq 0 ]; then
    rm -rf "$dir"
    sync   # so writeback of its output does not run during custody's measurement
  else
    say "kept baseline folder and its output: ${dir#"$repo"/}"
  fi

  # --- custody ingest ---------------------------------------------------------------------------------------------
  local case_file="$cases/$name.jobs2.case.sqlite"
  rm -f "$case_file" "$case_file-wal" "$case_file-shm" "$case_file-journal"
  say "custody ingest ${input#"$repo"/} --case ${case_file#"$repo"/} --jobs 2 --quiet --json"
  run_timed "$bin" ingest "$input" --case "$case_file" --jobs 2 --quiet --json \
    >"$logs/$name.ingest.json" 2>"$logs/$name.ingest.stderr"
  local i_rc=$T_RC i_s=$T_WALL i_user=$T_USER i_sys=$T_SYS i_rss=$T_RSS_KB i_cpu=$T_CPU
  local i_files i_bytes i_warnings i_state
  read -r i_files i_bytes i_warnings i_state < <(py custody-json "$logs/$name.ingest.json")
  local i_messages=- i_calls=- i_indicators=- i_sightings=- i_identities=-
  if [ -f "$case_file" ]; then
    i_messages=$(py case-count "$bin" "$case_file" messages)
    i_calls=$(py case-count "$bin" "$case_file" calls)
    i_indicators=$(py case-count "$bin" "$case_file" indicators)
    i_sightings=$(py case-count "$bin" "$case_file" indicator_sightings)
    i_identities=$(py case-count "$bin" "$case_file" identities)
  fi
  local i_mps
  i_mps=$(per_s "$i_messages" "$i_s")
  printf '    %-26s %8.2f s  cpu %4s%% (user %s s + sys %s s)  peak RSS %s MB  exit %s\n' "ingest --jobs 2" "$i_s" \
    "$i_cpu" "$i_user" "$i_sys" "$(mb "$i_rss")" "$i_rc"
  printf '    %-26s files %s, bytes %s, warnings %s, state %s; case holds %s messages, %s calls; %s messages/s\n' "" \
    "$i_files" "$i_bytes" "$i_warnings" "$i_state" "$i_messages" "$i_calls" "$i_mps"
  printf '    %-26s %s indicators (%s sightings), %s identities\n' "" "$i_indicators" "$i_sightings" "$i_identities"
  if [ "$i_rc" -ne 0 ] || [ "$i_state" != completed ]; then
    failures=$((failures + 1))
    say "  ERROR: custody ingest exited with status $i_rc (state: $i_state); last lines of its stderr:"
    tail -n 15 "$logs/$name.ingest.stderr" | sed 's/^/      /'
  fi
  if [ "$keep" -eq 0 ]; then rm -f "$case_file" "$case_file-wal" "$case_file-shm" "$case_file-journal"; fi

  # --- custody ingest --no-indicators -----------------------------------------------------------------------------
  case_file="$cases/$name.jobs2.no-indicators.case.sqlite"
  rm -f "$case_file" "$case_file-wal" "$case_file-shm" "$case_file-journal"
  say "custody ingest ${input#"$repo"/} --case ${case_file#"$repo"/} --jobs 2 --no-indicators --quiet --json"
  run_timed "$bin" ingest "$input" --case "$case_file" --jobs 2 --no-indicators --quiet --json \
    >"$logs/$name.ingest-no-indicators.json" 2>"$logs/$name.ingest-no-indicators.stderr"
  local n_rc=$T_RC n_s=$T_WALL n_user=$T_USER n_sys=$T_SYS n_rss=$T_RSS_KB n_cpu=$T_CPU
  local n_files n_bytes n_warnings n_state
  read -r n_files n_bytes n_warnings n_state < <(py custody-json "$logs/$name.ingest-no-indicators.json")
  local n_messages=- n_calls=- n_indicators=- n_identities=-
  if [ -f "$case_file" ]; then
    n_messages=$(py case-count "$bin" "$case_file" messages)
    n_calls=$(py case-count "$bin" "$case_file" calls)
    n_indicators=$(py case-count "$bin" "$case_file" indicators)
    n_identities=$(py case-count "$bin" "$case_file" identities)
  fi
  local n_mps
  n_mps=$(per_s "$n_messages" "$n_s")
  printf '    %-26s %8.2f s  cpu %4s%% (user %s s + sys %s s)  peak RSS %s MB  exit %s\n' "ingest --no-indicators" "$n_s" \
    "$n_cpu" "$n_user" "$n_sys" "$(mb "$n_rss")" "$n_rc"
  printf '    %-26s files %s, bytes %s, warnings %s, state %s; case holds %s messages, %s calls; %s messages/s\n' "" \
    "$n_files" "$n_bytes" "$n_warnings" "$n_state" "$n_messages" "$n_calls" "$n_mps"
  printf '    %-26s %s indicators, %s identities\n' "" "$n_indicators" "$n_identities"
  if [ "$n_rc" -ne 0 ] || [ "$n_state" != completed ]; then
    failures=$((failures + 1))
    say "  ERROR: custody ingest --no-indicators exited with status $n_rc (state: $n_state); last lines of its stderr:"
    tail -n 15 "$logs/$name.ingest-no-indicators.stderr" | sed 's/^/      /'
  fi
  if [ "$keep" -eq 0 ]; then rm -f "$case_file" "$case_file-wal" "$case_file-shm" "$case_file-journal"; fi

  # --- custody extract --------------------------------------------------------------------------------------------
  say "custody extract ${input#"$repo"/}/msgstore.db ${input#"$repo"/}/wa.db"
  run_timed "$bin" extract --no-detect "$input/msgstore.db" "$input/wa.db" >"$logs/$name.extract.stdout" 2>"$logs/$name.extract.stderr"
  local x_rc=$T_RC x_s=$T_WALL x_user=$T_USER x_sys=$T_SYS x_rss=$T_RSS_KB x_cpu=$T_CPU
  local x_messages x_calls x_artifacts x_own_s x_own_rate
  read -r x_messages x_calls x_artifacts x_own_s x_own_rate < <(py extract-log "$logs/$name.extract.stderr")
  local x_mps
  x_mps=$(per_s "$x_messages" "$x_s")
  printf '    %-26s %8.2f s  cpu %4s%% (user %s s + sys %s s)  peak RSS %s MB  exit %s\n' "extract" "$x_s" \
    "$x_cpu" "$x_user" "$x_sys" "$(mb "$x_rss")" "$x_rc"
  printf '    %-26s %s messages, %s calls; %s messages/s (its own count: %s artifacts in %s s, %s per second)\n' "" \
    "$x_messages" "$x_calls" "$x_mps" "$x_artifacts" "$x_own_s" "$x_own_rate"
  if [ "$x_rc" -ne 0 ]; then
    failures=$((failures + 1))
    say "  ERROR: custody extract exited with status $x_rc; last lines of its stderr:"
    tail -n 15 "$logs/$name.extract.stderr" | sed 's/^/      /'
  fi

  # --- same work? -------------------------------------------------------------------------------------------------
  echo "    same work? msgstore.db holds $messages messages and $calls calls; wtsexporter processed $b_messages messages and $b_calls calls;"
  echo "      custody ingest recorded $i_messages messages and $i_calls calls (--no-indicators: $n_messages and $n_calls);"
  echo "      custody extract found $x_messages messages and $x_calls calls"
  local v
  for v in "$b_messages" "$i_messages" "$n_messages" "$x_messages"; do
    [ "$v" = "$messages" ] || { say "  WARNING: a message count differs from the $messages messages in msgstore.db"; break; }
  done
  for v in "$b_calls" "$i_calls" "$n_calls" "$x_calls"; do
    [ "$v" = "$calls" ] || { say "  WARNING: a call count differs from the $calls calls in msgstore.db"; break; }
  done
  local r_i r_n r_x m_i m_x cost
  r_i=$(awk -v b="$b_s" -v c="$i_s" 'BEGIN{ if (c > 0) printf "%.1f", b/c; else print "-" }')
  r_n=$(awk -v b="$b_s" -v c="$n_s" 'BEGIN{ if (c > 0) printf "%.1f", b/c; else print "-" }')
  cost=$(awk -v a="$i_s" -v b="$n_s" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "-" }')
  r_x=$(awk -v b="$b_s" -v c="$x_s" 'BEGIN{ if (c > 0) printf "%.1f", b/c; else print "-" }')
  m_i=$(awk -v b="$b_rss" -v c="$i_rss" 'BEGIN{ if (c > 0) printf "%.1f", b/c; else print "-" }')
  m_x=$(awk -v b="$b_rss" -v c="$x_rss" 'BEGIN{ if (c > 0) printf "%.1f", b/c; else print "-" }')
  printf '    => wtsexporter %.2f s vs custody ingest %.2f s: %sx, ingest --no-indicators %.2f s: %sx, custody extract %.2f s: %sx (target >= %sx)\n' \
    "$b_s" "$i_s" "$r_i" "$n_s" "$r_n" "$x_s" "$r_x" "$chat_speed_target"
  printf '       the indicator scan costs the ingest %sx its --no-indicators time (identities are built either way)\n' "$cost"
  printf '       peak RSS wtsexporter %s MB, custody ingest %s MB (%sx less), custody extract %s MB (%sx less) (target < %s MB)\n' \
    "$(mb "$b_rss")" "$(mb "$i_rss")" "$m_i" "$(mb "$x_rss")" "$m_x" "$rss_target_mb"

  py record "$results" "kind=chat" "input=$name" "mode=$mode" "path=${input#"$repo"/}" "input_bytes=$input_bytes" \
    "msgstore_bytes=$(info_field "$info" msgstore_bytes)" "messages=$messages" "calls=$calls" \
    "base_tool=whatsapp-chat-exporter $wts_version" "base_rc=$b_rc" "base_s=$b_s" "base_user_s=$b_user" \
    "base_sys_s=$b_sys" "base_cpu_pct=$b_cpu" "base_rss_kb=$b_rss" "base_messages=$b_messages" "base_calls=$b_calls" \
    "base_json_bytes=$json_bytes" "base_msgs_per_s=$b_mps" \
    "ingest_rc=$i_rc" "ingest_s=$i_s" "ingest_user_s=$i_user" "ingest_sys_s=$i_sys" "ingest_cpu_pct=$i_cpu" \
    "ingest_rss_kb=$i_rss" "ingest_files=$i_files" "ingest_bytes=$i_bytes" "ingest_warnings=$i_warnings" \
    "ingest_state=$i_state" "ingest_messages=$i_messages" "ingest_calls=$i_calls" "ingest_msgs_per_s=$i_mps" \
    "ingest_indicators=$i_indicators" "ingest_indicator_sightings=$i_sightings" "ingest_identities=$i_identities" \
    "ingest_noind_rc=$n_rc" "ingest_noind_s=$n_s" "ingest_noind_user_s=$n_user" "ingest_noind_sys_s=$n_sys" \
    "ingest_noind_cpu_pct=$n_cpu" "ingest_noind_rss_kb=$n_rss" "ingest_noind_files=$n_files" \
    "ingest_noind_bytes=$n_bytes" "ingest_noind_warnings=$n_warnings" "ingest_noind_state=$n_state" \
    "ingest_noind_messages=$n_messages" "ingest_noind_calls=$n_calls" "ingest_noind_msgs_per_s=$n_mps" \
    "ingest_noind_indicators=$n_indicators" "ingest_noind_identities=$n_identities" \
    "extract_rc=$x_rc" "extract_s=$x_s" "extract_user_s=$x_user" "extract_sys_s=$x_sys" "extract_cpu_pct=$x_cpu" \
    "extract_rss_kb=$x_rss" "extract_messages=$x_messages" "extract_calls=$x_calls" "extract_msgs_per_s=$x_mps" \
    "extract_reported_artifacts=$x_artifacts" "extract_reported_s=$x_own_s" "extract_reported_per_s=$x_own_rate"
}

# mbps BYTES SECONDS: BYTES / 10^6 / SECONDS with one decimal ('-' when either is missing or SECONDS is 0).
mbps() { awk -v n="$1" -v s="$2" 'BEGIN{ if (n ~ /^[0-9]+$/ && s > 0) printf "%.1f", n/1e6/s; else print "-" }'; }
# cpu_s USER SYS: user + sys seconds.
cpu_s() { awk -v u="$1" -v s="$2" 'BEGIN{printf "%.2f", u + s}'; }

# The grep baseline: Bitcoin P2PKH/P2SH-like base58, 0x + 40 hex digits, TRON-like base58, e-mail addresses.
grep_pattern='[13][a-km-zA-HJ-NP-Z1-9]{25,34}|0x[0-9a-fA-F]{40}|T[1-9A-HJ-NP-Za-km-z]{33}|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'

bench_indicators() {
  local name=indicators input info input_bytes
  input=$(input_path "$name")
  info="$input.info"
  input_bytes=$(stat -c %s "$input")
  echo
  say "== $name: ${input#"$repo"/} ($(human_size "$input_bytes")): binary $(human_size "$(info_field "$info" binary_bytes)"), text $(human_size "$(info_field "$info" text_bytes)") ($(info_field "$info" doc_files) files from $(info_field "$info" doc_source), $(info_field "$info" chat_lines) chat lines), base58 noise $(human_size "$(info_field "$info" noise_bytes)")"
  say "   planted: $(info_field "$info" planted_total) indicators (btc $(info_field "$info" planted_btc), eth $(info_field "$info" planted_eth), trx $(info_field "$info" planted_trx), bip39 $(info_field "$info" planted_bip39))"
  # Warm the page cache so no side pays for cold reads of the input.
  cat "$input" >/dev/null

  # --- baseline: grep (regex only, no validation) -----------------------------------------------------------------
  say "baseline: LC_ALL=C grep -a -c -E '<base58 P2PKH/P2SH|0x+40 hex|TRON|e-mail>' ${input#"$repo"/} (regex only, no validation)"
  run_timed grep -a -c -E "$grep_pattern" "$input" >"$logs/$name.grep.stdout" 2>"$logs/$name.grep.stderr"
  local g_rc=$T_RC g_s=$T_WALL g_user=$T_USER g_sys=$T_SYS g_rss=$T_RSS_KB g_cpu=$T_CPU g_lines g_core g_wall
  g_lines=$(head -n 1 "$logs/$name.grep.stdout"); [ -n "$g_lines" ] || g_lines=-
  g_core=$(mbps "$input_bytes" "$(cpu_s "$g_user" "$g_sys")"); g_wall=$(mbps "$input_bytes" "$g_s")
  printf '    %-26s %8.2f s  cpu %4s%% (user %s s + sys %s s)  peak RSS %s MB  exit %s\n' "grep -a -c -E" "$g_s" "$g_cpu" \
    "$g_user" "$g_sys" "$(mb "$g_rss")" "$g_rc"
  printf '    %-26s %s MB/s per core, %s MB/s wall; %s matching lines (regex only, no validation)\n' "" "$g_core" "$g_wall" \
    "$g_lines"
  [ "$g_rc" -le 1 ] || { say "  WARNING: grep exited with status $g_rc"; sed 's/^/      /' "$logs/$name.grep.stderr" | tail -n 5; }

  # --- baseline: bulk_extractor (only where it is installable) ----------------------------------------------------
  local e_rc=- e_s=- e_user=- e_sys=- e_rss=- e_cpu=- e_core=- e_wall=- e_features=-
  if [ -n "$be_bin" ]; then
    local be_out="$extract_root/$name.bulk_extractor"
    rm -rf "$be_out"
    mkdir -p "$extract_root"
    say "baseline: bulk_extractor -E email -E accts -o ${be_out#"$repo"/} ${input#"$repo"/}"
    run_timed "$be_bin" -E email -E accts -o "$be_out" "$input" >"$logs/$name.bulk_extractor.log" 2>&1
    e_rc=$T_RC; e_s=$T_WALL; e_user=$T_USER; e_sys=$T_SYS; e_rss=$T_RSS_KB; e_cpu=$T_CPU
    e_core=$(mbps "$input_bytes" "$(cpu_s "$e_user" "$e_sys")"); e_wall=$(mbps "$input_bytes" "$e_s")
    e_features=$(find "$be_out" -maxdepth 1 -name '*.txt' ! -name '*histogram*' -exec cat {} + 2>/dev/null | grep -vc '^#' || true)
    printf '    %-26s %8.2f s  cpu %4s%% (user %s s + sys %s s)  peak RSS %s MB  exit %s\n' "bulk_extractor" "$e_s" "$e_cpu" \
      "$e_user" "$e_sys" "$(mb "$e_rss")" "$e_rc"
    printf '    %-26s %s MB/s per core, %s MB/s wall; %s features (feature files, histograms excluded)\n' "" "$e_core" \
      "$e_wall" "$e_features"
    [ "$e_rc" -eq 0 ] || { say "  WARNING: bulk_extractor exited with status $e_rc"; tail -n 5 "$logs/$name.bulk_extractor.log" | sed 's/^/      /'; }
    if [ "$keep" -eq 0 ]; then rm -rf "$be_out"; else say "kept bulk_extractor output: ${be_out#"$repo"/}"; fi
  fi

  # --- custody scan -----------------------------------------------------------------------------------------------
  say "custody scan ${input#"$repo"/}"
  run_timed "$bin" scan --no-detect "$input" >"$logs/$name.scan.stdout" 2>"$logs/$name.scan.stderr"
  local s_rc=$T_RC s_s=$T_WALL s_user=$T_USER s_sys=$T_SYS s_rss=$T_RSS_KB s_cpu=$T_CPU s_core s_wall
  local s_bytes s_own_s s_own_rate s_found s_kinds
  read -r s_bytes s_own_s s_own_rate s_found s_kinds < <(py scan-log "$logs/$name.scan.stderr")
  s_core=$(mbps "$input_bytes" "$(cpu_s "$s_user" "$s_sys")"); s_wall=$(mbps "$input_bytes" "$s_s")
  printf '    %-26s %8.2f s  cpu %4s%% (user %s s + sys %s s)  peak RSS %s MB  exit %s\n' "custody scan" "$s_s" "$s_cpu" \
    "$s_user" "$s_sys" "$(mb "$s_rss")" "$s_rc"
  printf '    %-26s %s MB/s per core, %s MB/s wall (its own count: %s bytes in %s s, %s MB/s)\n' "" "$s_core" "$s_wall" \
    "$s_bytes" "$s_own_s" "$s_own_rate"
  printf '    %-26s %s validated findings: %s\n' "" "$s_found" "${s_kinds//,/, }"
  if [ "$s_rc" -ne 0 ]; then
    failures=$((failures + 1))
    say "  ERROR: custody scan exited with status $s_rc; last lines of its stderr:"
    tail -n 15 "$logs/$name.scan.stderr" | sed 's/^/      /'
  fi

  # --- same work? -------------------------------------------------------------------------------------------------
  [ "$s_bytes" = "$input_bytes" ] || say "  WARNING: custody scan read $s_bytes bytes of $input_bytes"
  local kind planted found line=""
  for kind in btc eth trx bip39; do
    planted=$(info_field "$info" "planted_$kind")
    found=$(tr ',' '\n' <<<"$s_kinds" | awk -F= -v k="$kind" '$1 == k {n = $2} END {print n + 0}')
    line+="${line:+, }$kind $found/$planted"
    [ "$found" -ge "$planted" ] || say "  WARNING: custody scan found $found $kind indicators; $planted were planted"
  done
  echo "    same work? found/planted: $line (the documentation text adds e-mails, URLs and domains of its own)"
  local ratio
  ratio=$(awk -v c="$s_core" -v g="$g_core" 'BEGIN{ if (c > 0 && g > 0) printf "%.2f", c/g; else print "-" }')
  printf '    => custody scan %s MB/s per core (target >= %s), %s MB/s wall, peak RSS %s MB (target < %s MB);\n' \
    "$s_core" "$scan_target_mbps" "$s_wall" "$(mb "$s_rss")" "$rss_target_mb"
  printf '       grep (regex only, no validation) %s MB/s per core: custody/grep %sx\n' "$g_core" "$ratio"

  py record "$results" "kind=indicators" "input=$name" "mode=$mode" "path=${input#"$repo"/}" "input_bytes=$input_bytes" \
    "binary_bytes=$(info_field "$info" binary_bytes)" "text_bytes=$(info_field "$info" text_bytes)" \
    "noise_bytes=$(info_field "$info" noise_bytes)" "doc_files=$(info_field "$info" doc_files)" \
    "chat_lines=$(info_field "$info" chat_lines)" "planted_total=$(info_field "$info" planted_total)" \
    "planted_btc=$(info_field "$info" planted_btc)" "planted_eth=$(info_field "$info" planted_eth)" \
    "planted_trx=$(info_field "$info" planted_trx)" "planted_bip39=$(info_field "$info" planted_bip39)" \
    "scan_rc=$s_rc" "scan_s=$s_s" "scan_user_s=$s_user" "scan_sys_s=$s_sys" "scan_cpu_pct=$s_cpu" "scan_rss_kb=$s_rss" \
    "scan_mbps_core=$s_core" "scan_mbps_wall=$s_wall" "scan_reported_bytes=$s_bytes" "scan_reported_s=$s_own_s" \
    "scan_reported_mbps=$s_own_rate" "scan_findings=$s_found" "scan_kinds=$s_kinds" \
    "grep_tool=$grep_version" "grep_rc=$g_rc" "grep_s=$g_s" "grep_user_s=$g_user" "grep_sys_s=$g_sys" \
    "grep_cpu_pct=$g_cpu" "grep_rss_kb=$g_rss" "grep_mbps_core=$g_core" "grep_mbps_wall=$g_wall" \
    "grep_matching_lines=$g_lines" \
    "be_tool=$( [ -n "$be_bin" ] && echo "bulk_extractor $be_version" || echo "not installable")" "be_rc=$e_rc" \
    "be_s=$e_s" "be_user_s=$e_user" "be_sys_s=$e_sys" "be_cpu_pct=$e_cpu" "be_rss_kb=$e_rss" "be_mbps_core=$e_core" \
    "be_mbps_wall=$e_wall" "be_features=$e_features"
}

bench_detection() {
  echo
  say "== detection: Scripts/detect-eval.py --check with the release binary (../shared/corpus/scamtext)"
  local rc=0
  python3 Scripts/detect-eval.py --binary "$bin" --check --json "$logs/detection.json" >"$logs/detection.txt" 2>&1 || rc=$?
  sed 's/^/    /' "$logs/detection.txt" | tail -n 60
  if [ "$rc" -ne 0 ]; then
    failures=$((failures + 1))
    say "  ERROR: detect-eval.py --check failed (status $rc): a precision, recall or false-positive target regressed"
  fi
  py record "$results" "input=detection" "kind=detection" "mode=$mode" "detect_eval_rc=$rc"
}

bench_sweep() {
  echo
  say "sweep: Scripts/sweep.sh --source $sweep_source (log: ${logs#"$repo"/}/sweep.log)"
  local rc=0
  Scripts/sweep.sh --no-build --source "$sweep_source" --work-dir "$work/sweep" >"$logs/sweep.log" 2>&1 || rc=$?
  sed 's/^/    /' "$logs/sweep.log"
  if [ "$rc" -ne 0 ]; then failures=$((failures + 1)); say "  ERROR: the sweep failed (status $rc)"; fi
  local fields
  fields=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r.get("entries_in_tree_before"), r.get("rows_total"), r.get("indicator_sightings"), r.get("wall"), r.get("peak_rss_mb"))' "$work/sweep/results.json" 2>/dev/null || echo "- - - - -")
  read -r entries files sightings wall rss <<<"$fields"
  py record "$results" "kind=sweep" "input=sweep" "mode=$mode" "source=$sweep_source" "verdict=$([ $rc -eq 0 ] && echo PASS || echo FAIL)" \
    "entries=$entries" "files=$files" "sightings=$sightings" "wall=$wall" "rss_mb=$rss"
}

bench_fuzz() {
  echo
  say "fuzz: Scripts/fuzz.sh --seconds $fuzz_seconds (every target, one at a time; log: ${logs#"$repo"/}/fuzz.log)"
  local rc=0
  Scripts/fuzz.sh --seconds "$fuzz_seconds" >"$logs/fuzz.log" 2>"$logs/fuzz.stderr" || rc=$?
  sed 's/^/    /' "$logs/fuzz.log"
  if [ "$rc" -ne 0 ]; then
    failures=$((failures + 1))
    say "  ERROR: Scripts/fuzz.sh exited with status $rc (a crash, or the build failed); last lines of its stderr:"
    tail -n 15 "$logs/fuzz.stderr" | sed 's/^/      /'
  fi
  local target runs rate cov corpus crashes
  while read -r target runs rate cov corpus crashes; do
    py record "$results" "kind=fuzz" "input=fuzz" "mode=$mode" "target=$target" "seconds=$fuzz_seconds" "runs=$runs" \
      "exec_per_s=$rate" "cov_ft=$cov" "corpus=$corpus" "crashes=${crashes:-0}" "fuzz_rc=$rc"
  done < <(awk 'found && NF >= 5 {print} /^target +executions/ {found = 1}' "$logs/fuzz.log")
}

# ---------------------------------------------------------------------------------------------------------------
say "mode: $mode; inputs: ${selected[*]}; work folder: $work"
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
say "load average: $load; cpus: $(nproc)"
if awk -v l="$load" 'BEGIN{exit !(l >= 0.5)}'; then
  say "NOTE: something else is using the machine (load $load): timings and CPU% will be noisy"
fi
for name in "${selected[@]}"; do build_input "$name"; done
for name in "${selected[@]}"; do
  case "$name" in
    whatsapp) bench_whatsapp ;;
    indicators) bench_indicators ;;
    fuzz) bench_fuzz ;;
    sweep) bench_sweep ;;
    detection) bench_detection ;;
    *) bench_input "$name" ;;
  esac
done

echo
say "summary ($mode run)"
py summary "$results" "$work/results.json" "$mode" "$custody_version" "$speed_target" "$rss_target_mb" "$chat_speed_target" \
  "$scan_target_mbps"
echo
say "results written to ${work#"$repo"/}/results.json; custody output and stderr in ${logs#"$repo"/}/"
if [ "$failures" -gt 0 ]; then
  die "$failures custody run(s) failed; see ${logs#"$repo"/}/*.stderr"
fi
