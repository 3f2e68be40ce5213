// A chat thread lends its language to messages too short to tell, and only to those written in its script.

import Testing
@testable import Language

private func thaiThread() -> ThreadLanguage {
    var thread = ThreadLanguage()
    for text in ["สวัสดีครับ วันนี้ว่างไหม", "งานนี้ได้เงินวันละสามพันบาท สนใจไหม", "ok", "ส่งเลขบัญชีมาได้เลยครับ"] {
        thread.add(LanguageIdentifier.identify(text))
    }
    return thread
}

@Test("The thread's language is the language of most reliable messages")
func threadLanguageIsTheMajority() {
    var thread = thaiThread()
    #expect(thread.language == "th")
    thread.add(LanguageIdentifier.identify("Please send your bank account number before tonight."))
    #expect(thread.language == "th")
    #expect(ThreadLanguage().language == nil)
}

@Test("A short message in the thread's script takes the thread's language, still marked unreliable")
func shortMessageTakesThreadLanguage() {
    let thread = thaiThread()
    let short = LanguageIdentifier.identify("ค่ะ")
    #expect(!short.reliable)
    let resolved = thread.resolve(short)
    #expect(resolved.language == "th")
    #expect(!resolved.reliable)
    let laughter = thread.resolve(LanguageIdentifier.identify("555"))
    #expect(laughter.language == "th" && laughter.script == "Zyyy")
}

@Test("A message in another script or a reliable message keeps its own language")
func otherScriptsAndReliableGuessesAreKept() {
    let thread = thaiThread()
    let latin = LanguageIdentifier.identify("ok")
    #expect(thread.resolve(latin) == latin)
    let english = LanguageIdentifier.identify("Please send your bank account number before tonight.")
    #expect(thread.resolve(english) == english)
}

/// Real chats as threads: the Radio-T Telegram chat (Russian) and Thai social-media messages.
let realThreads: [(language: String, file: String)] = [
    ("ru", "umputun+tg-spam/data/ham-samples.txt"),
    ("th", "PyThaiNLP+wisesight-sentiment/q.txt"),
]

@Test("In a real chat, short messages in the chat's script take the chat's language", arguments: realThreads.map(\.file))
func realThreadResolvesShortMessages(_ file: String) {
    let expected = realThreads.first { $0.file == file }?.language
    let guesses = CorpusSentences.lines(CorpusSentences.scamtext + file).map(LanguageIdentifier.identify)
    var thread = ThreadLanguage()
    for guess in guesses { thread.add(guess) }
    #expect(thread.language == expected)
    let unsure = guesses.filter { !$0.reliable }
    let resolved = unsure.map(thread.resolve)
    let right = resolved.filter { $0.language == expected }.count
    let rightBefore = unsure.filter { $0.language == expected }.count
    print("THREAD \(file): \(unsure.count) unreliable messages, right before \(rightBefore), after \(right)")
    #expect(right >= rightBefore)
    #expect(Double(right) >= 0.9 * Double(unsure.count))
    #expect(resolved.allSatisfy { !$0.reliable })
}
