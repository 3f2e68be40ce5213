// The streaming XML scanner gives the same events however its input is cut into blocks.

@testable import Documents
import Testing

private let sample = """
<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE x><w:document xmlns:w="urn:w">\
<!-- a comment with <tags> and > inside --><w:p><w:r><w:t xml:space="preserve">AT&amp;T &#x41;&#66; &lt;é€😀&gt; &bogus; &amp</w:t></w:r>\
<w:tab/><w:t a='1 > 0' b="x&quot;y"><![CDATA[raw <b> & ]]]]></w:t></w:p></w:document>
"""

/// Events flattened to text: starts as <name attr>, ends as </name>, text as itself (adjacent pieces joined).
private func scan(_ input: [UInt8], blockSize: Int) -> String {
    var scanner = XMLTextScanner()
    var out = ""
    let handle: (XMLEvent) -> Bool = { event in
        switch event {
        case .start(let tag): out += "<\(tag.name)|\(tag.attribute("a") ?? "")|\(tag.attribute("b") ?? "")>"
        case .end(let name): out += "</\(name)>"
        case .text(let text): out += text
        }
        return true
    }
    var offset = 0
    while offset < input.count {
        let end = min(input.count, offset + blockSize)
        input[offset..<end].withUnsafeBytes { _ = scanner.feed($0, handle) }
        offset = end
    }
    scanner.finish(handle)
    return out
}

@Test(arguments: [1, 2, 3, 5, 7, 64, 1 << 20])
func blockBoundariesDoNotChangeTheEvents(_ blockSize: Int) {
    let expected = "<document||><p||><r||><t||>AT&T AB <é€😀> &bogus; &amp</t></r><tab||></tab>"
        + "<t|1 > 0|x\"y>raw <b> & ]]</t></p></document>"
    #expect(scan(Array(sample.utf8), blockSize: blockSize) == expected)
}

@Test func aTextRunLongerThanTheBufferArrivesWholeAcrossEvents() {
    let run = String(repeating: "é&amp;x", count: 40_000)
    let input = Array("<t>\(run)</t>".utf8)
    let expected = "<t||>" + String(repeating: "é&x", count: 40_000) + "</t>"
    #expect(scan(input, blockSize: 4093) == expected)
}

@Test func anEndlessTagKeepsMemoryBounded() {
    // A 4 MB start tag: the scanner keeps its first 64 KiB and still finds the element's end and text after it.
    let input = Array(("<t a=\"" + String(repeating: "v", count: 4 << 20) + "\">after</t>").utf8)
    let out = scan(input, blockSize: 1 << 16)
    #expect(out.hasPrefix("<t|"))
    #expect(out.hasSuffix(">after</t>"))
}
