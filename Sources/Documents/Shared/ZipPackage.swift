// The members of a zip-based document (OOXML, ODF), read through the Archive module one block at a time.

import Archive

/// A zip package opened by path. Each `stream` reopens the archive so members can be read in the order the
/// format needs (shared strings before sheets, slides by number) without holding any member in memory.
struct ZipPackage {
    let path: String
    let limits: DocumentLimits
    /// Member names in archive order (files only).
    private(set) var members: [String] = []
    /// Why listing the members stopped early (a cut or damaged zip), to be recorded on the result.
    private(set) var damage: String?

    init(path: String, limits: DocumentLimits) throws {
        self.path = path
        self.limits = limits
        let reader = try Self.open(path)
        do {
            while let next = try reader.nextEntry() {
                let entry = next.entry
                guard entry.kind == .file || entry.kind == .unknown else { continue }
                members.append(String(decoding: entry.pathBytes, as: UTF8.self))
                // A central directory naming millions of members is not a document; stop listing.
                if members.count >= 1_000_000 { break }
            }
        } catch let error as ArchiveError {
            if members.isEmpty { throw Self.documentError(error) }
            damage = "the zip package is damaged after \(members.count) members (\(error.message)); later parts are missing"
        }
        if members.isEmpty {
            throw DocumentError(code: .damaged, message: "the zip package holds no members")
        }
    }

    func contains(_ name: String) -> Bool { members.contains(name) }

    enum StreamEnd { case complete, stopped, memberLimit, damaged(String) }

    /// Feeds one member's bytes to `consume` block by block, stopping after `maxMemberBytes` or when `consume`
    /// returns false. A member that is missing yields nil.
    func stream(_ name: String, _ consume: (UnsafeRawBufferPointer) -> Bool) throws -> StreamEnd? {
        let reader = try Self.open(path)
        do {
            while let next = try reader.nextEntry() {
                let entry = next.entry
                guard String(decoding: entry.pathBytes, as: UTF8.self) == name else { continue }
                if entry.isDataEncrypted {
                    throw DocumentError(code: .encrypted, message: "member \(name) is encrypted")
                }
                var total: Int64 = 0
                while let block = try reader.readBlock() {
                    let room = limits.maxMemberBytes - total
                    if room <= 0 { return .memberLimit }
                    let slice = block.bytes.count > room
                        ? UnsafeRawBufferPointer(rebasing: block.bytes[0..<Int(room)]) : block.bytes
                    total += Int64(slice.count)
                    if !consume(slice) { return .stopped }
                    if slice.count < block.bytes.count { return .memberLimit }
                }
                return .complete
            }
        } catch let error as ArchiveError {
            if error.code == .encrypted { throw Self.documentError(error) }
            return .damaged(error.message)
        }
        return nil
    }

    /// Streams one member through the XML scanner; returns a note when the member was cut short.
    func scanXML(_ name: String, _ handle: (XMLEvent) -> Bool) throws -> String? {
        var scanner = XMLTextScanner()
        var stopped = false
        let end = try stream(name) { bytes in
            let more = scanner.feed(bytes, handle)
            if !more { stopped = true }
            return more
        }
        if !stopped { scanner.finish(handle) }
        switch end {
        case .memberLimit: return "\(name): member limit of \(limits.maxMemberBytes) bytes reached"
        case .damaged(let message): return "\(name): damaged (\(message))"
        default: return nil
        }
    }

    /// Reads a small member whole (relationship and workbook parts), bounded by `maxBytes`.
    func smallMember(_ name: String, maxBytes: Int = 8 << 20) throws -> [UInt8]? {
        var bytes: [UInt8] = []
        let end = try stream(name) { block in
            bytes.append(contentsOf: block.prefix(max(0, maxBytes - bytes.count)))
            return bytes.count < maxBytes
        }
        return end == nil ? nil : bytes
    }

    private static func open(_ path: String) throws -> ArchiveReader {
        do {
            return try ArchiveReader(input: FileArchiveInput(path: path), formats: .archives)
        } catch let error as ArchiveError {
            throw documentError(error)
        } catch {
            throw DocumentError(code: .unreadable, message: "cannot open the package: \(error)")
        }
    }

    private static func documentError(_ error: ArchiveError) -> DocumentError {
        if error.code == .encrypted { return DocumentError(code: .encrypted, message: error.message) }
        if error.code == .inputFailed { return DocumentError(code: .unreadable, message: error.message) }
        return DocumentError(code: .damaged, message: "not a readable zip package: \(error.message)")
    }
}

extension XMLTextScanner {
    /// Scans a small in-memory part whole.
    static func scan(_ bytes: [UInt8], _ handle: (XMLEvent) -> Bool) {
        var scanner = XMLTextScanner()
        let more = bytes.withUnsafeBytes { scanner.feed($0, handle) }
        if more { scanner.finish(handle) }
    }

    /// Text of leaf elements named in `keys` (local name → metadata key), trimmed and capped at 4 KiB each.
    static func leafProperties(_ bytes: [UInt8], keys: [String: String]) -> [String: String] {
        var metadata: [String: String] = [:]
        var current: String?
        var value = ""
        scan(bytes) { event in
            switch event {
            case .start(let tag):
                current = keys[tag.name]
                value = ""
            case .end:
                if let key = current {
                    let trimmed = value.trimmedWhitespace()
                    if !trimmed.isEmpty && metadata[key] == nil { metadata[key] = String(trimmed.prefix(4096)) }
                }
                current = nil
            case .text(let text):
                if current != nil && value.utf8.count < 4096 { value += text }
            }
            return true
        }
        return metadata
    }
}
