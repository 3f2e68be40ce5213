// Feeds libarchive from a file descriptor opened read-only, one fixed buffer at a time.

#if canImport(Glibc)
import Glibc
#endif

public final class FileArchiveInput: ArchiveInput {
    private let fd: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private let seekable: Bool
    /// Called with every block served, in order, while reading is sequential (used to hash the source as it streams).
    public var observer: ((UnsafeRawBufferPointer) -> Void)?
    /// True once a seek made the served blocks non-sequential; observers must then not trust what they saw.
    public private(set) var didSeek = false

    /// Linux's O_NOATIME (Glibc hides it behind _GNU_SOURCE): reading evidence must not change its access time.
    public static let noAccessTimeFlag: Int32 = 0o1000000

    public init(path: String, blockSize: Int = 1 << 20, seekable: Bool = true) throws {
        var fd = open(path, O_RDONLY | O_CLOEXEC | Self.noAccessTimeFlag)
        // O_NOATIME is refused (EPERM) on files the caller does not own unless privileged.
        if fd < 0 && errno == EPERM { fd = open(path, O_RDONLY | O_CLOEXEC) }
        guard fd >= 0 else {
            throw ArchiveError(code: .inputFailed, message: "cannot open \(path): \(String(cString: strerror(errno)))", errno: errno)
        }
        self.fd = fd
        self.seekable = seekable
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: blockSize, alignment: 64)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    public var canSeek: Bool { seekable }

    public func read() throws -> UnsafeRawBufferPointer {
        while true {
            let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw ArchiveError(code: .inputFailed, message: String(cString: strerror(errno)), errno: errno)
            }
            let block = UnsafeRawBufferPointer(start: buffer.baseAddress, count: count)
            observer?(block)
            return block
        }
    }

    public func seek(offset: Int64, whence: Int32) -> Int64? {
        didSeek = true
        let result = lseek(fd, off_t(offset), whence)
        return result < 0 ? nil : Int64(result)
    }
}
