// The audit log: who ran which command, when, with what outcome — wall-clock facts, chained apart from evidence.

import EvidenceModel
import Foundation
import GRDB

public struct AuditEvent: Sendable {
    public var event: String
    public var command: String
    public var arguments: [String]
    public var toolVersion: String
    public var examiner: String?
    public var detail: String?

    public init(event: String, command: String, arguments: [String], toolVersion: String,
                examiner: String? = nil, detail: String? = nil) {
        self.event = event
        self.command = command
        self.arguments = arguments
        self.toolVersion = toolVersion
        self.examiner = examiner
        self.detail = detail
    }
}

extension CaseDatabase {
    /// Appends an audit entry stamped with the current UTC time, the OS user and host, and the evidence head.
    public func audit(_ event: AuditEvent) throws {
        try writeOperational { db in
            let (records, evidenceHead) = try ChainAppender.currentHead(db)
            let last = try Row.fetchOne(db, sql: "SELECT seq, entry_hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            let seq: Int64 = (last?[0] ?? 0) + 1
            let previous: String = last?[1] ?? CanonicalEncoding.genesis
            let argumentsJSON = (try? String(decoding: JSONEncoder().encode(event.arguments), as: UTF8.self)) ?? "[]"
            let values: [DatabaseValue] = [
                seq.databaseValue, AuditClock.now().databaseValue, event.event.databaseValue, event.command.databaseValue,
                argumentsJSON.databaseValue, event.toolVersion.databaseValue, event.examiner?.databaseValue ?? .null,
                (ProcessInfo.processInfo.environment["USER"] ?? NSUserName()).databaseValue,
                ProcessInfo.processInfo.hostName.databaseValue, event.detail?.databaseValue ?? .null,
                records.databaseValue, evidenceHead.databaseValue,
            ]
            let rowHash = CanonicalEncoding.rowHash(table: "audit_log", columns: Schema.auditColumns, values: values)
            let entry = CanonicalEncoding.entryHash(seq: seq, table: "audit_log", rowId: seq, rowHash: rowHash, previous: previous)
            let columns = Schema.auditColumns + ["prev_hash", "entry_hash"]
            try db.execute(sql: "INSERT INTO audit_log (\(columns.joined(separator: ","))) VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ",")))",
                           arguments: StatementArguments(values + [previous.databaseValue, entry.databaseValue]))
        }
    }
}

enum AuditClock {
    static func now() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let millis = Int64(spec.tv_nsec) / 1_000_000 * 1_000_000
        return Timestamp.iso8601(seconds: Int64(spec.tv_sec), nanoseconds: millis)
    }
}
