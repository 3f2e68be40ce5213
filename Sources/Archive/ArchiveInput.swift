// Where an archive's compressed bytes come from: a file on disk, or the data of an entry of another archive.

/// Supplies an archive's raw bytes block by block. Implementations own the returned memory, which must
/// stay valid until the next call. An empty buffer means end of input.
public protocol ArchiveInput: AnyObject {
    func read() throws -> UnsafeRawBufferPointer
    /// Repositions the input (whence as in lseek); nil when the input cannot seek.
    func seek(offset: Int64, whence: Int32) -> Int64?
    /// Whether `seek` can work; libarchive's seekable readers (ZIP central directory, 7z) need it.
    var canSeek: Bool { get }
}

extension ArchiveInput {
    public func seek(offset: Int64, whence: Int32) -> Int64? { nil }
    public var canSeek: Bool { false }
}
