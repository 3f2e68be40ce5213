// Where a fuzz target's seeds come from: files of the repository, of ../shared/corpus, or entries of TestEvidence archives.

import Archive
import Foundation
import GRDB

public struct SeedSource: Sendable {
    enum Root: Sendable { case repository, corpus }
    enum Place: Sendable {
        case files(Root, folder: String)
        /// Entries of an archive of the repository (TestEvidence exhibits hold Telegram exports, databases, …).
        case archiveEntries(archive: String)
        /// The blobs `query` selects from a SQLite entry of a repository archive (TL objects of cache4.db).
        case databaseBlobs(archive: String, query: String)
    }

    let place: Place
    /// Lower-cased name endings that qualify; empty takes every file.
    let suffixes: [String]

    /// Files under `folder` of the repository whose names end in one of `suffixes`.
    static func repository(_ folder: String, _ suffixes: [String] = []) -> SeedSource {
        SeedSource(place: .files(.repository, folder: folder), suffixes: suffixes)
    }

    /// Files under `folder` of ../shared/corpus (read in place, never copied into the repository).
    static func corpus(_ folder: String, _ suffixes: [String] = []) -> SeedSource {
        SeedSource(place: .files(.corpus, folder: folder), suffixes: suffixes)
    }

    /// Entries of a repository archive whose names end in one of `suffixes`.
    static func entries(of archive: String, _ suffixes: [String] = []) -> SeedSource {
        SeedSource(place: .archiveEntries(archive: archive), suffixes: suffixes)
    }

    /// The blobs `query` selects from the database entry of `archive` whose name ends in one of `suffixes`.
    static func blobs(in archive: String, _ suffixes: [String], query: String) -> SeedSource {
        SeedSource(place: .databaseBlobs(archive: archive, query: query), suffixes: suffixes)
    }

    func matches(_ name: String) -> Bool {
        suffixes.isEmpty || suffixes.contains { name.lowercased().hasSuffix($0) }
    }
}

/// One seed: a name for the file the fuzzer's corpus keeps, and its bytes.
public struct Seed: Sendable {
    public var name: String
    public var bytes: [UInt8]
}

public enum SeedCollector {
    /// The seeds of `target`: at most `limit` per source, in path order (the same seeds every run), files larger
    /// than `maxFileBytes` skipped and every seed cut to the target's `maxLength`.
    public static func seeds(for target: FuzzTarget, repository: URL, limit: Int = 40, maxFileBytes: Int = 4 << 20) -> [Seed] {
        let corpus = repository.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        var seeds: [Seed] = []
        for source in target.seeds {
            var found: [Seed] = []
            switch source.place {
            case .files(let root, let folder):
                let base = (root == .repository ? repository : corpus).appendingPathComponent(folder)
                for path in files(under: base) where source.matches(path.lastPathComponent) {
                    guard found.count < limit else { break }
                    guard let size = try? path.resourceValues(forKeys: [.fileSizeKey]).fileSize, size <= maxFileBytes,
                          let data = try? Data(contentsOf: path) else { continue }
                    found.append(Seed(name: path.lastPathComponent, bytes: Array(data.prefix(target.maxLength))))
                }
            case .archiveEntries(let archive):
                found = entries(of: repository.appendingPathComponent(archive).path, source: source,
                                limit: limit, maxBytes: min(maxFileBytes, target.maxLength))
            case .databaseBlobs(let archive, let query):
                for database in entries(of: repository.appendingPathComponent(archive).path, source: source, limit: 1,
                                        maxBytes: maxFileBytes) {
                    found += blobs(of: database, query: query, limit: limit, maxBytes: target.maxLength)
                }
            }
            seeds += found
        }
        return seeds
    }

    private static func files(under folder: URL) -> [URL] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey])
        else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append(url)
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Runs `query` on a scratch copy of the database: the last column is the blob; integer columns before it are
    /// written first, 8 big-endian bytes each, as `FuzzInput.int64()` reads them back.
    private static func blobs(of database: Seed, query: String, limit: Int, maxBytes: Int) -> [Seed] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("custody-fuzz-seed-\(UUID().uuidString).db").path
        guard FileManager.default.createFile(atPath: path, contents: Data(database.bytes)) else { return [] }
        defer { try? FileManager.default.removeItem(atPath: path) }
        var configuration = Configuration()
        configuration.readonly = true
        guard let queue = try? DatabaseQueue(path: path, configuration: configuration),
              let rows = try? queue.read({ try Row.fetchAll($0, sql: query) }) else { return [] }
        var seeds: [Seed] = []
        for (index, row) in rows.enumerated() where seeds.count < limit {
            guard row.count > 0, let blob = row[row.count - 1] as Data? else { continue }
            var bytes: [UInt8] = []
            for column in 0..<(row.count - 1) {
                let value = UInt64(bitPattern: (row[column] as Int64?) ?? 0)
                for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
            }
            bytes += blob
            guard bytes.count <= maxBytes else { continue }
            seeds.append(Seed(name: "\(database.name)-\(index)", bytes: bytes))
        }
        return seeds
    }

    private static func entries(of archive: String, source: SeedSource, limit: Int, maxBytes: Int) -> [Seed] {
        guard let input = try? FileArchiveInput(path: archive),
              let reader = try? ArchiveReader(input: input, formats: .archives) else { return [] }
        var seeds: [Seed] = []
        while seeds.count < limit, let next = try? reader.nextEntry() {
            let name = String(decoding: next.entry.pathBytes, as: UTF8.self)
            guard next.entry.kind == .file, source.matches(name) else { continue }
            var bytes: [UInt8] = []
            var complete = true
            while let block = try? reader.readBlock() {
                guard bytes.count + block.bytes.count <= maxBytes else { complete = false; break }
                bytes += block.bytes
            }
            if complete { seeds.append(Seed(name: (name as NSString).lastPathComponent, bytes: bytes)) }
        }
        return seeds
    }
}
