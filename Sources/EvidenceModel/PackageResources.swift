// Finds a module's data files (wordlists, rule packs, tables) in its SwiftPM resource bundle without `Bundle.module`,
// which stops the process when the bundle is missing: a missing data file must be an error, not a crash.

import Foundation

public enum PackageResources {
    /// The URL of `relativePath` in the resource bundle of `module` (SwiftPM names it `Custody_<module>`): beside the
    /// executable (`.resources` on Linux, `.bundle` on macOS), beside any loaded bundle (test runners), then in the
    /// source tree the binary was built from (`sourceFolder`, the folder holding the module's resources).
    public static func url(module: String, _ relativePath: String, sourceFolder: URL) -> URL? {
        candidates(module: module, relativePath, sourceFolder: sourceFolder).first {
            FileManager.default.fileExists(atPath: $0.path)
        }
    }

    /// Every place looked at, in order, for error messages.
    public static func candidates(module: String, _ relativePath: String, sourceFolder: URL) -> [URL] {
        var folders = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() { folders.append(executable.deletingLastPathComponent()) }
        folders += Bundle.allBundles.map { $0.bundleURL.deletingLastPathComponent() }
        let bundle = "Custody_\(module)"
        var result: [URL] = []
        for folder in folders {
            result.append(folder.appendingPathComponent("\(bundle).resources").appendingPathComponent(relativePath))
            result.append(folder.appendingPathComponent("\(bundle).bundle").appendingPathComponent(relativePath))
            result.append(folder.appendingPathComponent("\(bundle).bundle/Contents/Resources").appendingPathComponent(relativePath))
        }
        result.append(sourceFolder.appendingPathComponent(relativePath))
        return result
    }
}
