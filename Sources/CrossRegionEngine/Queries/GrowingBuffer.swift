#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// Elements in one block of memory that grows in place where it can and is trimmed to
/// its count when done: what a list's index is read into, row by row.
///
/// An array grows by moving to a block twice as large, so for a moment it holds both, and
/// keeps up to as much again unused. This block grows with `realloc`, which moves a large
/// block's pages to a larger mapping without copying them, and `trim` gives the unused end
/// back. A value, copied on write like an array.
struct GrowingBuffer<Element: BitwiseCopyable>: RandomAccessCollection, Equatable, @unchecked Sendable {
    // Sendable: the storage is changed only through a buffer that holds it alone (copied on write).
    private final class Storage {
        var base: UnsafeMutablePointer<Element>?
        var count = 0
        private(set) var capacity = 0

        deinit { free(base) }

        func resize(to newCapacity: Int) {
            guard newCapacity != capacity else { return }
            guard newCapacity > 0 else {
                free(base)
                (base, capacity) = (nil, 0)
                return
            }
            let (size, overflow) = newCapacity.multipliedReportingOverflow(by: MemoryLayout<Element>.stride)
            guard !overflow, let block = realloc(base, size) else {
                fatalError("out of memory: a buffer of \(newCapacity) elements")  // as an array does
            }
            base = block.bindMemory(to: Element.self, capacity: newCapacity)
            capacity = newCapacity
        }

        func copy(capacity: Int) -> Storage {
            let out = Storage()
            out.resize(to: Swift.max(capacity, count))
            if count > 0 { out.base!.update(from: base!, count: count) }
            out.count = count
            return out
        }
    }

    private var storage = Storage()

    init() {}

    var startIndex: Int { 0 }
    var endIndex: Int { storage.count }

    subscript(i: Int) -> Element {
        precondition(i >= 0 && i < storage.count, "index out of range")
        return storage.base![i]
    }

    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.base, count: storage.count))
    }

    func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
        try withUnsafeBufferPointer(body)
    }

    /// Room for `minimum` elements in all.
    mutating func reserveCapacity(_ minimum: Int) {
        unique(capacity: minimum)
        if storage.capacity < minimum { storage.resize(to: minimum) }
    }

    mutating func append(_ element: Element) {
        grow(by: 1)
        storage.base![storage.count] = element
        storage.count += 1
    }

    mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        guard let from = elements.baseAddress, !elements.isEmpty else { return }
        grow(by: elements.count)
        (storage.base! + storage.count).update(from: from, count: elements.count)
        storage.count += elements.count
    }

    /// Gives back the room past the count (when it is more than a sixteenth of it).
    mutating func trim() {
        unique(capacity: storage.count)
        if storage.capacity - storage.count > storage.count / 16 { storage.resize(to: storage.count) }
    }

    static func == (a: GrowingBuffer, b: GrowingBuffer) -> Bool {
        a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in
            x.count == y.count && (x.isEmpty || memcmp(x.baseAddress!, y.baseAddress!, x.count * MemoryLayout<Element>.stride) == 0)
        } }
    }

    private mutating func grow(by extra: Int) {
        let (needed, overflow) = storage.count.addingReportingOverflow(extra)
        precondition(!overflow, "a buffer of more elements than memory holds")
        unique(capacity: needed)
        if needed > storage.capacity { storage.resize(to: Swift.max(needed, Swift.max(16, storage.capacity * 2))) }
    }

    /// The storage held by this buffer alone, copied (with room for `capacity`) when shared.
    private mutating func unique(capacity: Int) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy(capacity: capacity) }
    }
}
