// Feeds libarchive from bytes already in memory (fuzzing, small nested archives), in blocks, with seeking.

public final class MemoryArchiveInput: ArchiveInput {
    private let bytes: UnsafeMutableRawBufferPointer
    private let count: Int
    private let blockSize: Int
    private var position = 0

    /// Copies `bytes`: libarchive may hold a served block until the next read, after the caller's buffer is gone.
    /// Small blocks make libarchive cross block boundaries as it does with a file.
    public init(bytes: UnsafeRawBufferPointer, blockSize: Int = 1 << 16) {
        self.bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 16)
        if let base = bytes.baseAddress, bytes.count > 0 {
            self.bytes.baseAddress?.copyMemory(from: base, byteCount: bytes.count)
        }
        self.blockSize = max(blockSize, 1)
        count = bytes.count
    }

    deinit { bytes.deallocate() }

    public var canSeek: Bool { true }

    public func read() throws -> UnsafeRawBufferPointer {
        let length = min(blockSize, count - position)
        guard length > 0, let base = bytes.baseAddress else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        let block = UnsafeRawBufferPointer(start: base + position, count: length)
        position += length
        return block
    }

    public func seek(offset: Int64, whence: Int32) -> Int64? {
        // whence as in lseek: 0 SEEK_SET, 1 SEEK_CUR, 2 SEEK_END.
        let origin: Int64
        switch whence {
        case 0: origin = 0
        case 1: origin = Int64(position)
        case 2: origin = Int64(count)
        default: return nil
        }
        let (target, overflow) = origin.addingReportingOverflow(offset)
        guard !overflow, target >= 0, target <= Int64(count) else { return nil }
        position = Int(target)
        return target
    }
}
