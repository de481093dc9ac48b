import Foundation
import Testing
@testable import ConsoleApp

@Suite("Flushing an export in the background")
struct BackgroundFlushTests {
    @Test("A file's flush runs beside the writer and ends with the file; a descriptor it cannot flush is a failure it reports")
    func flushAndFailures() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("flush-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let fd = open(dir.appendingPathComponent("f").path, O_CREAT | O_WRONLY, 0o600)
        try #require(fd >= 0)
        defer { close(fd) }
        let flush = BackgroundFlush(fd)
        #expect(Export.writeAll(fd, Array(repeating: 65, count: 1 << 16)) == nil)
        #expect(flush.start())
        #expect(flush.finish() == nil && flush.failure == nil)
        #expect(!flush.start(), "no flush after the end")
        #expect(write(fd, "x", 1) == 1, "the writer's own descriptor stays open")

        // A pipe cannot be flushed: the failure is the flush's errno, reported once it ends.
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        let onPipe = BackgroundFlush(ends[1])
        #expect(onPipe.start())
        #expect(onPipe.finish() == EINVAL)
        #expect(onPipe.failure == EINVAL)

        // No descriptor to flush at all: refused from the start, nothing runs.
        let none = BackgroundFlush(-1)
        #expect(none.failure == EBADF && !none.start())
        #expect(none.finish() == EBADF)

        // Abandoned: its descriptor closes after the flush under way; abandoning twice closes nothing more.
        let abandoned = BackgroundFlush(fd)
        #expect(abandoned.start())
        abandoned.abandon()
        abandoned.abandon()
        #expect(!abandoned.start())
    }
}
