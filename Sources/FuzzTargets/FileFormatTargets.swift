// Fuzz targets for the file-format extractors, run the way ingest runs them: the bytes written to a scratch file
// under an ordinary name, planned (probed) and extracted by the extraction runner.

import EvidenceModel
import Extraction
import Foundation

enum FileFormatTargets {
    /// A folder of this process for the scratch files (removed and rewritten for every input).
    static let scratch: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("custody-fuzz-\(getpid())").path
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }()

    /// Writes the bytes as `name` and runs the extraction harness on it (probe, plan, every matching extractor).
    static func extract(_ bytes: UnsafeRawBufferPointer, as name: String) {
        let path = scratch + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            fatalError("cannot write the scratch file \(path)")
        }
        defer { try? FileManager.default.removeItem(atPath: path) }
        // A failing extractor is a recorded warning (what ingest does); only a crash is a finding.
        _ = try? ExtractionHarness.extract([path])
    }

    static let whatsappText = FuzzTarget(
        name: "whatsapp-txt", summary: "WhatsApp \"Export chat\" .txt through the extraction harness",
        seeds: [
            .corpus("lucasrodes+whatstk", [".txt"]),
            .corpus("KnugiHK+WhatsApp-Chat-Exporter", [".txt"]),
            .entries(of: "TestEvidence/handset-B.zip", [".txt"]),
        ],
        maxLength: 64 << 10
    ) { bytes in
        extract(bytes, as: "WhatsApp Chat with Fuzz.txt")
    }

    static let telegramJSON = FuzzTarget(
        name: "telegram-json", summary: "Telegram Desktop result.json (chats and contacts) through the extraction harness",
        seeds: [
            .entries(of: "TestEvidence/handset-B.zip", [".json"]),
            .corpus("abrignoni+iLEAPP/admin/test/cases", [".json"]),
        ],
        maxLength: 64 << 10
    ) { bytes in
        extract(bytes, as: "result.json")
    }

    /// The first 16 bytes are the row's `date` and `uid` columns the decoders anchor on; the rest is the blob.
    static let telegramTL = FuzzTarget(
        name: "telegram-tl", summary: "TelegramTLDecoding.decode: TL message/user/chat blobs of cache4.db",
        // Real TL objects from the generated cache4.db, with the row's date and uid in front.
        seeds: [
            .blobs(in: "TestEvidence/handset-B.zip", ["cache4.db"], query: "SELECT date, uid, data FROM messages_v2"),
            .blobs(in: "TestEvidence/handset-B.zip", ["cache4.db"], query: "SELECT 0, uid, data FROM users"),
            .blobs(in: "TestEvidence/handset-B.zip", ["cache4.db"], query: "SELECT 0, uid, data FROM chats"),
        ],
        maxLength: 4096
    ) { bytes in
        var input = FuzzInput(bytes)
        let date = input.int64()
        let uid = input.int64()
        let blob = Array(input.rest)
        _ = TelegramTLDecoding.decode(blob, rowDate: date, uid: uid)
        _ = TelegramTLDecoding.decode(blob, rowDate: nil, uid: uid)
    }

    static let vCard = FuzzTarget(
        name: "vcard", summary: "vCard (.vcf) through the extraction harness",
        seeds: [
            .corpus("mangstadt+ez-vcard", [".vcf"]),
            .corpus("KnugiHK+WhatsApp-Chat-Exporter", [".vcf"]),
        ],
        maxLength: 64 << 10
    ) { bytes in
        extract(bytes, as: "contacts.vcf")
    }

    static let jCard = FuzzTarget(
        name: "jcard", summary: "jCard (RFC 7095 JSON) through the extraction harness",
        // No jCard in the corpus: the checked-in seed (Tests/FuzzRegressions/jcard) starts it.
        seeds: [],
        maxLength: 64 << 10
    ) { bytes in
        extract(bytes, as: "contacts.json")
    }

    /// The bytes as a SQLite database: schema read, every matching extractor (and the WAL logic) run over it.
    static let sqlite = FuzzTarget(
        name: "sqlite", summary: "the bytes as a SQLite database file through the extraction harness (every SQLite extractor)",
        seeds: [
            .entries(of: "TestEvidence/handset-B.zip", [".db"]),
            .entries(of: "TestEvidence/android-ffs.zip", [".db"]),
            .corpus("abrignoni+iLEAPP", [".db", ".sqlite", ".sqlitedb"]),
            .corpus("compositionsystems+sqlite-forensic-corpus", [".db", ".sqlite"]),
        ],
        maxLength: 256 << 10
    ) { bytes in
        extract(bytes, as: "fuzz.db")
    }
}
