// Near-duplicate grouping: one scam script pasted on many phones is one group; real unrelated chat is not.

import Foundation
import Testing
import TestSupport
@testable import Similarity

/// A deterministic generator so shuffles and variants are the same on every run.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &+ 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private let victims = ["Maria Santos", "John", "Wei Chen", "Aisha Bello", "Tomasz Nowak", "Priya", "Kevin O'Brien",
                       "Lucia", "Ahmed Khan", "Sarah Miller", "Nguyen Van An", "Olga"]

/// The pig-butchering follow-up script as a scam centre's operators paste it, with the blanks filled in.
private func investmentScript(_ index: Int) -> String {
    let name = victims[index % victims.count]
    let amount = 1_000 + (index * 737) % 9_000
    let profit = 12 + index % 30
    return """
    Hi \(name), it was so nice talking with you yesterday. As I promised, my uncle at the trading desk shared \
    today's signal with me. If you deposit \(amount) USDT on the platform before 9pm you can follow the same \
    contract and the profit is about \(profit)% in two hours. I already did it three times this week. The platform \
    only accepts new members through an invitation code, mine is VX\(index % 10)\(index % 7)\(index % 3)8. \
    Don't tell anyone else, my uncle could get in trouble. Send me a screenshot when you are done and I will guide you.
    """
}

private let unrelatedEnglish = [
    "Reminder: the quarterly budget meeting moved to Thursday at 10am in room 4B, please bring the printed slides.",
    "Your parcel could not be delivered because the address is incomplete, reply with your apartment number today.",
    "Can you pick up milk, bread and eggs on the way home? Also the dog needs his medicine from the vet clinic.",
    "The server migration finished overnight; login times are back to normal but report any missing files to IT.",
    "Happy birthday grandma! We miss you so much and will visit next month when the kids finish their exams.",
]

private func lines(_ relative: String, limit: Int) throws -> [String] {
    let text = try String(contentsOfFile: Repo.corpusFile(relative), encoding: .utf8)
    return Array(text.split(whereSeparator: \.isNewline).map(String.init).prefix(limit))
}

private func groupsOf(_ texts: [String], hasher: MinHasher = MinHasher()) -> [[Int64]] {
    var index = NearDuplicateIndex()
    for (key, text) in texts.enumerated() {
        if let signature = hasher.signature(text) { index.add(key: Int64(key), signature: signature) }
    }
    return index.groups()
}

private func jaccard(_ a: String, _ b: String) -> Double {
    let left = Set(Shingler.shingles(a)), right = Set(Shingler.shingles(b))
    let union = left.union(right).count
    return union == 0 ? 0 : Double(left.intersection(right).count) / Double(union)
}

@Test func oneScriptOnFiftySevenPhonesIsOneGroup() {
    let scripts = (0..<57).map(investmentScript)
    let groups = groupsOf(scripts + unrelatedEnglish)
    #expect(groups == [Array(0..<57)])
}

@Test func scriptsHiddenAmongRealChatFormTheirOwnGroupAndRealChatOnlyGroupsWithItsDuplicates() throws {
    let thai = try lines("scamtext/PyThaiNLP+wisesight-sentiment/neu.txt", limit: 6_000)
    let russian = try lines("scamtext/umputun+tg-spam/data/ham-samples.txt", limit: 439)
    let scripts = (0..<20).map(investmentScript)
    let texts = thai + russian + scripts
    let groups = groupsOf(texts)

    let scriptKeys = Set((thai.count + russian.count)..<texts.count).map { Int64($0) }
    #expect(groups.contains(scriptKeys.sorted()))
    var grouped = 0
    for group in groups where Set(group) != Set(scriptKeys) {
        grouped += group.count
        // No real line joins the scripts, and no Thai line groups with a Russian one.
        #expect(Set(group).isDisjoint(with: scriptKeys))
        #expect(group.allSatisfy { $0 < thai.count } || group.allSatisfy { $0 >= thai.count })
        // Genuine duplicates only: each member shares most of its shingles with another member.
        for member in group {
            let best = group.filter { $0 != member }.map { jaccard(texts[Int(member)], texts[Int($0)]) }.max() ?? 0
            #expect(best >= 0.45, "\(texts[Int(member)])")
        }
    }
    // neu.txt holds brand posts and customer-service replies pasted many times: those are genuine duplicates
    // and group (about 5% of lines); anything near a tenth would mean unrelated lines are being joined.
    #expect(grouped < texts.count / 10)
}

private let thaiNames = ["สมชาย", "วิภาวดี", "ประเสริฐ", "มาลี", "อนุชา", "กัญญารัตน์", "ธนพล", "สุดารัตน์"]
private let chineseNames = ["王先生", "陈小姐", "李伟", "张敏", "刘洋", "黄丽华", "周杰", "吴婷婷"]
private let burmeseNames = ["မောင်မောင်", "အေးအေး", "ကျော်ကျော်", "သီတာ", "ဇော်ဝင်း", "နီလာ", "မြင့်မြင့်", "ထွန်းထွန်း"]

private func thaiTaskScam(_ index: Int) -> String {
    "สวัสดีค่ะคุณ\(thaiNames[index % 8])ทางบริษัทกำลังรับสมัครพนักงานทำงานออนไลน์ที่บ้านรายได้วันละ\(300 + index * 150)บาท"
        + "เพียงกดไลค์และกดติดตามช่องติ๊กต็อกตามที่แอดมินส่งให้สนใจแอดไลน์ไอดีของเราได้เลยค่ะ"
}

private func chineseStockClub(_ index: Int) -> String {
    "您好\(chineseNames[index % 8])，恭喜您获得本期投资俱乐部内部名额，老师每天免费推荐飙股，上月学员平均收益达到\(20 + index * 3)%，"
        + "请尽快添加老师的LINE领取今日牛股，名额有限先到先得"
}

private func burmeseJobOffer(_ index: Int) -> String {
    "မင်္ဂလာပါ\(burmeseNames[index % 8])ရှင့်ကျွန်မတို့ကုမ္ပဏီမှအိမ်မှနေ၍လုပ်နိုင်သောအွန်လိုင်းအလုပ်များခေါ်ယူနေပါသည်"
        + "တစ်ရက်လျှင်\(20_000 + index * 5_000)ကျပ်ရရှိနိုင်ပါသည်စိတ်ဝင်စားပါကတယ်လီဂရမ်မှဆက်သွယ်ပါ"
}

@Test func unspacedScriptsGroupByCharacterShingles() throws {
    for text in [thaiTaskScam(0), chineseStockClub(0), burmeseJobOffer(0)] {
        #expect(Segmentation.of(text) == .characters)
    }
    let thaiReal = try lines("scamtext/PyThaiNLP+wisesight-sentiment/neu.txt", limit: 400)
    let texts = (0..<8).map(thaiTaskScam) + (0..<8).map(chineseStockClub) + (0..<8).map(burmeseJobOffer) + thaiReal
    let groups = groupsOf(texts).filter { $0[0] < 24 }
    #expect(groups == [Array(0..<8), Array(8..<16), Array(16..<24)])
}

@Test func groupsDoNotDependOnTheOrderOfAdding() {
    let hasher = MinHasher()
    let texts = (0..<30).map(investmentScript) + unrelatedEnglish + (0..<10).map(thaiTaskScam)
    let signatures = texts.map { hasher.signature($0) }
    var generator = SplitMix(state: 42)
    var results: [[[Int64]]] = []
    for _ in 0..<5 {
        var index = NearDuplicateIndex()
        for key in Array(signatures.indices).shuffled(using: &generator) {
            if let signature = signatures[key] { index.add(key: Int64(key) * 7 - 50, signature: signature) }
        }
        results.append(index.groups())
    }
    #expect(results.allSatisfy { $0 == results[0] })
    #expect(results[0].count == 2)
    // Re-adding a key replaces its signature instead of adding a member.
    var index = NearDuplicateIndex()
    for key in 0..<5 { index.add(key: Int64(key), signature: signatures[key] ?? MinHashSignature(values: [])) }
    index.add(key: 4, signature: signatures[35] ?? MinHashSignature(values: []))
    #expect(index.count == 5 && index.groups() == [[0, 1, 2, 3]])
}

@Test func normalizationIgnoresCaseDigitsAndSpacingAndHashesAreStable() {
    #expect(Shingler.shingles("Send USD 500 to the wallet NOW please")
            == Shingler.shingles("send  usd 912 to\tthe wallet now, please!"))
    #expect(Shingler.shingles("ส่ง ๕๐๐ บาท") == Shingler.shingles("ส่ง 123 บาท"))
    // A fixed value: the hashes must not change between processes, machines or releases, or stored signatures
    // would stop matching new ones.
    #expect(Shingler.shingles("one two three") == [StableHash.combine([StableHash.of("one".utf8),
                                                                      StableHash.of("two".utf8),
                                                                      StableHash.of("three".utf8)])])
    #expect(StableHash.of("one".utf8) == 0xD388_5470_A09C_E3E8)
    #expect(MinHasher().signature("too short to be a template") == nil)
    #expect(MinHasher().signature(investmentScript(1))?.values.count == 128)
}

@Test func groupsAreExactlyTheComponentsOfConfirmedBandCandidates() {
    // Copies edited at random so many pairs sit near the threshold: the index's shortcuts (identical signatures
    // joined first, one comparison per component in a bucket) must give what comparing every pair gives.
    var generator = SplitMix(state: 7)
    let bases = [investmentScript(0), unrelatedEnglish.joined(separator: " "),
                 investmentScript(1).split(separator: " ").reversed().joined(separator: " ")]
    let texts: [String] = (0..<150).map { number in
        var copy = bases[number % bases.count].split(separator: " ").map(String.init)
        for _ in 0..<Int.random(in: 0...35, using: &generator) {
            copy[Int.random(in: 0..<copy.count, using: &generator)] = "w\(Int.random(in: 0..<50, using: &generator))"
        }
        return copy.joined(separator: " ")
    }
    let hasher = MinHasher()
    let signatures = texts.compactMap { hasher.signature($0) }
    var index = NearDuplicateIndex()
    for (key, signature) in signatures.enumerated() { index.add(key: Int64(key), signature: signature) }

    var parent = Array(0..<signatures.count)
    func root(_ node: Int) -> Int { parent[node] == node ? node : root(parent[node]) }
    for i in signatures.indices {
        for j in signatures.indices where i < j {
            let a = signatures[i].values, b = signatures[j].values
            let sharesBand = (0..<32).contains { band in a[(band * 4)..<(band * 4 + 4)] == b[(band * 4)..<(band * 4 + 4)] }
            if sharesBand, signatures[i].estimatedJaccard(signatures[j]) >= 0.6 { parent[root(j)] = root(i) }
        }
    }
    let expected = Dictionary(grouping: signatures.indices, by: root).values
        .filter { $0.count >= 2 }.map { $0.map(Int64.init).sorted() }.sorted { $0[0] < $1[0] }
    #expect(index.groups() == expected)
    #expect(expected.count > 1, "\(expected.map(\.count)) of \(signatures.count)")
}
