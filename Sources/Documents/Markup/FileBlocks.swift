// Reads an evidence file in fixed-size blocks, so a multi-gigabyte file is never loaded whole.

import Foundation

final class FileBlocks {
    static let blockSize = 1 << 16
    private let handle: FileHandle
    let size: Int64
    private(set) var offset: Int64 = 0

    /// Opens `path`, refusing files over the input limit.
    init(path: String, limits: DocumentLimits) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw DocumentError(code: .unreadable, message: "cannot open the file")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        guard size <= limits.maxInputBytes else {
            try? handle.close()
            throw DocumentError(code: .tooLarge, message: "file of \(size) bytes is over the input limit of \(limits.maxInputBytes)")
        }
        self.handle = handle
        self.size = size
    }

    deinit { try? handle.close() }

    /// The next block; empty at the end of the file.
    func next(_ count: Int = FileBlocks.blockSize) -> [UInt8] {
        guard let data = try? handle.read(upToCount: max(1, count)), !data.isEmpty else { return [] }
        offset += Int64(data.count)
        return [UInt8](data)
    }

    /// Up to `count` bytes from the current position (fewer at the end of the file).
    func read(upTo count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        while bytes.count < count {
            let block = next(min(FileBlocks.blockSize, count - bytes.count))
            if block.isEmpty { break }
            bytes += block
        }
        return bytes
    }

    /// Skips `count` bytes (a bounded `\bin` payload, say) without reading them.
    func skip(_ count: Int64) {
        let target = min(size, offset + max(0, count))
        guard (try? handle.seek(toOffset: UInt64(target))) != nil else { return }
        offset = target
    }
}

/// Pulls bytes one at a time from `FileBlocks`, for the byte-level tokenizers (RTF, mbox lines).
/// A struct so that the per-byte index updates need no runtime exclusivity checks.
struct ByteStream {
    private let blocks: FileBlocks
    private var buffer: [UInt8] = []
    private var index = 0

    init(_ blocks: FileBlocks, prefix: [UInt8] = []) {
        self.blocks = blocks
        buffer = prefix
    }

    @inline(__always) mutating func next() -> UInt8? {
        if index >= buffer.count && !refill() { return nil }
        defer { index += 1 }
        return buffer[index]
    }

    @inline(__always) mutating func peek() -> UInt8? {
        if index >= buffer.count && !refill() { return nil }
        return buffer[index]
    }

    /// Skips `count` bytes, from the buffer first and then from the file.
    mutating func skip(_ count: Int64) {
        let inBuffer = Int64(buffer.count - index)
        if count <= inBuffer {
            index += Int(count)
            return
        }
        blocks.skip(count - inBuffer)
        buffer = []
        index = 0
    }

    /// The next line without its LF (a CR before it is kept); nil at the end. A line longer than `maxLength`
    /// comes back in pieces of `maxLength`, so a file without newlines cannot grow one line without bound.
    mutating func line(maxLength: Int) -> (bytes: [UInt8], ended: Bool)? {
        var line: [UInt8] = []
        while true {
            if index >= buffer.count && !refill() { return line.isEmpty ? nil : (line, false) }
            if let newline = buffer[index...].firstIndex(of: 0x0A) {
                let room = maxLength - line.count
                if newline - index > room {
                    line += buffer[index..<(index + room)]
                    index += room
                    return (line, false)
                }
                line += buffer[index..<newline]
                index = newline + 1
                return (line, true)
            }
            let room = maxLength - line.count
            let available = buffer.count - index
            if available >= room {
                line += buffer[index..<(index + room)]
                index += room
                return (line, false)
            }
            line += buffer[index...]
            index = buffer.count
        }
    }

    private mutating func refill() -> Bool {
        buffer = blocks.next()
        index = 0
        return !buffer.isEmpty
    }
}
