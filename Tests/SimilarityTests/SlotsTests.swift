// Slots: the template behind a group of pasted scripts, and what each victim's copy put in its blanks.

import Testing
@testable import Similarity

private let thaiNames = ["สมชาย", "วิภาวดี", "ประเสริฐ", "มาลี"]

private func thaiTaskScam(_ index: Int) -> String {
    "สวัสดีค่ะคุณ\(thaiNames[index % 4])ทางบริษัทกำลังรับสมัครพนักงานทำงานออนไลน์ที่บ้านรายได้วันละ\(300 + index * 150)บาท"
        + "เพียงกดไลค์และกดติดตามช่องติ๊กต็อกตามที่แอดมินส่งให้สนใจแอดไลน์ไอดีของเราได้เลยค่ะ"
}

@Test func chineseGreetingStaysTemplateAndNamesAndPercentagesAreSlots() {
    let texts = [
        "您好王先生，恭喜您获得本期投资俱乐部内部名额，上月收益达到20%，请添加LINE",
        "您好陈小姐，恭喜您获得本期投资俱乐部内部名额，上月收益达到23%，请添加LINE",
    ]
    let (template, slots) = Slots.template(texts)
    #expect(template == "您好{{1}}，恭喜您获得本期投资俱乐部内部名额，上月收益达到{{2}}%，请添加LINE")
    #expect(slots == [["王先生", "20"], ["陈小姐", "23"]])
}

@Test func wordsOnlyOtherCopiesAddBecomeSlotsThatAreEmptyInTheFirst() {
    let texts = [
        "Hello friend, send the money today.",
        "Hello dear friend, send the money today please.",
        "Hello my friend, send all the money today.",
    ]
    let (template, slots) = Slots.template(texts)
    #expect(template == "Hello {{1}} friend, send {{2}} the money today {{3}}.")
    #expect(slots == [["", "", ""], ["dear", "", "please"], ["my", "all", ""]])
}

@Test func degenerateInputsGiveDegenerateTemplates() {
    #expect(Slots.template([]).template.isEmpty)
    let single = Slots.template(["only one text here"])
    #expect(single.template == "only one text here" && single.slots == [[]])
    let unrelated = Slots.template(["a b c", "x y z"])
    #expect(unrelated.template == "{{1}}" && unrelated.slots == [["a b c"], ["x y z"]])
}

@Test func slotsRecoverTheVictimNamesAndAmounts() {
    let texts = [
        "Dear Maria Santos, your account will be frozen unless you pay 450 USDT to the safety wallet today.",
        "Dear John, your account will be frozen unless you pay 1,200 USDT to the safety wallet today.",
        "Dear Wei Chen, your account will be frozen unless you pay 75 USDT to the safety wallet today.",
    ]
    let (template, slots) = Slots.template(texts)
    #expect(template == "Dear {{1}}, your account will be frozen unless you pay {{2}} USDT to the safety wallet today.")
    #expect(slots == [["Maria Santos", "450"], ["John", "1,200"], ["Wei Chen", "75"]])
}

@Test func slotsRecoverThaiNamesWithoutSpaces() {
    let texts = (0..<4).map(thaiTaskScam)
    let (template, slots) = Slots.template(texts)
    let names: [String?] = slots.map { $0.first }
    let amounts: [String?] = slots.map { $0.last }
    let expectedAmounts: [String?] = (0..<4).map { (index: Int) -> String? in String(300 + index * 150) }
    #expect(names == Array(thaiNames.prefix(4)))
    #expect(amounts == expectedAmounts)
    #expect(template.hasPrefix("สวัสดีค่ะคุณ{{1}}ทางบริษัท"))
}
