// A private scratch folder for copies that must exist as whole files (evidence databases, archives that need
// seeking, a read-only case). Files are named by Custody, never by evidence names; the folder is removed at the
// end, and one left by a killed process is removed by the next run.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

public final class ScratchSpace {
    public let root: String
    private var removed = false
    /// Held (flock) while the folder is in use: a folder whose lock can be taken belongs to no live process,
    /// whatever pid namespace it was made in.
    private var lockFD: Int32 = -1

    /// - Parameters:
    ///   - parent: where to create it (default: the system temporary folder).
    ///   - prefix: the folder name's prefix; abandoned folders with this prefix are removed first.
    public init(parent: String?, prefix: String = "custody-scratch") throws {
        let base = parent ?? NSTemporaryDirectory()
        Self.removeAbandoned(in: base, prefix: prefix)
        var template = Array((base as NSString).appendingPathComponent("\(prefix)-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let address = buffer.baseAddress else { return false }
            return mkdtemp(address) != nil
        }
        guard made else {
            throw StoreError(code: .cannotOpen, message: "cannot create a scratch folder in \(base): \(String(cString: strerror(errno)))")
        }
        root = template.withUnsafeBufferPointer { buffer in buffer.baseAddress.map { String(cString: $0) } ?? base }
        // The lock file is locked before it gets its name, so no other run can ever see it unlocked.
        let pending = root + "/.lock-pending"
        lockFD = open(pending, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard lockFD >= 0, flock(lockFD, LOCK_EX | LOCK_NB) == 0, rename(pending, root + "/.lock") == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: root)
            throw StoreError(code: .cannotOpen, message: "cannot lock the scratch folder \(root): \(reason)")
        }
    }

    /// Removes folders with the prefix whose lock nobody holds (their process was killed).
    static func removeAbandoned(in base: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: base) else { return }
        for name in names where name.hasPrefix(prefix + "-") {
            let folder = (base as NSString).appendingPathComponent(name)
            let fd = open(folder + "/.lock", O_RDWR | O_CLOEXEC)
            guard fd >= 0 else { continue }
            let free = flock(fd, LOCK_EX | LOCK_NB) == 0
            close(fd)
            if free { try? FileManager.default.removeItem(atPath: folder) }
        }
    }

    /// A fresh path inside the scratch folder for file `id` (with an optional suffix such as "-wal").
    public func path(forFile id: Int64, suffix: String = "") -> String {
        (root as NSString).appendingPathComponent("f\(id)\(suffix)")
    }

    /// A fresh folder for a group of files that must sit side by side (a database and its WAL).
    public func makeGroupFolder(id: Int64) -> String? {
        let path = (root as NSString).appendingPathComponent("g\(id)")
        return mkdir(path, 0o700) == 0 ? path : nil
    }

    public func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }

    public func removeAll() {
        guard !removed else { return }
        removed = true
        try? FileManager.default.removeItem(atPath: root)
        if lockFD >= 0 { close(lockFD) }
    }

    deinit { removeAll() }
}
