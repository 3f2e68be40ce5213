// The TL decoders Telegram for Android's extractors use, callable on one blob (fuzzing, tests).

public enum TelegramTLDecoding {
    /// What the decoders made of one blob.
    public struct Outcome: Sendable {
        public var messageText: String?
        public var messageDate: Int32?
        public var userName: String?
        public var chatTitle: String?
    }

    /// Decodes `blob` as a message (anchored on `rowDate`), a user and a chat (anchored on `uid`), as the
    /// cache4.db extractors do for `messages_v2.data`, `users.data` and `chats.data`.
    public static func decode(_ blob: [UInt8], rowDate: Int64?, uid: Int64) -> Outcome {
        let message = TLMessage.decode(blob, rowDate: rowDate)
        let user = TLUser.decode(blob, uid: uid)
        return Outcome(messageText: message?.text, messageDate: message?.date, userName: user?.displayName,
                       chatTitle: TLChat.title(blob, uid: uid))
    }
}
