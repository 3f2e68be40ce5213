// swift-tools-version:6.1
// Custody: streams seized-device extractions into a hash-chained SQLite case database.
import PackageDescription

let package = Package(
    name: "Custody",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "custody", targets: ["custody"]),
        // libFuzzer driver under Scripts/fuzz.sh; a replay driver in an ordinary build.
        .executable(name: "custody-fuzz", targets: ["custody-fuzz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C libraries: one system-library target each, nothing but a module map and a shim header.
        .systemLibrary(name: "CLibArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CLibMagic", pkgConfig: "libmagic", providers: [.apt(["libmagic-dev"])]),
        .systemLibrary(name: "CYara", pkgConfig: "yara", providers: [.apt(["libyara-dev"])]),
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-glib", providers: [.apt(["libpoppler-glib-dev"])]),

        // Safe wrappers: the only modules that import the C modules.
        .target(name: "Archive", dependencies: ["CLibArchive"]),
        .target(name: "Magic", dependencies: ["CLibMagic"]),
        // Yara: analysts' YARA rules compiled once and run over file bytes and extracted text.
        .target(name: "Yara", dependencies: ["CYara", .product(name: "Crypto", package: "swift-crypto")]),
        // Similarity: MinHash/LSH near-duplicate grouping and template slots for scam scripts (pure Swift).
        .target(name: "Similarity"),

        .target(name: "EvidenceModel", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "EvidenceStore", dependencies: [
            "EvidenceModel",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Identifiers: phone numbers (E.164), e-mail addresses, app handles — normalized, typed (issue 5).
        .target(name: "Identifiers"),
        // Indicators: crypto addresses, seed phrases and other indicators, validated; the byte scanner (issue 4).
        .target(name: "Indicators", dependencies: ["Identifiers", "EvidenceModel", .product(name: "Crypto", package: "swift-crypto")],
                resources: [.copy("Resources/bip39")]),
        .target(name: "Extraction", dependencies: [
            "EvidenceModel",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Pipeline", dependencies: [
            "Archive", "Magic", "EvidenceModel", "EvidenceStore", "Extraction", "Identifiers", "Indicators",
            "Documents", "Detection", "Language", "Similarity", "Yara",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Resources/extension-types.tsv")]),
        .target(name: "Export", dependencies: ["EvidenceModel", "EvidenceStore"]),
        // Documents: text of PDF, Office, OpenDocument, RTF, HTML, mail and plain-text files (issue 10).
        // Detection: YAML rule packs (scam scripts, recruitment lures, victim indicators) matched on text and threads.
        .target(name: "Detection", dependencies: [
            "EvidenceModel", .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
        ], resources: [.copy("Rules"), .copy("Resources/iso639-1.txt"), .copy("Resources/homoglyphs.tsv")]),
        // CLD2 has a C++ API: a tiny C++ target gives it a C face; Language is its only importer.
        .target(name: "CCLD2", linkerSettings: [.linkedLibrary("cld2")]),
        // Language: script and language of every message and document; Burmese Zawgyi detection and conversion.
        .target(name: "Language", dependencies: ["CCLD2", "EvidenceModel"], resources: [
            .copy("Resources/scripts.tsv"), .copy("Resources/han-variants.tsv"), .copy("Resources/zawgyi-to-unicode.tsv"),
            .copy("Resources/language-markers.tsv"),
        ]),
        .target(name: "Documents", dependencies: ["Archive", "Indicators", "EvidenceModel", "CPoppler"], resources: [
            .copy("Resources/html-entities.tsv"), .copy("Resources/encoding-labels.tsv"), .copy("Resources/rtf-charsets.tsv"),
        ]),
        .executableTarget(name: "custody", dependencies: [
            "Pipeline", "Export", "EvidenceStore", "EvidenceModel", "Identifiers", "Indicators", "Extraction", "Detection",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Fuzz targets (issue 9): every function that takes evidence bytes, fed through the production code.
        .target(name: "FuzzTargets", dependencies: [
            "Archive", "Magic", "EvidenceModel", "EvidenceStore", "Extraction", "Identifiers", "Indicators",
            "Documents", "Detection", "Language", "Similarity",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .executableTarget(name: "custody-fuzz", dependencies: ["FuzzTargets"]),

        // Shared test helpers: where the repository, TestEvidence and ../shared/corpus are; running tools.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "TestSupport"]),
        .testTarget(name: "MagicTests", dependencies: ["Magic", "TestSupport"]),
        .testTarget(name: "YaraTests", dependencies: ["Yara", "TestSupport"]),
        .testTarget(name: "SimilarityTests", dependencies: ["Similarity", "TestSupport"]),
        .testTarget(name: "EvidenceStoreTests", dependencies: [
            "EvidenceStore", "EvidenceModel", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "PipelineTests", dependencies: [
            "Pipeline", "EvidenceStore", "EvidenceModel", "Archive", "Magic", "TestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "IdentifiersTests", dependencies: ["Identifiers", "TestSupport"]),
        .testTarget(name: "IndicatorsTests", dependencies: ["Indicators", "Identifiers", "TestSupport"]),
        .testTarget(name: "ExtractionTests", dependencies: [
            "Extraction", "EvidenceModel", "Identifiers", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents", "TestSupport"]),
        .testTarget(name: "DetectionTests", dependencies: ["Detection", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "LanguageTests", dependencies: ["Language", "TestSupport"]),
        .testTarget(name: "ExportTests", dependencies: ["Export", "Pipeline", "EvidenceStore", "TestSupport"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets", "Indicators", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v5]
)
