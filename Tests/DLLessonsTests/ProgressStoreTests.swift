import FileIO
import Testing
import DLTensor
@testable import DLLessons

@Suite struct ProgressStoreTests {
    func temporaryPath() -> String { "/tmp/dlrepl-progress-test-\(UInt32.random(in: 0...UInt32.max))/progress.txt" }

    @Test func savesAndLoadsAtomically() throws {
        let store = ProgressStore(path: temporaryPath())
        var p = Progress()
        p.current = "xor"
        p.lessons["xor"] = [.passed, .skipped, .open]
        try store.save(p)
        #expect(try store.load() == p)
        #expect(p.status("xor", count: 3) == "2/3" && p.status("new-one", count: 4) == "new")
        p.lessons["xor"] = [.passed, .skipped, .passed]
        #expect(p.status("xor", count: 3) == "done")
    }

    @Test func aMissingFileIsNoProgress() throws {
        #expect(try ProgressStore(path: temporaryPath()).load() == Progress())
    }

    @Test(arguments: ["garbage", "dlrepl progress 1\nlesson xor ppq\n", "dlrepl progress 1\nlesson\n", "dlrepl progress 1\ncurrent a b c\n",
                      "dlrepl progress 1\nlesson xor pp\nlesson xor p.\n"])
    func aDamagedFileIsAClearErrorAndIsKept(_ text: String) throws {
        let path = temporaryPath()
        let store = ProgressStore(path: path)
        try store.save(Progress())
        try AtomicFile.write(Array(text.utf8), to: path)
        #expect(throws: LessonError.self) { try store.load() }
        do { _ = try store.load() } catch { #expect("\(error)".contains("is damaged (line")) }
        #expect(String(decoding: try FileBytes.read(path), as: UTF8.self) == text)
    }
}
