// Reading the TL-serialized objects Telegram for Android keeps in cache4.db (messages_v2.data, users.data,
// chats.data): just enough of Message, User and Chat to name the sender, peer, time, text and media kind.
// TL basics (core.telegram.org/mtproto/serialize): little-endian int32/int64; a string is 1 length byte (<254)
// or 0xFE + 3 length bytes, the bytes, then zero padding to a multiple of 4; optional fields follow `flags` bits.
//
// Constructors change with every API layer, so the layouts are not looked up by constructor id alone: the known
// shapes are tried in turn and each is checked against the row it came from (the message's `date` column, the
// user's or chat's `uid`), and Peer objects against the Peer constructors. Supported shapes (from Telegram Android
// TLRPC.java and the api.tl schema of tdesktop/Telegram-iOS):
//   message  flags [flags2] id from_id:flags.8?Peer from_boosts_applied:flags.29?int peer_id:Peer
//            saved_peer_id:flags.28?Peer fwd_from:flags.2? via_bot_id:flags.11? via_business_bot_id:flags2.0?
//            reply_to:flags.3? date:int message:string media:flags.9?MessageMedia …   (layers 118 → current,
//            e.g. #f52e6b7f #58ae39c9 #bce383d2 #85d6cbe2 #38116ee0 #94345242 #1e4c8a69 #2357bf25 #9815cec8)
//   message  flags id from_id:flags.8?int to_id:Peer fwd_from:flags.2? via_bot_id:flags.11?int
//            reply_to_msg_id:flags.3?int date message …                                    (layers 48 → 117,
//            e.g. #c09be45f #44f9b43d #1c9b1027 #452c0e65)
//   messageService: the same header, then date and a MessageAction instead of the text
//            (#2b085862 #d3d28540 #7a800e0a #286fa604 #9e19a1f6 #c06b9607).
// Between peer_id and date the optional forward and reply headers have many versions; when any is present the
// date is found by its value (the row's `date` column) and the text read after it.

import Foundation

struct TLReader {
    let bytes: [UInt8]
    var offset: Int

    init(_ bytes: [UInt8], offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    var remaining: Int { bytes.count - offset }

    mutating func uint32() -> UInt32? {
        guard offset >= 0, remaining >= 4 else { return nil }
        let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        offset += 4
        return value
    }

    mutating func int32() -> Int32? { uint32().map { Int32(bitPattern: $0) } }

    mutating func int64() -> Int64? {
        guard let low = uint32(), let high = uint32() else { return nil }
        return Int64(bitPattern: UInt64(high) << 32 | UInt64(low))
    }

    /// A TL string; nil when its length runs past the end, its padding is not zero or it is not UTF-8.
    mutating func string() -> String? {
        guard let bytes = byteString() else { return nil }
        return String(bytes: bytes, encoding: .utf8)
    }

    mutating func byteString() -> [UInt8]? {
        guard offset >= 0, remaining >= 1 else { return nil }
        var length = Int(bytes[offset])
        var header = 1
        if length == 254 {
            guard remaining >= 4 else { return nil }
            length = Int(bytes[offset + 1]) | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3]) << 16
            header = 4
        } else if length == 255 {
            return nil
        }
        let total = (header + length + 3) / 4 * 4
        guard remaining >= total else { return nil }
        let start = offset + header
        let value = Array(bytes[start..<(start + length)])
        guard bytes[(start + length)..<(offset + total)].allSatisfy({ $0 == 0 }) else { return nil }
        offset += total
        return value
    }
}

/// A Telegram peer as the desktop export names it: `user123`, `chat123`, `channel123`.
struct TLPeer: Hashable {
    enum Kind: String { case user, chat, channel }
    var kind: Kind
    var id: Int64
    var typed: String { kind.rawValue + String(id) }

    static func read(_ reader: inout TLReader) -> TLPeer? {
        guard let constructor = reader.uint32() else { return nil }
        switch constructor {
        case 0x5951_1722: return reader.int64().map { TLPeer(kind: .user, id: $0) }
        case 0x36C6_019A: return reader.int64().map { TLPeer(kind: .chat, id: $0) }
        case 0xA2A5_371E: return reader.int64().map { TLPeer(kind: .channel, id: $0) }
        case 0x9DB1_BC6D: return reader.int32().map { TLPeer(kind: .user, id: Int64($0)) }
        case 0xBAD0_E5BB: return reader.int32().map { TLPeer(kind: .chat, id: Int64($0)) }
        case 0xBDDE_1F50: return reader.int32().map { TLPeer(kind: .channel, id: Int64($0)) }
        default: return nil
        }
    }
}

/// What a Message blob yielded.
struct TLMessage {
    var constructor: UInt32
    var flags: UInt32
    var id: Int32
    var from: TLPeer?
    var peer: TLPeer
    var date: Int32?
    var text: String?
    var isService: Bool
    var isOutgoing: Bool { flags & 0x2 != 0 }
    var hasMedia: Bool { flags & 0x200 != 0 }
    /// The MessageMedia constructor after the text, or the MessageAction constructor of a service message.
    var payloadConstructor: UInt32?
    /// `mime_type` of a document, when the media is a document of a known shape.
    var mime: String?
    /// Service messages: a phone call's outcome.
    var call: (video: Bool, reason: String?, duration: Int32?)?

    static let serviceConstructors: Set<UInt32> = [0x2B08_5862, 0xD3D2_8540, 0x7A80_0E0A, 0x286F_A604, 0x9E19_A1F6,
                                                   0xC06B_9607, 0x9F8D_60BB, 0x1D86_F70E]

    /// Decodes `blob`; `rowDate` (the row's `date` column) anchors the layout. Nil when no shape fits.
    static func decode(_ blob: [UInt8], rowDate: Int64?) -> TLMessage? {
        var probe = TLReader(blob)
        guard let constructor = probe.uint32() else { return nil }
        let isService = serviceConstructors.contains(constructor)
        // Header shapes: (flags2 present, from_id is a Peer).
        for (hasFlags2, peerFrom) in [(true, true), (false, true), (false, false)] {
            var reader = TLReader(blob, offset: 4)
            guard let flags = reader.uint32() else { return nil }
            let flags2 = hasFlags2 ? reader.uint32() : 0
            guard let flags2, let id = reader.int32() else { continue }
            var from: TLPeer?
            if flags & 0x100 != 0 {
                if peerFrom {
                    guard let peer = TLPeer.read(&reader) else { continue }
                    from = peer
                } else {
                    guard let user = reader.int32() else { continue }
                    from = TLPeer(kind: .user, id: Int64(user))
                }
            }
            if peerFrom, flags & (1 << 29) != 0 { guard reader.int32() != nil else { continue } }
            guard let peer = TLPeer.read(&reader) else { continue }
            if peerFrom, flags & (1 << 28) != 0 { guard TLPeer.read(&reader) != nil else { continue } }
            var message = TLMessage(constructor: constructor, flags: flags, id: id, from: from, peer: peer, isService: isService)
            message.readBody(&reader, flags2: flags2, rowDate: rowDate)
            return message
        }
        return nil
    }

    /// Reads date, then text and media (or the service action), from just after peer_id.
    private mutating func readBody(_ reader: inout TLReader, flags2: UInt32, rowDate: Int64?) {
        let hasVariableHeaders = flags & (0x4 | 0x8 | 0x800) != 0 || flags2 & 0x1 != 0
        var start: Int?
        if !hasVariableHeaders {
            var direct = reader
            if let date = direct.int32(), rowDate == nil || Int64(date) == rowDate {
                self.date = date
                start = direct.offset
            }
        }
        if start == nil, let rowDate, let target = Int32(exactly: rowDate) {
            // The forward/reply headers vary by layer: find the date by value, 4-byte aligned after peer_id.
            var offset = reader.offset
            while offset + 4 <= reader.bytes.count {
                var candidate = TLReader(reader.bytes, offset: offset)
                if candidate.int32() == target {
                    var after = candidate
                    if isService || after.string() != nil {
                        date = target
                        start = candidate.offset
                        break
                    }
                }
                offset += 4
            }
        }
        guard let start else { return }
        var body = TLReader(reader.bytes, offset: start)
        if isService {
            readAction(&body)
            return
        }
        guard let text = body.string() else { return }
        self.text = text
        guard hasMedia, let media = body.uint32() else { return }
        payloadConstructor = media
        // messageMediaDocument (flags, document:flags.0?Document …) with document#8fd4c4d8 / #1e87342b / #9ba29cc1:
        // flags id access_hash file_reference:bytes date mime_type:string …
        if [0x4CF4_D72D, 0xDD57_0BD5, 0x52D8_CCD9, 0x9CB0_70D7, 0x7C44_14D3].contains(media),
           let mediaFlags = body.uint32(), mediaFlags & 0x1 != 0,
           let document = body.uint32(), [0x8FD4_C4D8, 0x1E87_342B, 0x9BA2_9CC1].contains(document),
           body.uint32() != nil, body.int64() != nil, body.int64() != nil, body.byteString() != nil, body.int32() != nil,
           let mime = body.string(), mime.contains("/"), mime.count < 128 {
            self.mime = mime
        }
    }

    private mutating func readAction(_ reader: inout TLReader) {
        guard let action = reader.uint32() else { return }
        payloadConstructor = action
        // messageActionPhoneCall#80e11a7f flags:# video:flags.2?true call_id:long
        //   reason:flags.0?PhoneCallDiscardReason duration:flags.1?int
        guard action == 0x80E1_1A7F, let flags = reader.uint32(), reader.int64() != nil else { return }
        var reason: String?
        var readable = true
        if flags & 0x1 != 0 {
            switch reader.uint32() {
            case 0x85E4_2301: reason = "missed"
            case 0xE095_C1A0: reason = "disconnect"
            case 0x57AD_C4C6: reason = "hangup"
            case 0xFAF7_E8C9: reason = "busy"
            default: reason = "other"; readable = false
            }
        }
        let duration = flags & 0x2 != 0 && readable ? reader.int32() : nil
        call = (flags & 0x4 != 0, reason, duration)
    }

    /// A short name for the media or action, for `status`.
    var kind: String? {
        guard let payloadConstructor else { return isService ? "service" : (hasMedia ? "media" : nil) }
        if isService {
            switch payloadConstructor {
            case 0x80E1_1A7F: return "phone_call"
            case 0xBD47_CBAD, 0xA663_8B9A: return "create_group"
            case 0x15CE_FD00, 0x488A_7337: return "invite_members"
            case 0xA43F_30CC, 0xB2AE_9B0C: return "remove_members"
            case 0xB5A1_CE5A: return "edit_group_title"
            case 0x95D2_AC92: return "create_channel"
            case 0x94BD_38ED: return "pin_message"
            case 0x9FBA_B604: return "clear_history"
            case 0x0312_24C3: return "join_group_by_link"
            case 0xF3F2_5F76: return "joined_telegram"
            case 0x4792_929B: return "take_screenshot"
            case 0x7A0D_7F42: return "group_call"
            default: return "service"
            }
        }
        switch payloadConstructor {
        case 0x3DED_6320: return nil
        case 0x6951_50D7, 0xB522_3B0F, 0x3D8C_E53D: return "photo"
        case 0x4CF4_D72D, 0xDD57_0BD5, 0x52D8_CCD9, 0x9CB0_70D7, 0x7C44_14D3, 0xF3E0_2EA8: return "document"
        case 0x56E0_D474: return "location"
        case 0xB940_C666, 0x7C3C_2609: return "live_location"
        case 0x7032_2949, 0xCBF2_4940, 0x5E7D_2F39: return "contact"
        case 0x2EC0_533F, 0x7912_B71F: return "venue"
        case 0x4BD6_E798: return "poll"
        case 0xDDF1_0C3B, 0xA32D_D600: return "webpage"
        case 0x3F7E_E58B: return "dice"
        case 0xFDB1_9008: return "game"
        case 0x68CB_6283: return "story"
        default: return "media"
        }
    }

    var isAttachment: Bool { kind == "photo" || kind == "document" }
}

/// First and last name, user name and phone of a User blob (layouts: flags [flags2] id:long|int
/// access_hash:flags.0?long first_name:flags.1?string last_name:flags.2?string username:flags.3?string
/// phone:flags.4?string …), anchored on the id equal to the row's uid.
struct TLUser {
    var id: Int64
    var firstName: String?
    var lastName: String?
    var username: String?
    var phone: String?
    var isSelf: Bool

    var displayName: String? {
        let name = [firstName, lastName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        return name.isEmpty ? nil : name
    }

    static func decode(_ blob: [UInt8], uid: Int64) -> TLUser? {
        for (hasFlags2, longId) in [(true, true), (false, true), (false, false)] {
            var reader = TLReader(blob, offset: 4)
            guard let flags = reader.uint32() else { return nil }
            if hasFlags2 { guard reader.uint32() != nil else { continue } }
            let id = longId ? reader.int64() : reader.int32().map(Int64.init)
            guard id == uid else { continue }
            if flags & 0x1 != 0 { guard reader.int64() != nil else { continue } }
            var fields: [String?] = []
            var ok = true
            for bit in 1...4 {
                if flags & (1 << UInt32(bit)) != 0 {
                    guard let value = reader.string() else { ok = false; break }
                    fields.append(value)
                } else {
                    fields.append(nil)
                }
            }
            guard ok else { continue }
            return TLUser(id: uid, firstName: fields[0], lastName: fields[1], username: fields[2], phone: fields[3],
                          isSelf: flags & 0x400 != 0)
        }
        return nil
    }
}

/// The title of a Chat blob (chat: flags id title; channel: flags [flags2] id access_hash:flags.13?long title;
/// chatForbidden: id title; channelForbidden: flags id access_hash title), anchored on the id equal to the uid.
enum TLChat {
    static func title(_ blob: [UInt8], uid: Int64) -> String? {
        // (flags, flags2, id is long, access hash: 0 never, 1 when flags.13, 2 always)
        let shapes: [(Bool, Bool, Bool, Int)] = [(true, true, true, 1), (true, false, true, 1), (true, false, false, 1),
                                                 (false, false, true, 0), (false, false, false, 0), (true, false, true, 2)]
        for (hasFlags, hasFlags2, longId, accessHash) in shapes {
            var reader = TLReader(blob, offset: 4)
            let flags = hasFlags ? reader.uint32() : 0
            guard let flags else { return nil }
            if hasFlags2 { guard reader.uint32() != nil else { continue } }
            let id = longId ? reader.int64() : reader.int32().map(Int64.init)
            guard id == uid else { continue }
            if accessHash == 2 || (accessHash == 1 && flags & (1 << 13) != 0) {
                guard reader.int64() != nil else { continue }
            }
            if let title = reader.string() { return title }
        }
        return nil
    }
}
