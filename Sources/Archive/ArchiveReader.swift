// The owning Swift wrapper around a libarchive read handle: formats, callbacks, headers and data blocks.

import CLibArchive
#if canImport(Glibc)
import Glibc
#endif

public final class ArchiveReader {
    /// Which formats the reader may recognise.
    public enum Formats: Sendable {
        /// The binary archive formats Custody expands (see the support calls below), behind every compression filter.
        case archives
        /// The same, plus "raw": a compressed stream that holds no archive yields one entry with its content.
        case archivesOrRawStream
    }

    /// A block of entry data. `bytes` points into libarchive's memory and is valid until the next read.
    public struct Block {
        public let bytes: UnsafeRawBufferPointer
        /// Offset of the block in the entry's logical content; a gap before it is a hole (sparse entry).
        public let offset: Int64
    }

    private let handle: OpaquePointer
    private let input: ArchiveInput
    private var inputError: Error?
    private var isOpen = false

    public init(input: ArchiveInput, formats: Formats, passphrases: [String] = []) throws {
        guard let handle = archive_read_new() else {
            throw ArchiveError(code: .openFailed, message: "libarchive could not allocate a reader")
        }
        self.handle = handle
        self.input = input
        archive_read_support_filter_all(handle)
        // Binary archive formats only: text formats (mtree, warc) would claim ordinary text as an archive.
        archive_read_support_format_7zip(handle)
        archive_read_support_format_cab(handle)
        archive_read_support_format_cpio(handle)
        // An empty compressed stream (a gzip of an empty file) is an empty archive, not damage.
        archive_read_support_format_empty(handle)
        archive_read_support_format_iso9660(handle)
        archive_read_support_format_lha(handle)
        archive_read_support_format_rar(handle)
        archive_read_support_format_rar5(handle)
        archive_read_support_format_tar(handle)
        archive_read_support_format_xar(handle)
        archive_read_support_format_zip(handle)
        if case .archivesOrRawStream = formats {
            archive_read_support_format_raw(handle)
        }
        for phrase in passphrases {
            archive_read_add_passphrase(handle, phrase)
        }
        let client = Unmanaged.passUnretained(self).toOpaque()
        if input.canSeek {
            archive_read_set_seek_callback(handle, archiveSeekCallback)
        }
        let status = archive_read_open2(handle, client, nil, archiveReadCallback, archiveSkipCallback, nil)
        if status != ARCHIVE_OK {
            throw currentError(code: .openFailed)
        }
        isOpen = true
    }

    deinit {
        if isOpen { archive_read_close(handle) }
        archive_read_free(handle)
    }

    /// The format libarchive recognised, e.g. "ZIP 2.0 (deflation)" or "GNU tar format" (after the first header).
    public var formatName: String? {
        guard let name = archive_format_name(handle) else { return nil }
        return String(cString: name)
    }

    /// The compression filters in the order they are applied to the input, e.g. ["gzip"].
    public var filterNames: [String] {
        let count = archive_filter_count(handle)
        guard count > 1 else { return [] }
        return (0..<(count - 1)).compactMap { index in
            archive_filter_name(handle, index).map { String(cString: $0) }
        }
    }

    /// Raw (compressed) bytes consumed from the input so far.
    public var compressedBytesConsumed: Int64 { archive_filter_bytes(handle, -1) }

    /// Reads the next header. Returns nil at the end of the archive. A non-fatal problem with this header is
    /// returned as `warning`; a fatal one throws.
    public func nextEntry() throws -> (entry: ArchiveEntry, warning: String?)? {
        var entryPointer: OpaquePointer?
        let status = archive_read_next_header(handle, &entryPointer)
        switch status {
        case ARCHIVE_EOF:
            return nil
        case ARCHIVE_OK, ARCHIVE_WARN:
            guard let entryPointer else { throw ArchiveError(code: .fatal, message: "libarchive returned no entry") }
            let warning = status == ARCHIVE_WARN ? currentMessage() : nil
            return (Self.snapshot(entryPointer), warning)
        case ARCHIVE_FAILED, ARCHIVE_RETRY:
            if let entryPointer {
                return (Self.snapshot(entryPointer), currentMessage() ?? "entry header damaged")
            }
            throw currentError(code: .headerFailed)
        default:
            throw currentError(code: .fatal)
        }
    }

    /// Reads the next block of the current entry's data; nil at the end of the entry.
    public func readBlock() throws -> Block? {
        var buffer: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        let status = archive_read_data_block(handle, &buffer, &size, &offset)
        switch status {
        case ARCHIVE_EOF:
            return nil
        case ARCHIVE_OK, ARCHIVE_WARN:
            if status == ARCHIVE_WARN, let message = currentMessage() {
                dataWarnings.append(message)
            }
            guard let buffer, size > 0 else {
                return Block(bytes: UnsafeRawBufferPointer(start: nil, count: 0), offset: offset)
            }
            return Block(bytes: UnsafeRawBufferPointer(start: buffer, count: size), offset: offset)
        case ARCHIVE_FATAL:
            throw currentError(code: .fatal)
        default:
            let message = currentMessage() ?? "entry data unreadable"
            let code: ArchiveError.Code = message.lowercased().contains("encrypt") ? .encrypted : .dataFailed
            throw ArchiveError(code: code, message: message, errno: archive_errno(handle))
        }
    }

    /// Problems libarchive reported while still returning data (e.g. "ZIP bad CRC"); cleared by `takeDataWarnings`.
    private var dataWarnings: [String] = []

    public func takeDataWarnings() -> [String] {
        defer { dataWarnings.removeAll() }
        return dataWarnings
    }

    /// Whether the archive has reported encrypted entries (1), none (0), or cannot tell yet (negative).
    public var encryptedEntriesState: Int32 { archive_read_has_encrypted_entries(handle) }

    private func currentMessage() -> String? {
        if let inputError { return "input failed: \(inputError)" }
        guard let message = archive_error_string(handle) else { return nil }
        return String(cString: message)
    }

    private func currentError(code: ArchiveError.Code) -> ArchiveError {
        let message = currentMessage() ?? "unknown libarchive error"
        let resolved: ArchiveError.Code = inputError != nil ? .inputFailed
            : (message.lowercased().contains("passphrase") || message.lowercased().contains("encrypt")) ? .encrypted : code
        return ArchiveError(code: resolved, message: message, errno: archive_errno(handle))
    }

    fileprivate func performRead(_ out: UnsafeMutablePointer<UnsafeRawPointer?>?) -> Int {
        do {
            let block = try input.read()
            out?.pointee = block.baseAddress
            return block.count
        } catch {
            inputError = error
            return -1
        }
    }

    fileprivate func performSeek(offset: Int64, whence: Int32) -> Int64 {
        input.seek(offset: offset, whence: whence) ?? Int64(ARCHIVE_FATAL)
    }

    private static func snapshot(_ entry: OpaquePointer) -> ArchiveEntry {
        func bytes(_ pointer: UnsafePointer<CChar>?) -> [UInt8]? {
            guard let pointer else { return nil }
            return Array(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)))
        }
        func time(_ isSet: Int32, _ seconds: time_t, _ nanos: Int, zeroMeansUnset: Bool = false) -> ArchiveEntry.Time? {
            guard isSet != 0 else { return nil }
            // libarchive's zip reader reports access/change/birth times of 0 when the archive has none.
            if zeroMeansUnset && seconds == 0 && nanos == 0 { return nil }
            return ArchiveEntry.Time(seconds: Int64(seconds), nanoseconds: Int64(nanos))
        }
        // archive_entry.h's AE_IF* values (the POSIX ones), spelled out: their macros carry casts Swift cannot import.
        let fileType = UInt32(archive_entry_filetype(entry)) & 0o170000
        var kind: ArchiveEntry.Kind
        switch fileType {
        case 0o100000: kind = .file
        case 0o040000: kind = .directory
        case 0o120000: kind = .symlink
        case 0o010000: kind = .fifo
        case 0o020000: kind = .characterDevice
        case 0o060000: kind = .blockDevice
        case 0o140000: kind = .socket
        default: kind = .unknown
        }
        let hardlink = bytes(archive_entry_hardlink(entry))
        // A hard link that carries the data (cpio newc puts it on the last link) is read as a file.
        let carriesData = archive_entry_size_is_set(entry) != 0 && archive_entry_size(entry) > 0
        if hardlink != nil && !carriesData { kind = .hardlink }
        let pathBytes = bytes(archive_entry_pathname(entry)) ?? []
        let sparseCount = Int(archive_entry_sparse_reset(entry))
        return ArchiveEntry(
            pathBytes: pathBytes,
            kind: kind,
            declaredSize: archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil,
            mode: UInt32(archive_entry_mode(entry)),
            uid: archive_entry_uid(entry),
            gid: archive_entry_gid(entry),
            userName: archive_entry_uname(entry).map { String(cString: $0) },
            groupName: archive_entry_gname(entry).map { String(cString: $0) },
            modified: time(archive_entry_mtime_is_set(entry), archive_entry_mtime(entry), archive_entry_mtime_nsec(entry)),
            accessed: time(archive_entry_atime_is_set(entry), archive_entry_atime(entry), archive_entry_atime_nsec(entry), zeroMeansUnset: true),
            changed: time(archive_entry_ctime_is_set(entry), archive_entry_ctime(entry), archive_entry_ctime_nsec(entry), zeroMeansUnset: true),
            created: time(archive_entry_birthtime_is_set(entry), archive_entry_birthtime(entry), archive_entry_birthtime_nsec(entry), zeroMeansUnset: true),
            symlinkTarget: bytes(archive_entry_symlink(entry)),
            hardlinkTarget: hardlink,
            isDataEncrypted: archive_entry_is_data_encrypted(entry) == 1,
            isMetadataEncrypted: archive_entry_is_metadata_encrypted(entry) == 1,
            sparseRegions: sparseCount
        )
    }
}

private func reader(_ client: UnsafeMutableRawPointer?) -> ArchiveReader? {
    guard let client else { return nil }
    return Unmanaged<ArchiveReader>.fromOpaque(client).takeUnretainedValue()
}

private let archiveReadCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, UnsafeMutablePointer<UnsafeRawPointer?>?) -> la_ssize_t = { _, client, out in
    guard let reader = reader(client) else { return -1 }
    return la_ssize_t(reader.performRead(out))
}

// Skipping by reading keeps every byte flowing through the input, so an input that hashes what it serves
// sees the whole stream.
private let archiveSkipCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, la_int64_t) -> la_int64_t = { _, _, _ in
    0
}

private let archiveSeekCallback: @convention(c) (OpaquePointer?, UnsafeMutableRawPointer?, la_int64_t, Int32) -> la_int64_t = { _, client, offset, whence in
    guard let reader = reader(client) else { return la_int64_t(ARCHIVE_FATAL) }
    return reader.performSeek(offset: offset, whence: whence)
}
