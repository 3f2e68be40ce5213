// Bounds the indicator findings in flight between the reader and the writer. A text full of wallets or seed words
// yields findings far faster than the writer records them, and the batches and queues between the two count
// files, not findings: 66 MB of such text held 300 MB of findings before any was written.

import Foundation

final class FindingBudget: @unchecked Sendable {
    private let limit: Int
    private var used = 0
    private var waiters = 0
    private var closed = false
    private let condition = NSCondition()

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// Takes `count` when it fits, or when nothing is in flight (one file may hold more than the limit).
    func tryAcquire(_ count: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard fits(count) else { return false }
        used += count
        return true
    }

    /// Waits until `count` fits; `announce` runs once the wait is registered, before waiting (it must make the
    /// writer commit: see `hasWaiter`). False once the budget is closed.
    func acquire(_ count: Int, announce: () -> Void) -> Bool {
        wait(until: { $0.fits(count) }, announce: announce) { $0.used += count }
    }

    /// Waits until every finding in flight is committed (a file with many findings grows alone); `announce` as
    /// in `acquire`. Returns at once when nothing is in flight.
    func waitUntilEmpty(announce: () -> Void) {
        condition.lock()
        let empty = used == 0
        condition.unlock()
        if !empty { _ = wait(until: { $0.used == 0 }, announce: announce) { _ in } }
    }

    /// Registers a waiter, announces it, waits for `ready` (or the close) and runs `take` under the lock.
    private func wait(until ready: (FindingBudget) -> Bool, announce: () -> Void, take: (FindingBudget) -> Void) -> Bool {
        condition.lock()
        waiters += 1
        condition.unlock()
        announce()
        condition.lock()
        defer {
            waiters -= 1
            condition.unlock()
        }
        while !ready(self) && !closed { condition.wait() }
        guard !closed else { return false }
        take(self)
        return true
    }

    /// Called by the writer once the findings are committed.
    func release(_ count: Int) {
        guard count > 0 else { return }
        condition.lock()
        used = max(0, used - count)
        condition.broadcast()
        condition.unlock()
    }

    /// The reader waits for findings the writer holds uncommitted: the writer should commit now.
    var hasWaiter: Bool {
        condition.lock()
        defer { condition.unlock() }
        return waiters > 0
    }

    /// The writer stopped: nothing more will be released; waiting readers give up.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    private func fits(_ count: Int) -> Bool { used == 0 || used + count <= limit }
}
