// Detects a text file's encoding from its first bytes and transcodes legacy code pages with an exact byte-offset map.

import Foundation

/// Legacy code pages Foundation on Linux decodes (checked on swift-corelibs-foundation 6.3: EUC-JP does not, Big5
/// drops characters outside Big5-2003 and so falls back to the raw scan; see the notes in ScannerTests).
public enum LegacyEncoding: String, Sendable, Hashable, CaseIterable {
    case gb18030 = "gb18030"
    case big5 = "big5"
    case shiftJIS = "shift_jis"
    case eucKR = "euc-kr"
    case windows1252 = "windows-1252"
    case windows1250 = "windows-1250"
    case windows1251 = "windows-1251"
    case windows1253 = "windows-1253"
    case windows1254 = "windows-1254"
    case windows1255 = "windows-1255"
    case windows1256 = "windows-1256"
    case windows1257 = "windows-1257"
    case tis620 = "tis-620"

    /// CoreFoundation encoding numbers (kCFStringEncoding…) as NSStringEncoding for the ones String.Encoding lacks.
    public var foundationEncoding: String.Encoding {
        switch self {
        case .gb18030: return String.Encoding(rawValue: 0x8000_0632)
        case .big5: return String.Encoding(rawValue: 0x8000_0A03)
        case .shiftJIS: return .shiftJIS
        case .eucKR: return String.Encoding(rawValue: 0x8000_0422) // CP949, a superset of EUC-KR
        case .windows1252: return .windowsCP1252
        case .windows1250: return .windowsCP1250
        case .windows1251: return .windowsCP1251
        case .windows1253: return .windowsCP1253
        case .windows1254: return .windowsCP1254
        case .windows1255: return String.Encoding(rawValue: 0x8000_0505)
        case .windows1256: return String.Encoding(rawValue: 0x8000_0506)
        case .windows1257: return String.Encoding(rawValue: 0x8000_0507)
        case .tis620: return String.Encoding(rawValue: 0x8000_020B)
        }
    }

    /// Bytes of the character starting at `i`; 0 when it is cut off by the end of the bytes.
    @inline(__always) func characterLength(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        let b = p[i]
        let length: Int
        switch self {
        case .shiftJIS: length = (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC) ? 2 : 1
        case .gb18030:
            if b < 0x81 || b == 0xFF { length = 1 } else if i + 1 < n && p[i + 1] >= 0x30 && p[i + 1] <= 0x39 { length = 4 } else { length = 2 }
        case .big5, .eucKR: length = b >= 0x81 && b <= 0xFE ? 2 : 1
        default: length = 1
        }
        return i + length <= n ? length : 0
    }

    /// Characters typical of the language the code page is used for; the detector scores decodings with them.
    fileprivate var typical: Set<Unicode.Scalar> {
        let text: String
        switch self {
        case .gb18030:
            text = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运钱币"
        case .big5:
            text = "的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年得就那要下以生會自著去之過家學對可她裡後小麼心多天而能好都然沒日於起還發成事只作當想看文無開手十用主行方又如前所本見經頭面公同三已老從動兩長知民樣現分將外但身些與高意進把法此實回二理美點月明其種聲全工己話兒者向情部正名定女問力機給等幾很業最間新什打便位因重被走電四第門相次東政海口使教西再平真聽世氣信北少關並內加化由卻代軍產入先山五太水萬市眼體別處總才場師書比住員九笑性通目華報立馬命張活難神數件安表原車白應路期叫死常提感金何更反合放做系計或司利受光王果親界及今京務制解各任至清物台象記邊共風戰乾接它許八特覺望直服毛林題建南度統色字請交愛讓認算論百吃義科怎元社術結六功指思非流每青管夫連遠資隊跟帶花快條院變聯言權往展該領傳近留紅治決周保達辦運錢幣"
        case .shiftJIS:
            text = "ぁあぃいぅうぇえぉおかがきぎくぐけげこごさざしじすずせぜそぞただちぢっつづてでとどなにぬねのはばぱひびぴふぶぷへべぺほぼぽまみむめもゃやゅゆょよらりるれろゎわゐゑをんァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロヮワヰヱヲンヴー、。日本人"
        case .eucKR:
            text = "이다는의에을하고가한지기서로사도으리자어들를대니나수시일게해라인만있것정그주아보요원사전우과제부상성장면동국무적소없년신진안내비여금결"
        case .windows1252: text = "éèêëàâäçùûüôöîïñáíóúßãõœÉÀÇ«»€’“”–"
        case .windows1250: text = "ěščřžýáíéůúťďňąęłńśźżőűĚŠČŘŽÝÁÍÉŮ„“"
        case .windows1251: text = "оеаинтсрвлкмдпуяыьОЕАИНТСРВЛКМДПУЯ"
        case .windows1253: text = "αοετινσρυςκπμλάέίόΑΟΕΤΙΝΣ"
        case .windows1254: text = "ğışçöüİŞĞÇÖÜâ"
        case .windows1255: text = "יוהלארתבמנשםכעד"
        case .windows1256: text = "اليمنوهرتبعدسفكق"
        case .windows1257: text = "āēīūčšžļķņģąęėįųõäöüĀĒĪŪČŠŽ"
        case .tis620: text = "านรอกเงมยลวดทสตะคขบปห่้ั"
        }
        return Set(text.unicodeScalars)
    }

    /// Decodes `p[0..<n]` (a cut-off last character is left out) into UTF-8 with, for every UTF-8 byte, the offset
    /// of the source character it came from; nil when Foundation cannot decode it one character per character.
    func transcode(_ p: UnsafePointer<UInt8>, _ n: Int, bytes: inout [UInt8], map: inout [Int32]) -> Bool {
        bytes.removeAll(keepingCapacity: true)
        map.removeAll(keepingCapacity: true)
        var starts: [Int32] = []
        starts.reserveCapacity(n)
        var i = 0
        while i < n {
            let length = characterLength(p, i, n)
            if length == 0 { break }
            starts.append(Int32(i))
            i += length
        }
        let usable = i
        guard let text = String(bytes: UnsafeBufferPointer(start: p, count: usable), encoding: foundationEncoding) else {
            return false
        }
        var k = 0
        for scalar in text.unicodeScalars {
            guard k < starts.count else { return false }
            let source = starts[k]
            guard let encoded = UTF8.encode(scalar) else { return false }
            for unit in encoded { bytes.append(unit); map.append(source) }
            k += 1
        }
        guard k == starts.count else { return false }
        map.append(Int32(usable))
        return true
    }

    /// The first character boundary at or after `offset`, counting from a boundary at 0.
    func boundary(atOrAfter offset: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var i = 0
        while i < offset {
            let length = characterLength(p, i, n)
            if length == 0 { return n }
            i += length
        }
        return i
    }
}

public enum TextEncodingDetector {
    /// Looks at up to the first 64 KiB: BOM, then the zero-byte pattern of UTF-16, then binary (control bytes) or
    /// UTF-8 (both scanned `.raw`), then scores the legacy code pages by how typical their decoded characters are.
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> TextForm {
        let n = min(bytes.count, 65536)
        guard n >= 2, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return .raw }
        let p = UnsafePointer(base)
        if n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { return .raw }
        if p[0] == 0xFF && p[1] == 0xFE { return .utf16LE }
        if p[0] == 0xFE && p[1] == 0xFF { return .utf16BE }
        var zeros = (even: 0, odd: 0)
        var controls = 0
        var high = 0
        var asciiLetters = 0
        for i in 0..<n {
            let b = p[i]
            if b == 0 { if i & 1 == 0 { zeros.even += 1 } else { zeros.odd += 1 } }
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C && b != 0x1B { controls += 1 }
            if b >= 0x80 { high += 1 }
            if ByteClass.isLetter(b) { asciiLetters += 1 }
        }
        let half = n / 2
        if half >= 8 {
            if zeros.odd * 10 >= half * 3 && zeros.even * 20 < half { return .utf16LE }
            if zeros.even * 10 >= half * 3 && zeros.odd * 20 < half { return .utf16BE }
        }
        if controls * 100 > n || zeros.even + zeros.odd > 0 || high == 0 { return .raw }
        if validUTF8(p, n) { return .raw }
        var best: (encoding: LegacyEncoding, score: Double)?
        var scratch: [UInt8] = []
        var map: [Int32] = []
        for encoding in LegacyEncoding.allCases {
            guard encoding.transcode(p, n, bytes: &scratch, map: &map) else { continue }
            let typical = encoding.typical
            var nonASCII = 0
            var hits = 0
            for scalar in String(decoding: scratch, as: UTF8.self).unicodeScalars where scalar.value >= 0x80 {
                nonASCII += 1
                if typical.contains(scalar) { hits += 1 }
            }
            let score = nonASCII == 0 ? 0 : Double(hits) / Double(nonASCII)
            if best == nil || score > (best?.score ?? 0) { best = (encoding, score) }
        }
        _ = asciiLetters
        guard let best, best.score > 0.05 else { return .raw }
        return .legacy(best.encoding)
    }

    /// Strict UTF-8 (no overlongs, no surrogates); a sequence cut off by the end of the sample is accepted.
    static func validUTF8(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return false
            }
            if i + length > n { return true }
            let second = p[i + 1]
            if second < low || second > high { return false }
            for k in 2..<max(2, length) where p[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }
}
