// A bounded reader of Compound File Binary (OLE2) containers: header, FAT via DIFAT, mini stream, directory.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every sector number, chain and size read from the file is checked against the file's real size; a chain that
/// loops or leaves the file is damage, never an endless loop or an out-of-range read.
struct CompoundFile {
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    private static let endOfChain: UInt32 = 0xFFFF_FFFE
    private static let maxRegularSector: UInt32 = 0xFFFF_FFFA

    struct Entry {
        var name: String
        /// 1 storage, 2 stream, 5 root.
        var type: UInt8
        var start: UInt32
        var size: UInt64
        var left: UInt32, right: UInt32, child: UInt32
    }

    private let file: ReadOnlyFile
    private let sectorShift: Int
    private let sectorSize: Int
    private let miniSectorSize = 64
    private let miniCutoff: UInt64
    private let fat: [UInt32]
    private var miniFat: [UInt32] = []
    private var miniStream: [UInt8] = []
    private(set) var entries: [Entry] = []
    /// Streams directly under the root storage, by name.
    private(set) var rootStreams: [String: Int] = [:]
    let limits: DocumentLimits

    init(path: String, limits: DocumentLimits) throws {
        self.limits = limits
        file = try ReadOnlyFile(path: path)
        let header = try file.read(at: 0, count: 512)
        guard header.count == 512, header.starts(with: Self.signature) else {
            throw DocumentError(code: .damaged, message: "not a Compound File (signature missing)")
        }
        let shift = Int(header.u16(30))
        guard shift == 9 || shift == 12 else {
            throw DocumentError(code: .damaged, message: "Compound File sector shift \(shift) is invalid")
        }
        sectorShift = shift
        sectorSize = 1 << shift
        miniCutoff = UInt64(header.u32(56))
        let sectorsInFile = max(0, (file.size - Int64(sectorSize)) / Int64(sectorSize))
        let fatSectorCount = Int(header.u32(44))
        guard Int64(fatSectorCount) <= sectorsInFile + 1 else {
            throw DocumentError(code: .damaged, message: "FAT sector count \(fatSectorCount) exceeds the file")
        }

        // DIFAT: 109 entries in the header, then a chain of DIFAT sectors (each ending with the next one's number).
        var fatSectors: [UInt32] = []
        for index in 0..<109 where fatSectors.count < fatSectorCount {
            fatSectors.append(header.u32(76 + index * 4))
        }
        var difat = header.u32(68)
        var difatSeen = Set<UInt32>()
        let perSector = sectorSize / 4
        while fatSectors.count < fatSectorCount && difat <= Self.maxRegularSector {
            guard difatSeen.insert(difat).inserted, Int64(difat) < sectorsInFile else {
                throw DocumentError(code: .damaged, message: "DIFAT chain loops or leaves the file at sector \(difat)")
            }
            let sector = try file.read(at: Self.offset(difat, shift), count: sectorSize)
            for index in 0..<(perSector - 1) where fatSectors.count < fatSectorCount {
                fatSectors.append(sector.u32(index * 4))
            }
            difat = sector.u32((perSector - 1) * 4)
        }
        // Entries beyond the file's last sector can never be followed, so the table is never larger than the file.
        let fatLimit = Int(min(sectorsInFile, Int64(fatSectorCount) * Int64(perSector)))
        var table: [UInt32] = []
        table.reserveCapacity(fatLimit)
        for sectorNumber in fatSectors where table.count < fatLimit {
            guard sectorNumber <= Self.maxRegularSector, Int64(sectorNumber) < sectorsInFile else {
                throw DocumentError(code: .damaged, message: "FAT sector \(sectorNumber) is outside the file")
            }
            let sector = try file.read(at: Self.offset(sectorNumber, shift), count: sectorSize)
            for index in 0..<perSector where table.count < fatLimit {
                table.append(sector.u32(index * 4))
            }
        }
        fat = table

        // 64 MiB of directory is half a million entries: more than any real document, and a bound on a hostile one.
        let directory = try chain(header.u32(48), maxBytes: min(Int64(fat.count) * Int64(sectorSize), 64 << 20))
        for base in stride(from: 0, to: directory.count - 127, by: 128) {
            let nameLength = min(64, Int(directory.u16(base + 64)))
            var units: [UInt16] = []
            for index in stride(from: 0, to: max(0, nameLength - 2), by: 2) { units.append(directory.u16(base + index)) }
            let size = shift == 9 ? UInt64(directory.u32(base + 120)) : directory.u64(base + 120)
            entries.append(Entry(name: String(decoding: units, as: UTF16.self), type: directory[base + 66],
                                 start: directory.u32(base + 116), size: size, left: directory.u32(base + 68),
                                 right: directory.u32(base + 72), child: directory.u32(base + 76)))
        }
        guard let root = entries.first, root.type == 5 else {
            throw DocumentError(code: .damaged, message: "Compound File directory has no root entry")
        }
        miniFat = try chain(header.u32(60), maxBytes: Int64(fat.count) * Int64(sectorSize)).u32Array()
        miniStream = try chain(root.start, maxBytes: Int64(min(root.size, UInt64(limits.maxMemberBytes))))
        rootStreams = childrenOfRoot()
    }

    func hasStream(_ name: String) -> Bool { rootStreams[name] != nil }

    /// A root-level stream's bytes, at most `maxMemberBytes`; nil when there is no such stream.
    func stream(_ name: String) throws -> [UInt8]? {
        guard let index = rootStreams[name] else { return nil }
        let entry = entries[index]
        let wanted = Int64(min(entry.size, UInt64(limits.maxMemberBytes)))
        if entry.size < miniCutoff {
            return try miniChain(entry.start, count: Int(wanted))
        }
        let bytes = try chain(entry.start, maxBytes: wanted)
        return Array(bytes.prefix(Int(wanted)))
    }

    /// The root's children: the directory is a red-black tree of siblings, walked with a visited set.
    private func childrenOfRoot() -> [String: Int] {
        var result: [String: Int] = [:]
        var pending = [entries[0].child]
        var seen = Set<UInt32>()
        while let next = pending.popLast() {
            guard next < UInt32(entries.count), seen.insert(next).inserted else { continue }
            let entry = entries[Int(next)]
            if entry.type == 2 || entry.type == 1, result[entry.name] == nil { result[entry.name] = Int(next) }
            pending.append(entry.left)
            pending.append(entry.right)
        }
        return result
    }

    private static func offset(_ sector: UInt32, _ shift: Int) -> Int64 {
        (Int64(sector) + 1) << Int64(shift)
    }

    /// Follows a FAT chain, reading at most `maxBytes` (rounded up to a sector).
    private func chain(_ start: UInt32, maxBytes: Int64) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var sector = start
        var visited = [Bool](repeating: false, count: fat.count)
        while sector != Self.endOfChain && Int64(bytes.count) < maxBytes {
            guard Int(sector) < fat.count, sector <= Self.maxRegularSector else {
                if sector > Self.maxRegularSector && bytes.isEmpty { return [] }
                throw DocumentError(code: .damaged, message: "sector chain leaves the FAT at \(sector)")
            }
            guard !visited[Int(sector)] else {
                throw DocumentError(code: .damaged, message: "sector chain loops at sector \(sector) (FAT cycle)")
            }
            visited[Int(sector)] = true
            bytes += try file.read(at: Self.offset(sector, sectorShift), count: sectorSize)
            sector = fat[Int(sector)]
        }
        return bytes
    }

    private func miniChain(_ start: UInt32, count: Int) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var sector = start
        var visited = Set<UInt32>()
        while sector != Self.endOfChain && bytes.count < count {
            guard Int(sector) < miniFat.count, visited.insert(sector).inserted else {
                throw DocumentError(code: .damaged, message: "mini stream chain loops or leaves the mini FAT at \(sector)")
            }
            let offset = Int(sector) * miniSectorSize
            guard offset + miniSectorSize <= miniStream.count else {
                throw DocumentError(code: .damaged, message: "mini sector \(sector) is outside the mini stream")
            }
            bytes += miniStream[offset..<(offset + miniSectorSize)]
            sector = miniFat[Int(sector)]
        }
        return Array(bytes.prefix(count))
    }
}

/// A file opened read-only for positioned reads; closed on deinit.
final class ReadOnlyFile {
    private let descriptor: Int32
    let size: Int64

    init(path: String) throws {
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw DocumentError(code: .unreadable, message: "cannot open the file (errno \(errno))")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            close(descriptor)
            throw DocumentError(code: .unreadable, message: "cannot stat the file (errno \(errno))")
        }
        size = Int64(info.st_size)
    }

    deinit { close(descriptor) }

    /// Up to `count` bytes at `offset`; fewer at the end of the file.
    func read(at offset: Int64, count: Int) throws -> [UInt8] {
        guard offset >= 0, count >= 0, offset < size else { return [] }
        let wanted = Int(min(Int64(count), size - offset))
        var buffer = [UInt8](repeating: 0, count: wanted)
        var done = 0
        while done < wanted {
            let got = buffer.withUnsafeMutableBytes { raw in
                pread(descriptor, raw.baseAddress.map { $0 + done }, wanted - done, off_t(offset) + off_t(done))
            }
            if got < 0 { throw DocumentError(code: .unreadable, message: "read failed (errno \(errno))") }
            if got == 0 { break }
            done += got
        }
        return done == wanted ? buffer : Array(buffer.prefix(done))
    }
}

extension Array where Element == UInt8 {
    /// Little-endian integers; reading past the end yields zero bytes rather than trapping.
    func u16(_ at: Int) -> UInt16 {
        guard at >= 0, at <= count - 2 else { return 0 }
        return UInt16(self[at]) | UInt16(self[at + 1]) << 8
    }

    func u32(_ at: Int) -> UInt32 {
        guard at >= 0, at <= count - 4 else { return 0 }
        return UInt32(self[at]) | UInt32(self[at + 1]) << 8 | UInt32(self[at + 2]) << 16 | UInt32(self[at + 3]) << 24
    }

    func u64(_ at: Int) -> UInt64 {
        UInt64(u32(at)) | UInt64(u32(at + 4)) << 32
    }

    func u32Array() -> [UInt32] {
        stride(from: 0, to: count - 3, by: 4).map { u32($0) }
    }
}
