// Telegram Desktop "Export chat history" / "Export Telegram data" in JSON (result.json).
// Format: tdesktop Telegram/SourceFiles/export/output/export_output_json.cpp (SerializeMessage, writeDialogStart,
// writePersonal, writeChatsStart). Two shapes:
//   single chat:  {"name", "type", "id", "messages": [...]}
//   full account: {"about", "personal_information": {"user_id", ...}, "contacts", ..., "chats": {"about", "list":
//                 [{"name", "type", "id", "messages": [...]}]}, "left_chats": {...}}
// The file is walked with a streaming reader: one message is in memory at a time, whatever the export's size.
// Times come from `date_unixtime` (Unix seconds as a string); `date` is local time without a zone and is not used.

import EvidenceModel
import Foundation

public enum TelegramDesktopExportExtractor: FileExtractor {
    public static let info = ExtractorInfo(id: "telegram.desktop.export", version: 1, app: "telegram",
                                           documentation: "tdesktop Telegram/SourceFiles/export/output/export_output_json.cpp")

    static let chatTypes = ["personal_chat", "bot_chat", "saved_messages", "replies", "private_group",
                            "private_supergroup", "public_supergroup", "private_channel", "public_channel"]

    public static func probe(head: [UInt8], name: String) -> Bool {
        guard let first = head.first(where: { ![0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF].contains($0) }),
              first == UInt8(ascii: "{") else { return false }
        let text = String(decoding: head, as: UTF8.self)
        if text.contains("\"personal_information\"") && text.contains("\"user_id\"") { return true }
        if text.contains("\"chats\"") && text.contains("\"list\"") && text.contains("\"messages\"") { return true }
        guard text.contains("\"messages\"") else { return false }
        return text.contains("\"date_unixtime\"") || chatTypes.contains { text.contains("\"\($0)\"") }
    }

    /// The chat a message belongs to, as far as its header has been read.
    struct Chat {
        var name: String?
        var type: String?
        var id: String?

        /// Typed peer id as the export writes `from_id`: `user…`, `chat…` or `channel…`.
        var thread: String? {
            guard let id else { return nil }
            switch type {
            case "personal_chat", "bot_chat", "saved_messages", "replies": return "user" + id
            case "private_group": return "chat" + id
            case "private_supergroup", "public_supergroup", "private_channel", "public_channel": return "channel" + id
            default: return id
            }
        }

        var isOneToOne: Bool { type == "personal_chat" || type == "bot_chat" }
    }

    final class State {
        /// `user<id>` of the account owner (full exports only).
        var owner: String?
        var undatedMessages = 0
        var unknownOwnerChats: Set<String> = []
    }

    public static func extract(fileAt path: String, context: ExtractionContext, into sink: ArtifactSink) throws {
        let reader = try TelegramJSONReader(path: path)
        let state = State()
        var single = Chat()
        var emitted = 0
        do {
            try reader.expect(UInt8(ascii: "{"))
            var first = true
            while let key = try reader.nextKey(&first) {
                switch key {
                case "personal_information":
                    let info = try reader.readValue()
                    if let id = info["user_id"]?.text {
                        state.owner = "user" + id
                        let name = [info["first_name"]?.text, info["last_name"]?.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
                        let phone = info["phone_number"]?.text ?? ""
                        sink.note("full-account export; account user\(id)" + (name.isEmpty ? "" : " (\(name))") + (phone.isEmpty ? "" : " \(phone)"))
                    }
                case "chats", "left_chats":
                    try readChatSection(reader, pointer: "/" + key, state: state, sink: sink, emitted: &emitted)
                case "name": single.name = try reader.readValue().text
                case "type": single.type = try reader.readValue().text
                case "id": single.id = try reader.readValue().text
                case "messages":
                    try readMessages(reader, pointer: "/messages", chat: single, state: state, sink: sink, emitted: &emitted)
                default:
                    try reader.skipValue()
                }
            }
        } catch let error as ExtractionError where emitted > 0 {
            // A truncated or damaged export: what was read stands, the rest is reported.
            sink.problem("stopped reading: \(error.message)")
        }
        if state.undatedMessages > 0 {
            sink.note("\(state.undatedMessages) messages without date_unixtime (exports before Telegram Desktop 2.x): their local `date` has no time zone, so no time was recorded")
        }
        if !state.unknownOwnerChats.isEmpty {
            sink.note("single-chat export of a group or channel (\(state.unknownOwnerChats.sorted().joined(separator: ", "))): the export does not name its owner, so direction is unknown")
        }
    }

    static func readChatSection(_ reader: TelegramJSONReader, pointer: String, state: State, sink: ArtifactSink, emitted: inout Int) throws {
        try reader.forEachListElement { index in
            try readChat(reader, pointer: "\(pointer)/list/\(index)", state: state, sink: sink, emitted: &emitted)
        }
    }

    static func readChat(_ reader: TelegramJSONReader, pointer: String, state: State, sink: ArtifactSink, emitted: inout Int) throws {
        guard try reader.peek() == UInt8(ascii: "{") else { return try reader.skipValue() }
        try reader.expect(UInt8(ascii: "{"))
        var chat = Chat()
        var first = true
        while let key = try reader.nextKey(&first) {
            switch key {
            case "name": chat.name = try reader.readValue().text
            case "type": chat.type = try reader.readValue().text
            case "id": chat.id = try reader.readValue().text
            case "messages": try readMessages(reader, pointer: pointer + "/messages", chat: chat, state: state, sink: sink, emitted: &emitted)
            default: try reader.skipValue()
            }
        }
    }

    static func readMessages(_ reader: TelegramJSONReader, pointer: String, chat: Chat, state: State, sink: ArtifactSink, emitted: inout Int) throws {
        guard try reader.peek() == UInt8(ascii: "[") else { return try reader.skipValue() }
        try reader.expect(UInt8(ascii: "["))
        var first = true
        var index = 0
        while try reader.nextElement(&first) {
            let skipped = reader.skippedDeepValues
            let value = try reader.readValue()
            let location = "\(pointer)/\(index)"
            index += 1
            if reader.skippedDeepValues > skipped {
                sink.problem("\(location): a value nested deeper than \(reader.maxDepth) levels was skipped")
            }
            guard value.isObject else {
                sink.problem("\(location): not a message object")
                continue
            }
            try emit(value, chat: chat, pointer: location, state: state, sink: sink)
            emitted += 1
        }
    }

    // MARK: - One message

    /// `text` is a string, or an array of strings and entity objects {type, text, …}: the texts joined in order.
    static func flattenText(_ value: TelegramJSONValue?) -> String? {
        guard let value else { return nil }
        switch value {
        case .string(let text): return text
        case .array(let parts):
            return parts.map { part -> String in
                if case .string(let text) = part { return text }
                return part["text"]?.text ?? ""
            }.joined()
        default: return nil
        }
    }

    /// A file field's value: a relative path, or a parenthesized reason the file was not exported.
    static func attachment(_ value: String?, mime: String?) -> Attachment? {
        guard let value, !value.isEmpty else { return nil }
        if value.hasPrefix("(") && value.hasSuffix(")") || value.contains("(File ") || value.contains("(Photo ") {
            return Attachment(name: value, mime: mime)
        }
        return Attachment(name: (value as NSString).lastPathComponent, mime: mime, sourcePath: value)
    }

    static func emit(_ message: TelegramJSONValue, chat: Chat, pointer: String, state: State, sink: ArtifactSink) throws {
        let type = message["type"]?.text
        let isService = type == "service"
        let fromId = isService ? (message["actor_id"]?.text ?? message["from_id"]?.text) : message["from_id"]?.text
        let fromName = isService ? (message["actor"]?.text ?? message["from"]?.text) : message["from"]?.text
        let thread = chat.thread

        // Who the owner is: named by a full export; in a one-to-one chat, whoever is not the peer.
        var account = state.owner
        var direction = Direction.unknown
        if isService {
            direction = .system
        } else if let owner = state.owner, let fromId {
            direction = fromId == owner ? .outgoing : .incoming
        } else if chat.isOneToOne, let thread, let fromId {
            direction = fromId == thread ? .incoming : .outgoing
            if direction == .outgoing { account = fromId }
        } else if state.owner == nil, !chat.isOneToOne, chat.type != "saved_messages" {
            state.unknownOwnerChats.insert(chat.type ?? "unknown type")
        } else if state.owner == nil, chat.type == "saved_messages" {
            direction = .outgoing
        }

        var sentAt: Timestamp?
        if let raw = message["date_unixtime"]?.text {
            if let seconds = Int64(raw) {
                sentAt = Timestamp.unixSeconds(seconds)
                sentAt?.raw = raw
            } else {
                sink.problem("\(pointer): date_unixtime \(raw) is not a number")
            }
        } else {
            state.undatedMessages += 1
        }

        var attachments: [Attachment] = []
        if let photo = attachment(message["photo"]?.text, mime: nil) { attachments.append(photo) }
        if let file = attachment(message["file"]?.text, mime: message["mime_type"]?.text) { attachments.append(file) }
        if let vcard = attachment(message["contact_vcard"]?.text, mime: "text/vcard") { attachments.append(vcard) }

        var body = flattenText(message["text"])
        if body?.isEmpty == true { body = nil }
        var kind: String?
        if let action = message["action"]?.text {
            kind = action
        } else if isService, message["information_text"] != nil {
            kind = "custom_action"
            body = body ?? message["information_text"]?.text
        } else if let mediaType = message["media_type"]?.text {
            kind = mediaType
            if mediaType == "sticker", body == nil { body = message["sticker_emoji"]?.text }
        } else if message["photo"] != nil && !isService {
            kind = "photo"
        } else if let poll = message["poll"] {
            kind = "poll"
            body = body ?? poll["question"]?.text
        } else if let location = message["location_information"] {
            kind = message["place_name"] != nil ? "venue" : "location"
            if body == nil, let latitude = location["latitude"]?.text, let longitude = location["longitude"]?.text {
                body = "geo:\(latitude),\(longitude)"
            }
        } else if message["contact_information"] != nil {
            kind = "contact"
        } else if type == "unsupported" {
            kind = "unsupported"
        }
        let status = kind ?? (message["edited_unixtime"] != nil || message["edited"] != nil ? "edited" : nil)

        var recipients: [String] = []
        if direction == .outgoing, let thread { recipients = [thread] }
        if direction == .incoming, let account { recipients = [account] }

        try sink.add(ChatMessage(
            app: "telegram", account: account, thread: thread, threadName: chat.name,
            sender: fromId, senderName: fromName, recipients: recipients, direction: direction, sentAt: sentAt,
            body: body, attachments: attachments, replyTo: message["reply_to_message_id"]?.text,
            messageId: message["id"]?.text, status: status, source: .pointer(pointer)))

        if isService, kind == "phone_call" {
            try sink.add(call(message, chat: chat, actor: fromId, owner: state.owner, sentAt: sentAt, pointer: pointer))
        }
    }

    /// A `phone_call` service message as a call: the actor placed it.
    static func call(_ message: TelegramJSONValue, chat: Chat, actor: String?, owner: String?, sentAt: Timestamp?, pointer: String) -> Call {
        var direction = Direction.unknown
        if let owner, let actor {
            direction = actor == owner ? .outgoing : .incoming
        } else if chat.isOneToOne, let actor, let thread = chat.thread {
            direction = actor == thread ? .incoming : .outgoing
        }
        let duration = message["duration_seconds"]?.text.flatMap(Double.init)
        let outcome: CallOutcome
        switch message["discard_reason"]?.text {
        case "missed": outcome = direction == .outgoing ? .cancelled : .missed
        case "busy": outcome = .rejected
        case "hangup": outcome = (duration ?? 0) > 0 ? .answered : (direction == .incoming ? .rejected : .cancelled)
        case "disconnect": outcome = (duration ?? 0) > 0 ? .answered : .unknown
        default: outcome = (duration ?? 0) > 0 ? .answered : .unknown
        }
        return Call(app: "telegram", account: owner, peer: chat.thread, peerName: chat.name, direction: direction, startedAt: sentAt,
                    durationSeconds: duration, media: .unknown, outcome: outcome, status: message["discard_reason"]?.text,
                    source: .pointer(pointer))
    }
}
