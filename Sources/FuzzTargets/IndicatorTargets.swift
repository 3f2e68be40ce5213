// Fuzz targets for the indicator scanner, its validators, the encoding detector and the UTF-16 run finder.

import Indicators

/// Text-like seeds: chats, mail, HTML, legacy-encoded pages, scam texts, test vectors.
let textSeeds: [SeedSource] = [
    .corpus("scamtext", [".txt", ".json", ".csv"]),
    .corpus("chardet+chardet", []),
    .corpus("jstedfast+MimeKit", [".eml", ".txt", ".msg"]),
    .corpus("lucasrodes+whatstk/chats", [".txt"]),
    .corpus("bitcoin+bips", [".json", ".mediawiki"]),
    .corpus("bitcoin+bitcoin/src/test/data", [".json"]),
    .corpus("ethereum+EIPs", []),
    .corpus("trezor+python-mnemonic", [".json", ".txt"]),
    .corpus("Unstructured-IO+unstructured", [".html", ".eml", ".txt"]),
    .entries(of: "TestEvidence/android-ffs.zip", [".txt", ".xml", ".list", ".jpg", ".pdf"]),
    .entries(of: "TestEvidence/handset-B.zip", ["result.json"]),
]

enum IndicatorTargets {
    /// The ingest's per-file scan: `IndicatorFileScanner` with the file options (encoding detected, UTF-16 runs).
    static let scanner = FuzzTarget(
        name: "scanner", summary: "IndicatorEngine.scan(bytes:): candidate scanner + every validator, as ingest scans a file",
        seeds: textSeeds, maxLength: 64 << 10
    ) { bytes in
        _ = IndicatorEngine.scan(bytes: bytes)
    }

    /// The scanner fed in two blocks must return exactly what it returns for the whole file (the pipeline feeds
    /// 1 MiB blocks; a finding must not depend on where a block ends). The encoding is fixed from the whole input
    /// so both runs read the same text.
    static let scannerBlocks = FuzzTarget(
        name: "scanner-blocks", summary: "IndicatorFileScanner fed in two blocks == fed whole (first 2 bytes: the cut)",
        seeds: textSeeds, maxLength: 16 << 10
    ) { bytes in
        var input = FuzzInput(bytes)
        let cutSeed = Int(input.byte()) << 8 | Int(input.byte())
        let data = input.rest
        var options = IndicatorEngine.fileOptions
        options.encoding = .form(TextEncodingDetector.detect(data))
        let whole = IndicatorFileScanner(options: options)
        let expected = whole.feed(data) + whole.finish()
        let cut = data.isEmpty ? 0 : cutSeed % (data.count + 1)
        let split = IndicatorFileScanner(options: options)
        let found = split.feed(UnsafeRawBufferPointer(rebasing: data[..<cut])) + split.feed(UnsafeRawBufferPointer(rebasing: data[cut...]))
            + split.finish()
        if found != expected {
            fatalError("scanner findings depend on the block boundary at \(cut) of \(data.count): \(found.count) vs \(expected.count) whole")
        }
    }

    /// Message bodies, contact fields and SQLite text cells go through `scan(text:)`.
    static let scannerText = FuzzTarget(
        name: "scanner-text", summary: "IndicatorEngine.scan(text:) on the bytes as UTF-8 text (message bodies, cells)",
        seeds: textSeeds, maxLength: 16 << 10
    ) { bytes in
        _ = IndicatorEngine.scan(text: bytes.lossyString)
    }

    /// Every address validator and codec on the bytes, with round trips where an encoder exists.
    static let validators = FuzzTarget(
        name: "validators", summary: "CryptoValidators, IBAN, IPv4, Base58/Bech32/CashAddr/Monero codecs, Keccak, EIP-55",
        seeds: [
            .corpus("bitcoin+bitcoin/src/test/data", [".json"]),
            .corpus("bitcoin+bips/bip-0173", []),
            .corpus("bitcoin+bips/bip-0350", []),
            .corpus("ethereum+EIPs", []),
            .corpus("scamtext", [".txt"]),
        ],
        maxLength: 1024
    ) { bytes in
        let array = Array(bytes)
        let text = bytes.lossyString
        _ = CryptoValidators.validate(bytes: array)
        _ = CryptoValidators.validate(text)
        _ = CryptoValidators.ethereum(text)
        _ = CryptoValidators.base58Address(text)
        _ = CryptoValidators.segwit(text)
        _ = CryptoValidators.cashAddr(text)
        _ = CryptoValidators.rippleClassic(text)
        _ = CryptoValidators.rippleXAddress(text)
        _ = CryptoValidators.monero(text)
        _ = CryptoValidators.eip55(array)
        _ = IBANValidator.validate(text)
        _ = IPv4Validator.validate(text)
        _ = Keccak256.hash(array)
        _ = SegwitAddress(array)
        _ = CashAddr(array, anyPrefix: true)
        for alphabet in [Base58Alphabet.bitcoin, .ripple] {
            // Base58 is canonical: what decodes must encode back to the same text.
            if let decoded = Base58.decode(array, alphabet: alphabet), Base58.encode(decoded, alphabet: alphabet) != text {
                fatalError("Base58 round trip differs")
            }
            _ = Base58.decodeCheck(array, alphabet: alphabet)
        }
        if let decoded = Bech32.decode(array), Bech32.encode(hrp: decoded.hrp, data: decoded.data, encoding: decoded.encoding) != text.lowercased() {
            fatalError("Bech32 round trip differs")
        }
        _ = MoneroBase58.decode(array)
    }

    /// BIP-39 and Electrum seed phrases: validation, search in running text, tokenizing.
    static let seedPhrases = FuzzTarget(
        name: "seed-phrases", summary: "Bip39.validate/findPhrases/tokenize, ElectrumSeed.seedType/findSeeds",
        seeds: [
            .corpus("trezor+python-mnemonic", [".json"]),
            .corpus("bitcoin+bips/bip-0039", [".txt", ".mediawiki"]),
            .corpus("scamtext", [".txt"]),
        ],
        // About 100 words: longer runs reach the finders only as the scanner's candidates (at most 48 words), and
        // `validate` tries every split of its whole input, meant for one phrase.
        maxLength: 1024
    ) { bytes in
        let text = bytes.lossyString
        _ = Bip39.validate(text)
        _ = Bip39.tokenize(text)
        _ = Bip39.findPhrases(in: text)
        _ = ElectrumSeed.seedType(text)
        _ = ElectrumSeed.findSeeds(in: text)
    }

    /// The encoding detector, then the scanner forced to read the bytes in the form the first byte picks (every
    /// legacy code page and UTF-16 order: the transcoding paths a detected file takes).
    static let encodings = FuzzTarget(
        name: "encodings", summary: "TextEncodingDetector.detect, then the scanner in a form chosen by the first byte",
        seeds: textSeeds, maxLength: 16 << 10
    ) { bytes in
        var input = FuzzInput(bytes)
        let choice = Int(input.byte())
        let data = input.rest
        _ = TextEncodingDetector.detect(data)
        let forms: [TextForm] = [.raw, .utf16LE, .utf16BE] + LegacyEncoding.allCases.map { .legacy($0) }
        var options = IndicatorEngine.fileOptions
        options.encoding = .form(forms[choice % forms.count])
        let scanner = IndicatorFileScanner(options: options)
        _ = scanner.feed(data) + scanner.finish()
    }

    static let utf16Runs = FuzzTarget(
        name: "utf16-runs", summary: "UTF16RunFinder.runs: UTF-16 text inside binary",
        seeds: [
            // Office 97 files and SQLite databases keep their strings in UTF-16.
            .corpus("", [".doc", ".xls", ".ppt"]),
            .entries(of: "TestEvidence/handset-B.zip", [".db"]),
            .corpus("Unstructured-IO+unstructured/example-docs/eml", [".eml"]),
        ],
        maxLength: 16 << 10
    ) { bytes in
        for minimum in [1, 6] {
            for run in UTF16RunFinder.runs(in: bytes, minimumUnits: minimum) {
                guard run.range.lowerBound >= 0, run.range.upperBound <= bytes.count else {
                    fatalError("UTF-16 run \(run.range) outside the \(bytes.count) bytes")
                }
            }
        }
    }
}
