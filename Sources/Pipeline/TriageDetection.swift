// Detection without a case (`custody scan`, `custody extract`): the rule packs over a loose file's text or over
// extracted messages and their conversations, as the ingest's detection phase runs them, nothing recorded.

import Detection
import Documents
import EvidenceModel
import Foundation
import Language

public enum TriageDetection {
    /// Text files read whole for detection up to this size (documents go through their readers and limits).
    static let textLimit = 64 << 20

    /// The built-in rule packs, plus analysts' files.
    public static func engine(rulePaths: [String] = []) throws -> DetectionEngine {
        let builtIn = try RulePack.builtIn()
        return DetectionEngine(pack: rulePaths.isEmpty ? builtIn : try RulePack.load(paths: rulePaths, base: builtIn))
    }

    /// A file's findings: a document's extracted text, else its bytes decoded as text (UTF-8 or a detected legacy
    /// encoding). Nil detections with a note when the file has no text to read.
    public static func detect(file path: String, engine: DetectionEngine) -> (language: String?, detections: [Detection], note: String?) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return (nil, [], "cannot read") }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 4096)).map { [UInt8]($0) } ?? []
        let name = (path as NSString).lastPathComponent
        let text: String
        if let kind = DocumentKindDetection.kind(head: head, name: name) {
            do {
                text = try DocumentText.extract(path: path, kind: kind).text
            } catch {
                return (nil, [], "\(kind.rawValue) text not read: \(error)")
            }
        } else {
            try? handle.seek(toOffset: 0)
            let bytes = (try? handle.read(upToCount: textLimit)).map { [UInt8]($0) } ?? []
            // Binary files have no text for the rules: a NUL in the first block says so.
            guard !bytes.prefix(8192).contains(0) else { return (nil, [], nil) }
            text = String(decoding: bytes, as: UTF8.self)
        }
        guard !text.isEmpty else { return (nil, [], nil) }
        let guess = LanguageIdentifier.identify(String(text.prefix(100_000)))
        let matchText = guess.zawgyi ? LanguageIdentifier.normalized(text) : text
        return (guess.language, DetectionPhase.detectInChunks(matchText, engine: engine, language: guess.language, indicators: []), nil)
    }

    public struct MessageFinding: Sendable {
        /// Index of the message in the list given (for a thread finding: its first message whose rules fired).
        public var index: Int
        public var thread: String
        public var scope: String
        public var detection: Detection?
        public var threadDetection: ThreadDetection?
    }

    /// Findings on messages and their conversations (grouped by app, account and thread, in the order given).
    public static func detect(messages: [ChatMessage], engine: DetectionEngine) -> [MessageFinding] {
        var byThread: [String: [Int]] = [:]
        var order: [String] = []
        for (index, message) in messages.enumerated() where message.body?.isEmpty == false {
            let key = [message.app, message.account ?? "", message.thread ?? ""].joined(separator: "|")
            if byThread[key] == nil { order.append(key) }
            byThread[key, default: []].append(index)
        }
        var result: [MessageFinding] = []
        for key in order {
            let indices = byThread[key] ?? []
            let conversation = DetectionPhase.analyzeConversation(indices.map { index in
                let direction = messages[index].direction.rawValue
                return DetectionPhase.ConversationMessage(id: Int64(index), body: messages[index].body ?? "",
                                                          fromOwner: direction == "outgoing" ? true : direction == "incoming" ? false : nil,
                                                          indicators: [])
            }, engine: engine, hasher: nil)
            for (position, detection) in conversation.perMessage {
                result.append(MessageFinding(index: indices[position], thread: key, scope: "message", detection: detection))
            }
            for detection in conversation.threadDetections {
                result.append(MessageFinding(index: Int(detection.messageIds.first ?? 0), thread: key, scope: "thread",
                                             threadDetection: detection))
            }
        }
        return result
    }
}
