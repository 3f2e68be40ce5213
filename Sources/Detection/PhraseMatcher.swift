// One Aho-Corasick automaton over the normalized UTF-8 of every phrase of every rule, so scanning costs one table
// step per byte however many rules there are.

/// A deterministic automaton: byte classes (bytes no phrase uses share class 0) × states, failure links resolved.
struct PhraseMatcher: Sendable {
    private let classOf: [UInt8]
    private let classCount: Int
    private let delta: [Int32]
    /// The key ending at a state, or -1.
    private let output: [Int32]
    /// The nearest state on the failure chain with an output, or -1.
    private let outputLink: [Int32]
    let keyLengths: [Int]

    init(keys: [[UInt8]]) {
        var classOf = [UInt8](repeating: 0, count: 256)
        var used = [Bool](repeating: false, count: 256)
        for key in keys { for byte in key { used[Int(byte)] = true } }
        var classCount = 1
        for byte in 0..<256 where used[byte] {
            classOf[byte] = UInt8(truncatingIfNeeded: classCount)
            classCount += 1
        }
        // Valid UTF-8 never uses C0, C1, F5–FF, so at most 244 classes: they fit a byte.
        classCount = min(classCount, 256)

        var children: [[UInt8: Int32]] = [[:]]
        var output: [Int32] = [-1]
        for (index, key) in keys.enumerated() where !key.isEmpty {
            var state = 0
            for byte in key {
                let cls = classOf[Int(byte)]
                if let next = children[state][cls] {
                    state = Int(next)
                } else {
                    children.append([:])
                    output.append(-1)
                    let next = Int32(children.count - 1)
                    children[state][cls] = next
                    state = Int(next)
                }
            }
            if output[state] < 0 { output[state] = Int32(index) }
        }
        let stateCount = children.count
        var delta = [Int32](repeating: 0, count: stateCount * classCount)
        var fail = [Int32](repeating: 0, count: stateCount)
        var outputLink = [Int32](repeating: -1, count: stateCount)
        var queue: [Int] = []
        queue.reserveCapacity(stateCount)
        for (cls, child) in children[0] {
            delta[Int(cls)] = child
            queue.append(Int(child))
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            let failState = Int(fail[state])
            outputLink[state] = output[failState] >= 0 ? Int32(failState) : outputLink[failState]
            for cls in 0..<classCount {
                delta[state * classCount + cls] = delta[failState * classCount + cls]
            }
            for (cls, child) in children[state] {
                fail[Int(child)] = delta[failState * classCount + Int(cls)]
                delta[state * classCount + Int(cls)] = child
                queue.append(Int(child))
            }
        }
        self.classOf = classOf
        self.classCount = classCount
        self.delta = delta
        self.output = output
        self.outputLink = outputLink
        self.keyLengths = keys.map(\.count)
    }

    /// Calls `found(key, end)` for every occurrence of every key; `end` is exclusive.
    func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ found: (Int, Int) -> Void) {
        classOf.withUnsafeBufferPointer { classOf in
            delta.withUnsafeBufferPointer { delta in
                output.withUnsafeBufferPointer { output in
                    outputLink.withUnsafeBufferPointer { outputLink in
                        let classCount = self.classCount
                        var state = 0
                        for position in 0..<bytes.count {
                            state = Int(delta[state &* classCount &+ Int(classOf[Int(bytes[position])])])
                            if output[state] < 0 && outputLink[state] < 0 { continue }
                            var current = state
                            if output[current] < 0 { current = Int(outputLink[current]) }
                            while current >= 0 {
                                found(Int(output[current]), position + 1)
                                current = Int(outputLink[current])
                            }
                        }
                    }
                }
            }
        }
    }
}
