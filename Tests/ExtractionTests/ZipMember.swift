// Extracts members of an iLEAPP test zip (with their -wal siblings) into a temporary folder for contact tests.

import Foundation
import TestSupport

enum ZipMember {
    /// Writes `member` and its `-wal` (when present) from `zip` into `folder`; returns the member's local path.
    static func extract(_ zip: String, member: String, into folder: TemporaryFolder) throws -> String {
        let script = """
            import os, sys, zipfile
            zf = zipfile.ZipFile(sys.argv[1])
            names = set(zf.namelist())
            for name in (sys.argv[2], sys.argv[2] + "-wal"):
                if name in names:
                    with open(os.path.join(sys.argv[3], os.path.basename(name)), "wb") as out:
                        out.write(zf.read(name))
            """
        let result = try Tool.python(script, [zip, member, folder.path])
        guard result.status == 0 else { throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: result.stderr]) }
        return folder.file((member as NSString).lastPathComponent)
    }
}
