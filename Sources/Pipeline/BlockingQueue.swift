// A bounded FIFO between pipeline threads; a full queue makes the producer wait, which bounds memory.

import Foundation

final class BlockingQueue<Element>: @unchecked Sendable {
    private var items: [Element?] = []
    private var headIndex = 0
    private let capacity: Int
    private let condition = NSCondition()
    private var closed = false

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Waits while the queue is full; returns false if the queue was closed.
    @discardableResult
    func push(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count - headIndex >= capacity && !closed { condition.wait() }
        guard !closed else { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Waits for an item; nil once the queue is closed and empty.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.count == headIndex && !closed { condition.wait() }
        guard items.count > headIndex else { return nil }
        let item = items[headIndex]
        items[headIndex] = nil
        headIndex += 1
        compact()
        condition.broadcast()
        return item
    }

    /// Takes whatever is queued without waiting.
    func popAvailable(max: Int) -> [Element] {
        condition.lock()
        defer { condition.unlock() }
        var out: [Element] = []
        while items.count > headIndex && out.count < max {
            if let item = items[headIndex] { out.append(item) }
            items[headIndex] = nil
            headIndex += 1
        }
        compact()
        condition.broadcast()
        return out
    }

    /// Drops consumed slots once they are most of the storage (called with the lock held).
    private func compact() {
        if headIndex > 1024 && headIndex * 2 > items.count {
            items.removeFirst(headIndex)
            headIndex = 0
        }
    }

    /// No more pushes; pops drain what is left, then return nil.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
