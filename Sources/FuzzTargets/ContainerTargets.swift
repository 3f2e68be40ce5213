// Fuzz targets for the libarchive and libmagic wrappers, on a buffer.

import Archive
import EvidenceModel
import Magic

enum ContainerTargets {
    /// Bounds of one archive input: the fuzzer looks for crashes, not for how long a bomb takes to inflate.
    static let maxEntries = 256
    static let maxDataBytes = 8 << 20

    /// Every entry header and data block, as the exhibit reader walks a container; entry times go through the
    /// same `Timestamp` conversion the reader records them with.
    static let archive = FuzzTarget(
        name: "archive", summary: "ArchiveReader (.archivesOrRawStream) on a MemoryArchiveInput: headers, data, times",
        seeds: [
            .repository("TestEvidence", [".zip", ".tar", ".tar.gz", ".7z", ".gz"]),
            .entries(of: "TestEvidence/PC-07.tar.gz", [".zip", ".7z", ".tar.bz2"]),
            .entries(of: "TestEvidence/android-ffs.zip", [".zip", ".gz"]),
            .corpus("nelenkov+android-backup-extractor", [".tar"]),
            .corpus("log2timeline+dfvfs", [".zip", ".tgz", ".gz", ".bz2", ".xz", ".tar", ".cpio", ".7z", ".iso"]),
            .corpus("log2timeline+plaso", [".zip", ".gz", ".bz2", ".xz", ".tar", ".7z"]),
        ],
        maxLength: 256 << 10
    ) { bytes in
        let input = MemoryArchiveInput(bytes: bytes, blockSize: 4096)
        guard let reader = try? ArchiveReader(input: input, formats: .archivesOrRawStream) else { return }
        var entries = 0
        var total = 0
        do {
            while entries < maxEntries, let (entry, _) = try reader.nextEntry() {
                entries += 1
                _ = (reader.formatName, reader.filterNames, reader.compressedBytesConsumed, reader.encryptedEntriesState)
                _ = EvidenceName.display(entry.pathBytes)
                for time in [entry.modified, entry.accessed, entry.changed, entry.created].compactMap({ $0 }) {
                    _ = Timestamp(unixSeconds: time.seconds, nanoseconds: time.nanoseconds)
                }
                while total < maxDataBytes, let block = try reader.readBlock() {
                    total += block.bytes.count
                }
                _ = reader.takeDataWarnings()
            }
        } catch {
            // A damaged archive is an error the reader reports; only a crash is a finding.
        }
    }

    nonisolated(unsafe) static let identifier = try? MagicIdentifier()

    static let magic = FuzzTarget(
        name: "magic", summary: "MagicIdentifier.identify(bytes) (libmagic through the wrapper)",
        seeds: [
            .repository("TestEvidence/bad-inputs", []),
            .entries(of: "TestEvidence/android-ffs.zip", []),
            .entries(of: "TestEvidence/PC-07.tar.gz", []),
            .corpus("py-pdf+sample-files", [".pdf"]),
            .corpus("python-openxml+python-docx", [".docx"]),
        ],
        maxLength: 64 << 10
    ) { bytes in
        guard let identifier else { fatalError("libmagic database could not be loaded") }
        _ = try? identifier.identify(bytes)
    }
}
