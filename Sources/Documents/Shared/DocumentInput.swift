// Checks shared by the PDF, Office and OpenDocument readers: the input size limit, XML whitespace.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension String {
    /// Trims XML whitespace from both ends.
    func trimmedWhitespace() -> String {
        let space: Set<Character> = [" ", "\t", "\r", "\n", "\r\n"]
        guard let first = firstIndex(where: { !space.contains($0) }),
              let last = lastIndex(where: { !space.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}

enum DocumentInput {
    /// Refuses files above `maxInputBytes` before anything is read.
    static func checkSize(path: String, limits: DocumentLimits) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw DocumentError(code: .unreadable, message: "cannot stat the file (errno \(errno))")
        }
        if Int64(info.st_size) > limits.maxInputBytes {
            throw DocumentError(code: .tooLarge, message: "\(info.st_size) bytes exceed the input limit of \(limits.maxInputBytes)")
        }
    }
}
