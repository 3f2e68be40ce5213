// The outcome of each fuzz finding, beyond "returns": what the fixed function now answers for the hostile input.

import Foundation
import Indicators
import Testing

@Suite struct FuzzFindingTests {
    /// validators/crash-eip55-longer-than-hash.txt: eip55 indexed the 32-byte hash with every digit's index and
    /// trapped past 64 digits. The EIP-55 vector is unchanged; digits past the hash stay lower case.
    @Test func eip55OfMoreDigitsThanTheHash() {
        #expect(String(decoding: CryptoValidators.eip55(Array("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed".utf8)), as: UTF8.self)
                == "5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")
        let long = CryptoValidators.eip55([UInt8](repeating: UInt8(ascii: "A"), count: 80))
        #expect(long.count == 80)
        #expect(long[64...].allSatisfy { $0 == UInt8(ascii: "a") })
    }
}
