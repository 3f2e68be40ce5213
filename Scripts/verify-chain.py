#!/usr/bin/env python3
"""Independent verifier for the hash chains of a Custody case database.

Recomputes, from the SQLite file alone, every row hash and ledger entry hash of
the evidence chain and of the audit log, and prints the evidence chain head.
On an intact case the head it prints must equal the one printed by
``custody verify --case CASE``.

It implements the specification in docs/SCHEMA.md ("The hash chain") and
shares no code with Custody: Python standard library only (sqlite3, hashlib,
struct). The case file is opened read-only and is not modified. When SQLite
cannot open it in place (a WAL-mode case on write-protected media, where the
-shm file cannot be created), the case and its -wal are copied to a temporary
folder and the copy is read, as `custody verify` does.

Usage:
    Scripts/verify-chain.py CASE.sqlite [--json]

Exit status: 0 intact, 1 not intact, 2 the file cannot be read as a case.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import struct
import sys
import tempfile
import urllib.parse

GENESIS = "0" * 64

# Hashed columns of each evidence table, in hash order (docs/SCHEMA.md, "Hashed columns").
# The row id is not hashed with the row: the ledger entry binds it.
CHAINED_TABLES = {
    "exhibits": [
        "label", "source_name", "source_kind", "file_id_base", "limits", "identifier",
    ],
    "exhibit_seals": [
        "exhibit_id", "file_count", "warning_count", "byte_count",
        "source_size", "source_sha256", "source_md5",
    ],
    "files": [
        "exhibit_id", "parent_id", "entry_index", "depth", "path", "name", "name_raw", "kind",
        "size", "declared_size", "sha256", "md5", "mime", "magic", "status", "status_reason",
        "container_format", "mode", "uid", "gid", "user_name", "group_name",
        "mtime", "mtime_raw", "atime", "atime_raw", "ctime", "ctime_raw", "birthtime", "birthtime_raw",
        "link_target", "sparse",
    ],
    "warnings": [
        "exhibit_id", "file_id", "code", "message",
    ],
    "messages": [
        "exhibit_id", "file_id", "extractor", "extractor_version", "app", "account", "thread", "thread_name",
        "sender", "sender_name", "recipients", "direction", "sent_at", "sent_at_raw", "body", "attachments",
        "reply_to", "message_id", "status", "from_wal", "wal_state", "source_table", "source_rowid", "source_locator",
    ],
    "calls": [
        "exhibit_id", "file_id", "extractor", "extractor_version", "app", "account", "peer", "peer_name",
        "participants", "direction", "started_at", "started_at_raw", "duration_s", "kind", "media", "outcome",
        "status", "from_wal", "wal_state", "source_table", "source_rowid", "source_locator",
    ],
    "extractions": [
        "exhibit_id", "file_id", "extractor", "extractor_version", "app", "status", "messages", "calls", "contacts",
        "wal_rows", "wal_deleted_rows", "detail",
    ],
    "contacts": [
        "exhibit_id", "file_id", "extractor", "extractor_version", "contact_key", "app", "account", "contact_id",
        "name", "given_name", "middle_name", "family_name", "nickname", "organization", "note", "status", "deleted",
        "kind", "label", "phone_raw", "phone_e164", "phone_reason", "email_raw", "email", "handle_kind", "handle",
        "identity_id", "from_wal", "wal_state", "source_table", "source_rowid", "source_locator",
    ],
    "identities": ["kind", "value"],
    "identity_sightings": [
        "identity_id", "exhibit_id", "file_id", "extractor", "artifact_table", "artifact_id", "role", "raw", "name",
        "note", "count", "first_at", "last_at",
    ],
    "indicators": ["kind", "value", "raw", "validation", "network", "detail"],
    "indicator_sightings": [
        "indicator_id", "exhibit_id", "file_id", "raw", "offset", "length", "encoding", "artifact_table", "artifact_id",
        "column_name", "context", "validation", "scanner",
    ],
    "long_values": ["sha256", "size", "value"],
    "document_texts": ["sha256", "size", "language", "script", "reliable", "text"],
    "documents": [
        "exhibit_id", "file_id", "kind", "reader", "status", "detail", "text_id", "text_size", "encoding", "sections",
        "metadata",
    ],
    "message_languages": ["exhibit_id", "language", "script", "reliable", "basis", "zawgyi"],
    "findings": [
        "exhibit_id", "file_id", "message_id", "document_id", "scope", "thread", "message_ids", "category", "score",
        "language", "rules", "excerpt", "rule_pack", "engine",
    ],
}

AUDIT_COLUMNS = [
    "seq", "at", "event", "command", "arguments", "tool_version", "examiner", "os_user", "host",
    "detail", "evidence_records", "evidence_head",
]


class Text(bytes):
    """A TEXT value, kept as its stored UTF-8 bytes (a BLOB arrives as plain bytes)."""


def text(value):
    """Length-prefixed UTF-8: 4-byte big-endian length, then the bytes."""
    data = value if isinstance(value, bytes) else value.encode("utf-8")
    return struct.pack(">I", len(data)) + data


def encode_value(value):
    """One typed column value: N | I int64 | R float64 | T text | B blob (all big-endian)."""
    if value is None:
        return b"N"
    if isinstance(value, bool):
        raise TypeError("unexpected boolean")
    if isinstance(value, int):
        return b"I" + struct.pack(">q", value)
    if isinstance(value, float):
        return b"R" + struct.pack(">d", value)
    if isinstance(value, Text):
        return b"T" + text(value)
    if isinstance(value, bytes):
        return b"B" + struct.pack(">I", len(value)) + value
    raise TypeError("unexpected value type %r" % type(value))


def row_hash(table, columns, values):
    """SHA-256 of "custody-row-v1", the table name, then each column's name and typed value."""
    digest = hashlib.sha256()
    digest.update(text("custody-row-v1"))
    digest.update(text(table))
    for name, value in zip(columns, values):
        digest.update(text(name))
        digest.update(encode_value(value))
    return digest.hexdigest()


def entry_hash(seq, table, row_id, row_hash_hex, previous_hex):
    """SHA-256 of "custody-ledger-v1", seq, table, row id, row hash and the previous entry hash."""
    buffer = (
        text("custody-ledger-v1")
        + struct.pack(">q", seq)
        + text(table)
        + struct.pack(">q", row_id)
        + text(row_hash_hex)
        + text(previous_hex)
    )
    return hashlib.sha256(buffer).hexdigest()


def as_str(value):
    return value.decode("utf-8", "surrogateescape") if isinstance(value, bytes) else value


def failure(chain, table, row_id, seq, kind, detail):
    return {"chain": chain, "table": table, "id": row_id, "seq": seq, "kind": kind, "detail": detail}


def verify_evidence(db):
    """Walks the ledger in seq order; returns (head, records, first failure or None)."""
    head = GENESIS
    expected = 1
    found = None
    ledger = db.execute(
        "SELECT seq, table_name, row_id, row_hash, prev_hash, entry_hash FROM ledger ORDER BY seq")
    for seq, table, row_id, stored_row_hash, previous, stored in ledger:
        table, stored_row_hash, previous, stored = map(as_str, (table, stored_row_hash, previous, stored))
        if seq != expected:
            detail = ("ledger entry %d comes before entry %d" % (seq, expected) if seq < expected
                      else "ledger entries %d…%d are missing" % (expected, seq - 1))
            found = failure("evidence", "ledger", expected, expected, "deleted", detail)
            break
        if entry_hash(seq, table, row_id, stored_row_hash, previous) != stored:
            found = failure("evidence", table, row_id, seq, "modified",
                            "ledger entry %d does not hash to its stored entry hash" % seq)
            break
        if previous != head:
            found = failure("evidence", table, row_id, seq, "reordered",
                            "ledger entry %d does not follow entry %d" % (seq, seq - 1))
            break
        columns = CHAINED_TABLES.get(table)
        if columns is None:
            found = failure("evidence", table, row_id, seq, "modified",
                            "ledger entry %d names an unknown table" % seq)
            break
        row = db.execute("SELECT %s FROM %s WHERE id = ?" % (",".join(columns), table), (row_id,)).fetchone()
        if row is None:
            found = failure("evidence", table, row_id, seq, "deleted",
                            "row %d of %s is chained but missing" % (row_id, table))
        else:
            actual = row_hash(table, columns, row)
            if actual != stored_row_hash:
                other = db.execute("SELECT row_id FROM ledger WHERE table_name = ? AND row_hash = ?",
                                   (table, actual)).fetchone()
                if other is None:
                    found = failure("evidence", table, row_id, seq, "modified",
                                    "row %d no longer matches its chained hash" % row_id)
                else:
                    found = failure("evidence", table, row_id, seq, "reordered",
                                    "row %d holds the content chained for row %d" % (row_id, other[0]))
        # The entry itself verified, so it counts towards the head even when its row did not.
        head = stored
        expected = seq + 1
        if found:
            break
    records = expected - 1

    if found is None:
        existing = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in CHAINED_TABLES:
            if table not in existing:   # an older case format, not migrated
                continue
            extra = db.execute(
                "SELECT id FROM %s WHERE id NOT IN (SELECT row_id FROM ledger WHERE table_name = ?) "
                "ORDER BY id LIMIT 1" % table, (table,)).fetchone()
            if extra is not None:
                found = failure("evidence", table, extra[0], None, "inserted",
                                "row %d of %s is not in the chain" % (extra[0], table))
                break
    return head, records, found


def verify_audit(db, ledger_records):
    """Walks the audit log's own chain; returns (entries, first failure or None)."""
    head = GENESIS
    expected = 1
    columns = AUDIT_COLUMNS + ["prev_hash", "entry_hash"]
    for row in db.execute("SELECT %s FROM audit_log ORDER BY seq" % ",".join(columns)):
        values = row[:len(AUDIT_COLUMNS)]
        seq = row[0]
        previous, stored = as_str(row[-2]), as_str(row[-1])
        recomputed = entry_hash(seq, "audit_log", seq, row_hash("audit_log", AUDIT_COLUMNS, values), previous)
        kind = None
        if seq != expected:
            kind = "deleted"
        elif recomputed != stored:
            kind = "modified"
        elif previous != head:
            kind = "reordered"
        if kind:
            return seq, failure("audit", "audit_log", seq, seq, kind, "audit entry %d does not match its chain" % seq)
        # The evidence head this entry saw must still be the ledger entry at that position.
        records, evidence_head = row[AUDIT_COLUMNS.index("evidence_records")], as_str(row[AUDIT_COLUMNS.index("evidence_head")])
        if 0 < records <= ledger_records:
            chained = db.execute("SELECT entry_hash FROM ledger WHERE seq = ?", (records,)).fetchone()
            if chained is not None and as_str(chained[0]) != evidence_head:
                return seq, failure("evidence", "ledger", records, records, "modified",
                                    "ledger entry %d differs from the head the audit log recorded at entry %d"
                                    % (records, seq))
        head = stored
        expected = seq + 1
    return expected - 1, None


def connect_read_only(path):
    db = sqlite3.connect("file:%s?mode=ro" % urllib.parse.quote(os.path.abspath(path)), uri=True)
    db.text_factory = Text
    return db


def open_case(path):
    """Opens the case read-only; returns (connection, temporary folder to remove or None)."""
    if not os.path.isfile(path):
        raise sqlite3.OperationalError("no such file")
    db = connect_read_only(path)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db, None
    except sqlite3.OperationalError:
        db.close()
    # A WAL-mode case whose folder cannot be written: read a private copy of the file and its -wal.
    folder = tempfile.mkdtemp(prefix="verify-chain-")
    try:
        copy = os.path.join(folder, "case.sqlite")
        shutil.copyfile(path, copy)
        if os.path.exists(path + "-wal"):
            shutil.copyfile(path + "-wal", copy + "-wal")
        db = connect_read_only(copy)
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db, folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def verify(path):
    db, scratch = open_case(path)
    try:
        head, records, found = verify_evidence(db)
        audit_entries, audit_failure = verify_audit(db, records)
        found = found or audit_failure
        if found is None:
            recorded = db.execute("SELECT max(evidence_records) FROM audit_log").fetchone()[0]
            if recorded is not None and recorded > records:
                found = failure("evidence", "ledger", records + 1, records + 1, "deleted",
                                "the audit log saw %d chained records; only %d remain" % (recorded, records))
    finally:
        db.close()
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
    return {"intact": found is None, "head": head, "records": records,
            "audit_entries": audit_entries, "first_failure": found}


def main(argv):
    args = [a for a in argv[1:] if a != "--json"]
    if len(args) != 1:
        sys.stderr.write("usage: verify-chain.py CASE.sqlite [--json]\n")
        return 2
    try:
        report = verify(args[0])
    except (sqlite3.Error, TypeError, OSError) as error:
        sys.stderr.write("verify-chain.py: cannot verify %s: %s\n" % (args[0], error))
        return 2
    if "--json" in argv:
        print(json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False))
    else:
        found = report["first_failure"]
        if found:
            print("NOT INTACT: %s chain, %s id %s: %s — %s"
                  % (found["chain"], found["table"], found["id"], found["kind"], found["detail"]))
        else:
            print("intact: %d records, %d audit entries" % (report["records"], report["audit_entries"]))
        print("head: %s" % report["head"])
    return 0 if report["intact"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
