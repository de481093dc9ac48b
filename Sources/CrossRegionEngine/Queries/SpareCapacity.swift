extension Array where Element: BitwiseCopyable {
    /// The same elements without the room an array keeps to grow (up to as much again, when
    /// it doubled last): for what is read row by row and then kept while a page is open.
    func withoutSpareCapacity() -> [Element] {
        guard capacity - count > count / 16 else { return self }
        return [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = withUnsafeBufferPointer { UnsafeMutableBufferPointer(rebasing: buffer[...]).initialize(fromContentsOf: $0) }
        }
    }
}
