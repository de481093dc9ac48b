import CMalloc

/// How the console's process allocates what is large: a list's index of a region
/// (megabytes), a tab's cost figures, a part of a batch.
public enum LargeBlocks {
    /// From this size up, a block is mapped on its own.
    public static let threshold: Int32 = 128 * 1024

    /// Every block of `threshold` or more is mapped on its own and given back to the system
    /// when freed. The C library's default raises that threshold to the largest block freed
    /// so far, so an index read again after a change lands in the heap, whose freed space is
    /// kept: at a million instances, 4 MB more at rest and at the peak. Call it first.
    /// (Elsewhere than Linux the system's allocator is left as it is.)
    public static func mapEach() {
        #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, threshold)
        #endif
    }
}
