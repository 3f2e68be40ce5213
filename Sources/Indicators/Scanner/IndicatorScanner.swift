// The scanner with validators plugged in: candidates go to an injected validate closure, its findings come out.

import Foundation

/// A validated finding with the candidate (offsets, context, form) it came from.
public struct IndicatorHit<Finding> {
    public var candidate: ScanCandidate
    public var finding: Finding

    public init(candidate: ScanCandidate, finding: Finding) {
        self.candidate = candidate
        self.finding = finding
    }
}

extension IndicatorHit: Sendable where Finding: Sendable {}
extension IndicatorHit: Equatable where Finding: Equatable {}

/// `CandidateScanner` plus the validators: `validate` gets each candidate once and returns what it proved
/// (nothing for a false candidate; several findings when one string is valid for several chains).
public struct IndicatorScanner<Finding> {
    public private(set) var candidates: CandidateScanner
    private let validate: (ScanCandidate) -> [Finding]

    public init(options: ScannerOptions = ScannerOptions(), validate: @escaping (ScanCandidate) -> [Finding]) {
        candidates = CandidateScanner(options: options)
        self.validate = validate
    }

    /// The encoding the file is scanned as (known after the first block).
    public var form: TextForm? { candidates.form }

    public mutating func feed<Bytes: ContiguousBytes>(_ block: Bytes) -> [IndicatorHit<Finding>] {
        judge(candidates.feed(block))
    }

    public mutating func finish() -> [IndicatorHit<Finding>] {
        judge(candidates.finish())
    }

    private func judge(_ found: [ScanCandidate]) -> [IndicatorHit<Finding>] {
        found.flatMap { candidate in validate(candidate).map { IndicatorHit(candidate: candidate, finding: $0) } }
    }
}
