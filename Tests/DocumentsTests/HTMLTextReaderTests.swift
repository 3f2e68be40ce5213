// HTML text: what a reader sees, without scripts, styles or markup; entities decoded; title as metadata.

import Documents
import Testing
import TestSupport

private func html(_ source: String, limits: DocumentLimits = .default) throws -> ExtractedText {
    let folder = TemporaryFolder()
    return try DocumentText.extract(path: Markup.write(source, "page.html", in: folder), kind: .html, limits: limits)
}

@Test func scriptsStylesCommentsAndTheHeadAreNotText() throws {
    let page = try html("""
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>Ledger &amp; notes</title>
        <style>p { color: red }</style><script>var secret = "<p>not text</p>";</script></head>
        <body><!-- a comment <p>hidden</p> --><h1>Transfers</h1><p>Paid&nbsp;&euro;500 to&#32;Bob&#x2019;s account</p>
        <template><p>template only</p></template><script type="text/javascript">alert(1)</script>
        <p>Done<br>next line</p><![CDATA[cdata text]]></body></html>
        """)
    #expect(page.metadata["title"] == "Ledger & notes")
    #expect(page.text.contains("Transfers\nPaid €500 to Bob’s account"))
    #expect(page.text.contains("Done\nnext line"))
    #expect(page.text.contains("cdata text"))
    for hidden in ["color", "secret", "not text", "hidden", "alert", "template only", "Ledger"] {
        #expect(!page.text.contains(hidden), "\(hidden) should not be text")
    }
}

@Test func tableCellsAreTabSeparatedAndRowsAreLines() throws {
    let page = try html("<table><tr><td>name</td><td>amount</td></tr><tr><td>Alice</td><td>10</td></tr></table>")
    #expect(Markup.normalisedLines(page.text.replacingOccurrences(of: "\t", with: " | ")) == ["name | amount", "Alice | 10"])
}

@Test func legacyEntitiesWithoutSemicolonsAndUnknownEntitiesAreHandledAsBrowsersDo() throws {
    let page = try html("<p>&copy 2024 &notanentity; AT&T &lt;tag&gt; &amp;amp;</p>")
    #expect(page.text.contains("© 2024 ¬anentity; AT&T <tag> &amp;"))
}

@Test func aHugeOrInvalidNumericReferenceIsOneReplacementCharacter() throws {
    let page = try html("<p>a&#99999999999;b&#xFFFFFFFFFFFF;c&#0;d&#xD800;e&#128;f</p>")
    #expect(page.text.contains("a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e€f"))
}

@Test func anUnclosedTagOrCommentEndsTheTextWithoutACrash() throws {
    let comment = try html("<p>before</p><!-- never closed " + String(repeating: "x", count: 200_000))
    #expect(comment.text.trimmingCharacters(in: .whitespacesAndNewlines) == "before")
    let tag = try html("<p>before</p><a href=\"" + String(repeating: "y", count: 200_000))
    #expect(tag.text.trimmingCharacters(in: .whitespacesAndNewlines) == "before")
}

@Test func imageAltTextIsKept() throws {
    let page = try html("<p>Scan: <img src=x.png alt=\"passport page 2\"></p>")
    #expect(page.text.contains("[passport page 2]"))
}

@Test func textAfterAnUnclosedHeadIsKept() throws {
    let page = try html("<html><head><title>t</title><meta name=x content=y>Hello from a sloppy page")
    #expect(page.text.contains("Hello from a sloppy page"))
    #expect(page.metadata["title"] == "t")
}
