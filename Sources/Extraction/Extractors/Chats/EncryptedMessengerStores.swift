// Message stores that are encrypted at rest, recognized by where they sit and by lacking the SQLite header (an
// unencrypted file of the same name is not reported), and recorded with what opening them would take.
// Sources: Signal-Android SqlCipherDatabaseSecret / DatabaseSecretProvider (signal.db, key in
// org.thoughtcrime.securesms_preferences.xml as pref_database_encrypted_secret, wrapped by the Android Keystore);
// Signal-Desktop app/sql (db.sqlite, key or encryptedKey in config.json, the latter via Electron safeStorage);
// WeChat EnMicroMsg.db (SQLCipher, key = first 7 hex of MD5(IMEI + uin)); Telegram-iOS postbox (db_sqlite,
// key in .tempkeyEncrypted of the app group container).

import Foundation

enum EncryptedStorePath {
    /// Lower-cased path with forward slashes.
    static func normalized(_ path: String) -> String { path.replacingOccurrences(of: "\\", with: "/").lowercased() }

    /// Not a sidecar (-wal, -journal, -shm) and not empty.
    static func isMainFile(_ name: String, head: [UInt8]) -> Bool {
        let lower = name.lowercased()
        return head.count >= 16 && !lower.hasSuffix("-wal") && !lower.hasSuffix("-journal") && !lower.hasSuffix("-shm")
    }
}

public enum SignalAndroidEncryptedStore: EncryptedStoreRecognizer {
    public static let info = ExtractorInfo(id: "signal.android.database", version: 1, app: "signal",
                                           documentation: "Signal-Android DatabaseSecretProvider / SqlCipherDatabaseSecret")

    public static func recognize(head: [UInt8], name: String, path: String, isSQLite: Bool) -> String? {
        guard !isSQLite, EncryptedStorePath.isMainFile(name, head: head) else { return nil }
        let lower = name.lowercased()
        let inSignalDatabases = EncryptedStorePath.normalized(path).contains("org.thoughtcrime.securesms/databases/")
        guard lower == "signal.db" || (inSignalDatabases && lower.hasSuffix(".db")) else { return nil }
        return "SQLCipher database; key from the Android Keystore-wrapped 'pref_database_encrypted_secret' in org.thoughtcrime.securesms_preferences.xml (needs the device keystore)"
    }
}

public enum SignalDesktopEncryptedStore: EncryptedStoreRecognizer {
    public static let info = ExtractorInfo(id: "signal.desktop.database", version: 1, app: "signal",
                                           documentation: "Signal-Desktop app/sql.ts (Signal/sql/db.sqlite, config.json)")

    public static func recognize(head: [UInt8], name: String, path: String, isSQLite: Bool) -> String? {
        guard !isSQLite, EncryptedStorePath.isMainFile(name, head: head), name.lowercased() == "db.sqlite",
              EncryptedStorePath.normalized(path).contains("signal/sql/") else { return nil }
        return "SQLCipher database; key in Signal/config.json: \"key\" (plain hex) or \"encryptedKey\" (needs the OS secret store: DPAPI Local State, macOS Keychain 'Signal Safe Storage' or libsecret)"
    }
}

public enum WeChatAndroidEncryptedStore: EncryptedStoreRecognizer {
    public static let info = ExtractorInfo(id: "wechat.android.database", version: 1, app: "wechat",
                                           documentation: "WeChat EnMicroMsg.db (SQLCipher 1/2 defaults, 4000 KDF iterations)")

    public static func recognize(head: [UInt8], name: String, path: String, isSQLite: Bool) -> String? {
        guard !isSQLite, EncryptedStorePath.isMainFile(name, head: head), name.lowercased() == "enmicromsg.db" else { return nil }
        return "SQLCipher database; key = first 7 hex chars of MD5(IMEI + uin) (uin from shared_prefs/system_config_prefs.xml, IMEI or '1234567890ABCDEF')"
    }
}

public enum TelegramIOSEncryptedStore: EncryptedStoreRecognizer {
    public static let info = ExtractorInfo(id: "telegram.ios.postbox", version: 1, app: "telegram",
                                           documentation: "Telegram-iOS submodules/Postbox SqliteValueBox (telegram-data/account-*/postbox/db/db_sqlite)")

    public static func recognize(head: [UInt8], name: String, path: String, isSQLite: Bool) -> String? {
        guard !isSQLite, EncryptedStorePath.isMainFile(name, head: head), name.lowercased() == "db_sqlite" else { return nil }
        let lower = EncryptedStorePath.normalized(path)
        guard lower.contains("postbox/db/") || lower.contains("telegram-data/") else { return nil }
        return "SQLCipher database; key from .tempkeyEncrypted in the Telegram group container (needs the passcode or device keychain)"
    }
}
