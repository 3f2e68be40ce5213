// The owning wrapper around a Poppler (GLib) PDF document: the only file that sees CPoppler.

import CPoppler

/// Opens a PDF from a file (Poppler reads it through its own file stream, never whole into memory) and hands
/// out page text and document properties. Every GLib object and string it receives is released here.
final class PopplerDocument {
    private let document: OpaquePointer

    init(path: String) throws {
        var error: UnsafeMutablePointer<GError>?
        guard let uri = g_filename_to_uri(path, nil, &error) else {
            throw Self.documentError(error, fallback: "cannot make a file URI for the PDF")
        }
        defer { g_free(uri) }
        guard let document = poppler_document_new_from_file(uri, nil, &error) else {
            throw Self.documentError(error, fallback: "Poppler could not open the PDF")
        }
        self.document = document
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(document)) }

    var pageCount: Int { Int(max(0, poppler_document_get_n_pages(document))) }

    /// The text of page `index` (0-based) in reading order, or nil when Poppler has none for it.
    func pageText(_ index: Int) -> String? {
        guard index >= 0, index < pageCount, let page = poppler_document_get_page(document, Int32(index)) else {
            return nil
        }
        defer { g_object_unref(UnsafeMutableRawPointer(page)) }
        guard let text = poppler_page_get_text(page) else { return nil }
        defer { g_free(text) }
        return String(cString: text)
    }

    /// Title, author, subject, creator, producer; created and modified as UTC ISO 8601.
    var metadata: [String: String] {
        var result: [String: String] = [:]
        let strings: [(String, (OpaquePointer) -> UnsafeMutablePointer<gchar>?)] = [
            ("title", poppler_document_get_title), ("author", poppler_document_get_author),
            ("subject", poppler_document_get_subject), ("creator", poppler_document_get_creator),
            ("producer", poppler_document_get_producer), ("keywords", poppler_document_get_keywords),
        ]
        for (key, getter) in strings {
            guard let value = getter(document) else { continue }
            let text = String(cString: value)
            g_free(value)
            if !text.isEmpty { result[key] = String(text.prefix(4096)) }
        }
        for (key, seconds) in [("created", poppler_document_get_creation_date(document)),
                               ("modified", poppler_document_get_modification_date(document))] where seconds > 0 {
            result[key] = iso8601(Int64(seconds))
        }
        return result
    }

    private static func documentError(_ error: UnsafeMutablePointer<GError>?, fallback: String) -> DocumentError {
        guard let error else { return DocumentError(code: .damaged, message: fallback) }
        defer { g_error_free(error) }
        let message = error.pointee.message.map { String(cString: $0) } ?? fallback
        if error.pointee.domain == poppler_error_quark() && error.pointee.code == Int32(POPPLER_ERROR_ENCRYPTED.rawValue) {
            return DocumentError(code: .encrypted, message: "PDF is password-protected: \(message)")
        }
        if error.pointee.domain == poppler_error_quark() && error.pointee.code == Int32(POPPLER_ERROR_OPEN_FILE.rawValue) {
            return DocumentError(code: .unreadable, message: message)
        }
        return DocumentError(code: .damaged, message: message)
    }
}
