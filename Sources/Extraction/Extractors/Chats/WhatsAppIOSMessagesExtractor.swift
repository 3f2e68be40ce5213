// WhatsApp for iOS messages from ChatStorage.sqlite (Core Data: ZWAMESSAGE, ZWACHATSESSION, ZWAGROUPMEMBER,
// ZWAMEDIAITEM, optional ZWAPROFILEPUSHNAME).
// Schema: iLEAPP scripts/artifacts/whatsAppMessages.py; WhatsApp-Chat-Exporter Whatsapp_Chat_Exporter/ios_handler.py.
//
// Representation of rows that are not plain text (every ZWAMESSAGE row gives one message):
// - ZMESSAGETYPE 6 (group event) and 10 (notices: encryption, security code, …) → direction `.system`,
//   status `group-event` / `notice`; sender is the group member when the row names one.
// - Media (1 image, 2 video, 3 audio, 8 document, 11 GIF, 15 sticker) → one `Attachment` from ZWAMEDIAITEM
//   (ZMEDIALOCALPATH, ZFILESIZE; ZVCARDSTRING holds the MIME type for media; ZTITLE the document name), status
//   the type name; the body is ZTEXT, or the caption in ZTITLE for images/videos when ZTEXT is empty.
// - 4 contact: body ZTEXT or the vCard name, attachment `text/vcard` named by ZVCARDNAME, status `contact`.
// - 5 location: body `geo:<lat>,<lon>` from ZWAMEDIAITEM when ZTEXT is empty (synthesized, stated here),
//   status `location`.
// - 14 deleted/revoked → status `revoked`; 59 call bubble → `call`; 46/66 poll → `poll`; others → `type <n>`.
// - replyTo: the quoted message's stanza id, from ZWAMEDIAITEM.ZMETADATA protobuf field 5 (quoted stanza id).
//   ZPARENTMESSAGE links broadcast copies to their parent, not quotes; it is not used as replyTo.

import EvidenceModel
import Foundation
import GRDB

public enum WhatsAppIOSMessagesExtractor: SQLiteExtractor {
    public static let info = ExtractorInfo(id: "whatsapp.ios.messages", version: 1, app: "whatsapp",
                                           documentation: "iLEAPP scripts/artifacts/whatsAppMessages.py; WhatsApp-Chat-Exporter ios_handler.py (ChatStorage.sqlite)")
    public static let signature = SQLiteSignature([
        "ZWAMESSAGE": ["Z_PK", "ZISFROMME", "ZMESSAGEDATE", "ZTEXT", "ZCHATSESSION", "ZFROMJID", "ZTOJID"],
        "ZWACHATSESSION": ["Z_PK", "ZCONTACTJID"],
    ])

    struct Session { var jid: String?; var name: String?; var isGroup: Bool }
    struct Member { var jid: String?; var name: String? }

    public static func extract(from db: Database, schema: SQLiteSchema, context: ExtractionContext, into sink: ArtifactSink) throws {
        let sessionColumns = ColumnSelection(schema: schema, table: "ZWACHATSESSION", alias: "s")
        var sessions: [Int64: Session] = [:]
        try db.forEachRow("SELECT s.Z_PK AS pk, \(sessionColumns.columns(["ZCONTACTJID", "ZPARTNERNAME", "ZSESSIONTYPE"])) FROM ZWACHATSESSION s ORDER BY s.Z_PK") { row in
            guard let pk = row.int("pk") else { return }
            let jid = row.nonEmptyText("ZCONTACTJID")
            let isGroup = row.int("ZSESSIONTYPE") == 1 || (jid?.hasSuffix("@g.us") ?? false)
            sessions[pk] = Session(jid: jid, name: row.nonEmptyText("ZPARTNERNAME"), isGroup: isGroup)
        }
        var pushNames: [String: String] = [:]
        if schema.has("ZWAPROFILEPUSHNAME", "ZJID") && schema.has("ZWAPROFILEPUSHNAME", "ZPUSHNAME") {
            try db.forEachRow("SELECT ZJID, ZPUSHNAME FROM ZWAPROFILEPUSHNAME ORDER BY rowid") { row in
                if let jid = row.nonEmptyText("ZJID"), let name = row.nonEmptyText("ZPUSHNAME"), pushNames[jid] == nil {
                    pushNames[jid] = name
                }
            }
        }
        var members: [Int64: Member] = [:]
        if schema.has("ZWAGROUPMEMBER", "Z_PK") && schema.has("ZWAGROUPMEMBER", "ZMEMBERJID") {
            let memberColumns = ColumnSelection(schema: schema, table: "ZWAGROUPMEMBER", alias: "g")
            try db.forEachRow("SELECT g.Z_PK AS pk, \(memberColumns.columns(["ZMEMBERJID", "ZCONTACTNAME", "ZFIRSTNAME"])) FROM ZWAGROUPMEMBER g ORDER BY g.Z_PK") { row in
                guard let pk = row.int("pk") else { return }
                members[pk] = Member(jid: row.nonEmptyText("ZMEMBERJID"),
                                     name: row.nonEmptyText("ZCONTACTNAME") ?? row.nonEmptyText("ZFIRSTNAME"))
            }
        }
        let account = try ownJID(db) ?? context.directory.account(app: "whatsapp")

        let message = ColumnSelection(schema: schema, table: "ZWAMESSAGE", alias: "m")
        let hasMedia = schema.has("ZWAMEDIAITEM", "Z_PK") && message.has("ZMEDIAITEM")
        let media = ColumnSelection(schema: schema, table: hasMedia ? "ZWAMEDIAITEM" : "", alias: "i")
        let mediaColumns = media.columns(["ZMEDIALOCALPATH", "ZTITLE", "ZFILESIZE", "ZVCARDSTRING", "ZVCARDNAME", "ZLATITUDE", "ZLONGITUDE", "ZMETADATA"], prefix: "media_")
        let sql = """
            SELECT m.Z_PK AS pk, \(message.columns(["ZISFROMME", "ZFROMJID", "ZTOJID", "ZMESSAGEDATE", "ZTEXT", "ZMESSAGETYPE", "ZCHATSESSION", "ZGROUPMEMBER", "ZMEDIAITEM", "ZSTANZAID"])),
                   \(mediaColumns)
            FROM ZWAMESSAGE m \(hasMedia ? "LEFT JOIN ZWAMEDIAITEM i ON i.Z_PK = m.ZMEDIAITEM" : "")
            ORDER BY m.Z_PK
            """
        try db.forEachRow(sql) { row in
            let pk = row.int("pk")
            let type = row.int("ZMESSAGETYPE") ?? 0
            let session = row.int("ZCHATSESSION").flatMap { sessions[$0] }
            let member = row.int("ZGROUPMEMBER").flatMap { members[$0] }
            let fromMe = row.bool("ZISFROMME") ?? false
            let thread = session?.jid ?? (fromMe ? row.nonEmptyText("ZTOJID") : row.nonEmptyText("ZFROMJID"))
            let threadName = session?.name ?? context.directory.name(app: "whatsapp", id: thread)

            func name(of jid: String?) -> String? {
                guard let jid else { return nil }
                return context.directory.name(app: "whatsapp", id: jid) ?? pushNames[jid]
            }

            let direction: Direction
            var sender: String?
            var senderName: String?
            var recipients: [String] = []
            if type == 6 || type == 10 {
                direction = .system
                sender = member?.jid
                senderName = member?.name ?? name(of: member?.jid)
            } else if fromMe {
                direction = .outgoing
                sender = account
                if let peer = thread ?? row.nonEmptyText("ZTOJID") { recipients = [peer] }
            } else {
                direction = .incoming
                if session?.isGroup == true || member != nil {
                    sender = member?.jid
                    senderName = member?.name ?? name(of: member?.jid)
                } else {
                    sender = row.nonEmptyText("ZFROMJID") ?? thread
                    senderName = session?.name ?? name(of: sender)
                }
                if let account { recipients = [account] }
            }

            var body = row.text("ZTEXT")
            if body?.isEmpty == true { body = nil }
            var attachments: [Attachment] = []
            let localPath = row.nonEmptyText("media_ZMEDIALOCALPATH")
            let title = row.nonEmptyText("media_ZTITLE")
            let vcardString = row.nonEmptyText("media_ZVCARDSTRING")
            let mime = vcardString.flatMap { looksLikeMIME($0) ? $0 : nil }
            let size = row.int("media_ZFILESIZE").flatMap { $0 > 0 ? $0 : nil }
            switch type {
            case 1, 2, 3, 8, 11, 15:
                if type == 1 || type == 2, body == nil { body = title }
                let fileName = type == 8 ? (title ?? localPath.map(lastComponent)) : localPath.map(lastComponent)
                attachments.append(Attachment(name: fileName, mime: mime, sourcePath: localPath, size: size))
            case 4:
                if body == nil { body = row.nonEmptyText("media_ZVCARDNAME") }
                attachments.append(Attachment(name: row.nonEmptyText("media_ZVCARDNAME"), mime: "text/vcard", sourcePath: localPath, size: size))
            case 5:
                if body == nil, let lat = row.double("media_ZLATITUDE"), let lon = row.double("media_ZLONGITUDE"), lat != 0 || lon != 0 {
                    body = "geo:\(lat),\(lon)"
                }
            default:
                if let localPath { attachments.append(Attachment(name: lastComponent(localPath), mime: mime, sourcePath: localPath, size: size)) }
            }

            let time: Timestamp?
            if let value = row.double("ZMESSAGEDATE") {
                time = Timestamp.cocoaSeconds(value)
            } else {
                time = nil
                if row.value("ZMESSAGEDATE") != nil { sink.problem("ZWAMESSAGE \(pk.map(String.init) ?? "?"): unreadable ZMESSAGEDATE") }
            }

            try sink.add(ChatMessage(
                app: "whatsapp", account: account, thread: thread, threadName: threadName,
                sender: sender, senderName: senderName, recipients: recipients, direction: direction,
                sentAt: time, body: body, attachments: attachments,
                replyTo: row.blob("media_ZMETADATA").flatMap(quotedStanzaId),
                messageId: row.nonEmptyText("ZSTANZAID"), status: statusName(type), source: .row("ZWAMESSAGE", pk)))
        }
    }

    /// The device owner's JID: the most common recipient of received one-to-one and group rows.
    static func ownJID(_ db: Database) throws -> String? {
        try String.fetchOne(db, sql: """
            SELECT ZTOJID FROM ZWAMESSAGE WHERE ZISFROMME = 0 AND typeof(ZTOJID) = 'text' AND ZTOJID LIKE '%@s.whatsapp.net'
            GROUP BY ZTOJID ORDER BY count(*) DESC, ZTOJID LIMIT 1
            """)
    }

    static func statusName(_ type: Int64) -> String? {
        switch type {
        case 0, 7: return nil
        case 1: return "image"
        case 2: return "video"
        case 3: return "audio"
        case 4: return "contact"
        case 5: return "location"
        case 6: return "group-event"
        case 8: return "document"
        case 10: return "notice"
        case 11: return "gif"
        case 14: return "revoked"
        case 15: return "sticker"
        case 46, 66: return "poll"
        case 59: return "call"
        default: return "type \(type)"
        }
    }

    static func looksLikeMIME(_ text: String) -> Bool {
        text.utf8.count < 128 && text.contains("/") && !text.contains("\n") && !text.contains(" ")
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }

    /// ZWAMEDIAITEM.ZMETADATA is a protobuf whose field 5 (tag 0x2A) is the quoted message's stanza id.
    static func quotedStanzaId(_ bytes: [UInt8]) -> String? {
        var index = 0
        while index < bytes.count {
            guard let (key, afterKey) = varint(bytes, index) else { return nil }
            index = afterKey
            switch key & 7 {
            case 0:
                guard let (_, next) = varint(bytes, index) else { return nil }
                index = next
            case 1: index += 8
            case 5: index += 4
            case 2:
                guard let (length, start) = varint(bytes, index), length <= UInt64(bytes.count - start) else { return nil }
                let end = start + Int(length)
                if key >> 3 == 5 {
                    guard let text = String(bytes: bytes[start..<end], encoding: .utf8), !text.isEmpty else { return nil }
                    return text
                }
                index = end
            default: return nil
            }
        }
        return nil
    }

    static func varint(_ bytes: [UInt8], _ start: Int) -> (UInt64, Int)? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        var index = start
        while index < bytes.count, shift < 64 {
            let byte = bytes[index]
            value |= UInt64(byte & 0x7F) << shift
            index += 1
            if byte & 0x80 == 0 { return (value, index) }
            shift += 7
        }
        return nil
    }
}
