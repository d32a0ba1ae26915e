import FileIO
import Testing
import DLTensor
@testable import DLLessons

/// Damaged lesson files (cut short, lines lost or swapped) give an error with
/// a file and line, never a crash.
@Suite struct ParserRobustnessTests {
    static let files: [String] = (try? LessonFiles.list(CourseTests.folder)) ?? []

    @Test(arguments: files)
    func damagedCopiesOfALessonFailCleanly(_ path: String) throws {
        let text = String(decoding: try FileBytes.read(path), as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var variants: [String] = []
        for cut in stride(from: 0, to: lines.count, by: 5) {
            variants.append(lines.prefix(cut).joined(separator: "\n"))
            var dropped = lines; dropped.remove(at: cut); variants.append(dropped.joined(separator: "\n"))
            if cut + 1 < lines.count {
                var swapped = lines; swapped.swapAt(cut, cut + 1); variants.append(swapped.joined(separator: "\n"))
            }
        }
        variants.append(text.replacingBackticks)
        for v in variants {
            do { _ = try LessonParser.parse(v, file: "damaged.md") } catch let e as LessonError {
                #expect(e.description.hasPrefix("damaged.md:"), "\(e)")
            }
        }
    }
}

extension String {
    /// Every fence and code span broken at once.
    var replacingBackticks: String { String(map { $0 == "`" ? "'" : $0 }) }
}
