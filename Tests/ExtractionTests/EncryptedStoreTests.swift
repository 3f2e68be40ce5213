// Encrypted messenger stores (Signal Android/Desktop, WeChat, Telegram iOS) recognized from fake files: random
// bytes where the real store is SQLCipher, and plain SQLite files of the same names that must not be reported.

import EvidenceModel
import Extraction
import Foundation
import Testing
import TestSupport

@Suite struct EncryptedStoreTests {
    let folder = TemporaryFolder()
    static let noise: [UInt8] = (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }

    func write(_ name: String, plainSQLite: Bool) throws -> String {
        let path = folder.file(name)
        if plainSQLite {
            let result = try Tool.python("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()", [path])
            #expect(result.status == 0)
        } else {
            try Data(Self.noise).write(to: URL(fileURLWithPath: path))
        }
        return path
    }

    @Test func harnessRecordsEncryptedSignalAndWeChat() throws {
        let output = try ExtractionHarness.extract([try write("signal.db", plainSQLite: false), try write("EnMicroMsg.db", plainSQLite: false)])
        let signal = try #require(output.record("signal.android.database"))
        #expect(signal.status == .encrypted)
        #expect(signal.app == "signal")
        #expect(signal.fileId == 1)
        #expect(signal.detail?.contains("pref_database_encrypted_secret") == true)
        let wechat = try #require(output.record("wechat.android.database"))
        #expect(wechat.status == .encrypted)
        #expect(wechat.fileId == 2)
        #expect(wechat.detail?.contains("MD5(IMEI + uin)") == true)
        #expect(output.warnings.filter { $0.hasPrefix("encrypted-store") || $0.contains("encrypted") }.count >= 2)
    }

    @Test func plainSQLiteOfTheSameNameIsNotEncrypted() throws {
        let output = try ExtractionHarness.extract([try write("signal.db", plainSQLite: true), try write("EnMicroMsg.db", plainSQLite: true)])
        #expect(output.records.allSatisfy { $0.status != .encrypted })
    }

    @Test func recognizersByPath() {
        let noise = Self.noise
        #expect(TelegramIOSEncryptedStore.recognize(head: noise, name: "db_sqlite",
                                                    path: "phone/AppGroup/telegram-data/account-123/postbox/db/db_sqlite", isSQLite: false)?
            .contains(".tempkeyEncrypted") == true)
        #expect(TelegramIOSEncryptedStore.recognize(head: noise, name: "db_sqlite", path: "x/other/db_sqlite", isSQLite: false) == nil)
        #expect(TelegramIOSEncryptedStore.recognize(head: noise, name: "db_sqlite",
                                                    path: "telegram-data/account-1/postbox/db/db_sqlite", isSQLite: true) == nil)
        #expect(SignalDesktopEncryptedStore.recognize(head: noise, name: "db.sqlite",
                                                      path: "C:\\Users\\a\\AppData\\Roaming\\Signal\\sql\\db.sqlite", isSQLite: false)?
            .contains("encryptedKey") == true)
        #expect(SignalDesktopEncryptedStore.recognize(head: noise, name: "db.sqlite", path: "x/Other/sql/db.sqlite", isSQLite: false) == nil)
        #expect(SignalAndroidEncryptedStore.recognize(head: noise, name: "signal-jobmanager.db",
                                                      path: "data/data/org.thoughtcrime.securesms/databases/signal-jobmanager.db", isSQLite: false) != nil)
        #expect(SignalAndroidEncryptedStore.recognize(head: noise, name: "signal.db-wal", path: "x/signal.db-wal", isSQLite: false) == nil)
        #expect(SignalAndroidEncryptedStore.recognize(head: [], name: "signal.db", path: "x/signal.db", isSQLite: false) == nil)
        #expect(WeChatAndroidEncryptedStore.recognize(head: noise, name: "enmicromsg.db", path: "MicroMsg/abc/EnMicroMsg.db", isSQLite: false) != nil)
    }
}
