// Walks one exhibit's source on a single thread — directory tree, archive, nested containers — reading each
// byte once, and emits every file (and every problem) as numbered events in a reproducible order.

import Archive
import Crypto
import EvidenceModel
import EvidenceStore
import Foundation
import Yara
import Indicators
#if canImport(Glibc)
import Glibc
#endif

/// Thrown to leave a stage skipped because it crashed in an earlier run.
private struct SkippedStage: Error {}

final class ExhibitReader {
    struct SourceDigest {
        var size: Int64
        var sha256: String
        var md5: String
    }

    private let exhibit: ExhibitRecord
    private let limits: Limits
    private let headLimit: Int
    private let scratch: ScratchSpace
    private let progress: ProgressCounters
    /// Hands an event on; false means the pipeline has stopped and reading should end.
    private let emit: (IngestEvent) -> Bool
    /// Receives each spilled SQLite database with its sidecars once the container holding them is done.
    var onSpilledDatabase: ((SpilledDatabase) -> Void)?
    /// Keeps the files extractors need and notes encrypted stores; nil when extraction is off.
    var collector: ExtractionCollector?
    /// Scans the bytes of every file that is not expanded as a container for indicators.
    var scanIndicators = false
    /// Most indicator sightings kept per file (a limit, recorded when reached).
    var maxIndicatorsPerFile = 100_000
    /// Called (once per file, on the reader thread) when one file's findings reach `findingsBeforeDrain`: the
    /// caller lets the writer record every finding already in flight, so at most one file's findings are held.
    var onManyFindings: (() -> Void)?
    var findingsBeforeDrain = 20_000
    /// Records the file and stage the reader thread is in; knows the stages that crashed in earlier runs.
    var journal = CrashJournal()
    private var slot = CrashJournal().acquire()
    private var pendingIndicators: [Int64: [PendingIndicator]] = [:]
    /// Analysts' YARA rules, run over the bytes of every file that is not expanded as a container.
    var yara: YaraRules?
    /// Files up to this size are kept in memory for YARA; larger ones are copied to scratch and scanned there.
    static let yaraCopyLimit = 32 << 20
    private var pendingFindings: [Int64: [FindingRecord]] = [:]

    private var nextPreorderIndex: Int64 = 0
    private var nextOrdinal: Int64 = 0
    private var expandedTotal: Int64 = 0
    private var frames: [ContainerFrame] = []
    private var cancelled = false
    private var exhibitRoot = ""
    /// Spilled files awaiting grouping, per enclosing container or directory (keyed by its file id; -1 = top).
    private var spills: [Int64: [(name: String, fileId: Int64, path: EvidencePath, scratchPath: String)]] = [:]
    private let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 64)

    init(exhibit: ExhibitRecord, limits: Limits, headLimit: Int, scratch: ScratchSpace, progress: ProgressCounters,
         emit: @escaping (IngestEvent) -> Bool) {
        self.exhibit = exhibit
        self.limits = limits
        self.headLimit = headLimit
        self.scratch = scratch
        self.progress = progress
        self.emit = emit
        ExhibitReader.prepareProcess()
    }

    deinit { readBuffer.deallocate() }

    /// Process settings libarchive depends on, so results are the same on every machine.
    static func prepareProcess() {
        // libarchive converts pax/zip UTF-8 names to the locale's multibyte form; a UTF-8 locale keeps them intact.
        setlocale(LC_CTYPE, "C.UTF-8")
        // ZIP and other DOS-time formats store zone-less local times, which libarchive converts with the local
        // zone: read them as UTC so the same archive gives the same times (and chain head) on every machine.
        setenv("TZ", "UTC", 1)
        tzset()
    }

    /// `read` on a thread with a 1 GiB stack (reserved, not used): the walk recurses once per directory level and
    /// per nested container, and a hostile tree is thousands of levels deep.
    func readOnLargeStack(sourcePath path: String, kind: SourceKind) -> SourceDigest? {
        final class Box: @unchecked Sendable { var digest: SourceDigest? }
        let result = Box()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            result.digest = read(sourcePath: path, kind: kind)
            done.signal()
        }
        thread.stackSize = 1 << 30
        thread.start()
        done.wait()
        return result.digest
    }

    /// Reads the source at `path` as this exhibit; returns the source file's own digests (nil for a directory).
    func read(sourcePath path: String, kind: SourceKind) -> SourceDigest? {
        exhibitRoot = path
        slot = journal.acquire()
        defer { slot.release() }
        let root = EvidencePath(label: exhibit.label)
        switch kind {
        case .directory:
            var record = FileRecord(id: allocateId(), exhibitId: exhibit.id, parentId: nil, entryIndex: 0, depth: 0,
                                    path: root, nameRaw: Array(exhibit.sourceName.utf8), kind: .directory)
            applyStat(path, to: &record)
            var warnings: [WarningRecord] = []
            if let failure = walkDirectory(Array(path.utf8), evidencePath: root, parentId: record.id) {
                record.mark(.error, failure)
                warnings.append(warning(record.id, .unreadable, "\(root): \(failure)"))
            }
            finishSpills(key: record.id)
            emitFile(record, warnings: warnings, head: nil)
            return nil
        case .archive:
            return readArchiveSource(path, root: root)
        case .file:
            var record = FileRecord(id: allocateId(), exhibitId: exhibit.id, parentId: nil, entryIndex: 0, depth: 0,
                                    path: root, nameRaw: Array(exhibit.sourceName.utf8), kind: .file)
            var warnings: [WarningRecord] = []
            applyStat(path, to: &record)
            let head = readFile(path, record: &record, warnings: &warnings, depth: 0, spillKey: -1, name: exhibit.sourceName)
            finishSpills(key: -1)
            emitFile(record, warnings: warnings, head: head)
            guard record.status == .ok || record.status == .limit, let sha = record.sha256, let md5 = record.md5 else { return nil }
            return SourceDigest(size: record.size ?? 0, sha256: sha, md5: md5)
        }
    }

    // MARK: - Sources

    /// The source archive is the exhibit's root file: its entries are its children, its hashes are the source's.
    private func readArchiveSource(_ path: String, root: EvidencePath) -> SourceDigest? {
        var record = FileRecord(id: allocateId(), exhibitId: exhibit.id, parentId: nil, entryIndex: 0, depth: 0,
                                path: root, nameRaw: Array(exhibit.sourceName.utf8), kind: .file)
        applyStat(path, to: &record)
        var warnings: [WarningRecord] = []
        let input: FileArchiveInput
        do {
            input = try FileArchiveInput(path: path, seekable: true)
        } catch {
            record.mark(.error, "cannot open the source: \(error)")
            emitFile(record, warnings: [warning(record.id, .unreadable, "\(root): cannot open the source: \(error)")], head: nil)
            return nil
        }
        var sha = SHA256()
        var md5 = Insecure.MD5()
        var served: Int64 = 0
        var head: [UInt8] = []
        input.observer = { block in
            sha.update(bufferPointer: block)
            md5.update(bufferPointer: block)
            served += Int64(block.count)
            if head.count < self.headLimit { head.append(contentsOf: block.prefix(self.headLimit - head.count)) }
            self.progress.addSourceBytes(Int64(block.count))
        }
        let frame = ContainerFrame(fileId: record.id, path: root, identity: nil, consumed: { served })
        do {
            // "raw" (one decompressed child) only for a compressed stream: another container libarchive cannot
            // read is damage, not a stream.
            let isStream = IngestJob.signature(path, name: exhibit.sourceName)?.isCompressedStream ?? false
            if let crash = journal.crash(.expand, fileId: record.id), crash.detail == 0 {
                // The earlier run died opening it: only its bytes are read (below), for the hashes.
                skip(crash, record: &record, warnings: &warnings)
                throw SkippedStage()
            }
            slot.begin(.expand, fileId: record.id, subject: "\(root)#0")
            let reader: ArchiveReader
            do {
                defer { slot.end() }
                reader = try ArchiveReader(input: input, formats: isStream ? .archivesOrRawStream : .archives)
            }
            frames.append(frame)
            let outcome = expand(reader, frame: frame, parentPath: root, childDepth: 1, rawChildName: exhibit.sourceName)
            frames.removeLast()
            if let crash = frame.crashCut { skip(crash, record: &record, warnings: &warnings) }
            record.containerFormat = outcome.format
            for note in frame.notes { warnings.append(warning(record.id, .limitReached, "\(root): \(note)")) }
            if let failure = outcome.failure {
                record.mark(failure.code == .encrypted ? .encrypted : .error, "container damaged after \(frame.entries) entries: \(failure.message)")
                warnings.append(warning(record.id, .containerDamaged, "\(root): the source archive is damaged after \(frame.entries) entries: \(failure.message)"))
            }
            if let stop = frame.stopReason {
                record.mark(.limit, "expansion stopped: \(stop)")
                warnings.append(warning(record.id, .limitReached, "\(root): expansion stopped after \(frame.entries) entries: \(stop)"))
            }
        } catch is SkippedStage {
        } catch {
            record.mark(.error, "not expanded: the source could not be opened as an archive: \(error)")
            warnings.append(warning(record.id, .containerDamaged, "\(root): the source could not be opened as an archive: \(error)"))
        }
        finishSpills(key: record.id)
        // Hash the source in full: the part libarchive did not need, or all of it again if libarchive seeked.
        var digest: SourceDigest?
        do {
            if !input.didSeek {
                while try input.read().count > 0 {}
                digest = SourceDigest(size: served, sha256: hexString(sha.finalize()), md5: hexString(md5.finalize()))
            } else {
                input.observer = nil
                digest = try Self.digestFile(path)
            }
        } catch {
            record.mark(.error, "the source could not be read to its end: \(error)")
            warnings.append(warning(record.id, .unreadable, "\(root): the source could not be read to its end: \(error)"))
        }
        record.size = digest?.size
        record.sha256 = digest?.sha256
        record.md5 = digest?.md5
        emitFile(record, warnings: warnings, head: head, headIsWholeContent: false)
        return digest
    }

    static func digestFile(_ path: String) throws -> SourceDigest {
        let input = try FileArchiveInput(path: path, seekable: false)
        var sha = SHA256()
        var md5 = Insecure.MD5()
        var size: Int64 = 0
        while case let block = try input.read(), block.count > 0 {
            sha.update(bufferPointer: block)
            md5.update(bufferPointer: block)
            size += Int64(block.count)
        }
        return SourceDigest(size: size, sha256: hexString(sha.finalize()), md5: hexString(md5.finalize()))
    }

    // MARK: - Directories

    /// Walks a directory's entries as children of `parentId`; returns why it could not be listed, if it could not.
    /// - Parameter path: the directory's path as raw bytes (names on disk need not be UTF-8).
    private func walkDirectory(_ path: [UInt8], evidencePath: EvidencePath, parentId: Int64?) -> String? {
        let listing: [[UInt8]]
        switch Self.list(path) {
        case .success(let names): listing = names
        case .failure(let message): return "cannot list the directory: \(message)"
        }
        for (index, nameBytes) in listing.enumerated() {
            if cancelled { return nil }
            let display = EvidenceName.display(nameBytes)
            let childPath = evidencePath.appending(display.text)
            let fsPath = path + [0x2F] + nameBytes
            let cPath = Self.cString(fsPath)
            var record = FileRecord(id: allocateId(), exhibitId: exhibit.id, parentId: parentId, entryIndex: Int64(index),
                                    depth: 0, path: childPath, nameRaw: nameBytes, kind: .unknown)
            var warnings: [WarningRecord] = []
            if !display.isValidUTF8 {
                warnings.append(warning(record.id, .nonUTF8Name, "\(childPath): the name is not valid UTF-8; raw bytes kept in name_raw"))
            }
            var info = stat()
            guard lstat(cPath, &info) == 0 else {
                record.mark(.error, "cannot stat: \(String(cString: strerror(errno)))")
                warnings.append(warning(record.id, .unreadable, "\(childPath): cannot stat: \(String(cString: strerror(errno)))"))
                emitFile(record, warnings: warnings, head: nil)
                continue
            }
            Self.apply(info, to: &record)
            var head: [UInt8]?
            switch record.kind {
            case .file:
                head = readFile(cPath, record: &record, warnings: &warnings, depth: 0, spillKey: parentId ?? -1)
            case .directory:
                if let failure = walkDirectory(fsPath, evidencePath: childPath, parentId: record.id) {
                    record.mark(.error, failure)
                    warnings.append(warning(record.id, .unreadable, "\(childPath): \(failure)"))
                }
                finishSpills(key: record.id)
            case .symlink:
                let target = Self.readLink(cPath)
                record.linkTarget = target.map { EvidenceName.display($0).text }
                if let target, !linkResolves(target, inDirectory: path) {
                    warnings.append(warning(record.id, .brokenSymlink,
                                            "\(childPath): symbolic link to \(record.linkTarget ?? "?") whose target is not in the exhibit"))
                }
            default:
                warnings.append(warning(record.id, .specialFile, "\(childPath): \(record.kind.rawValue) recorded, not read"))
            }
            emitFile(record, warnings: warnings, head: head)
        }
        return nil
    }

    /// Whether a link target exists inside the exhibit: absolute targets are taken relative to the exhibit root,
    /// and every link met on the way is followed the same way (at most 40 hops), never through the examiner's
    /// disk, so the answer depends on the exhibit alone. Paths stay raw bytes throughout.
    private func linkResolves(_ target: [UInt8], inDirectory directory: [UInt8]) -> Bool {
        let root = Array(exhibitRoot.utf8)
        func split(_ bytes: [UInt8]) -> [[UInt8]] { bytes.split(separator: 0x2F).map(Array.init) }
        var pending = split(target)
        var resolved: [[UInt8]] = target.first == 0x2F ? [] : split(Array(directory.dropFirst(root.count)))
        var hops = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            if part == [0x2E] { continue }
            if part == [0x2E, 0x2E] {
                // Climbing above the exhibit's root leaves the exhibit.
                guard resolved.popLast() != nil else { return false }
                continue
            }
            resolved.append(part)
            var path = root
            for component in resolved { path += [0x2F] + component }
            let cPath = Self.cString(path)
            var info = stat()
            guard lstat(cPath, &info) == 0 else { return false }
            if info.st_mode & S_IFMT == S_IFLNK {
                hops += 1
                guard hops <= 40, let next = Self.readLink(cPath) else { return false }
                resolved.removeLast()
                if next.first == 0x2F { resolved = [] }
                pending = split(next) + pending
            }
        }
        return true
    }

    /// Opens without updating the access time where the kernel allows it (owner or root), so reading evidence
    /// does not change it.
    static func openEvidence(_ path: UnsafePointer<CChar>, flags: Int32) -> Int32 {
        let fd = open(path, flags | FileArchiveInput.noAccessTimeFlag)
        if fd < 0 && errno == EPERM { return open(path, flags) }
        return fd
    }

    private static func list(_ path: [UInt8]) -> Result<[[UInt8]], ListError> {
        let fd = openEvidence(cString(path), flags: O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0, let directory = fdopendir(fd) else {
            let message = String(cString: strerror(errno))
            if fd >= 0 { close(fd) }
            return .failure(ListError(message))
        }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw -> [UInt8] in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
        // Byte order, not locale order: the same tree lists the same way on every machine.
        return .success(names.sorted { $0.lexicographicallyPrecedes($1) })
    }

    private struct ListError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// A NUL-terminated C path from raw bytes.
    private static func cString(_ bytes: [UInt8]) -> [CChar] {
        bytes.map { CChar(bitPattern: $0) } + [0]
    }

    private static func readLink(_ path: [CChar]) -> [UInt8]? {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink(path, &buffer, buffer.count)
        guard count >= 0 else { return nil }
        return buffer.prefix(count).map { UInt8(bitPattern: $0) }
    }

    private func applyStat(_ path: String, to record: inout FileRecord) {
        var info = stat()
        if stat(path, &info) == 0 { Self.apply(info, to: &record) }
    }

    private static func apply(_ info: stat, to record: inout FileRecord) {
        switch info.st_mode & S_IFMT {
        case S_IFREG: record.kind = .file
        case S_IFDIR: record.kind = .directory
        case S_IFLNK: record.kind = .symlink
        case S_IFIFO: record.kind = .fifo
        case S_IFCHR: record.kind = .characterDevice
        case S_IFBLK: record.kind = .blockDevice
        case S_IFSOCK: record.kind = .socket
        default: record.kind = .unknown
        }
        // Of the examiner's file system, only what a faithful copy keeps (cp -p, rsync -a) is recorded: mode and
        // modification time. Access and change times and the owner describe the copy on this machine, not the
        // evidence, and would make the chain head depend on where the extraction was copied.
        record.mode = Int64(info.st_mode & 0o7777)
        record.declaredSize = record.kind == .file ? Int64(info.st_size) : nil
        record.modified = Timestamp(unixSeconds: Int64(info.st_mtim.tv_sec), nanoseconds: Int64(info.st_mtim.tv_nsec))
    }

    /// Reads a regular file of a directory source (or a single-file source); returns its head.
    private func readFile(_ path: UnsafePointer<CChar>, record: inout FileRecord, warnings: inout [WarningRecord],
                          depth: Int, spillKey: Int64, name: String? = nil) -> [UInt8]? {
        let fd = Self.openEvidence(path, flags: O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            let message = String(cString: strerror(errno))
            record.mark(.error, "cannot open: \(message)")
            warnings.append(warning(record.id, .unreadable, "\(record.path): cannot open: \(message)"))
            return nil
        }
        defer { close(fd) }
        let buffer = readBuffer
        let stream = ContentStream(headLimit: headLimit) {
            while true {
                let count = Glibc.read(fd, buffer.baseAddress, buffer.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw PipelineError(code: .sourceUnreadable, message: "read failed: \(String(cString: strerror(errno)))")
                }
                return count == 0 ? nil : ContentBlock(bytes: UnsafeRawBufferPointer(start: buffer.baseAddress, count: count), offset: nil)
            }
        }
        stream.onData = { [progress] count in progress.addSourceBytes(count) }
        return readContent(stream, record: &record, warnings: &warnings, depth: depth, spillKey: spillKey, name: name)
    }

    // MARK: - Content (shared by every kind of file)

    /// Identifies containers and databases from the head, expands or spills, then reads the rest and finalises
    /// size, hashes and status. Returns the head for type identification.
    /// - Parameter name: the file's own name when it differs from its path's last component (a relabelled source).
    private func readContent(_ stream: ContentStream, record: inout FileRecord, warnings: inout [WarningRecord],
                             depth: Int, spillKey: Int64, name: String? = nil) -> [UInt8]? {
        if let crash = journal.crash(.read, fileId: record.id) {
            skip(crash, record: &record, warnings: &warnings)
            return nil
        }
        slot.begin(.read, fileId: record.id, subject: "\(record.path)")
        defer { slot.end() }
        var scanner: IndicatorFileScanner?
        var found: [IndicatorFinding] = []
        var dropped = 0
        let cap = maxIndicatorsPerFile
        if scanIndicators, let crash = journal.crash(.scan, fileId: record.id) {
            skip(crash, record: &record, warnings: &warnings)
        } else if scanIndicators {
            let fileScanner = IndicatorFileScanner()
            scanner = fileScanner
            let (slot, fileId, path) = (self.slot, record.id, record.path)
            let (drainAt, drain) = (findingsBeforeDrain, onManyFindings)
            var drained = false
            stream.onContent = { block in
                slot.begin(.scan, fileId: fileId, subject: "\(path)")
                Self.keep(fileScanner.feed(block), in: &found, dropped: &dropped, cap: cap)
                slot.end()
                if !drained && found.count >= drainAt {
                    drained = true
                    drain?()
                }
            }
        }
        stream.fillHead()
        let name = name ?? record.path.lastComponent
        if let collector, stream.headCount > 0 { collector.inspect(fileId: record.id, path: record.path, head: stream.head) }
        // SQLite databases and their sidecars are scanned cell by cell after reading (table, rowid and column as
        // provenance); their raw pages would run one cell's text into the next.
        if scanner != nil && Self.needsWholeFile(head: stream.head, name: name) {
            stream.onContent = nil
            scanner = nil
            found = []
        }
        var spilled: String?
        var expanded = false
        // A container whose bytes fail early is still expanded as far as its bytes go: the entries before the
        // damage are evidence.
        if stream.headCount > 0, let signature = ContainerSignature.detect(stream.head, name: name) {
            // A container's own bytes are compressed or structured: its members are scanned instead.
            stream.onContent = nil
            scanner = nil
            found = []
            expanded = true
            if depth + 1 > limits.maxDepth {
                record.mark(.limit, "not expanded: nesting depth limit \(limits.maxDepth) reached")
                warnings.append(warning(record.id, .limitReached, "\(record.path): \(signature.rawValue) container not expanded: nesting depth limit \(limits.maxDepth) reached"))
            } else {
                let identity = hexString(SHA256.hash(data: stream.head)) + ":\(record.declaredSize ?? -1)"
                if frames.contains(where: { $0.identity == identity }) {
                    record.mark(.limit, "not expanded: the container repeats an enclosing container (recursive archive)")
                    warnings.append(warning(record.id, .limitReached, "\(record.path): recursive container not expanded"))
                } else {
                    expandNested(stream, signature: signature, identity: identity, record: &record, warnings: &warnings, depth: depth)
                }
            }
        } else if stream.failure == nil, onSpilledDatabase != nil || collector != nil,
                  Self.needsWholeFile(head: stream.head, name: name) || collector?.wantsWholeFile(head: stream.head, name: name) == true {
            let target = scratch.path(forFile: record.id)
            if stream.spill(to: target) {
                spilled = target
            } else {
                warnings.append(warning(record.id, .unreadable, "\(record.path): could not copy to scratch: \(stream.spillError ?? "unknown")"))
            }
        }
        // YARA sees a file's bytes whole: in memory up to a limit, else from a scratch copy (containers are not
        // scanned as such: their members are).
        var yaraSpill: String?
        let runsYara = yara != nil && !expanded && stream.failure == nil && journal.crash(.scan, fileId: record.id) == nil
        if runsYara && spilled == nil {
            if let size = record.declaredSize, size > Int64(Self.yaraCopyLimit) {
                let target = scratch.path(forFile: record.id) + ".yara"
                if stream.spill(to: target) { yaraSpill = target }
            } else {
                stream.startCopy(limit: Self.yaraCopyLimit)
            }
        }
        if !ancestorStopped() { stream.drain() }
        if let spilled {
            stream.finishSpill()
        }
        if let yaraSpill { stream.finishSpill() }
        if runsYara, let yara {
            runYara(yara, stream: stream, copyPath: spilled ?? yaraSpill, record: record, warnings: &warnings)
        }
        if let yaraSpill { scratch.remove(yaraSpill) }
        if let spilled {
            if stream.isComplete && stream.spillError == nil {
                spills[spillKey, default: []].append((name, record.id, record.path, spilled))
            } else {
                scratch.remove(spilled)
            }
        }
        finalize(stream, record: &record, warnings: &warnings)
        if let scanner {
            stream.onContent = nil
            slot.begin(.scan, fileId: record.id, subject: "\(record.path)")
            Self.keep(scanner.finish(), in: &found, dropped: &dropped, cap: cap)
            slot.end()
            if dropped > 0 {
                warnings.append(warning(record.id, .limitReached, "\(record.path): indicator sightings limit \(cap) reached; \(dropped) more not recorded"))
            }
            if !found.isEmpty { pendingIndicators[record.id] = found.map { PendingIndicator(finding: $0) } }
        }
        return stream.headArray
    }

    /// Runs the analysts' YARA rules over a file's bytes (its in-memory copy or its scratch copy).
    private func runYara(_ yara: YaraRules, stream: ContentStream, copyPath: String?, record: FileRecord,
                         warnings: inout [WarningRecord]) {
        guard stream.isComplete else { return }
        slot.begin(.scan, fileId: record.id, subject: "\(record.path)")
        defer { slot.end() }
        do {
            let matches: [YaraMatch]
            if let copyPath {
                let fd = open(copyPath, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else {
                    warnings.append(warning(record.id, .unreadable, "\(record.path): YARA not run: scratch copy unreadable"))
                    return
                }
                defer { close(fd) }
                matches = try yara.scan(fileDescriptor: fd)
            } else if let copy = stream.copy {
                matches = try copy.withUnsafeBytes { try yara.scan($0) }
            } else {
                warnings.append(warning(record.id, .limitReached, "\(record.path): YARA not run: content larger than \(Self.yaraCopyLimit) bytes could not be kept"))
                return
            }
            if !matches.isEmpty {
                pendingFindings[record.id] = matches.map {
                    DetectionPhase.yaraFinding($0, exhibitId: exhibit.id, fileId: record.id, documentId: nil, scope: .file,
                                               language: nil, rulePack: "yara sha256:\(yara.sha256)")
                }
            }
        } catch {
            warnings.append(warning(record.id, .unreadable, "\(record.path): YARA scan failed: \(error)"))
        }
    }

    /// Keeps indicator findings up to the per-file cap and counts the rest (recorded as a limit warning).
    private static func keep(_ hits: [IndicatorFinding], in found: inout [IndicatorFinding], dropped: inout Int, cap: Int) {
        let room = max(0, cap - found.count)
        found += hits.prefix(room)
        dropped += max(0, hits.count - room)
    }

    /// SQLite databases and their sidecars are needed whole by extractors.
    private static func needsWholeFile(head: UnsafeRawBufferPointer, name: String) -> Bool {
        if head.count >= 16, Array(head[0..<16]) == sqliteMagic { return true }
        return name.hasSuffix("-wal") || name.hasSuffix("-journal") || name.hasSuffix("-shm")
    }

    private static let sqliteMagic = Array("SQLite format 3\0".utf8)

    private func finalize(_ stream: ContentStream, record: inout FileRecord, warnings: inout [WarningRecord]) {
        record.size = stream.position
        if stream.isComplete {
            (record.sha256, record.md5) = stream.digests()
            if let declared = record.declaredSize, declared != stream.position, record.kind == .file {
                warnings.append(warning(record.id, .sizeMismatch, "\(record.path): header declares \(declared) bytes, \(stream.position) were read"))
            }
            return
        }
        if let stop = stream.failure as? LimitStop {
            record.mark(.limit, "reading stopped after \(stream.position) bytes: \(stop.reason)")
        } else if let failure = stream.failure {
            let isEncrypted = (failure as? ArchiveError)?.code == .encrypted
            record.mark(isEncrypted ? .encrypted : .error, "read failed after \(stream.position) bytes: \(failure)")
            warnings.append(warning(record.id, isEncrypted ? .encrypted : .entryDamaged,
                                    "\(record.path): read failed after \(stream.position) bytes: \(failure)"))
        } else {
            let reason = frames.last(where: { $0.stopReason != nil })?.stopReason ?? "reading stopped"
            record.mark(.limit, "reading stopped after \(stream.position) bytes: \(reason)")
        }
    }

    // MARK: - Containers

    private func expandNested(_ stream: ContentStream, signature: ContainerSignature, identity: String,
                              record: inout FileRecord, warnings: inout [WarningRecord], depth: Int) {
        let frame = ContainerFrame(fileId: record.id, path: record.path, identity: identity, consumed: { stream.position })
        if let crash = journal.crash(.expand, fileId: record.id), crash.detail == 0 {
            // The earlier run died opening it: the caller still reads its bytes, for the hashes.
            skip(crash, record: &record, warnings: &warnings)
            return
        }
        slot.begin(.expand, fileId: record.id, subject: "\(record.path)#0")
        var opening = true
        defer { if opening { slot.end() } }
        let reader: ArchiveReader
        var scratchCopy: String?
        do {
            let copyWhole = signature.needsSeekableInput
                || (signature.prefersSeekableInput && (record.declaredSize ?? .max) <= ContainerSignature.seekableCopyLimit)
            if copyWhole {
                // This format must (or should) seek: expand it from a whole copy in scratch.
                let copy = scratch.path(forFile: record.id, suffix: ".container")
                guard stream.spill(to: copy) else {
                    record.mark(.error, "not expanded: could not copy to scratch: \(stream.spillError ?? "unknown")")
                    warnings.append(warning(record.id, .unreadable, "\(record.path): could not copy to scratch for expansion: \(stream.spillError ?? "unknown")"))
                    return
                }
                scratchCopy = copy
                stream.drain()
                stream.finishSpill()
                // A copy cut short by damage is read as a stream, which recovers the entries before the damage
                // (seeking would look for a central directory that is not there).
                reader = try ArchiveReader(input: try FileArchiveInput(path: copy, seekable: stream.isComplete), formats: .archives)
            } else {
                reader = try ArchiveReader(input: stream.replayInput(),
                                           formats: signature.isCompressedStream ? .archivesOrRawStream : .archives)
            }
        } catch {
            if let scratchCopy { scratch.remove(scratchCopy) }
            let code: WarningRecord.Code = (error as? ArchiveError)?.code == .encrypted ? .encrypted : .containerDamaged
            record.mark(code == .encrypted ? .encrypted : .error, "not expanded: \(signature.rawValue) container could not be opened: \(error)")
            warnings.append(warning(record.id, code, "\(record.path): \(signature.rawValue) container could not be opened: \(error)"))
            return
        }
        defer { if let scratchCopy { scratch.remove(scratchCopy) } }
        opening = false
        slot.end()
        frames.append(frame)
        let rawName = signature.isCompressedStream ? record.path.lastComponent : nil
        var outcome = expand(reader, frame: frame, parentPath: record.path, childDepth: depth + 1, rawChildName: rawName)
        // A whole copy whose seekable reading found nothing (its central directory is damaged) is read again as a
        // stream of local headers; no entry was recorded yet, so nothing is recorded twice.
        if let scratchCopy, outcome.failure != nil, frame.entries == 0, stream.isComplete, !signature.needsSeekableInput,
           let input = try? FileArchiveInput(path: scratchCopy, seekable: false),
           let retry = try? ArchiveReader(input: input, formats: .archives) {
            outcome = expand(retry, frame: frame, parentPath: record.path, childDepth: depth + 1, rawChildName: rawName)
        }
        frames.removeLast()
        finishSpills(key: record.id)
        if let crash = frame.crashCut { skip(crash, record: &record, warnings: &warnings) }
        record.containerFormat = outcome.format
        for note in frame.notes { warnings.append(warning(record.id, .limitReached, "\(record.path): \(note)")) }
        if let stop = frame.stopReason {
            record.mark(.limit, "expansion stopped: \(stop)")
            warnings.append(warning(record.id, .limitReached, "\(record.path): expansion stopped after \(frame.entries) entries: \(stop)"))
        }
        if let failure = outcome.failure {
            let isEncrypted = failure.code == .encrypted
            record.mark(isEncrypted ? .encrypted : .error, "container damaged after \(frame.entries) entries: \(failure.message)")
            warnings.append(warning(record.id, isEncrypted ? .encrypted : .containerDamaged,
                                    "\(record.path): container damaged after \(frame.entries) entries: \(failure.message)"))
        }
    }

    /// Reads every entry of an open archive as children of `frame`. A compressed stream holding no archive has
    /// one child, named from `rawChildName` (the container's name) without one suffix per compression layer.
    private func expand(_ reader: ArchiveReader, frame: ContainerFrame, parentPath: EvidencePath, childDepth: Int,
                        rawChildName: String?) -> (format: String?, failure: ArchiveError?) {
        var failure: ArchiveError?
        // Names seen, as 64-bit FNV-1a hashes: deterministic, and 8 bytes a name; at most `duplicateNameWindow`
        // of them, so memory stays bounded however many entries a container has.
        var seenNames = Set<UInt64>()
        var format: String?
        let containerId = frame.fileId ?? -1
        let cut = journal.crash(.expand, fileId: containerId)
        slot.begin(.expand, fileId: containerId, detail: frame.entries, subject: "\(parentPath)#\(frame.entries)")
        defer { slot.end() }
        while !cancelled && !ancestorStopped() {
            if let cut, frame.entries >= cut.detail {
                // An earlier run died reading the next entry's header: the container ends here.
                frame.crashCut = cut
                break
            }
            slot.update(detail: frame.entries, subject: "\(parentPath)#\(frame.entries)")
            let next: (entry: ArchiveEntry, warning: String?)?
            do {
                next = try reader.nextEntry()
            } catch let error as ArchiveError {
                failure = error
                break
            } catch {
                failure = ArchiveError(code: .fatal, message: "\(error)")
                break
            }
            guard let (entry, headerWarning) = next else { break }
            if format == nil {
                let filters = reader.filterNames
                let name = reader.formatName ?? "unknown"
                format = filters.isEmpty ? name : "\(name) (\(filters.joined(separator: ", ")))"
            }
            frame.entries += 1
            if frame.entries > limits.maxEntriesPerContainer {
                frame.stopReason = "more than \(limits.maxEntriesPerContainer) entries"
                break
            }
            let isRaw = reader.formatName == "raw"
            let nameBytes = isRaw
                ? Array(ContainerSignature.streamChildName(rawChildName ?? "data", layers: max(1, reader.filterNames.count)).utf8)
                : entry.pathBytes
            readEntry(entry, nameBytes: nameBytes, headerWarning: headerWarning, reader: reader, frame: frame,
                      parentPath: parentPath, depth: childDepth, index: frame.entries - 1,
                      isDuplicate: Self.checkDuplicate(nameBytes, in: &seenNames, frame: frame))
        }
        return (format, failure)
    }

    private func readEntry(_ entry: ArchiveEntry, nameBytes: [UInt8], headerWarning: String?, reader: ArchiveReader,
                           frame: ContainerFrame, parentPath: EvidencePath, depth: Int, index: Int64, isDuplicate: Bool) {
        let display = EvidenceName.display(nameBytes)
        let components = EvidenceName.relativeComponents(display.text)
        var path = parentPath
        for component in components { path = path.appending(component) }
        if components.isEmpty {
            // "." or "/" is the container's own root directory (ISO 9660 lists it); an empty name has no name at all.
            path = path.appending(display.text.isEmpty ? "(unnamed entry \(index))" : ".")
        }
        var record = FileRecord(id: allocateId(), exhibitId: exhibit.id, parentId: frame.fileId, entryIndex: index,
                                depth: depth, path: path, nameRaw: nameBytes, kind: Self.kind(entry.kind))
        var warnings: [WarningRecord] = []
        if let headerWarning {
            warnings.append(warning(record.id, .entryDamaged, "\(path): entry header problem: \(headerWarning)"))
        }
        if !display.isValidUTF8 {
            warnings.append(warning(record.id, .nonUTF8Name, "\(path): the entry name is not valid UTF-8; raw bytes kept in name_raw"))
        }
        if display.text.hasPrefix("/") || components.contains("..") {
            warnings.append(warning(record.id, .suspiciousName,
                                    "\(path): entry name is \(display.text.hasPrefix("/") ? "absolute" : "climbing out with ..") (recorded, never extracted)"))
        }
        if isDuplicate {
            warnings.append(warning(record.id, .duplicateName, "\(path): another entry of this container has the same name (entry \(index))"))
        }
        record.declaredSize = entry.declaredSize
        record.mode = Int64(entry.mode & 0o7777)
        record.uid = entry.uid
        record.gid = entry.gid
        record.userName = entry.userName
        record.groupName = entry.groupName
        record.modified = entry.modified.map { Timestamp(unixSeconds: $0.seconds, nanoseconds: $0.nanoseconds) }
        record.accessed = entry.accessed.map { Timestamp(unixSeconds: $0.seconds, nanoseconds: $0.nanoseconds) }
        record.changed = entry.changed.map { Timestamp(unixSeconds: $0.seconds, nanoseconds: $0.nanoseconds) }
        record.created = entry.created.map { Timestamp(unixSeconds: $0.seconds, nanoseconds: $0.nanoseconds) }
        record.linkTarget = (entry.symlinkTarget ?? entry.hardlinkTarget).map { EvidenceName.display($0).text }
        record.isSparse = entry.sparseRegions > 0
        var head: [UInt8]?
        if entry.isDataEncrypted || entry.isMetadataEncrypted {
            record.mark(.encrypted, "encrypted entry: a passphrase is needed to read it")
            warnings.append(warning(record.id, .encrypted, "\(path): encrypted entry not read (passphrase needed)"))
        } else if record.kind == .file {
            let stream = ContentStream(headLimit: headLimit) {
                try reader.readBlock().map { ContentBlock(bytes: $0.bytes, offset: $0.offset) }
            }
            if record.isSparse { stream.logicalSize = entry.declaredSize }
            stream.onData = { [unowned self] count in try self.account(count) }
            stream.onHole = { [unowned self] count in try self.accountHole(count) }
            head = readContent(stream, record: &record, warnings: &warnings, depth: depth, spillKey: frame.fileId ?? -1)
            for problem in reader.takeDataWarnings() {
                record.mark(.error, "entry data damaged: \(problem)")
                warnings.append(warning(record.id, .entryDamaged, "\(path): entry data damaged: \(problem)"))
            }
        }
        emitFile(record, warnings: warnings, head: head)
    }

    static let duplicateNameWindow = 1_000_000

    private static func checkDuplicate(_ name: [UInt8], in seen: inout Set<UInt64>, frame: ContainerFrame) -> Bool {
        let hash = fnv1a(name)
        if seen.contains(hash) { return true }
        if seen.count < duplicateNameWindow {
            seen.insert(hash)
        } else if frame.notes.isEmpty {
            frame.notes.append("duplicate names are checked among the first \(duplicateNameWindow) entries only")
        }
        return false
    }

    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    private static func kind(_ kind: ArchiveEntry.Kind) -> FileKind {
        switch kind {
        case .file: return .file
        case .directory: return .directory
        case .symlink: return .symlink
        case .hardlink: return .hardlink
        case .fifo: return .fifo
        case .characterDevice: return .characterDevice
        case .blockDevice: return .blockDevice
        case .socket: return .socket
        case .unknown: return .unknown
        }
    }

    /// Counts expanded bytes against every open container and the exhibit; throws to stop reading at a limit.
    private func account(_ count: Int64) throws {
        progress.addExpandedBytes(count)
        try accountHole(count)
        for frame in frames {
            frame.expanded += count
            let consumed = max(frame.consumed(), 1)
            if frame.expanded > limits.expansionRatioFloor && frame.expanded / consumed > Int64(limits.maxExpansionRatio) {
                if frame.stopReason == nil {
                    frame.stopReason = "expansion ratio above \(limits.maxExpansionRatio):1 (\(frame.expanded) bytes from \(consumed))"
                }
                throw LimitStop(reason: frame.stopReason ?? "expansion ratio limit")
            }
        }
    }

    /// Counts bytes towards the exhibit's expanded-bytes limit. Data bytes come through `account`; sparse holes
    /// come here directly: not compressed data (no ratio), but content Custody hashes, so a hostile declared
    /// size is bounded too.
    private func accountHole(_ count: Int64) throws {
        expandedTotal += count
        if expandedTotal > limits.maxExpandedBytes, let outer = frames.first {
            if outer.stopReason == nil { outer.stopReason = "the exhibit expanded more than \(limits.maxExpandedBytes) bytes" }
            throw LimitStop(reason: outer.stopReason ?? "expanded-bytes limit")
        }
    }

    private func ancestorStopped() -> Bool {
        frames.contains { $0.stopReason != nil }
    }

    // MARK: - Spilled databases

    private func finishSpills(key: Int64) {
        guard let group = spills.removeValue(forKey: key) else { return }
        // Sidecars belong to the database of the same name in the same folder of the same container.
        let byPath = Dictionary(group.map { ($0.path.description, $0) }, uniquingKeysWith: { first, _ in first })
        for item in group where !["-wal", "-journal", "-shm"].contains(where: { item.name.hasSuffix($0) }) {
            guard let folder = scratch.makeGroupFolder(id: item.fileId) else { continue }
            let main = folder + "/db"
            guard link(item.scratchPath, main) == 0 else { continue }
            var sidecars: [String: Int64] = [:]
            for suffix in ["-wal", "-journal", "-shm"] {
                if let sidecar = byPath[item.path.description + suffix], link(sidecar.scratchPath, main + suffix) == 0 {
                    sidecars[suffix] = sidecar.fileId
                }
            }
            let spilled = SpilledDatabase(fileId: item.fileId, path: item.path, folder: folder, databasePath: main, sidecars: sidecars)
            onSpilledDatabase?(spilled)
            if let crash = journal.crash(.plan, fileId: item.fileId) {
                // The file's row is already on its way: the warning follows it as an event of its own.
                send(IngestEvent(ordinal: 0, file: nil,
                                 warnings: [warning(item.fileId, .stageCrashed, journal.skipWarning(crash, path: "\(item.path)"))],
                                 head: nil, headIsWholeContent: false))
                scratch.remove(folder)
                continue
            }
            slot.begin(.plan, fileId: item.fileId, subject: "\(item.path)")
            // A folder an extractor keeps stays until the exhibit's extraction stage is done.
            let kept = collector?.retain(spilled) == true
            slot.end()
            if !kept { scratch.remove(folder) }
        }
        for item in group { scratch.remove(item.scratchPath) }
    }

    // MARK: - Events

    private func allocateId() -> Int64 {
        defer { nextPreorderIndex += 1 }
        return exhibit.fileIdBase + nextPreorderIndex
    }

    private func warning(_ fileId: Int64?, _ code: WarningRecord.Code, _ message: String) -> WarningRecord {
        WarningRecord(exhibitId: exhibit.id, fileId: fileId, code: code, message: message)
    }

    /// A stage that killed the process on this file in an earlier run is not run again: the file says so.
    private func skip(_ crash: CrashedStage, record: inout FileRecord, warnings: inout [WarningRecord]) {
        record.mark(.error, CrashJournal.reason(crash))
        warnings.append(warning(record.id, .stageCrashed, journal.skipWarning(crash, path: "\(record.path)")))
    }

    private func emitFile(_ record: FileRecord, warnings: [WarningRecord], head: [UInt8]?, headIsWholeContent: Bool? = nil) {
        progress.addFile()
        let whole = headIsWholeContent ?? (head.map { Int64($0.count) == record.size && record.sha256 != nil } ?? false)
        var event = IngestEvent(ordinal: 0, file: record, warnings: warnings, head: head, headIsWholeContent: whole)
        event.indicators = pendingIndicators.removeValue(forKey: record.id) ?? []
        event.findings = pendingFindings.removeValue(forKey: record.id) ?? []
        send(event)
    }

    private func send(_ event: IngestEvent) {
        var numbered = event
        numbered.ordinal = nextOrdinal
        nextOrdinal += 1
        if !emit(numbered) { cancelled = true }
    }
}
