// Documented addresses and spec vectors of TRON, Litecoin, Dogecoin, Bitcoin Cash, XRP, Monero, Solana and BIP-32 keys.

import Foundation
import Testing
@testable import Indicators

@Suite("Chain address vectors")
struct ChainVectorTests {
    struct Known: CustomTestStringConvertible, Sendable {
        var address: String
        var kind: IndicatorKind
        var network: String?
        var detail: String?
        /// Hash160 / program / account id hex when the source documents it.
        var payloadHex: String?
        var testDescription: String { address }
    }

    static let base58Known: [Known] = [
        // TRON: the USDT-TRC20 contract (tronscan), and the all-zero account 410000…00.
        Known(address: "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", kind: .trx, network: nil, detail: "account", payloadHex: nil),
        Known(address: "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", kind: .trx, network: nil, detail: "account",
              payloadHex: "0000000000000000000000000000000000000000"),
        // Litecoin and Dogecoin: bernardladenthin/BroomCabinet staticaddresses (privatekeys.pw listings).
        Known(address: "LQTpS3VaYTjCr4s9Y1t5zbeY26zevf7Fb3", kind: .ltc, network: "mainnet", detail: "p2pkh",
              payloadHex: "3977ea726e43b1db5c1f3ddd634d56ade26eb0a2"),
        Known(address: "M8T1B2Z97gVdvmfkQcAtYbEepune1tzGua", kind: .ltc, network: "mainnet", detail: "p2sh", payloadHex: nil),
        Known(address: "DH5yaieqoZN36fDVciNyRueRGvGLR3mr7L", kind: .doge, network: "mainnet", detail: "p2pkh",
              payloadHex: "830a7420e63d76244ff7cbd1c248e94c14463259"),
        Known(address: "9tp7THhBG3fNNFka1AJm95DU3E4x3pwQA3", kind: .doge, network: "mainnet", detail: "p2sh",
              payloadHex: "1a11b73ad3dd99d77da9f858cf323205a84dd5da"),
        Known(address: "A8c3xNz2mqsDLFwv5KL5fpH12QEwDaoTXo", kind: .doge, network: "mainnet", detail: "p2sh", payloadHex: nil),
        // bitcoinjs-lib test/fixtures/address.js
        Known(address: "mrCDrCybB6J1vRfbwM5hemdJz73FwDBC8r", kind: .btc, network: "testnet", detail: "p2pkh",
              payloadHex: "751e76e8199196d454941c45d1b3a323f1433bd6"),
        Known(address: "3LRW7jeCvQCRdPF8S3yUCfRAx4eqXFmdcr", kind: .btc, network: "mainnet", detail: "p2sh",
              payloadHex: "cd7b44d0b03f2d026d1e586d7ae18903b0d385f6"),
    ]

    @Test(arguments: base58Known)
    func base58Addresses(_ known: Known) throws {
        let found = try #require(CryptoValidators.validate(known.address).first)
        #expect(found.kind == known.kind)
        #expect(found.network == known.network)
        #expect(found.detail == known.detail)
        #expect(found.validation == .checksum)
        if let payloadHex = known.payloadHex {
            let payload = try #require(Base58.decodeCheck(Array(known.address.utf8)))
            #expect(VectorSupport.hex(Array(payload.dropFirst())) == payloadHex)
        }
        // Any change of one character (to another Base58 symbol) breaks the checksum.
        var characters = Array(known.address)
        for index in characters.indices {
            let original = characters[index]
            characters[index] = original == "2" ? "3" : "2"
            #expect(CryptoValidators.validate(String(characters)).allSatisfy { $0.kind == .sol }, "\(String(characters))")
            characters[index] = original
        }
    }

    @Test(arguments: [
        // mrtnetwork/blockchain_utils test/address/p2wpkh/test_vector.dart
        ("ltc1qx88q7zjd74lxwgkjmmwlqv5pd3vujuehexfttt", "31ce0f0a4df57e6722d2deddf032816c59c97337"),
        ("ltc1qudhthew8h03vzc7x99m3qg0z8wjq2f759hp4ej", "e36ebbe5c7bbe2c163c629771021e23ba40527d4"),
    ])
    func litecoinSegwit(_ address: String, _ program: String) throws {
        let found = try #require(CryptoValidators.validate(address).first)
        #expect(found.kind == .ltc)
        #expect(found.network == "mainnet")
        #expect(found.detail == "p2wpkh")
        #expect(SegwitAddress(Array(address.utf8)).map { VectorSupport.hex($0.program) } == program)
    }

    // MARK: Bitcoin Cash

    /// CashAddr spec (upgradespecs.bitcoincashnode.org/cashaddr) legacy ↔ CashAddr pairs, as transcribed in
    /// mmgen test/modtest_d/ut_cashaddr.py.
    static let cashAddrPairs: [(String, String)] = [
        ("1BpEi6DfDAUFd7GtittLSdBeYJvcoaVggu", "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a"),
        ("1KXrWXciRDZUpQwQmuM1DbwsKDLYAYsVLR", "bitcoincash:qr95sy3j9xwd2ap32xkykttr4cvcu7as4y0qverfuy"),
        ("16w1D5WRVKJuZUsSRzdLp9w3YGcgoxDXb", "bitcoincash:qqq3728yw0y47sqn6l2na30mcw6zm78dzqre909m2r"),
        ("3CWFddi6m4ndiGyKqzYvsFYagqDLPVMTzC", "bitcoincash:ppm2qsznhks23z7629mms6s4cwef74vcwvn0h829pq"),
        ("3LDsS579y7sruadqu11beEJoTjdFiFCdX4", "bitcoincash:pr95sy3j9xwd2ap32xkykttr4cvcu7as4yc93ky28e"),
        ("31nwvkZwyPdgzjBJZXfDmSWsC4ZLKpYyUw", "bitcoincash:pqq3728yw0y47sqn6l2na30mcw6zm78dzq5ucqzc37"),
    ]

    @Test(arguments: cashAddrPairs)
    func cashAddrAndLegacyAreTheSameHash(_ legacy: String, _ cashAddr: String) throws {
        let legacyFound = try #require(CryptoValidators.validate(legacy).first)
        #expect(legacyFound.kind == .btc)
        #expect(legacyFound.alsoValidOn.contains(.bch))
        let payload = try #require(Base58.decodeCheck(Array(legacy.utf8)))
        let bare = String(cashAddr.dropFirst("bitcoincash:".count))
        for spelling in [cashAddr, bare, cashAddr.uppercased(), bare.uppercased()] {
            let found = try #require(CryptoValidators.validate(spelling).first, "\(spelling)")
            #expect(found.kind == .bch)
            #expect(found.value == cashAddr)
            #expect(found.network == "mainnet")
            #expect(found.detail == (payload[0] == 5 ? "p2sh" : "p2pkh"))
            let decoded = try #require(CashAddr(Array(spelling.utf8)))
            #expect(decoded.hash == Array(payload.dropFirst()))
        }
        // Mixed case, a changed character, a dropped character: rejected.
        let mixed = "bitcoincash:" + bare.prefix(5).uppercased() + bare.dropFirst(5)
        let changed = String(cashAddr.dropLast()) + (cashAddr.last == "q" ? "p" : "q")
        for bad in [mixed, changed, String(cashAddr.dropLast()), "bchtest:" + bare] {
            #expect(CryptoValidators.validate(bad).isEmpty, "\(bad)")
        }
    }

    /// CashAddr spec test vectors: the same hash of every size under 4 prefixes and types 0, 1 and 15.
    static let cashAddrSpecVectors: [(hash: String, type: Int, address: String)] = {
        let data = """
        F5BF48B397DAE70BE82B3CCA4793F8EB2B6CDAC9
        0 bitcoincash:qr6m7j9njldwwzlg9v7v53unlr4jkmx6eylep8ekg2
        1 bchtest:pr6m7j9njldwwzlg9v7v53unlr4jkmx6eyvwc0uz5t
        1 pref:pr6m7j9njldwwzlg9v7v53unlr4jkmx6ey65nvtks5
        15 prefix:0r6m7j9njldwwzlg9v7v53unlr4jkmx6ey3qnjwsrf
        7ADBF6C17084BC86C1706827B41A56F5CA32865925E946EA
        0 bitcoincash:q9adhakpwzztepkpwp5z0dq62m6u5v5xtyj7j3h2ws4mr9g0
        1 bchtest:p9adhakpwzztepkpwp5z0dq62m6u5v5xtyj7j3h2u94tsynr
        1 pref:p9adhakpwzztepkpwp5z0dq62m6u5v5xtyj7j3h2khlwwk5v
        15 prefix:09adhakpwzztepkpwp5z0dq62m6u5v5xtyj7j3h2p29kc2lp
        3A84F9CF51AAE98A3BB3A78BF16A6183790B18719126325BFC0C075B
        0 bitcoincash:qgagf7w02x4wnz3mkwnchut2vxphjzccwxgjvvjmlsxqwkcw59jxxuz
        1 bchtest:pgagf7w02x4wnz3mkwnchut2vxphjzccwxgjvvjmlsxqwkcvs7md7wt
        1 pref:pgagf7w02x4wnz3mkwnchut2vxphjzccwxgjvvjmlsxqwkcrsr6gzkn
        15 prefix:0gagf7w02x4wnz3mkwnchut2vxphjzccwxgjvvjmlsxqwkc5djw8s9g
        3173EF6623C6B48FFD1A3DCC0CC6489B0A07BB47A37F47CFEF4FE69DE825C060
        0 bitcoincash:qvch8mmxy0rtfrlarg7ucrxxfzds5pamg73h7370aa87d80gyhqxq5nlegake
        1 bchtest:pvch8mmxy0rtfrlarg7ucrxxfzds5pamg73h7370aa87d80gyhqxq7fqng6m6
        1 pref:pvch8mmxy0rtfrlarg7ucrxxfzds5pamg73h7370aa87d80gyhqxq4k9m7qf9
        15 prefix:0vch8mmxy0rtfrlarg7ucrxxfzds5pamg73h7370aa87d80gyhqxqsh6jgp6w
        C07138323E00FA4FC122D3B85B9628EA810B3F381706385E289B0B25631197D194B5C238BEB136FB
        0 bitcoincash:qnq8zwpj8cq05n7pytfmskuk9r4gzzel8qtsvwz79zdskftrzxtar994cgutavfklv39gr3uvz
        1 bchtest:pnq8zwpj8cq05n7pytfmskuk9r4gzzel8qtsvwz79zdskftrzxtar994cgutavfklvmgm6ynej
        1 pref:pnq8zwpj8cq05n7pytfmskuk9r4gzzel8qtsvwz79zdskftrzxtar994cgutavfklv0vx5z0w3
        15 prefix:0nq8zwpj8cq05n7pytfmskuk9r4gzzel8qtsvwz79zdskftrzxtar994cgutavfklvwsvctzqy
        E361CA9A7F99107C17A622E047E3745D3E19CF804ED63C5C40C6BA763696B98241223D8CE62AD48D863F4CB18C930E4C
        0 bitcoincash:qh3krj5607v3qlqh5c3wq3lrw3wnuxw0sp8dv0zugrrt5a3kj6ucysfz8kxwv2k53krr7n933jfsunqex2w82sl
        1 bchtest:ph3krj5607v3qlqh5c3wq3lrw3wnuxw0sp8dv0zugrrt5a3kj6ucysfz8kxwv2k53krr7n933jfsunqnzf7mt6x
        1 pref:ph3krj5607v3qlqh5c3wq3lrw3wnuxw0sp8dv0zugrrt5a3kj6ucysfz8kxwv2k53krr7n933jfsunqjntdfcwg
        15 prefix:0h3krj5607v3qlqh5c3wq3lrw3wnuxw0sp8dv0zugrrt5a3kj6ucysfz8kxwv2k53krr7n933jfsunqakcssnmn
        D9FA7C4C6EF56DC4FF423BAAE6D495DBFF663D034A72D1DC7D52CBFE7D1E6858F9D523AC0A7A5C34077638E4DD1A701BD017842789982041
        0 bitcoincash:qmvl5lzvdm6km38lgga64ek5jhdl7e3aqd9895wu04fvhlnare5937w4ywkq57juxsrhvw8ym5d8qx7sz7zz0zvcypqscw8jd03f
        1 bchtest:pmvl5lzvdm6km38lgga64ek5jhdl7e3aqd9895wu04fvhlnare5937w4ywkq57juxsrhvw8ym5d8qx7sz7zz0zvcypqs6kgdsg2g
        1 pref:pmvl5lzvdm6km38lgga64ek5jhdl7e3aqd9895wu04fvhlnare5937w4ywkq57juxsrhvw8ym5d8qx7sz7zz0zvcypqsammyqffl
        15 prefix:0mvl5lzvdm6km38lgga64ek5jhdl7e3aqd9895wu04fvhlnare5937w4ywkq57juxsrhvw8ym5d8qx7sz7zz0zvcypqsgjrqpnw8
        D0F346310D5513D9E01E299978624BA883E6BDA8F4C60883C10F28C2967E67EC77ECC7EEEAEAFC6DA89FAD72D11AC961E164678B868AEEEC5F2C1DA08884175B
        0 bitcoincash:qlg0x333p4238k0qrc5ej7rzfw5g8e4a4r6vvzyrcy8j3s5k0en7calvclhw46hudk5flttj6ydvjc0pv3nchp52amk97tqa5zygg96mtky5sv5w
        1 bchtest:plg0x333p4238k0qrc5ej7rzfw5g8e4a4r6vvzyrcy8j3s5k0en7calvclhw46hudk5flttj6ydvjc0pv3nchp52amk97tqa5zygg96mc773cwez
        1 pref:plg0x333p4238k0qrc5ej7rzfw5g8e4a4r6vvzyrcy8j3s5k0en7calvclhw46hudk5flttj6ydvjc0pv3nchp52amk97tqa5zygg96mg7pj3lh8
        15 prefix:0lg0x333p4238k0qrc5ej7rzfw5g8e4a4r6vvzyrcy8j3s5k0en7calvclhw46hudk5flttj6ydvjc0pv3nchp52amk97tqa5zygg96ms92w6845
        """
        var hash = ""
        var vectors: [(String, Int, String)] = []
        for line in data.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if parts.count == 1 { hash = String(parts[0]).lowercased() }
            else if parts.count == 2, let type = Int(parts[0]) { vectors.append((hash, type, String(parts[1]))) }
        }
        return vectors
    }()

    @Test func cashAddrSpecHasThirtyTwoVectors() { #expect(Self.cashAddrSpecVectors.count == 32) }

    @Test(arguments: cashAddrSpecVectors)
    func cashAddrSpecVectors(_ hash: String, _ type: Int, _ address: String) throws {
        let decoded = try #require(CashAddr(Array(address.utf8), anyPrefix: true))
        #expect(VectorSupport.hex(decoded.hash) == hash)
        #expect(decoded.type == type)
        #expect(decoded.encoded == address)
        // The indicator validator only takes real networks, P2PKH/P2SH types and 20/32-byte hashes.
        let expectIndicator = CashAddr.knownPrefixes.contains(decoded.prefix) && type <= 1 && [20, 32].contains(decoded.hash.count)
        #expect(CryptoValidators.validate(address).isEmpty == !expectIndicator)
    }

    // MARK: XRP

    /// xrpl.js packages/ripple-address-codec/test/index.test.ts: classic address, tag, mainnet X, testnet X.
    static let xAddressCases: [(String, UInt32?, String, String)] = [
        ("r9cZA1mLK5R5Am25ArfXFmqgNwjZgnfk59", nil, "X7AcgcsBL6XDcUb289X4mJ8djcdyKaB5hJDWMArnXr61cqZ", "T719a5UwUCnEs54UsxG9CJYYDhwmFCqkr7wxCcNcfZ6p5GZ"),
        ("r9cZA1mLK5R5Am25ArfXFmqgNwjZgnfk59", 1, "X7AcgcsBL6XDcUb289X4mJ8djcdyKaGZMhc9YTE92ehJ2Fu", "T719a5UwUCnEs54UsxG9CJYYDhwmFCvbJNZbi37gBGkRkbE"),
        ("r9cZA1mLK5R5Am25ArfXFmqgNwjZgnfk59", 14, "X7AcgcsBL6XDcUb289X4mJ8djcdyKaGo2K5VpXpmCqbV2gS", "T719a5UwUCnEs54UsxG9CJYYDhwmFCvqXVCALUGJGSbNV3x"),
        ("r9cZA1mLK5R5Am25ArfXFmqgNwjZgnfk59", 11747, "X7AcgcsBL6XDcUb289X4mJ8djcdyKaLFuhLRuNXPrDeJd9A", "T719a5UwUCnEs54UsxG9CJYYDhwmFCziiNHtUukubF2Mg6t"),
        ("rLczgQHxPhWtjkaQqn3Q6UM8AbRbbRvs5K", nil, "XVZVpQj8YSVpNyiwXYSqvQoQqgBttTxAZwMcuJd4xteQHyt", "TVVrSWtmQQssgVcmoMBcFQZKKf56QscyWLKnUyiuZW8ALU4"),
        ("rpZc4mVfWUif9CRoHRKKcmhu1nx2xktxBo", nil, "X7YenJqxv3L66CwhBSfd3N8RzGXxYqPopMGMsCcpho79rex", "T77wVQzA8ntj9wvCTNiQpNYLT5hmhRsFyXDoMLqYC4BzQtV"),
        ("rpZc4mVfWUif9CRoHRKKcmhu1nx2xktxBo", 58, "X7YenJqxv3L66CwhBSfd3N8RzGXxYqV56ZkTCa9UCzgaao1", "T77wVQzA8ntj9wvCTNiQpNYLT5hmhR9kej6uxm4jGcQD7rZ"),
        ("rsA2LpzuawewSBQXkiju3YQTMzW13pAAdW", 23480, "X7d3eHCXzwBeWrZec1yT24iZerQjYL8m8zCJ16ACxu1BrBY", "T7YChPFWifjCAXLEtg5N74c7fSAYsvSokwcmBPBUZWhxH5P"),
        ("rsA2LpzuawewSBQXkiju3YQTMzW13pAAdW", 11747, "X7d3eHCXzwBeWrZec1yT24iZerQjYLo2CJf8oVC5CMWey5m", "T7YChPFWifjCAXLEtg5N74c7fSAYsvTcc7nEfwuEEvn5Q4w"),
        ("rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf", nil, "XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXb", "TVE26TYGhfLC7tQDno7G8dGtxSkYQn49b3qD26PK7FcGSKE"),
        ("rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf", 0, "XVLhHMPHU98es4dbozjVtdWzVrDjtV8AqEL4xcZj5whKbmc", "TVE26TYGhfLC7tQDno7G8dGtxSkYQnSy8RHqGHoGJ59spi2"),
        ("rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf", 1, "XVLhHMPHU98es4dbozjVtdWzVrDjtV8xvjGQTYPiAx6gwDC", "TVE26TYGhfLC7tQDno7G8dGtxSkYQnSz1uDimDdPYXzSpyw"),
        ("rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf", 2, "XVLhHMPHU98es4dbozjVtdWzVrDjtV8zpDURx7DzBCkrQE7", "TVE26TYGhfLC7tQDno7G8dGtxSkYQnTryP9tG9TW8GeMBmd"),
        ("rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf", 32, "XVLhHMPHU98es4dbozjVtdWzVrDjtVoYiC9UvKfjKar4LJe", "TVE26TYGhfLC7tQDno7G8dGtxSkYQnT2oqaCDzMEuCDAj1j"),
        ("rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf", 276, "XVLhHMPHU98es4dbozjVtdWzVrDjtVoKj3MnFGMXEFMnvJV", "TVE26TYGhfLC7tQDno7G8dGtxSkYQnTMgJJYfAbsiPsc6Zg"),
        ("rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf", 65591, "XVLhHMPHU98es4dbozjVtdWzVrDjtVozpjdhPQVdt3ghaWw", "TVE26TYGhfLC7tQDno7G8dGtxSkYQn7ryu2W6njw7mT1jmS"),
        ("rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf", 16781933, "XVLhHMPHU98es4dbozjVtdWzVrDjtVqrDUk2vDpkTjPsY73", "TVE26TYGhfLC7tQDno7G8dGtxSkYQnVsw45sDtGHhLi27Qa"),
        ("rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf", 4294967294, "XVLhHMPHU98es4dbozjVtdWzVrDjtV1kAsixQTdMjbWi39u", "TVE26TYGhfLC7tQDno7G8dGtxSkYQnX8tDFQ53itLNqs6vU"),
        ("rGWrZyQqhTp9Xu7G5Pkayo7bXjH4k4QYpf", 4294967295, "XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8yuPT7y4xaEHi", "TVE26TYGhfLC7tQDno7G8dGtxSkYQnXoy6kSDh6rZzApc69"),
        ("rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY", nil, "XV5sbjUmgPpvXv4ixFWZ5ptAYZ6PD2gYsjNFQLKYW33DzBm", "TVd2rqMkYL2AyS97NdELcpeiprNBjwLZzuUG5rZnaewsahi"),
        ("rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY", 0, "XV5sbjUmgPpvXv4ixFWZ5ptAYZ6PD2m4Er6SnvjVLpMWPjR", "TVd2rqMkYL2AyS97NdELcpeiprNBjwRQUBetPbyrvXSTuxU"),
        ("rPEPPER7kfTD9w2To4CQk6UCfuHM9c6GDY", 13371337, "XV5sbjUmgPpvXv4ixFWZ5ptAYZ6PD2qwGkhgc48zzcx6Gkr", "TVd2rqMkYL2AyS97NdELcpeiprNBjwVUDvp3vhpXbNhLwJi"),
    ]

    @Test(arguments: xAddressCases)
    func xrpAddresses(_ classic: String, _ tag: UInt32?, _ mainnet: String, _ testnet: String) throws {
        let classicFound = try #require(CryptoValidators.validate(classic).first)
        #expect(classicFound.kind == .xrp)
        #expect(classicFound.detail == "classic")
        for (xAddress, network) in [(mainnet, "mainnet"), (testnet, "testnet")] {
            let found = try #require(CryptoValidators.validate(xAddress).first, "\(xAddress)")
            #expect(found.kind == .xrp)
            #expect(found.network == network)
            #expect(found.detail == "x-address; account \(classic); " + (tag.map { "tag \($0)" } ?? "no tag"))
        }
    }

    @Test(arguments: [
        "XVLhHMPHU98es4dbozjVtdWzVrDjtV5fdx1mHp98tDMoQXa",  // bad checksum
        "dGzKGt8CVpWoa8aWL1k18tAdy9Won3PxynvbbpkAqp3V47g",  // bad prefix
        "XVLhHMPHU98es4dbozjVtdWzVrDjtV18pX8zeUygYrCgrPh",  // 64-bit tag (flag 2): unsupported
        "r9cZA1mLK5R5Am25ArfXFmqgNwjZgnfk5a",               // classic with a changed last character
    ])
    func xrpInvalid(_ text: String) {
        #expect(CryptoValidators.validate(text).allSatisfy { $0.kind != .xrp })
    }

    // MARK: Monero

    /// mrtnetwork/blockchain_utils test/monero/test_vector.dart (seed 2332e267…): primary, integrated with
    /// payment id 2b1a3c54591708cb, and subaddresses; public spend d0a42991…, public view 3f741b80….
    static let moneroVectors: [(String, String)] = [
        ("49Xgwx3RfyV3ZMEVyrUNuUMzgQ1WHjkWL5T6Xk7QaTszggbtPbRPEkZQau9yACYEmUCHPNrU2MBdnJf4s4xLK5AyLDP5ucd", "standard"),
        ("4KEMxkrvHF13ZMEVyrUNuUMzgQ1WHjkWL5T6Xk7QaTszggbtPbRPEkZQau9yACYEmUCHPNrU2MBdnJf4s4xLK5AyVTr66Q8LFefPwwfA1t",
         "integrated; payment id 2b1a3c54591708cb"),
        ("85cqdW5fHGvUQzGXzrRUHf6P6AJjJrYxa25v351wNJCrS3p1g8wL1gk35HjxyQGGJPY3SygtnFxKjHtVcA7rAM1JBHukQod", "subaddress"),
        ("8AMPLCTDfj1d8KNrVV9ijDS6ES3b7d7w9fdZvQDec9ZDTNdNZTQFn6G4v56m1jV39J444Yk9PoYa1aCckko5Ld58P4jnroM", "subaddress"),
        // Trust Wallet core tests/chains/Monero (Address FromString).
        ("439EMUy9kEZF2iBC85AvVGWoqbzf6A6cHHmiXME7KFYzZmJvxnqoqJgGSv5NFUgGFnMVKjXReSDGZZB3XA1jQj2wEhjc8eG", "standard"),
        // The Monero General Fund donation address published on getmonero.org.
        ("44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A", "standard"),
    ]

    @Test(arguments: moneroVectors)
    func moneroAddresses(_ address: String, _ detail: String) throws {
        let found = try #require(CryptoValidators.validate(address).first)
        #expect(found.kind == .xmr)
        #expect(found.network == "mainnet")
        #expect(found.detail == detail)
        let decoded = try #require(MoneroBase58.decode(Array(address.utf8)))
        #expect(MoneroBase58.encode(decoded) == address)
        if address.hasPrefix("49Xg") {
            #expect(VectorSupport.hex(Array(decoded[1..<33])) == "d0a42991d6f8640f4aae2bd58e509f7d848a3daea4fce11a9ab57f925eef4ded")
            #expect(VectorSupport.hex(Array(decoded[33..<65])) == "3f741b80e6c1e28d0098a194d32e0f437428861bc03c8d698f6c3926eecdf2aa")
        }
        var characters = Array(address)
        for index in stride(from: 1, to: characters.count, by: 7) {
            let original = characters[index]
            characters[index] = original == "2" ? "3" : "2"
            #expect(CryptoValidators.validate(String(characters)).isEmpty, "\(String(characters))")
            characters[index] = original
        }
    }

    // MARK: Solana

    @Test(arguments: [
        "11111111111111111111111111111111",             // System Program (32 zero bytes)
        "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",  // SPL Token program
        "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", // USDC mint
    ])
    func solanaIsStructureOnly(_ address: String) throws {
        let found = try #require(CryptoValidators.validate(address).first)
        #expect(found.kind == .sol)
        #expect(found.validation == .none)
        #expect(found.needsContext)
        #expect(found.network == nil)
    }

    @Test(arguments: ["1111111111111111111111111111111", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DAA", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5D0"])
    func solanaWrongLengthOrAlphabet(_ text: String) {
        #expect(CryptoValidators.validate(text).allSatisfy { $0.kind != .sol })
    }

    // MARK: BIP-32 extended keys

    static func extendedKeys(_ file: String) -> [String] {
        let text = VectorSupport.corpusText("bitcoin+bips/\(file)")
        let pattern = try? NSRegularExpression(pattern: "\\b[xyzuvtXYZUV](pub|prv)[1-9A-HJ-NP-Za-km-z]{100,112}")
        let matches = pattern?.matches(in: text, range: NSRange(text.startIndex..., in: text)) ?? []
        let keys = matches.compactMap { Range($0.range, in: text).map { String(text[$0]) } }
        // BIP-32's test vector 5 lists invalid keys; the valid ones come before it.
        if file == "bip-0032.mediawiki", let vector5 = text.range(of: "===Test vector 5===") {
            let valid = String(text[..<vector5.lowerBound])
            return keys.filter { valid.contains($0) }
        }
        return keys
    }

    static let validExtendedKeys = ["bip-0032.mediawiki", "bip-0049.mediawiki", "bip-0084.mediawiki", "bip-0086.mediawiki"]
        .flatMap(extendedKeys)

    static let invalidExtendedKeys: [String] = {
        let text = VectorSupport.corpusText("bitcoin+bips/bip-0032.mediawiki")
        guard let start = text.range(of: "===Test vector 5==="),
              let end = text.range(of: "==Acknowledgements==", range: start.upperBound..<text.endIndex) else { return [] }
        return text[start.upperBound..<end.lowerBound].split(separator: "\n").compactMap { line in
            guard line.hasPrefix("* "), let space = line.dropFirst(2).firstIndex(of: " ") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 2)..<space])
        }
    }()

    @Test func theBIPsListTheExpectedKeys() {
        #expect(Self.validExtendedKeys.count == 51)
        #expect(Self.invalidExtendedKeys.count == 16)
    }

    @Test(arguments: validExtendedKeys)
    func validExtendedKey(_ key: String) throws {
        let found = try #require(CryptoValidators.validate(key).first)
        #expect(found.kind == .xkey)
        #expect(found.validation == .checksum)
        #expect(found.detail?.hasPrefix(String(key.prefix(4))) == true)
        #expect(found.network == (["tpub", "tprv", "upub", "uprv", "vpub", "vprv"].contains(String(key.prefix(4))) ? "testnet" : "mainnet"))
    }

    @Test(arguments: invalidExtendedKeys)
    func invalidExtendedKey(_ key: String) {
        #expect(CryptoValidators.validate(key).isEmpty)
    }
}
