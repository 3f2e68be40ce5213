// The in-flight journal: which file and stage each pipeline thread is in, kept in a small memory-mapped sidecar
// beside the case, so that after a crash the resumed ingest knows what killed the process and skips it there.
//
// Why a shared mapping and not rows or fsync: a process crash leaves the page cache intact, so a plain store into a
// MAP_SHARED page is as durable against a crash as a write(2), and costs a few nanoseconds per file and stage.
// Why a signal handler: every thread is "in" some file when the process dies, but only the thread that faulted
// (trap, abort, segmentation fault, bus error) was killed by its file. The handler marks that thread's slot; an
// ingest killed from outside (SIGKILL, power cut) marks nothing and resumes as an ordinary interruption.

import EvidenceModel
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A stage of the pipeline a file can be in when the process dies.
public enum CrashStage: UInt32, Sendable, CaseIterable {
    /// Pulling the file's bytes (from disk or a container's decompressor) and hashing them.
    case read = 1
    /// Opening a container and reading its entry headers.
    case expand
    /// The indicator scan of the file's bytes.
    case scan
    /// Type identification (libmagic or Custody's own signatures).
    case identify
    /// One extractor on one file (its artifacts, their identities).
    case extract
    /// The indicator scan of one extractor run's message bodies and contact fields.
    case messageScan
    /// The indicator scan of a database's cells.
    case cells
    /// Deciding which extractors apply to a file kept for extraction (for a database: reading its schema).
    case plan
    /// Reading one document's text and running detection (language, rules, YARA, indicators) over it.
    case document
    /// Detection (language, rules) over one conversation's messages; the file is the thread's database.
    case detect

    /// The name `CUSTODY_TEST_CRASH` and the audit log use.
    public var name: String {
        switch self {
        case .read: return "read"
        case .expand: return "expand"
        case .scan: return "scan"
        case .identify: return "identify"
        case .extract: return "extract"
        case .messageScan: return "message-scan"
        case .cells: return "cells"
        case .plan: return "plan"
        case .document: return "document"
        case .detect: return "detect"
        }
    }

    /// How a reason or warning names the stage.
    var wording: String {
        switch self {
        case .read: return "reading and hashing"
        case .expand: return "container expansion"
        case .scan: return "indicator scan"
        case .identify: return "type identification"
        case .extract: return "extractor run"
        case .messageScan: return "message and contact indicator scan"
        case .cells: return "database cell scan"
        case .plan: return "extraction planning"
        case .document: return "document text and detection"
        case .detect: return "message detection"
        }
    }
}

/// A stage that killed the process on one file in an earlier run of this exhibit.
struct CrashedStage: Hashable, Sendable {
    var fileId: Int64
    var stage: CrashStage
    /// For `.expand`: entries read before the crash; the container is expanded that far and no further.
    var detail: Int64
    /// For `.extract` and `.messageScan`: the extractor's id; for `.detect`: the conversation (`app|account|thread`).
    var extractor: String
    /// The signal that ended the process (for the audit log only: it is not evidence).
    var signal: Int32
}

final class CrashJournal: @unchecked Sendable {
    static let headerSize = 256
    static let slotSize = 256
    // One slot per thread: the reader, each identification worker (`--jobs`), the extraction stage and its
    // producer; a thread beyond the last slot runs unjournaled.
    static let slotCount = 256
    static let regionSize = headerSize + slotSize * slotCount
    private static let magic: UInt64 = 0x4C4A_5954_5355_4301 // "\u{1}CUSTYJL", version 1
    private static let extractorOffset = 64
    static let extractorCapacity = slotSize - extractorOffset

    /// The sidecar's path for a case database.
    static func path(forCase casePath: String) -> String { casePath + ".inflight" }

    let path: String
    private let fd: Int32
    private let base: UnsafeMutableRawPointer?
    private let lock = NSLock()
    private var freeSlots: [Int]
    /// Every stage that crashed in an earlier run of this exhibit.
    let crashes: [CrashedStage]
    /// The crashes the last run left behind (found when this journal was opened).
    let newCrashes: [CrashedStage]
    private let byFile: [Int64: [CrashedStage]]
    private var skipped: [(CrashedStage, String)] = []

    /// A journal that records nothing (when the sidecar cannot be created: the ingest still runs).
    init() {
        path = ""
        fd = -1
        base = nil
        freeSlots = []
        crashes = []
        newCrashes = []
        byFile = [:]
    }

    /// Opens (or creates) the sidecar of `casePath` for `exhibitId`: when `resuming`, crash marks left by the last
    /// run join the crashes kept from earlier runs (a new exhibit starts a new journal); every slot starts idle.
    init(casePath: String, exhibitId: Int64, resuming: Bool) throws {
        path = Self.path(forCase: casePath)
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw PipelineError(code: .sourceUnreadable, message: "cannot open the in-flight journal \(path): \(String(cString: strerror(errno)))")
        }
        var info = stat()
        fstat(fd, &info)
        let size = Int(info.st_size)
        var kept: [CrashedStage] = []
        var found: [CrashedStage] = []
        var header = [UInt8](repeating: 0, count: Self.headerSize)
        let valid = resuming && size >= Self.regionSize && pread(fd, &header, header.count, 0) == header.count
            && header.withUnsafeBytes { $0.load(as: UInt64.self) == Self.magic && $0.load(fromByteOffset: 8, as: Int64.self) == exhibitId }
        if valid {
            // Records after the slot region: crashes of earlier runs, one slot-sized record each.
            var record = [UInt8](repeating: 0, count: Self.slotSize)
            var offset = Self.regionSize
            while offset + Self.slotSize <= size, pread(fd, &record, record.count, off_t(offset)) == record.count {
                if let crash = record.withUnsafeBytes({ Self.decode(UnsafeRawPointer($0.baseAddress)) }) { kept.append(crash) }
                offset += Self.slotSize
            }
            var slots = [UInt8](repeating: 0, count: Self.slotSize * Self.slotCount)
            if pread(fd, &slots, slots.count, off_t(Self.headerSize)) == slots.count {
                slots.withUnsafeBytes { raw in
                    for index in 0..<Self.slotCount {
                        guard let slot = raw.baseAddress.map({ $0 + index * Self.slotSize }),
                              slot.load(fromByteOffset: 16, as: Int64.self) != 0,
                              let crash = Self.decode(slot), !kept.contains(crash), !found.contains(crash) else { continue }
                        found.append(crash)
                    }
                }
            }
            // Kept for good before anything else runs: this is what makes a resume terminate.
            for (index, crash) in found.enumerated() {
                var bytes = [UInt8](repeating: 0, count: Self.slotSize)
                bytes.withUnsafeMutableBytes { raw in if let base = raw.baseAddress { Self.encode(crash, into: base) } }
                _ = pwrite(fd, bytes, bytes.count, off_t(Self.regionSize + (kept.count + index) * Self.slotSize))
            }
            if !found.isEmpty { fsync(fd) }
        } else {
            _ = ftruncate(fd, 0)
            _ = ftruncate(fd, off_t(Self.regionSize))
            header.withUnsafeMutableBytes { raw in
                raw.storeBytes(of: Self.magic, as: UInt64.self)
                raw.storeBytes(of: exhibitId, toByteOffset: 8, as: Int64.self)
            }
            _ = pwrite(fd, header, header.count, 0)
        }
        guard let mapped = mmap(nil, Self.regionSize, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), mapped != MAP_FAILED else {
            close(fd)
            throw PipelineError(code: .sourceUnreadable, message: "cannot map the in-flight journal \(path): \(String(cString: strerror(errno)))")
        }
        base = mapped
        (mapped + Self.headerSize).initializeMemory(as: UInt8.self, repeating: 0, count: Self.slotSize * Self.slotCount)
        freeSlots = Array((0..<Self.slotCount).reversed())
        crashes = kept + found
        newCrashes = found
        byFile = Dictionary(grouping: kept + found, by: \.fileId)
        CrashSignals.install(slots: mapped + Self.headerSize)
    }

    deinit {
        CrashSignals.detach(slots: base.map { $0 + Self.headerSize })
        if let base { munmap(base, Self.regionSize) }
        if fd >= 0 { close(fd) }
    }

    /// The exhibit is sealed: the journal has served its purpose.
    func remove() {
        guard !path.isEmpty else { return }
        unlink(path)
    }

    // MARK: - Crashes of earlier runs

    /// The crash of `stage` on this file (for `.extract` and `.messageScan`, of that extractor), if there was one.
    func crash(_ stage: CrashStage, fileId: Int64, extractor: String = "") -> CrashedStage? {
        guard !byFile.isEmpty, let list = byFile[fileId] else { return nil }
        // The journal keeps the first `extractorCapacity` bytes of the name (a conversation key can be longer).
        let stored = String(decoding: Array(extractor.utf8.prefix(Self.extractorCapacity)), as: UTF8.self)
        return list.first { $0.stage == stage && $0.extractor == stored }
    }

    /// Notes that a crashed stage was skipped on this run (for the audit log).
    func noteSkipped(_ crash: CrashedStage, path: String) {
        lock.lock()
        if !skipped.contains(where: { $0.0 == crash }) { skipped.append((crash, path)) }
        lock.unlock()
    }

    /// Notes the skip (for the audit log) and returns the `stage-crashed` warning's text for the file at `path`.
    func skipWarning(_ crash: CrashedStage, path: String) -> String {
        noteSkipped(crash, path: path)
        return "\(path): \(Self.reason(crash)) (the process died in this stage in an earlier run; skipped on resume)"
    }

    var skippedStages: [(crash: CrashedStage, path: String)] {
        lock.lock()
        defer { lock.unlock() }
        return skipped.map { (crash: $0.0, path: $0.1) }
    }

    /// The reason a file's row gives, and (prefixed with its path) its warning, for a skipped stage.
    static func reason(_ crash: CrashedStage) -> String {
        let consequence: String
        switch crash.stage {
        case .read: consequence = "its content was not read again"
        case .expand: consequence = "the entries read before the crash (\(crash.detail)) are recorded, no more; its bytes are hashed"
        case .scan: consequence = "its bytes are hashed; its indicators are not recorded"
        case .identify: consequence = "its type is not recorded"
        case .extract: consequence = "extractor \(crash.extractor) was not run on it again"
        case .messageScan: consequence = "the artifacts of extractor \(crash.extractor) are recorded without their indicators"
        case .cells: consequence = "its cells were not scanned for indicators"
        case .plan: consequence = "no extractor was run on it and its cells were not scanned"
        case .document: consequence = "its text was not read again; no findings are recorded from it"
        case .detect: consequence = "the conversation \(crash.extractor) has no language or findings recorded"
        }
        return "custody stopped while reading this file in stage \(crash.stage.wording); \(consequence)"
    }

    // MARK: - Slots

    /// A slot for the calling thread; release it on the same thread.
    func acquire() -> JournalSlot {
        guard let base else { return JournalSlot(pointer: nil, journal: nil, index: -1) }
        lock.lock()
        let index = freeSlots.popLast()
        lock.unlock()
        guard let index else { return JournalSlot(pointer: nil, journal: nil, index: -1) }
        return JournalSlot(pointer: base + Self.headerSize + index * Self.slotSize, journal: self, index: index)
    }

    fileprivate func release(_ index: Int) {
        lock.lock()
        freeSlots.append(index)
        lock.unlock()
    }

    // MARK: - Encoding

    /// Slot and record layout: 0 owner thread, 8 active, 16 crash signal, 24 file id, 32 stage, 40 detail,
    /// 56 extractor length, 64… extractor id (UTF-8).
    private static func decode(_ slot: UnsafeRawPointer?) -> CrashedStage? {
        guard let slot, let stage = CrashStage(rawValue: slot.load(fromByteOffset: 32, as: UInt32.self)) else { return nil }
        // Only an extractor's stages name one; the field may still hold an earlier run's id for other stages.
        let length = stage == .extract || stage == .messageScan || stage == .detect
            ? min(Int(slot.load(fromByteOffset: 56, as: UInt32.self)), extractorCapacity) : 0
        let extractor = String(decoding: UnsafeRawBufferPointer(start: slot + extractorOffset, count: length), as: UTF8.self)
        return CrashedStage(fileId: slot.load(fromByteOffset: 24, as: Int64.self), stage: stage,
                            detail: slot.load(fromByteOffset: 40, as: Int64.self), extractor: extractor,
                            signal: Int32(truncatingIfNeeded: slot.load(fromByteOffset: 16, as: Int64.self)))
    }

    private static func encode(_ crash: CrashedStage, into slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: Int64(crash.signal), toByteOffset: 16, as: Int64.self)
        slot.storeBytes(of: crash.fileId, toByteOffset: 24, as: Int64.self)
        slot.storeBytes(of: crash.stage.rawValue, toByteOffset: 32, as: UInt32.self)
        slot.storeBytes(of: crash.detail, toByteOffset: 40, as: Int64.self)
        JournalSlot.store(extractor: crash.extractor, into: slot)
    }

    static let extractorField = extractorOffset
}

/// One thread's slot in the journal: the stages it is in, innermost last.
final class JournalSlot {
    private let pointer: UnsafeMutableRawPointer?
    private weak var journal: CrashJournal?
    private let index: Int
    private var stack: [(stage: CrashStage, fileId: Int64, detail: Int64)] = []
    private var writtenExtractor = ""
    private var altStack: UnsafeMutableRawPointer?

    fileprivate init(pointer: UnsafeMutableRawPointer?, journal: CrashJournal?, index: Int) {
        self.pointer = pointer
        self.journal = journal
        self.index = index
        stack.reserveCapacity(16)
        guard let pointer else { return }
        pointer.storeBytes(of: CrashSignals.currentThread(), as: UInt64.self)
        altStack = CrashSignals.ensureAlternateStack()
    }

    /// Gives the slot back (on the thread that acquired it).
    func release() {
        guard let pointer else { return }
        pointer.storeBytes(of: 0, toByteOffset: 8, as: UInt64.self)
        pointer.storeBytes(of: 0, as: UInt64.self)
        if let altStack { CrashSignals.removeAlternateStack(altStack) }
        altStack = nil
        journal?.release(index)
    }

    /// Enters `stage` on a file. `subject` (the file's path, with `#detail` or `#extractor`) is only evaluated by
    /// the test hook of debug builds.
    func begin(_ stage: CrashStage, fileId: Int64, detail: Int64 = 0, extractor: String? = nil, subject: @autoclosure () -> String) {
        stack.append((stage, fileId, detail))
        if let pointer {
            if let extractor, extractor != writtenExtractor {
                Self.store(extractor: extractor, into: pointer)
                writtenExtractor = extractor
            }
            write(stage: stage, fileId: fileId, detail: detail, into: pointer)
        }
        #if DEBUG
        TestCrash.check(stage, subject())
        #endif
    }

    /// Updates the innermost stage's detail (a container's entry count) without a new entry.
    func update(detail: Int64, subject: @autoclosure () -> String) {
        guard let last = stack.last else { return }
        stack[stack.count - 1].detail = detail
        if let pointer { pointer.storeBytes(of: detail, toByteOffset: 40, as: Int64.self) }
        #if DEBUG
        TestCrash.check(last.stage, subject())
        #endif
    }

    /// Leaves the innermost stage.
    func end() {
        _ = stack.popLast()
        guard let pointer else { return }
        if let outer = stack.last {
            write(stage: outer.stage, fileId: outer.fileId, detail: outer.detail, into: pointer)
        } else {
            pointer.storeBytes(of: 0, toByteOffset: 8, as: UInt64.self)
        }
    }

    private func write(stage: CrashStage, fileId: Int64, detail: Int64, into slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: fileId, toByteOffset: 24, as: Int64.self)
        slot.storeBytes(of: stage.rawValue, toByteOffset: 32, as: UInt32.self)
        slot.storeBytes(of: detail, toByteOffset: 40, as: Int64.self)
        slot.storeBytes(of: 1, toByteOffset: 8, as: UInt64.self)
    }

    fileprivate static func store(extractor: String, into slot: UnsafeMutableRawPointer) {
        var bytes = Array(extractor.utf8.prefix(CrashJournal.extractorCapacity))
        let count = bytes.count
        bytes.withUnsafeMutableBytes { raw in
            if let source = raw.baseAddress { (slot + CrashJournal.extractorField).copyMemory(from: source, byteCount: count) }
        }
        slot.storeBytes(of: UInt32(count), toByteOffset: 56, as: UInt32.self)
    }
}

/// The crash signal handler: marks the faulting thread's slot, then hands the signal to whoever had it before
/// (the Swift runtime's backtracer, or the default action), so the process still dies as it would have.
private enum CrashSignals {
    static let watched: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE, SIGABRT]
    /// Read by the handler: plain pointers, no Swift object, nothing that allocates or locks.
    nonisolated(unsafe) static var slots: UnsafeMutableRawPointer?
    nonisolated(unsafe) static var previous: UnsafeMutablePointer<sigaction> = {
        let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        pointer.initialize(repeating: sigaction(), count: 65)
        return pointer
    }()
    nonisolated(unsafe) static var installed = false
    static let lock = NSLock()
    static let alternateStackSize = 64 << 10

    static func install(slots pointer: UnsafeMutableRawPointer) {
        lock.lock()
        defer { lock.unlock() }
        _ = previous
        slots = pointer
        guard !installed else { return }
        installed = true
        for signal in watched {
            var action = sigaction()
            #if canImport(Glibc)
            action.__sigaction_handler.sa_sigaction = crashHandler
            #else
            action.__sigaction_u.__sa_sigaction = crashHandler
            #endif
            action.sa_flags = SA_SIGINFO | SA_ONSTACK
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, previous + Int(signal))
        }
    }

    static func detach(slots pointer: UnsafeMutableRawPointer?) {
        lock.lock()
        if slots == pointer { slots = nil }
        lock.unlock()
    }

    static func currentThread() -> UInt64 {
        #if canImport(Glibc)
        return UInt64(pthread_self())
        #else
        return UInt64(UInt(bitPattern: pthread_self()))
        #endif
    }

    /// A stack for the handler, so a stack overflow (a deep hostile tree) is marked too; nil when the thread had one.
    static func ensureAlternateStack() -> UnsafeMutableRawPointer? {
        var current = stack_t()
        guard sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) != 0 else { return nil }
        let memory = UnsafeMutableRawPointer.allocate(byteCount: alternateStackSize, alignment: 16)
        var stack = stack_t(ss_sp: memory, ss_flags: 0, ss_size: alternateStackSize)
        guard sigaltstack(&stack, nil) == 0 else {
            memory.deallocate()
            return nil
        }
        return memory
    }

    static func removeAlternateStack(_ memory: UnsafeMutableRawPointer) {
        var disable = stack_t(ss_sp: nil, ss_flags: Int32(SS_DISABLE), ss_size: 0)
        sigaltstack(&disable, nil)
        memory.deallocate()
    }
}

private func crashHandler(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    if let slots = CrashSignals.slots {
        let me = CrashSignals.currentThread()
        var index = 0
        while index < CrashJournal.slotCount {
            let slot = slots + index * CrashJournal.slotSize
            if slot.load(as: UInt64.self) == me && slot.load(fromByteOffset: 8, as: UInt64.self) != 0 {
                slot.storeBytes(of: Int64(signal), toByteOffset: 16, as: Int64.self)
            }
            index += 1
        }
    }
    // Returning re-runs the faulting instruction (or, for abort, lets it finish) under the previous action.
    sigaction(signal, CrashSignals.previous + Int(signal), nil)
}

#if DEBUG
/// `CUSTODY_TEST_CRASH=<stage>:<substring>` (debug builds only): dies, as a bug would, when `stage` starts on a
/// file whose path (with `#entries` for `expand`, `#extractor-id` for `extract` and `message-scan`) contains the
/// substring. Lets the end-to-end tests plant a crash deterministically.
enum TestCrash {
    static let target: (stage: String, pattern: String)? = {
        guard let value = ProcessInfo.processInfo.environment["CUSTODY_TEST_CRASH"],
              let colon = value.firstIndex(of: ":") else { return nil }
        return (String(value[..<colon]), String(value[value.index(after: colon)...]))
    }()

    static func check(_ stage: CrashStage, _ subject: @autoclosure () -> String) {
        guard let target, target.stage == stage.name else { return }
        let subject = subject()
        if subject.contains(target.pattern) { fatalError("CUSTODY_TEST_CRASH: stage \(stage.name) on \(subject)") }
    }
}
#endif
