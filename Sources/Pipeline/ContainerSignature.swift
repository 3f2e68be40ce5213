// Recognises containers Custody expands (archives and compressed streams) from a file's first bytes.

enum ContainerSignature: String, Sendable {
    case zip, gzip, bzip2, xz, zstd, lz4, lzip, sevenZip = "7z", rar, tar, cpio, iso9660, cab, xar

    /// A compressed stream may hold an archive (tar.gz) or plain content, which is then its only child.
    var isCompressedStream: Bool {
        switch self {
        case .gzip, .bzip2, .xz, .zstd, .lz4, .lzip: return true
        default: return false
        }
    }

    /// Formats whose libarchive readers need to seek, so a nested one is always read from a scratch copy.
    var needsSeekableInput: Bool { self == .sevenZip }

    /// Formats read more completely with seeking: a zip's central directory holds the Unix modes, symbolic
    /// links and encryption flags that its local headers lack. Nested ones up to `seekableCopyLimit` bytes are
    /// read from a scratch copy, so a zip gives the same records nested as it does as a source.
    var prefersSeekableInput: Bool { self == .zip || self == .iso9660 }

    static let seekableCopyLimit: Int64 = 1 << 30

    /// Zip-based documents and packages that are kept whole, as examiners treat them (by first entry or by name).
    private static let documentFirstEntries: [[UInt8]] = [
        "[Content_Types].xml", "mimetype", "META-INF/", "AndroidManifest.xml", "classes.dex",
    ].map { Array($0.utf8) }
    private static let documentExtensions: Set<String> = [
        "docx", "docm", "dotx", "xlsx", "xlsm", "xltx", "pptx", "pptm", "potx", "vsdx",
        "odt", "ods", "odp", "odg", "epub", "jar", "apk", "aar", "ipa", "xpi", "whl", "nupkg", "kmz", "3mf",
    ]

    static func detect(_ head: UnsafeRawBufferPointer, name: String) -> ContainerSignature? {
        func starts(_ bytes: [UInt8], at offset: Int = 0) -> Bool {
            guard head.count >= offset + bytes.count else { return false }
            for (index, byte) in bytes.enumerated() where head[offset + index] != byte { return false }
            return true
        }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
            return isDocument(head, name: name) ? nil : .zip
        }
        if starts([0x1F, 0x8B]) { return .gzip }
        if starts([0x42, 0x5A, 0x68]), head.count > 3, (0x31...0x39).contains(head[3]) { return .bzip2 }
        if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) { return .xz }
        if starts([0x28, 0xB5, 0x2F, 0xFD]) { return .zstd }
        if starts([0x04, 0x22, 0x4D, 0x18]) { return .lz4 }
        if starts(Array("LZIP".utf8)) { return .lzip }
        if starts([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]) { return .sevenZip }
        if starts(Array("Rar!\u{1A}\u{07}".utf8)) { return .rar }
        if starts(Array("ustar".utf8), at: 257) { return .tar }
        if starts(Array("07070".utf8)) || starts([0xC7, 0x71]) || starts([0x71, 0xC7]) { return .cpio }
        if starts(Array("MSCF".utf8)) { return .cab }
        if starts(Array("xar!".utf8)) { return .xar }
        if starts(Array("CD001".utf8), at: 32769) { return .iso9660 }
        return nil
    }

    private static func isDocument(_ head: UnsafeRawBufferPointer, name: String) -> Bool {
        if let dot = name.lastIndex(of: "."), documentExtensions.contains(name[name.index(after: dot)...].lowercased()) {
            return true
        }
        guard head.count >= 30 else { return false }
        let nameLength = Int(head[26]) | Int(head[27]) << 8
        guard head.count >= 30 + nameLength else { return false }
        let firstName = Array(head[30..<(30 + nameLength)])
        return documentFirstEntries.contains { prefix in firstName.starts(with: prefix) }
    }

    /// The name of a compressed stream's only child: the name without one compression suffix per layer.
    static func streamChildName(_ name: String, layers: Int) -> String {
        var result = streamChildName(name)
        // Further layers strip further suffixes while there are some ("x.txt.gz.gz" → "x.txt").
        for _ in 1..<max(1, layers) {
            let next = streamChildName(result)
            if next == result + ".decompressed" { break }
            result = next
        }
        return result
    }

    /// The name without one compression suffix.
    static func streamChildName(_ name: String) -> String {
        let lower = name.lowercased()
        for (suffix, replacement) in [(".tgz", ".tar"), (".tbz2", ".tar"), (".tbz", ".tar"), (".txz", ".tar"), (".tzst", ".tar")]
        where lower.hasSuffix(suffix) {
            return String(name.dropLast(suffix.count)) + replacement
        }
        for suffix in [".gz", ".gzip", ".bz2", ".xz", ".zst", ".zstd", ".lz4", ".lz", ".z"] where lower.hasSuffix(suffix) && lower.count > suffix.count {
            return String(name.dropLast(suffix.count))
        }
        return name + ".decompressed"
    }
}
