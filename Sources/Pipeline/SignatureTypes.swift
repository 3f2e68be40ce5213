// The fast path for the commonest binary signatures: gzip, bzip2, xz and PNG named from their headers exactly as
// libmagic 5.44 names them (MIME and description), without its ~0.25 ms of rule matching per call. Anything
// outside the header variants handled here goes to libmagic; a test compares both on real files.

import EvidenceModel
import Magic

enum SignatureTypes {
    static func identify(_ head: [UInt8]) -> MagicResult? {
        if head.count >= 10 && head[0] == 0x1F && head[1] == 0x8B { return gzip(head) }
        if head.count >= 33 && head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]) {
            return png(head)
        }
        if head.count >= 10 && head.starts(with: [0x42, 0x5A, 0x68]) && (0x31...0x39).contains(head[3])
            && head[4...9].elementsEqual([0x31, 0x41, 0x59, 0x26, 0x53, 0x59]) {
            return MagicResult(mime: "application/x-bzip2", description: "bzip2 compressed data, block size = \(head[3] - 0x30)00k")
        }
        if head.count >= 8 && head.starts(with: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) {
            let checks: [UInt8: String] = [0x0: "NONE", 0x1: "CRC32", 0x4: "CRC64", 0xA: "SHA-256"]
            guard let check = checks[head[7] & 0x0F] else { return nil }
            return MagicResult(mime: "application/x-xz", description: "XZ compressed data, checksum \(check)")
        }
        return nil
    }

    private static func gzip(_ head: [UInt8]) -> MagicResult? {
        // Deflate only; flags limited to none or a file name, written on Unix: the variants seen in practice.
        guard head[2] == 8, head[3] & ~0x08 == 0, head[9] == 3 else { return nil }
        var description = "gzip compressed data"
        if head[3] & 0x08 != 0 {
            guard let end = head[10...].firstIndex(of: 0), end - 10 <= 255,
                  let name = String(validating: head[10..<end], as: UTF8.self),
                  name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) else { return nil }
            description += ", was \"\(name)\""
        }
        let mtime = UInt32(head[4]) | UInt32(head[5]) << 8 | UInt32(head[6]) << 16 | UInt32(head[7]) << 24
        if mtime > 0 { description += ", last modified: " + asctime(Int64(mtime)) }
        switch head[8] {
        case 2: description += ", max compression"
        case 4: description += ", max speed"
        case 0: break
        default: return nil
        }
        // libmagic on a buffer (as Custody runs it) cannot read the size in the trailer, so it says no more.
        description += ", from Unix"
        return MagicResult(mime: "application/gzip", description: description)
    }

    private static func png(_ head: [UInt8]) -> MagicResult? {
        func be32(_ offset: Int) -> UInt32 {
            UInt32(head[offset]) << 24 | UInt32(head[offset + 1]) << 16 | UInt32(head[offset + 2]) << 8 | UInt32(head[offset + 3])
        }
        let colors: [UInt8: String] = [0: " grayscale,", 2: "/color RGB,", 3: " colormap,", 4: " gray+alpha,", 6: "/color RGBA,"]
        guard let color = colors[head[25]], head[28] <= 1 else { return nil }
        let width = Int32(bitPattern: be32(16)), height = Int32(bitPattern: be32(20))
        let interlace = head[28] == 0 ? " non-interlaced" : " interlaced"
        return MagicResult(mime: "image/png", description: "PNG image data, \(width) x \(height), \(head[24])-bit\(color)\(interlace)")
    }

    /// C's asctime in UTC ("Sun Nov 22 03:08:43 2026"), as libmagic prints dates.
    static func asctime(_ seconds: Int64) -> String {
        let iso = Timestamp.iso8601(seconds: seconds)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        // iso: YYYY-MM-DDTHH:MM:SSZ
        let year = iso.prefix(4)
        let month = months[(Int(iso.dropFirst(5).prefix(2)) ?? 1) - 1]
        let day = Int(iso.dropFirst(8).prefix(2)) ?? 1
        let time = iso.dropFirst(11).prefix(8)
        return "\(weekday) \(month) \(day < 10 ? " " : "")\(day) \(time) \(year)"
    }
}


