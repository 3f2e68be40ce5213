// The case database schema: named, append-only migrations, and the list of tables bound by the hash chain.

import GRDB

/// A table whose rows are evidence: each row is appended to the ledger, hashed over `columns` in this order.
public struct ChainedTable: Sendable, Hashable {
    public let name: String
    /// Hashed columns, in hashing order. The row id is not among them: the ledger entry binds it.
    /// Columns not listed (operational state such as `exhibits.source_path`) are outside the chain.
    public let columns: [String]
    /// The canonical encoding of the table and column names, computed once (see `CanonicalEncoding`).
    let encodedPrefix: [UInt8]
    let encodedColumns: [[UInt8]]
    /// `INSERT INTO name (id, columns…) VALUES (?…)`.
    let insertSQL: String

    public init(name: String, columns: [String]) {
        self.name = name
        self.columns = columns
        encodedPrefix = CanonicalEncoding.encodedText("custody-row-v1") + CanonicalEncoding.encodedText(name)
        encodedColumns = columns.map(CanonicalEncoding.encodedText)
        let all = ["id"] + columns
        insertSQL = "INSERT INTO \(name) (\(all.joined(separator: ","))) VALUES (\(Array(repeating: "?", count: all.count).joined(separator: ",")))"
    }
}

public enum Schema {
    /// Bumped with every migration; stored in `case_meta.format_version`.
    public static let formatVersion = 6

    public static let exhibits = ChainedTable(name: "exhibits", columns: [
        "label", "source_name", "source_kind", "file_id_base", "limits", "identifier",
    ])
    public static let exhibitSeals = ChainedTable(name: "exhibit_seals", columns: [
        "exhibit_id", "file_count", "warning_count", "byte_count", "source_size", "source_sha256", "source_md5",
    ])
    public static let files = ChainedTable(name: "files", columns: [
        "exhibit_id", "parent_id", "entry_index", "depth", "path", "name", "name_raw", "kind",
        "size", "declared_size", "sha256", "md5", "mime", "magic", "status", "status_reason", "container_format",
        "mode", "uid", "gid", "user_name", "group_name",
        "mtime", "mtime_raw", "atime", "atime_raw", "ctime", "ctime_raw", "birthtime", "birthtime_raw",
        "link_target", "sparse",
    ])
    public static let warnings = ChainedTable(name: "warnings", columns: [
        "exhibit_id", "file_id", "code", "message",
    ])

    public static let messages = ChainedTable(name: "messages", columns: [
        "exhibit_id", "file_id", "extractor", "extractor_version", "app", "account", "thread", "thread_name",
        "sender", "sender_name", "recipients", "direction", "sent_at", "sent_at_raw", "body", "attachments",
        "reply_to", "message_id", "status", "from_wal", "wal_state", "source_table", "source_rowid", "source_locator",
    ])
    public static let calls = ChainedTable(name: "calls", columns: [
        "exhibit_id", "file_id", "extractor", "extractor_version", "app", "account", "peer", "peer_name",
        "participants", "direction", "started_at", "started_at_raw", "duration_s", "kind", "media", "outcome",
        "status", "from_wal", "wal_state", "source_table", "source_rowid", "source_locator",
    ])
    public static let extractions = ChainedTable(name: "extractions", columns: [
        "exhibit_id", "file_id", "extractor", "extractor_version", "app", "status", "messages", "calls", "contacts",
        "wal_rows", "wal_deleted_rows", "detail",
    ])
    public static let contacts = ChainedTable(name: "contacts", columns: [
        "exhibit_id", "file_id", "extractor", "extractor_version", "contact_key", "app", "account", "contact_id",
        "name", "given_name", "middle_name", "family_name", "nickname", "organization", "note", "status", "deleted",
        "kind", "label", "phone_raw", "phone_e164", "phone_reason", "email_raw", "email", "handle_kind", "handle",
        "identity_id", "from_wal", "wal_state", "source_table", "source_rowid", "source_locator",
    ])
    public static let identities = ChainedTable(name: "identities", columns: ["kind", "value"])
    public static let indicators = ChainedTable(name: "indicators", columns: [
        "kind", "value", "raw", "validation", "network", "detail",
    ])
    public static let indicatorSightings = ChainedTable(name: "indicator_sightings", columns: [
        "indicator_id", "exhibit_id", "file_id", "raw", "offset", "length", "encoding", "artifact_table", "artifact_id",
        "column_name", "context", "validation", "scanner",
    ])
    public static let identitySightings = ChainedTable(name: "identity_sightings", columns: [
        "identity_id", "exhibit_id", "file_id", "extractor", "artifact_table", "artifact_id", "role", "raw", "name",
        "note", "count", "first_at", "last_at",
    ])
    /// Long values stored once; rows copy a capped prefix that names the whole value (see `LongValues`).
    public static let longValues = ChainedTable(name: "long_values", columns: ["sha256", "size", "value"])

    /// Document text, stored once per distinct content (issue 10).
    public static let documentTexts = ChainedTable(name: "document_texts", columns: [
        "sha256", "size", "language", "script", "reliable", "text",
    ])
    public static let documents = ChainedTable(name: "documents", columns: [
        "exhibit_id", "file_id", "kind", "reader", "status", "detail", "text_id", "text_size", "encoding", "sections", "metadata",
    ])
    public static let messageLanguages = ChainedTable(name: "message_languages", columns: [
        "exhibit_id", "language", "script", "reliable", "basis", "zawgyi",
    ])
    public static let findings = ChainedTable(name: "findings", columns: [
        "exhibit_id", "file_id", "message_id", "document_id", "scope", "thread", "message_ids", "category", "score",
        "language", "rules", "excerpt", "rule_pack", "engine",
    ])

    /// Every chained table; later migrations append theirs here.
    public static let chainedTables: [ChainedTable] = [exhibits, exhibitSeals, files, warnings, messages, calls, extractions,
                                                        contacts, identities, identitySightings, indicators, indicatorSightings,
                                                        longValues, documentTexts, documents, messageLanguages, findings]

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("0001-evidence-core") { db in
            try db.execute(sql: """
                CREATE TABLE case_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
                CREATE TABLE exhibits (
                    id INTEGER PRIMARY KEY,
                    label TEXT NOT NULL UNIQUE,
                    source_name TEXT NOT NULL,
                    source_kind TEXT NOT NULL,
                    file_id_base INTEGER NOT NULL,
                    limits TEXT NOT NULL,
                    identifier TEXT NOT NULL,
                    source_path TEXT
                ) STRICT;
                CREATE TABLE exhibit_seals (
                    id INTEGER PRIMARY KEY,
                    exhibit_id INTEGER NOT NULL UNIQUE REFERENCES exhibits(id),
                    file_count INTEGER NOT NULL,
                    warning_count INTEGER NOT NULL,
                    byte_count INTEGER NOT NULL,
                    source_size INTEGER,
                    source_sha256 TEXT,
                    source_md5 TEXT
                ) STRICT;
                CREATE TABLE files (
                    id INTEGER PRIMARY KEY,
                    exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
                    parent_id INTEGER,
                    entry_index INTEGER NOT NULL,
                    depth INTEGER NOT NULL,
                    path TEXT NOT NULL,
                    name TEXT NOT NULL,
                    name_raw BLOB NOT NULL,
                    kind TEXT NOT NULL,
                    size INTEGER,
                    declared_size INTEGER,
                    sha256 TEXT,
                    md5 TEXT,
                    mime TEXT,
                    magic TEXT,
                    status TEXT NOT NULL,
                    status_reason TEXT,
                    container_format TEXT,
                    mode INTEGER,
                    uid INTEGER,
                    gid INTEGER,
                    user_name TEXT,
                    group_name TEXT,
                    mtime TEXT, mtime_raw TEXT,
                    atime TEXT, atime_raw TEXT,
                    ctime TEXT, ctime_raw TEXT,
                    birthtime TEXT, birthtime_raw TEXT,
                    link_target TEXT,
                    sparse INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX files_exhibit ON files(exhibit_id);
                CREATE INDEX files_parent ON files(parent_id);
                CREATE INDEX files_sha256 ON files(sha256);
                CREATE INDEX files_path ON files(path);
                CREATE TABLE warnings (
                    id INTEGER PRIMARY KEY,
                    exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
                    file_id INTEGER,
                    code TEXT NOT NULL,
                    message TEXT NOT NULL
                ) STRICT;
                CREATE INDEX warnings_file ON warnings(file_id);
                CREATE TABLE ledger (
                    seq INTEGER PRIMARY KEY,
                    table_name TEXT NOT NULL,
                    row_id INTEGER NOT NULL,
                    row_hash TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    entry_hash TEXT NOT NULL,
                    UNIQUE (table_name, row_id)
                ) STRICT;
                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    event TEXT NOT NULL,
                    command TEXT NOT NULL,
                    arguments TEXT NOT NULL,
                    tool_version TEXT NOT NULL,
                    examiner TEXT,
                    os_user TEXT,
                    host TEXT,
                    detail TEXT,
                    evidence_records INTEGER NOT NULL,
                    evidence_head TEXT NOT NULL,
                    prev_hash TEXT NOT NULL,
                    entry_hash TEXT NOT NULL
                ) STRICT;
                """)
            try db.execute(sql: "INSERT INTO case_meta (key, value) VALUES ('format_version', '1'), ('application', 'custody')")
        }
        migrator.registerMigration("0002-messages-calls") { db in
            try db.execute(sql: """
                CREATE TABLE messages (
                    id INTEGER PRIMARY KEY,
                    exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
                    file_id INTEGER NOT NULL REFERENCES files(id),
                    extractor TEXT NOT NULL,
                    extractor_version INTEGER NOT NULL,
                    app TEXT NOT NULL,
                    account TEXT,
                    thread TEXT,
                    thread_name TEXT,
                    sender TEXT,
                    sender_name TEXT,
                    recipients TEXT,
                    direction TEXT NOT NULL,
                    sent_at TEXT,
                    sent_at_raw TEXT,
                    body TEXT,
                    attachments TEXT,
                    reply_to TEXT,
                    message_id TEXT,
                    status TEXT,
                    from_wal INTEGER NOT NULL,
                    wal_state TEXT NOT NULL,
                    source_table TEXT,
                    source_rowid INTEGER,
                    source_locator TEXT
                ) STRICT;
                CREATE INDEX messages_exhibit ON messages(exhibit_id, file_id);
                CREATE INDEX messages_thread ON messages(app, thread, sent_at);
                CREATE INDEX messages_sender ON messages(sender);
                CREATE INDEX messages_sent_at ON messages(sent_at);
                CREATE TABLE calls (
                    id INTEGER PRIMARY KEY,
                    exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
                    file_id INTEGER NOT NULL REFERENCES files(id),
                    extractor TEXT NOT NULL,
                    extractor_version INTEGER NOT NULL,
                    app TEXT NOT NULL,
                    account TEXT,
                    peer TEXT,
                    peer_name TEXT,
                    participants TEXT,
                    direction TEXT NOT NULL,
                    started_at TEXT,
                    started_at_raw TEXT,
                    duration_s REAL,
                    kind TEXT NOT NULL,
                    media TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    status TEXT,
                    from_wal INTEGER NOT NULL,
                    wal_state TEXT NOT NULL,
                    source_table TEXT,
                    source_rowid INTEGER,
                    source_locator TEXT
                ) STRICT;
                CREATE INDEX calls_exhibit ON calls(exhibit_id, file_id);
                CREATE INDEX calls_peer ON calls(peer);
                CREATE TABLE extractions (
                    id INTEGER PRIMARY KEY,
                    exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
                    file_id INTEGER NOT NULL REFERENCES files(id),
                    extractor TEXT NOT NULL,
                    extractor_version INTEGER NOT NULL,
                    app TEXT NOT NULL,
                    status TEXT NOT NULL,
                    messages INTEGER NOT NULL,
                    calls INTEGER NOT NULL,
                    contacts INTEGER NOT NULL,
                    wal_rows INTEGER NOT NULL,
                    wal_deleted_rows INTEGER NOT NULL,
                    detail TEXT,
                    UNIQUE (file_id, extractor)
                ) STRICT;
                CREATE INDEX files_name ON files(exhibit_id, name);
                -- Full-text index over message bodies. The trigram tokenizer finds any substring of three or more
                -- characters in every script (Chinese, Thai and Burmese have no spaces between words). Rows are
                -- indexed in bulk by the writer at the end of each extractor run, in the run's transaction (a
                -- trigger per row interleaves index and table pages and is several times slower); the triggers
                -- below keep the index in step with any later change.
                CREATE VIRTUAL TABLE messages_fts USING fts5(body, content='messages', content_rowid='id', tokenize='trigram');
                -- Merge index segments less eagerly while millions of rows go in (measured: 11 s -> 7 s per million
                -- bodies, same query speed).
                INSERT INTO messages_fts(messages_fts, rank) VALUES ('automerge', 16);
                INSERT INTO messages_fts(messages_fts, rank) VALUES ('crisismerge', 64);
                CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.body IS NOT NULL BEGIN
                    INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
                END;
                CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
                    INSERT INTO messages_fts(messages_fts, rowid, body) SELECT 'delete', old.id, old.body WHERE old.body IS NOT NULL;
                    INSERT INTO messages_fts(rowid, body) SELECT new.id, new.body WHERE new.body IS NOT NULL;
                END;
                """)
            try db.execute(sql: "UPDATE case_meta SET value = '2' WHERE key = 'format_version'")
        }
        migrator.registerMigration("0003-contacts-identities") { db in
            try db.execute(sql: """
                CREATE TABLE contacts (
                    id INTEGER PRIMARY KEY,
                    exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
                    file_id INTEGER NOT NULL REFERENCES files(id),
                    extractor TEXT NOT NULL,
                    extractor_version INTEGER NOT NULL,
                    contact_key TEXT NOT NULL,
                    app TEXT NOT NULL,
                    account TEXT,
                    contact_id TEXT,
                    name TEXT,
                    given_name TEXT,
                    middle_name TEXT,
                    family_name TEXT,
                    nickname TEXT,
                    organization TEXT,
                    note TEXT,
                    status TEXT,
                    deleted INTEGER NOT NULL,
                    kind TEXT,
                    label TEXT,
                    phone_raw TEXT,
                    phone_e164 TEXT,
                    phone_reason TEXT,
                    email_raw TEXT,
                    email TEXT,
                    handle_kind TEXT,
                    handle TEXT,
                    identity_id INTEGER REFERENCES identities(id),
                    from_wal INTEGER NOT NULL,
                    wal_state TEXT NOT NULL,
                    source_table TEXT,
                    source_rowid INTEGER,
                    source_locator TEXT
                ) STRICT;
                CREATE INDEX contacts_exhibit ON contacts(exhibit_id, file_id);
                CREATE INDEX contacts_identity ON contacts(identity_id);
                CREATE INDEX contacts_phone ON contacts(phone_e164);
                CREATE TABLE identities (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    value TEXT NOT NULL,
                    UNIQUE (kind, value)
                ) STRICT;
                CREATE TABLE identity_sightings (
                    id INTEGER PRIMARY KEY,
                    identity_id INTEGER NOT NULL REFERENCES identities(id),
                    exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
                    file_id INTEGER NOT NULL REFERENCES files(id),
                    extractor TEXT NOT NULL,
                    artifact_table TEXT NOT NULL,
                    artifact_id INTEGER NOT NULL,
                    role TEXT NOT NULL,
                    raw TEXT NOT NULL,
                    name TEXT,
                    note TEXT,
                    count INTEGER NOT NULL,
                    first_at TEXT,
                    last_at TEXT
                ) STRICT;
                CREATE INDEX identity_sightings_identity ON identity_sightings(identity_id, exhibit_id);
                CREATE INDEX identity_sightings_exhibit ON identity_sightings(exhibit_id);
                """)
            try db.execute(sql: "UPDATE case_meta SET value = '3' WHERE key = 'format_version'")
        }
        migrator.registerMigration("0004-indicators") { db in
            try db.execute(sql: """
                CREATE TABLE indicators (
                    id INTEGER PRIMARY KEY,
                    kind TEXT NOT NULL,
                    value TEXT NOT NULL,
                    raw TEXT NOT NULL,
                    validation TEXT NOT NULL,
                    network TEXT,
                    detail TEXT,
                    UNIQUE (kind, value)
                ) STRICT;
                CREATE TABLE indicator_sightings (
                    id INTEGER PRIMARY KEY,
                    indicator_id INTEGER NOT NULL REFERENCES indicators(id),
                    exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
                    file_id INTEGER NOT NULL REFERENCES files(id),
                    raw TEXT NOT NULL,
                    offset INTEGER,
                    length INTEGER,
                    encoding TEXT,
                    artifact_table TEXT,
                    artifact_id INTEGER,
                    column_name TEXT,
                    context TEXT,
                    validation TEXT NOT NULL,
                    scanner TEXT NOT NULL
                ) STRICT;
                CREATE INDEX indicator_sightings_indicator ON indicator_sightings(indicator_id, exhibit_id);
                CREATE INDEX indicator_sightings_file ON indicator_sightings(file_id);
                """)
            try db.execute(sql: "UPDATE case_meta SET value = '4' WHERE key = 'format_version'")
        }
        migrator.registerMigration("0005-long-values") { db in
            try db.execute(sql: """
                CREATE TABLE long_values (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE,
                    size INTEGER NOT NULL,
                    value TEXT NOT NULL
                ) STRICT;
                """)
            try db.execute(sql: "UPDATE case_meta SET value = '5' WHERE key = 'format_version'")
        }
        migrator.registerMigration("0006-documents-detection") { db in
            try db.execute(sql: """
                CREATE TABLE document_texts (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE,
                    size INTEGER NOT NULL,
                    language TEXT,
                    script TEXT NOT NULL,
                    reliable INTEGER NOT NULL,
                    text TEXT NOT NULL
                ) STRICT;
                CREATE VIRTUAL TABLE document_fts USING fts5(text, content='document_texts', content_rowid='id', tokenize='trigram');
                CREATE TRIGGER document_texts_fts_insert AFTER INSERT ON document_texts BEGIN
                    INSERT INTO document_fts(rowid, text) VALUES (new.id, new.text);
                END;
                CREATE TABLE documents (
                    id INTEGER PRIMARY KEY,
                    exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
                    file_id INTEGER NOT NULL REFERENCES files(id),
                    kind TEXT NOT NULL,
                    reader TEXT NOT NULL,
                    status TEXT NOT NULL,
                    detail TEXT,
                    text_id INTEGER REFERENCES document_texts(id),
                    text_size INTEGER,
                    encoding TEXT,
                    sections TEXT,
                    metadata TEXT
                ) STRICT;
                CREATE INDEX documents_file ON documents(file_id);
                CREATE INDEX documents_exhibit ON documents(exhibit_id, kind);
                CREATE INDEX documents_text ON documents(text_id);
                CREATE TABLE message_languages (
                    id INTEGER PRIMARY KEY REFERENCES messages(id),
                    exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
                    language TEXT,
                    script TEXT NOT NULL,
                    reliable INTEGER NOT NULL,
                    basis TEXT NOT NULL,
                    zawgyi INTEGER NOT NULL
                ) STRICT;
                CREATE INDEX message_languages_language ON message_languages(language);
                CREATE TABLE findings (
                    id INTEGER PRIMARY KEY,
                    exhibit_id INTEGER NOT NULL REFERENCES exhibits(id),
                    file_id INTEGER REFERENCES files(id),
                    message_id INTEGER REFERENCES messages(id),
                    document_id INTEGER REFERENCES documents(id),
                    scope TEXT NOT NULL,
                    thread TEXT,
                    message_ids TEXT,
                    category TEXT NOT NULL,
                    score REAL NOT NULL,
                    language TEXT,
                    rules TEXT NOT NULL,
                    excerpt TEXT,
                    rule_pack TEXT NOT NULL,
                    engine TEXT NOT NULL
                ) STRICT;
                CREATE INDEX findings_exhibit ON findings(exhibit_id, category);
                CREATE INDEX findings_category ON findings(category, score);
                CREATE INDEX findings_message ON findings(message_id);
                CREATE INDEX findings_file ON findings(file_id);
                CREATE INDEX findings_document ON findings(document_id);
                -- MinHash signatures of long texts, for near-duplicate grouping (`custody query scripts`): derived
                -- from chained rows and rebuildable, like the FTS indexes, so outside the chain.
                CREATE TABLE text_signatures (
                    artifact_table TEXT NOT NULL,
                    artifact_id INTEGER NOT NULL,
                    exhibit_id INTEGER NOT NULL,
                    signature BLOB NOT NULL,
                    PRIMARY KEY (artifact_table, artifact_id)
                ) STRICT, WITHOUT ROWID;
                """)
            try db.execute(sql: "UPDATE case_meta SET value = '6' WHERE key = 'format_version'")
        }
        return migrator
    }

    /// The audit log's hashed columns (its own chain, separate from the evidence ledger).
    static let auditColumns = [
        "seq", "at", "event", "command", "arguments", "tool_version", "examiner", "os_user", "host", "detail",
        "evidence_records", "evidence_head",
    ]
}
