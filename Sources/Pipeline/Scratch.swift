// A private scratch folder for content that must exist as a whole file (SQLite databases and their sidecars,
// archives that need seeking). Files are named by file id, never by evidence names; the folder is removed at the end.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

final class ScratchSpace {
    let root: String
    private var removed = false

    init(parent: String?) throws {
        let base = parent ?? NSTemporaryDirectory()
        Self.removeAbandoned(in: base)
        var template = Array((base as NSString).appendingPathComponent("custody-scratch-\(getpid())-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else {
            throw PipelineError(code: .scratchFailed, message: "cannot create a scratch folder in \(base): \(String(cString: strerror(errno)))")
        }
        root = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    /// Removes scratch folders left by custody processes that were killed (their pid no longer runs): they may
    /// hold copies of evidence databases.
    static func removeAbandoned(in base: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for name in names where name.hasPrefix("custody-scratch-") {
            let fields = name.split(separator: "-")
            guard fields.count == 4, let pid = Int32(fields[2]), pid != getpid() else { continue }
            if kill(pid, 0) == -1 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: (base as NSString).appendingPathComponent(name))
            }
        }
    }

    /// A fresh path inside the scratch folder for file `id` (with an optional suffix such as "-wal").
    func path(forFile id: Int64, suffix: String = "") -> String {
        (root as NSString).appendingPathComponent("f\(id)\(suffix)")
    }

    /// A fresh folder for a group of files that must sit side by side (a database and its WAL).
    func makeGroupFolder(id: Int64) -> String? {
        let path = (root as NSString).appendingPathComponent("g\(id)")
        return mkdir(path, 0o700) == 0 ? path : nil
    }

    func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    func removeAll() {
        guard !removed else { return }
        removed = true
        try? FileManager.default.removeItem(atPath: root)
    }

    deinit { removeAll() }
}
