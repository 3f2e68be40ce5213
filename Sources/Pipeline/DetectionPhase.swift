// Detection over one exhibit (issue 10), after extraction: each kept document's text (stored once per content,
// indexed, scanned for indicators), the language of every message and document, rule-pack findings on messages,
// conversations and documents, YARA findings on extracted text, and MinHash signatures for `query scripts`.

import Crypto
import Detection
import Documents
import EvidenceModel
import EvidenceStore
import Extraction
import Foundation
import GRDB
import Indicators
import Language
import Similarity
import Yara

/// The rules detection runs with, loaded once per ingest; their identity goes into the exhibit's `identifier`.
public final class DetectionSettings: @unchecked Sendable {
    public let engine: DetectionEngine
    public let yara: YaraRules?
    public let documentLimits: DocumentLimits
    /// `rules custody-core 1 sha256:…[; yara sha256:… (N rules)]`, recorded (chained) with each exhibit.
    public let identifier: String

    public init(rulePaths: [String] = [], yaraPaths: [String] = [], documentLimits: DocumentLimits = .default) throws {
        let builtIn = try RulePack.builtIn()
        let pack = rulePaths.isEmpty ? builtIn : try RulePack.load(paths: rulePaths, base: builtIn)
        engine = DetectionEngine(pack: pack)
        yara = yaraPaths.isEmpty ? nil : try YaraRules(paths: yaraPaths)
        self.documentLimits = documentLimits
        var identifier = "rules \(engine.packVersion) sha256:\(engine.packSHA256)"
        if let yara { identifier += "; yara sha256:\(yara.sha256) (\(yara.ruleCount) rules)" }
        self.identifier = identifier
    }

    var rulePackName: String { "\(engine.packVersion) sha256:\(engine.packSHA256)" }
    var yaraName: String { yara.map { "yara sha256:\($0.sha256)" } ?? "" }
}

/// A document kept in scratch for text extraction.
struct DocumentCandidate {
    var fileId: Int64
    var path: EvidencePath
    var localPath: String
    var kind: DocumentKind
    var cleanUp: () -> Void
}

final class DetectionPhase {
    static let readerName = "documents 1"
    /// Texts shorter than this (UTF-8 bytes) get no MinHash signature: greetings and one-liners are not scripts.
    static let signatureMinimumBytes = 200
    /// Messages handed to thread detection at once; a longer conversation is read in blocks of this many.
    static let threadBlock = 1_000

    private let database: CaseDatabase
    private let exhibitId: Int64
    private let settings: DetectionSettings
    private let indicators: IndicatorRecorder?
    private let journal: CrashJournal
    private var slot = CrashJournal().acquire()
    private let hasher = MinHasher()
    private(set) var documentsRead: Int64 = 0
    private(set) var findingsWritten: Int64 = 0

    init(database: CaseDatabase, exhibitId: Int64, settings: DetectionSettings, indicators: IndicatorRecorder?,
         journal: CrashJournal = CrashJournal()) {
        self.database = database
        self.exhibitId = exhibitId
        self.settings = settings
        self.indicators = indicators
        self.journal = journal
    }

    /// Documents first (before extraction, whose scratch copies they do not share), in file order.
    func runDocuments(_ documents: [DocumentCandidate]) throws {
        slot = journal.acquire()
        defer { slot.release() }
        let sorted = documents.sorted { $0.fileId < $1.fileId }
        defer { for item in sorted { item.cleanUp() } }
        let done = try database.read { db in
            Set(try Int64.fetchAll(db, sql: "SELECT file_id FROM documents WHERE exhibit_id = ?", arguments: [exhibitId]))
        }
        try processAll(sorted.filter { !done.contains($0.fileId) })
    }

    /// Messages once extraction has written them all, conversation by conversation.
    func runMessages() throws {
        slot = journal.acquire()
        defer { slot.release() }
        try detectMessages()
    }

    // MARK: - Documents

    /// Everything derived from one document before it is written: computed on any thread.
    private struct PreparedDocument {
        var status = DocumentRecord.Status.ok
        var detail: String?
        var extracted: ExtractedText?
        var warnings: [WarningRecord] = []
        var textRecord: DocumentTextRecord?
        var indicators: [IndicatorFinding] = []
        var detections: [Detection] = []
        var yaraMatches: [YaraMatch] = []
        var signature: MinHashSignature?
        var guess = LanguageGuess(language: nil, script: "Zyyy", reliable: false, zawgyi: false)
    }

    /// Documents are read and analysed by one worker per core, each taking the next document as it finishes (a
    /// 4 MiB text does not hold up the others), while this thread writes them one by one in file order, so the rows
    /// (and the chain) do not depend on the thread count. Workers run at most `ahead` documents before the writer.
    private func processAll(_ documents: [DocumentCandidate]) throws {
        guard !documents.isEmpty else { return }
        let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
        let ahead = DispatchSemaphore(value: 2 * workers)
        let results = OrderedResults<PreparedDocument?>()
        let next = Counter()
        let stop = Counter()
        let finished = DispatchGroup()
        for _ in 0..<workers {
            finished.enter()
            Thread.detachNewThread { [self] in
                defer { finished.leave() }
                let slot = journal.acquire()
                defer { slot.release() }
                while true {
                    ahead.wait()
                    let index = next.increment()
                    guard index < documents.count, stop.value == 0 else {
                        ahead.signal()
                        return
                    }
                    let document = documents[index]
                    if journal.crash(.document, fileId: document.fileId) != nil {
                        results.put(index, nil)
                        continue
                    }
                    slot.begin(.document, fileId: document.fileId, subject: "\(document.path)")
                    let prepared = prepare(document)
                    slot.end()
                    results.put(index, prepared)
                }
            }
        }
        var failure: Error?
        for index in documents.indices {
            let prepared = results.take(index)
            do {
                try write(documents[index], prepared)
            } catch {
                failure = error
                _ = stop.increment()
                for _ in 0..<(2 * workers) { ahead.signal() }
                break
            }
            ahead.signal()
        }
        finished.wait()
        if let failure { throw failure }
    }

    private func prepare(_ document: DocumentCandidate) -> PreparedDocument {
        var result = PreparedDocument()
        let size = ((try? FileManager.default.attributesOfItem(atPath: document.localPath)[.size]) as? NSNumber)?.int64Value ?? 0
        if size > settings.documentLimits.maxInputBytes {
            result.status = .limit
            result.detail = "not read: larger than the document limit of \(settings.documentLimits.maxInputBytes) bytes"
            result.warnings.append(WarningRecord(exhibitId: exhibitId, fileId: document.fileId, code: .limitReached,
                                                 message: "\(document.path): \(result.detail ?? "")"))
        } else {
            do {
                let text = try DocumentText.extract(path: document.localPath, kind: document.kind, limits: settings.documentLimits)
                result.extracted = text
                if text.text.isEmpty {
                    result.status = .empty
                } else if text.truncated {
                    result.status = .truncated
                }
                if !text.notes.isEmpty { result.detail = text.notes.prefix(10).joined(separator: "; ") }
                for note in text.notes.prefix(10) {
                    result.warnings.append(WarningRecord(exhibitId: exhibitId, fileId: document.fileId,
                                                         code: text.truncated ? .limitReached : .documentPartial,
                                                         message: "\(document.path): \(document.kind.rawValue) text: \(note)"))
                }
            } catch let error as DocumentError {
                result.status = error.code == .encrypted ? .encrypted : error.code == .tooLarge ? .limit : .error
                result.detail = error.message
                result.warnings.append(WarningRecord(exhibitId: exhibitId, fileId: document.fileId,
                                                     code: error.code == .encrypted ? .encrypted : .unreadable,
                                                     message: "\(document.path): \(document.kind.rawValue) text not read: \(error.message)"))
            } catch {
                result.status = .error
                result.detail = "\(error)"
                result.warnings.append(WarningRecord(exhibitId: exhibitId, fileId: document.fileId, code: .unreadable,
                                                     message: "\(document.path): \(document.kind.rawValue) text not read: \(error)"))
            }
        }
        guard let extracted = result.extracted, !extracted.text.isEmpty else { return result }
        let text = extracted.text
        // The language of a document from its first characters: enough to tell, and bounded.
        result.guess = LanguageIdentifier.identify(String(text.prefix(Self.languageSample)))
        result.textRecord = DocumentTextRecord(sha256: hexString(SHA256.hash(data: Data(text.utf8))), size: Int64(text.utf8.count),
                                               language: result.guess.language, script: result.guess.script,
                                               reliable: result.guess.reliable, text: text)
        // A plain-text file's text is its bytes decoded as the scan of those bytes already decoded them: only the
        // other formats' text shows indicators the bytes hide.
        if indicators != nil && document.kind != .text { result.indicators = IndicatorEngine.scan(text: text) }
        let kinds = Self.indicatorFamilies(result.indicators.map { $0.kind.rawValue })
        let matchText = result.guess.zawgyi ? LanguageIdentifier.normalized(text) : text
        result.detections = Self.detectInChunks(matchText, engine: settings.engine, language: result.guess.language, indicators: kinds)
        if let yara = settings.yara {
            do {
                result.yaraMatches = try yara.scan(Array(text.utf8))
            } catch {
                result.warnings.append(WarningRecord(exhibitId: exhibitId, fileId: document.fileId, code: .unreadable,
                                                     message: "\(document.path): YARA scan of the document text failed: \(error)"))
            }
        }
        if text.utf8.count >= Self.signatureMinimumBytes {
            result.signature = hasher.signature(Self.prefix(text, bytes: Self.signatureSampleBytes))
        }
        return result
    }

    /// Characters of a document's text the language is decided on.
    static let languageSample = 4_000
    /// Bytes of a text that go into its MinHash signature: scripts and lures are far shorter.
    static let signatureSampleBytes = 64 << 10
    /// The rules run over a long text in pieces of about this many bytes (cut after a newline), so the engine's
    /// per-byte offset map stays small; a category keeps the piece where it scored highest.
    static let detectionChunkBytes = 1 << 20

    static func prefix(_ text: String, bytes: Int) -> String {
        guard text.utf8.count > bytes else { return text }
        // A character cut at the end becomes U+FFFD: harmless in a signature.
        return String(decoding: text.utf8.prefix(bytes), as: UTF8.self)
    }

    /// A document's rules count together only within this many bytes of each other (about two pages): signals
    /// scattered over a long manual are not a script.
    static let documentWindowBytes = 6_000

    static func detectInChunks(_ text: String, engine: DetectionEngine, language: String?, indicators: Set<String>) -> [Detection] {
        let utf8 = text.utf8
        guard utf8.count > detectionChunkBytes else {
            return engine.detectLocally(text, language: language, indicators: indicators, window: documentWindowBytes)
        }
        var best: [String: Detection] = [:]
        var offset = 0
        var start = utf8.startIndex
        while start < utf8.endIndex {
            var end = utf8.index(start, offsetBy: detectionChunkBytes, limitedBy: utf8.endIndex) ?? utf8.endIndex
            // Cut after a newline within the last 4 KiB of the piece, else at a character boundary.
            if end < utf8.endIndex {
                var probe = end
                var steps = 0
                while probe > start && steps < 4096 && utf8[utf8.index(before: probe)] != 0x0A {
                    probe = utf8.index(before: probe)
                    steps += 1
                }
                if probe > start && steps < 4096 { end = probe }
                while end > start && (utf8[end] & 0xC0) == 0x80 { end = utf8.index(before: end) }
            }
            guard end > start, let piece = String(utf8[start..<end]) else { break }
            for shifted in engine.detectLocally(piece, language: language, indicators: indicators, window: documentWindowBytes,
                                                offset: offset) {
                if let current = best[shifted.category], current.score >= shifted.score { continue }
                best[shifted.category] = shifted
            }
            offset += utf8.distance(from: start, to: end)
            start = end
        }
        return best.values.sorted { ($0.score, $1.category) > ($1.score, $0.category) }
    }

    private func write(_ document: DocumentCandidate, _ prepared: PreparedDocument?) throws {
        guard let prepared else {
            // Skipped: the process died on this document in an earlier run.
            guard let crash = journal.crash(.document, fileId: document.fileId) else { return }
            let record = DocumentRecord(exhibitId: exhibitId, fileId: document.fileId, kind: document.kind.rawValue,
                                        reader: Self.readerName, status: .error, detail: CrashJournal.reason(crash), textId: nil,
                                        textSize: nil, encoding: nil, sections: nil, metadata: nil)
            let warning = WarningRecord(exhibitId: exhibitId, fileId: document.fileId, code: .stageCrashed,
                                        message: journal.skipWarning(crash, path: "\(document.path)"))
            try database.write { chain in
                _ = try chain.append(record)
                _ = try chain.append(warning)
            }
            return
        }
        let extracted = prepared.extracted
        let sections = extracted.flatMap { Self.sectionsJSON($0.sections) }
        let metadata = extracted.flatMap { Self.objectJSON($0.metadata) }
        let documentFileId = document.fileId
        let exhibitId = self.exhibitId
        let settings = self.settings
        let indicators = self.indicators
        let written = try database.write { chain -> Int64 in
            var textId: Int64?
            if let textRecord = prepared.textRecord {
                textId = try Int64.fetchOne(chain.database, sql: "SELECT id FROM document_texts WHERE sha256 = ?",
                                            arguments: [textRecord.sha256])
                if textId == nil { textId = try chain.append(textRecord).rowId }
            }
            let record = DocumentRecord(exhibitId: exhibitId, fileId: documentFileId, kind: document.kind.rawValue,
                                        reader: Self.readerName, status: prepared.status,
                                        detail: prepared.detail.map { String($0.prefix(2000)) },
                                        textId: textId, textSize: prepared.textRecord?.size, encoding: extracted?.encoding,
                                        sections: sections, metadata: metadata)
            let documentId = try chain.append(record).rowId
            for warning in prepared.warnings { _ = try chain.append(warning) }
            if let indicators, !prepared.indicators.isEmpty {
                // What the scan of the file's own bytes already found is not recorded again: the text adds what
                // only the text shows (inside a zip, a PDF stream, quoted-printable or HTML entities).
                let seen = Set(try String.fetchAll(chain.database, sql: """
                    SELECT i.kind || '|' || i.value FROM indicator_sightings s JOIN indicators i ON i.id = s.indicator_id
                    WHERE s.file_id = ? AND s.artifact_table IS NULL
                    """, arguments: [documentFileId]))
                for finding in prepared.indicators where !seen.contains(finding.kind.rawValue + "|" + finding.value) {
                    try indicators.record(PendingIndicator(finding: finding, artifactTable: "documents", column: "text"),
                                          fileId: documentFileId, artifactId: documentId, chain: &chain)
                }
            }
            var count: Int64 = 0
            for detection in prepared.detections {
                _ = try chain.append(FindingRecord(exhibitId: exhibitId, fileId: documentFileId, messageId: nil, documentId: documentId,
                                                   scope: .document, thread: nil, messageIds: nil, category: detection.category,
                                                   score: Self.rounded(detection.score),
                                                   language: detection.language ?? prepared.guess.language,
                                                   rules: Self.rulesJSON(detection.matches), excerpt: detection.excerpt,
                                                   rulePack: settings.rulePackName, engine: "rules"))
                count += 1
            }
            for match in prepared.yaraMatches {
                _ = try chain.append(Self.yaraFinding(match, exhibitId: exhibitId, fileId: documentFileId, documentId: documentId,
                                                      scope: .document, language: prepared.guess.language, rulePack: settings.yaraName))
                count += 1
            }
            if let signature = prepared.signature {
                try Self.storeSignature(signature, table: "documents", id: documentId, exhibitId: exhibitId, db: chain.database)
            }
            return count
        }
        documentsRead += 1
        findingsWritten += written
    }

    // MARK: - Messages and conversations

    private struct MessageRow {
        var id: Int64
        var fileId: Int64
        var body: String
        var fromOwner: Bool?
    }

    /// Every conversation of the exhibit, in a fixed order (app, account, thread), one transaction each.
    private func detectMessages() throws {
        let threads = try database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT app, account, thread, min(id) AS first_id, max(id) AS last_id FROM messages
                WHERE exhibit_id = ? AND body IS NOT NULL
                GROUP BY app, account, thread ORDER BY app, account, thread
                """, arguments: [exhibitId])
        }
        guard !threads.isEmpty else { return }
        let done = try database.read { db in
            Set(try Int64.fetchAll(db, sql: "SELECT id FROM message_languages WHERE exhibit_id = ?", arguments: [exhibitId]))
        }
        // Indicator kinds per message, from the sightings the extraction stage recorded.
        let messageIndicators = try database.read { db -> [Int64: Set<String>] in
            var result: [Int64: Set<String>] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT s.artifact_id, i.kind FROM indicator_sightings s JOIN indicators i ON i.id = s.indicator_id
                WHERE s.exhibit_id = ? AND s.artifact_table = 'messages'
                """, arguments: [exhibitId])
            while let row = try rows.next() {
                guard let id: Int64 = row[0], let kind: String = row[1] else { continue }
                result[id, default: []].insert(kind)
            }
            return result
        }
        for thread in threads {
            let app: String = thread["app"] ?? ""
            let account: String? = thread["account"]
            let key: String? = thread["thread"]
            let firstId: Int64 = thread["first_id"] ?? 0
            let lastId: Int64 = thread["last_id"] ?? 0
            // A conversation is written whole in one transaction: its first and last message tell whether it was.
            if done.contains(firstId) && done.contains(lastId) { continue }
            let threadKey = [app, account ?? "", key ?? ""].joined(separator: "|")
            try detect(app: app, account: account, thread: key, threadKey: threadKey, firstId: firstId,
                       indicators: messageIndicators, done: done)
        }
    }

    private func detect(app: String, account: String?, thread: String?, threadKey: String, firstId: Int64,
                        indicators messageIndicators: [Int64: Set<String>], done: Set<Int64>) throws {
        let exhibitId = self.exhibitId
        let fileId = try database.read { db in
            try Int64.fetchOne(db, sql: "SELECT file_id FROM messages WHERE id = ?", arguments: [firstId])
        } ?? 0
        if let crash = journal.crash(.detect, fileId: fileId, extractor: threadKey) {
            try database.write { chain in
                _ = try chain.append(WarningRecord(exhibitId: exhibitId, fileId: fileId, code: .stageCrashed,
                                                   message: journal.skipWarning(crash, path: "conversation \(threadKey)")))
            }
            return
        }
        slot.begin(.detect, fileId: fileId, extractor: threadKey, subject: "conversation \(threadKey)")
        defer { slot.end() }
        var messages: [MessageRow] = []
        try database.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT id, file_id, body, direction FROM messages
                WHERE exhibit_id = ? AND app = ? AND account IS ? AND thread IS ? AND body IS NOT NULL
                ORDER BY sent_at, id
                """, arguments: [exhibitId, app, account, thread])
            while let row = try rows.next() {
                guard let id: Int64 = row["id"], !done.contains(id) else { continue }
                let direction: String? = row["direction"]
                // Long bodies are capped for detection (the stored body is untouched).
                let body: String = row["body"] ?? ""
                messages.append(MessageRow(id: id, fileId: row["file_id"] ?? fileId, body: String(body.prefix(20_000)),
                                           fromOwner: direction == "outgoing" ? true : direction == "incoming" ? false : nil))
            }
        }
        guard !messages.isEmpty else { return }
        let settings = self.settings
        let conversation = Self.analyzeConversation(
            messages.map { ConversationMessage(id: $0.id, body: $0.body, fromOwner: $0.fromOwner,
                                               indicators: messageIndicators[$0.id] ?? []) },
            engine: settings.engine, hasher: hasher)
        let guesses = conversation.guesses
        let bases = conversation.bases
        let perMessage = conversation.perMessage
        let threadDetections = conversation.threadDetections
        let threadLanguage = conversation.language
        let signatures = conversation.signatures.map { (messages[$0.index].id, $0.signature) }
        let written = try database.write { chain -> Int64 in
            for (index, message) in messages.enumerated() {
                let guess = guesses[index]
                _ = try chain.append(MessageLanguageRecord(messageId: message.id, exhibitId: exhibitId, language: guess.language,
                                                           script: guess.script, reliable: guess.reliable, basis: bases[index],
                                                           zawgyi: guess.zawgyi))
            }
            var count: Int64 = 0
            for (index, detection) in perMessage {
                let message = messages[index]
                _ = try chain.append(FindingRecord(exhibitId: exhibitId, fileId: message.fileId, messageId: message.id, documentId: nil,
                                                   scope: .message, thread: threadKey, messageIds: nil, category: detection.category,
                                                   score: Self.rounded(detection.score), language: detection.language ?? guesses[index].language,
                                                   rules: Self.rulesJSON(detection.matches), excerpt: detection.excerpt,
                                                   rulePack: settings.rulePackName, engine: "rules"))
                count += 1
            }
            for detection in threadDetections {
                let ids = detection.messageIds.sorted()
                let matches = detection.matches.map { (messageId: $0.messageId, match: $0.match) }
                let first = messages.first { ids.contains($0.id) }
                _ = try chain.append(FindingRecord(exhibitId: exhibitId, fileId: first?.fileId, messageId: ids.first, documentId: nil,
                                                   scope: .thread, thread: threadKey,
                                                   messageIds: "[" + ids.map(String.init).joined(separator: ",") + "]",
                                                   category: detection.category, score: Self.rounded(detection.score),
                                                   language: threadLanguage,
                                                   rules: Self.threadRulesJSON(matches), excerpt: detection.excerpt,
                                                   rulePack: settings.rulePackName, engine: "rules"))
                count += 1
            }
            for (id, signature) in signatures {
                try Self.storeSignature(signature, table: "messages", id: id, exhibitId: exhibitId, db: chain.database)
            }
            return count
        }
        findingsWritten += written
    }

    // MARK: - Values

    static let closePair: Set<String> = ["id", "ms"]

    /// One message of a conversation, as detection sees it.
    struct ConversationMessage: Sendable {
        var id: Int64
        var body: String
        var fromOwner: Bool?
        /// Indicator kinds found in the message (`trx`, `eth`…); families are added here.
        var indicators: Set<String>
    }

    struct ConversationResult {
        var guesses: [LanguageGuess]
        /// `text` or `thread` per message: what decided its language.
        var bases: [String]
        var language: String?
        var perMessage: [(index: Int, detection: Detection)]
        var threadDetections: [ThreadDetection]
        var signatures: [(index: Int, signature: MinHashSignature)]
    }

    /// Language, rules per message and rules over the conversation, the way ingest and `custody extract` both
    /// run them: messages too short to tell take the conversation's language, Indonesian and Malay take the
    /// conversation's, Zawgyi is matched in its Unicode form, messages are analysed on all cores.
    /// `hasher` nil: no MinHash signatures (triage has no case to group them in).
    static func analyzeConversation(_ messages: [ConversationMessage], engine: DetectionEngine, hasher: MinHasher?) -> ConversationResult {
        var guesses = parallelMap(messages) { LanguageIdentifier.identify($0.body) }
        var threadLanguage = ThreadLanguage()
        for guess in guesses { threadLanguage.add(guess) }
        var bases = [String](repeating: "text", count: guesses.count)
        for index in guesses.indices where !guesses[index].reliable {
            let resolved = threadLanguage.resolve(guesses[index])
            if resolved.language != guesses[index].language { bases[index] = "thread" }
            guesses[index] = resolved
        }
        // Indonesian and Malay share most short everyday sentences: a message cannot tell them apart against the
        // conversation it is in, so it takes the conversation's.
        if let thread = threadLanguage.language, closePair.contains(thread) {
            for index in guesses.indices where closePair.contains(guesses[index].language ?? "") && guesses[index].language != thread {
                guesses[index].language = thread
                bases[index] = "thread"
            }
        }
        let resolved = guesses
        // Each message on its own, on all cores; the results are used in message order.
        let analysed = parallelMap(Array(messages.indices)) { index -> (ThreadMessage, [Detection], MinHashSignature?) in
            let message = messages[index]
            let text = resolved[index].zawgyi ? LanguageIdentifier.normalized(message.body) : message.body
            let kinds = indicatorFamilies(Array(message.indicators))
            let detections = engine.detect(text, language: resolved[index].language, indicators: kinds)
            let signature = message.body.utf8.count >= signatureMinimumBytes
                ? hasher?.signature(prefix(message.body, bytes: signatureSampleBytes)) : nil
            return (ThreadMessage(id: message.id, text: text, fromOwner: message.fromOwner, indicators: kinds), detections, signature)
        }
        var result = ConversationResult(guesses: guesses, bases: bases, language: threadLanguage.language, perMessage: [],
                                        threadDetections: [], signatures: [])
        var threadMessages: [ThreadMessage] = []
        for (index, item) in analysed.enumerated() {
            threadMessages.append(item.0)
            for detection in item.1 { result.perMessage.append((index, detection)) }
            if let signature = item.2 { result.signatures.append((index, signature)) }
        }
        var start = 0
        while start < threadMessages.count {
            let end = min(threadMessages.count, start + threadBlock)
            result.threadDetections += engine.detectThread(Array(threadMessages[start..<end]), language: threadLanguage.language)
            start = end
        }
        return result
    }

    /// `transform` over `items` on all cores in pieces of 256, results in the order of `items`.
    static func parallelMap<Item, Value>(_ items: [Item], _ transform: (Item) -> Value) -> [Value] {
        let piece = 256
        guard items.count > piece else { return items.map(transform) }
        let pieces = (items.count + piece - 1) / piece
        let slots = ResultSlots<[Value]>(count: pieces)
        DispatchQueue.concurrentPerform(iterations: pieces) { index in
            let range = (index * piece)..<min(items.count, (index + 1) * piece)
            slots.set(index, items[range].map(transform))
        }
        return (0..<pieces).flatMap { slots.get($0) ?? [] }
    }

    /// Indicator kinds as the rules name them: the kind itself and its family (`crypto-address`, `seed-phrase`).
    static func indicatorFamilies(_ kinds: [String]) -> Set<String> {
        var result = Set(kinds)
        for kind in kinds {
            switch kind {
            case "btc", "eth", "trx", "ltc", "doge", "bch", "xrp", "xmr", "sol": result.insert("crypto-address")
            case "bip39", "electrum": result.insert("seed-phrase")
            case "wif", "xkey": result.insert("private-key")
            default: break
            }
        }
        return result
    }

    /// Scores are sums of rule weights; three decimals keep the stored value (and its hash) free of float noise.
    static func rounded(_ score: Double) -> Double {
        guard score.isFinite else { return 0 }
        return (score * 1000).rounded() / 1000
    }

    static func rulesJSON(_ matches: [RuleMatch]) -> String {
        "[" + matches.map { match in
            "{\"rule\":\(JSONText.quoted(match.ruleId)),\"category\":\(JSONText.quoted(match.category)),\"weight\":\(rounded(match.weight)),\"spans\":["
                + match.spans.prefix(20).map { "[\($0.start),\($0.length)]" }.joined(separator: ",") + "]}"
        }.joined(separator: ",") + "]"
    }

    static func threadRulesJSON(_ matches: [(messageId: Int64, match: RuleMatch)]) -> String {
        "[" + matches.prefix(200).map { item in
            "{\"message_id\":\(item.messageId),\"rule\":\(JSONText.quoted(item.match.ruleId)),\"category\":\(JSONText.quoted(item.match.category)),\"weight\":\(rounded(item.match.weight)),\"spans\":["
                + item.match.spans.prefix(20).map { "[\($0.start),\($0.length)]" }.joined(separator: ",") + "]}"
        }.joined(separator: ",") + "]"
    }

    static func sectionsJSON(_ sections: [TextSection]) -> String? {
        guard !sections.isEmpty else { return nil }
        // Capped: a 100,000-page PDF names its first 10,000 sections.
        return "[" + sections.prefix(10_000).map {
            "{\"label\":\(JSONText.quoted(String($0.label.prefix(200)))),\"start\":\($0.start),\"length\":\($0.length)}"
        }.joined(separator: ",") + "]"
    }

    static func objectJSON(_ values: [String: String]) -> String? {
        guard !values.isEmpty else { return nil }
        return "{" + values.keys.sorted().map { key in
            "\(JSONText.quoted(key)):\(JSONText.quoted(String((values[key] ?? "").prefix(1000))))"
        }.joined(separator: ",") + "}"
    }

    static func yaraFinding(_ match: YaraMatch, exhibitId: Int64, fileId: Int64?, documentId: Int64?, scope: FindingRecord.Scope,
                            language: String?, rulePack: String) -> FindingRecord {
        var fields = ["\"rule\":" + JSONText.quoted(match.rule), "\"namespace\":" + JSONText.quoted(match.namespace),
                      "\"tags\":[" + match.tags.map(JSONText.quoted).joined(separator: ",") + "]"]
        fields.append("\"meta\":{" + match.meta.keys.sorted().map { "\(JSONText.quoted($0)):\(JSONText.quoted(match.meta[$0] ?? ""))" }
            .joined(separator: ",") + "}")
        fields.append("\"strings\":[" + match.strings.prefix(100).map { string in
            "{\"id\":\(JSONText.quoted(string.identifier)),\"offset\":\(string.offset),\"length\":\(string.length),\"data\":\"\(hexString(string.data))\"}"
        }.joined(separator: ",") + "]")
        let excerpt = match.strings.first.map { String(decoding: $0.data, as: UTF8.self) }
        return FindingRecord(exhibitId: exhibitId, fileId: fileId, messageId: nil, documentId: documentId, scope: scope, thread: nil,
                             messageIds: nil, category: "yara", score: 1, language: language, rules: "[{" + fields.joined(separator: ",") + "}]",
                             excerpt: excerpt, rulePack: rulePack, engine: "yara")
    }

    static func storeSignature(_ signature: MinHashSignature, table: String, id: Int64, exhibitId: Int64, db: Database) throws {
        var bytes = [UInt8]()
        bytes.reserveCapacity(signature.values.count * 4)
        for value in signature.values {
            bytes += [UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
                      UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
        }
        try db.execute(sql: "INSERT OR REPLACE INTO text_signatures (artifact_table, artifact_id, exhibit_id, signature) VALUES (?, ?, ?, ?)",
                       arguments: [table, id, exhibitId, Data(bytes)])
    }
}

/// Results of a parallel loop, one slot per iteration, filled from any thread.
final class ResultSlots<Value>: @unchecked Sendable {
    private var values: [Value?]
    private let lock = NSLock()

    init(count: Int) { values = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        values[index] = value
        lock.unlock()
    }

    func get(_ index: Int) -> Value? {
        lock.lock()
        defer { lock.unlock() }
        return values[index]
    }
}

/// A shared counter: `increment` returns the value before it.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count - 1
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

/// Results that workers finish in any order, taken in index order (the taker waits for the one it needs).
final class OrderedResults<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private var values: [Int: Value] = [:]

    func put(_ index: Int, _ value: Value) {
        condition.lock()
        values[index] = value
        condition.broadcast()
        condition.unlock()
    }

    func take(_ index: Int) -> Value {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value = values.removeValue(forKey: index) { return value }
            condition.wait()
        }
    }
}

