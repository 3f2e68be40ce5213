// Streams one file's content once: hashes every byte (SHA-256 + MD5), keeps the head for type identification,
// fills sparse holes with zeros, optionally copies to scratch, and can replay itself as a nested archive's input.

import Archive
import Crypto
import EvidenceModel
#if canImport(Glibc)
import Glibc
#endif

/// A block of content: bytes valid until the next pull, at a logical offset (a gap before it is a hole).
struct ContentBlock {
    var bytes: UnsafeRawBufferPointer
    var offset: Int64?
}

final class ContentStream {
    typealias Pull = () throws -> ContentBlock?

    private let pull: Pull
    private var sha256 = SHA256()
    private var md5 = Insecure.MD5()
    private(set) var position: Int64 = 0
    /// Bytes that came from data blocks (holes excluded): what counts towards expansion limits.
    private(set) var dataBytes: Int64 = 0
    private let headBuffer: UnsafeMutableRawBufferPointer
    private(set) var headCount = 0
    /// Part of the last served block not yet handed to a replaying consumer.
    private var pending = UnsafeRawBufferPointer(start: nil, count: 0)
    /// A pulled block held back while the hole before it is served as zeros.
    private var deferred: ContentBlock?
    /// For sparse entries: the logical size, so a trailing hole is served as zeros too.
    var logicalSize: Int64?
    private(set) var reachedEnd = false
    private(set) var failure: Error?
    private var spillFD: Int32 = -1
    private(set) var spillError: String?
    /// Called with the number of data bytes each time a data block is consumed (limits and progress); may throw to stop.
    var onData: ((Int64) throws -> Void)?
    /// Called with the number of zero bytes served for a sparse hole; may throw to stop (a hole's size comes from
    /// the evidence, so it must count against the limits too).
    var onHole: ((Int64) throws -> Void)?
    /// Sees every data block as it is consumed (the indicator scanner).
    var onContent: ((UnsafeRawBufferPointer) -> Void)?
    /// A copy of the whole content (holes as zeros) while it stays within `copyLimit` bytes: YARA needs the bytes
    /// contiguous. Nil when not started or once the content grew past the limit (`copyOverflowed`).
    private(set) var copy: [UInt8]?
    private var copyLimit = 0
    private(set) var copyOverflowed = false

    init(headLimit: Int, pull: @escaping Pull) {
        self.pull = pull
        headBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(headLimit, 1), alignment: 16)
    }

    deinit {
        if spillFD >= 0 { close(spillFD) }
        headBuffer.deallocate()
    }

    var head: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: headBuffer[0..<headCount]) }
    var headArray: [UInt8] { Array(head) }

    /// Reads until the head is full or the content ends. Failures are kept, not thrown.
    func fillHead() {
        while headCount < headBuffer.count && !reachedEnd && failure == nil {
            guard let block = nextBlock() else { return }
            let take = min(headBuffer.count - headCount, block.count)
            if take > 0, let base = block.baseAddress, let target = headBuffer.baseAddress {
                (target + headCount).copyMemory(from: base, byteCount: take)
            }
            headCount += take
            pending = UnsafeRawBufferPointer(rebasing: block[take...])
        }
    }

    /// Reads and hashes everything left. Failures are kept, not thrown.
    func drain() {
        pending = UnsafeRawBufferPointer(start: nil, count: 0)
        while !reachedEnd && failure == nil {
            guard nextBlock() != nil else { return }
        }
    }

    /// Starts keeping the content in memory, up to `limit` bytes: what was read so far, then everything after.
    func startCopy(limit: Int) {
        let sofar = headCount + pending.count
        guard position == Int64(sofar) else {
            copyOverflowed = true
            return
        }
        guard sofar <= limit else {
            copyOverflowed = true
            return
        }
        copyLimit = limit
        var bytes = Array(head)
        bytes += Array(pending)
        copy = bytes
    }

    /// Starts copying the content to a scratch file: what was read so far, then everything after.
    func spill(to path: String) -> Bool {
        guard position == Int64(headCount) + Int64(pending.count) else {
            spillError = "content was read past its head before spilling"
            return false
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            spillError = "cannot create scratch file: \(String(cString: strerror(errno)))"
            return false
        }
        spillFD = fd
        writeSpill(head)
        writeSpill(pending)
        return spillFD >= 0
    }

    func finishSpill() {
        if spillFD >= 0 {
            close(spillFD)
            spillFD = -1
        }
    }

    /// True when the content was read to its end without a failure.
    var isComplete: Bool { reachedEnd && failure == nil }

    func digests() -> (sha256: String, md5: String) {
        (hexString(sha256.finalize()), hexString(md5.finalize()))
    }

    /// Serves the next piece of content (a block, or zeros for a hole) after hashing it.
    private func nextBlock() -> UnsafeRawBufferPointer? {
        do {
            var block: ContentBlock
            if let held = deferred {
                block = held
                deferred = nil
            } else if let pulled = try pull() {
                block = pulled
            } else if let logicalSize, logicalSize > position {
                block = ContentBlock(bytes: UnsafeRawBufferPointer(start: nil, count: 0), offset: logicalSize)
                deferred = nil
                return try serveHole(upTo: logicalSize, holding: nil)
            } else {
                reachedEnd = true
                return nil
            }
            if let offset = block.offset, offset > position {
                return try serveHole(upTo: offset, holding: block)
            }
            try consume(block.bytes, isData: true)
            return block.bytes
        } catch {
            failure = error
            return nil
        }
    }

    private func serveHole(upTo offset: Int64, holding block: ContentBlock?) throws -> UnsafeRawBufferPointer {
        let chunk = Int(min(offset - position, Int64(ContentStream.zeros.count)))
        deferred = block
        let zeros = UnsafeRawBufferPointer(rebasing: ContentStream.zeros[0..<chunk])
        try consume(zeros, isData: false)
        return zeros
    }

    private func consume(_ bytes: UnsafeRawBufferPointer, isData: Bool) throws {
        guard bytes.count > 0 else { return }
        sha256.update(bufferPointer: bytes)
        md5.update(bufferPointer: bytes)
        position += Int64(bytes.count)
        if spillFD >= 0 { writeSpill(bytes) }
        if copy != nil {
            if (copy?.count ?? 0) + bytes.count > copyLimit {
                copy = nil
                copyOverflowed = true
            } else {
                copy?.append(contentsOf: bytes)
            }
        }
        if isData {
            onContent?(bytes)
            dataBytes += Int64(bytes.count)
            try onData?(Int64(bytes.count))
        } else {
            try onHole?(Int64(bytes.count))
        }
    }

    private func writeSpill(_ bytes: UnsafeRawBufferPointer) {
        guard spillFD >= 0, var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = write(spillFD, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                spillError = "scratch write failed: \(String(cString: strerror(errno)))"
                close(spillFD)
                spillFD = -1
                return
            }
            remaining -= written
            base = base.advanced(by: written)
        }
    }

    private static let zeros: UnsafeRawBufferPointer = {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 64)
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        return UnsafeRawBufferPointer(buffer)
    }()

    /// An archive input that serves this stream's content from its start: the head, then the rest.
    func replayInput() -> ArchiveInput { ReplayInput(stream: self) }

    private final class ReplayInput: ArchiveInput {
        private let stream: ContentStream
        private var servedHead = false
        private var servedPending = false
        init(stream: ContentStream) { self.stream = stream }

        func read() throws -> UnsafeRawBufferPointer {
            if !servedHead {
                servedHead = true
                if stream.headCount > 0 { return stream.head }
            }
            if !servedPending {
                servedPending = true
                let block = stream.pending
                stream.pending = UnsafeRawBufferPointer(start: nil, count: 0)
                if block.count > 0 { return block }
            }
            if stream.reachedEnd { return UnsafeRawBufferPointer(start: nil, count: 0) }
            if let failure = stream.failure { throw failure }
            guard let block = stream.nextBlock() else {
                if let failure = stream.failure { throw failure }
                return UnsafeRawBufferPointer(start: nil, count: 0)
            }
            return block
        }
    }
}
