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

        // Safe wrappers: the only modules that import the C modules.
        .target(name: "Archive", dependencies: ["CLibArchive"]),
        .target(name: "Magic", dependencies: ["CLibMagic"]),

        .target(name: "EvidenceModel", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "EvidenceStore", dependencies: [
            "EvidenceModel",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Identifiers: phone numbers (E.164), e-mail addresses, app handles — normalized, typed (issue 5).
        .target(name: "Identifiers"),
        // Indicators: crypto addresses, seed phrases and other indicators, validated; the byte scanner (issue 4).
        .target(name: "Indicators", dependencies: ["Identifiers", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Extraction", dependencies: [
            "EvidenceModel",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Pipeline", dependencies: [
            "Archive", "Magic", "EvidenceModel", "EvidenceStore", "Extraction", "Identifiers", "Indicators",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], resources: [.copy("Resources/extension-types.tsv")]),
        .target(name: "Export", dependencies: ["EvidenceModel", "EvidenceStore"]),
        // Documents: text of PDF, Office, OpenDocument, RTF, HTML, mail and plain-text files (issue 10).
        .target(name: "Documents", dependencies: ["Archive", "Indicators"]),
        // Detection: YAML rule packs (scam scripts, recruitment lures, victim indicators) matched on text and threads.
        .target(name: "Detection", dependencies: [
            .product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto"),
        ], resources: [.copy("Rules"), .copy("Resources/iso639-1.txt"), .copy("Resources/homoglyphs.tsv")]),
        .executableTarget(name: "custody", dependencies: [
            "Pipeline", "Export", "EvidenceStore", "EvidenceModel", "Identifiers", "Indicators", "Extraction", "Detection",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Fuzz targets (issue 9): every function that takes evidence bytes, fed through the production code.
        .target(name: "FuzzTargets", dependencies: [
            "Archive", "Magic", "EvidenceModel", "EvidenceStore", "Extraction", "Identifiers", "Indicators",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .executableTarget(name: "custody-fuzz", dependencies: ["FuzzTargets"]),

        // Shared test helpers: where the repository, TestEvidence and ../shared/corpus are; running tools.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive", "TestSupport"]),
        .testTarget(name: "MagicTests", dependencies: ["Magic", "TestSupport"]),
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
        .testTarget(name: "ExportTests", dependencies: ["Export", "Pipeline", "EvidenceStore", "TestSupport"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzTargets", "Indicators", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
    ],
    swiftLanguageModes: [.v5]
)
