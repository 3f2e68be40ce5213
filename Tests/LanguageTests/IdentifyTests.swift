// Ordinary sentences in the languages the cases meet come out with the right language and script.

import Foundation
import Testing
@testable import Language

struct Expected: Sendable, CustomStringConvertible {
    var text: String
    var language: String
    var script: String
    var description: String { "\(language): \(text)" }
}

let ordinarySentences: [Expected] = [
    Expected(text: "Magandang umaga po sa inyong lahat, kumain na ba kayo ng almusal ngayong araw?", language: "tl", script: "Latn"),
    Expected(text: "Pupunta ako sa palengke bukas para bumili ng isda at gulay para sa hapunan natin.", language: "tl", script: "Latn"),
    Expected(text: "Saya ingin pergi ke pasar besok pagi untuk membeli sayuran dan buah-buahan segar.", language: "id", script: "Latn"),
    Expected(text: "Tolong kirimkan uang ke rekening saya sebelum hari Jumat, terima kasih banyak ya.", language: "id", script: "Latn"),
    Expected(text: "Saya hendak pergi ke kedai esok pagi untuk membeli sayur-sayuran dan buah-buahan.", language: "ms", script: "Latn"),
    Expected(text: "Kerajaan Malaysia telah mengumumkan bantuan tunai kepada rakyat yang berpendapatan rendah.", language: "ms", script: "Latn"),
    Expected(text: "Tôi muốn đi chợ vào sáng mai để mua rau và trái cây tươi.", language: "vi", script: "Latn"),
    Expected(text: "Công ty chúng tôi đang tuyển nhân viên làm việc tại Campuchia với mức lương cao.", language: "vi", script: "Latn"),
    Expected(text: "We will send the contract tomorrow morning, please check your email before noon.", language: "en", script: "Latn"),
    Expected(text: "Su paquete está en camino, realice el pago de envío para recibirlo mañana.", language: "es", script: "Latn"),
    Expected(text: "Bom dia a todos, o grupo vai se reunir amanhã às oito horas na praça.", language: "pt", script: "Latn"),
    Expected(text: "Удалённая работа, нужен только телефон и два часа в день, пишите в личку.", language: "ru", script: "Cyrl"),
    Expected(text: "สวัสดีครับ วันนี้อากาศดีมาก ไปกินข้าวกันไหม", language: "th", script: "Thai"),
    Expected(text: "ខ្ញុំចង់ទៅផ្សារនៅព្រឹកស្អែក ដើម្បីទិញបន្លែ", language: "km", script: "Khmr"),
    Expected(text: "ຂ້ອຍຢາກໄປຕະຫຼາດໃນຕອນເຊົ້າມື້ອື່ນ", language: "lo", script: "Laoo"),
    Expected(text: "မြန်မာနိုင်ငံ စီးပွားရေး သတင်းများ", language: "my", script: "Mymr"),
    Expected(text: "안녕하세요, 오늘 날씨가 정말 좋네요.", language: "ko", script: "Hang"),
    Expected(text: "今日はとても良い天気ですね。明日会いましょう。", language: "ja", script: "Jpan"),
    Expected(text: "这是一个简单的测试句子，我们明天要去北京开会。", language: "zh", script: "Hans"),
    Expected(text: "這是一個簡單的測試句子，我們明天要去台北開會。", language: "zh", script: "Hant"),
]

@Test("Ordinary sentences get their language and script", arguments: ordinarySentences)
func ordinarySentence(_ expected: Expected) {
    let guess = LanguageIdentifier.identify(expected.text)
    #expect(guess.language == expected.language)
    #expect(guess.script == expected.script)
    #expect(guess.reliable)
    #expect(!guess.zawgyi)
}

@Test("Text without letters has no language and the common script")
func noLetters() {
    for text in ["", "12345 !!! 😀", "+66 81 234 5678", "555555"] {
        #expect(LanguageIdentifier.identify(text) == LanguageGuess(language: nil, script: "Zyyy", reliable: false, zawgyi: false))
    }
}

@Test("Very short messages are not reliable")
func shortMessagesAreUnreliable() {
    for text in ["ok", "ครับ", "yes pls", "好"] {
        #expect(!LanguageIdentifier.identify(text).reliable, "\(text)")
    }
}

@Test("A Thai SMS with an English link and brand names is still Thai")
func mixedThaiWithLatin() {
    let guess = LanguageIdentifier.identify("ยินดีด้วย คุณได้รับเงินคืน 5,000 บาท กดรับที่ https://bit.ly/abc123 ภายในวันนี้")
    #expect(guess.language == "th" && guess.script == "Thai")
}

@Test("A Chinese verification SMS naming an English brand is Chinese")
func chineseWithBrandName() {
    let guess = LanguageIdentifier.identify("G- 是你的 Google 驗證碼。")
    #expect(guess.language == "zh" && guess.script == "Hant")
    #expect(LanguageIdentifier.identify("Discord 验证代码是：").script == "Hans")
}

@Test("Han text with no simplified-only or traditional-only character stays undecided Hani unless CLD2 is sure")
func hanWithoutVariantCharacters() {
    let guess = LanguageIdentifier.identify("中文")
    #expect(guess.language == "zh")
    #expect(["Hani", "Hans", "Hant"].contains(guess.script))
    #expect(!guess.reliable)
}

@Test("Thai messages are identified at a useful speed")
func speedOnThaiMessages() {
    let lines = CorpusSentences.lines(CorpusSentences.scamtext + "PyThaiNLP+wisesight-sentiment/neu.txt")
    #expect(lines.count > 10_000)
    let start = Date()
    var thai = 0
    for line in lines where LanguageIdentifier.identify(line).language == "th" { thai += 1 }
    let seconds = Date().timeIntervalSince(start)
    let rate = Double(lines.count) / max(seconds, 0.001)
    print("SPEED \(lines.count) neu.txt lines in \(String(format: "%.2f", seconds)) s: \(Int(rate)) messages/s; \(thai) Thai")
    // A guard against gross regressions only: the figure swings with the load of a shared machine.
    #expect(rate > 500)
}

/// Chinese samples whose writing system is known: Taiwanese SMS and the Big5 page are Traditional, the GB2312 page
/// Simplified.
let hanSamples: [(source: String, script: String)] = [
    ("Taiwan SMS_data.json", "Hant"), ("chardet Big5", "Hant"), ("chardet GB2312", "Hans"),
]

@Test("Traditional and Simplified Chinese are told apart on real text", arguments: hanSamples.map(\.source))
func hanScriptOnRealText(_ source: String) throws {
    let sample = try #require(CorpusSentences.all.first { $0.source == source })
    let expected = hanSamples.first { $0.source == source }?.script
    let chinese = sample.texts.map(LanguageIdentifier.identify).filter { $0.language == "zh" }
    if ProcessInfo.processInfo.environment["LANGUAGE_ERRORS"] != nil {
        for text in sample.texts where LanguageIdentifier.identify(text).script != expected {
            print("MISS-HAN \(LanguageIdentifier.identify(text).script): \(text.prefix(80))")
        }
    }
    let right = chinese.filter { $0.script == expected }.count
    let accuracy = Double(right) / Double(max(chinese.count, 1))
    print("HAN \(source): \(right) of \(chinese.count) Chinese texts \(expected ?? "")")
    #expect(chinese.count > 0)
    #expect(accuracy >= 0.95)
}
