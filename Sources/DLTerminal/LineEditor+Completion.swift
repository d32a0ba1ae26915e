@preconcurrency import CReadline
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LineEditor {
    /// Words are identifier-like, so everything else that can appear in an
    /// expression separates them.
    static let wordBreakCharacters = " \t\n\"'`@$><=;|&{}()[]+-*/%^!~?,.:#\\"

    func installCompletion() {
        let breaks = UnsafePointer(strdup(Self.wordBreakCharacters))  // kept by readline
        rl_basic_word_break_characters = breaks
        rl_completer_word_break_characters = breaks
        // Without a completer, Tab must not fall back to file names either.
        rl_completion_entry_function = { _, _ in nil }
        // Pointers are not Sendable, so they cross assumeIsolated as integers.
        rl_attempted_completion_function = { text, start, end in
            let matches = MainActor.assumeIsolated {
                UInt(bitPattern: LineEditor.shared.completionMatches(text, Int(start), Int(end)))
            }
            return UnsafeMutablePointer(bitPattern: matches)
        }
    }

    private func completionMatches(
        _ text: UnsafePointer<CChar>?, _ start: Int, _ end: Int
    ) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        // readline resets these before every attempt.
        rl_attempted_completion_over = 1
        rl_completion_append_character = 0

        guard let completer, let text, let buffer = rl_line_buffer else { return nil }
        let word = String(cString: text)
        let bytes = UnsafeRawBufferPointer(start: buffer, count: Int(rl_point))
        let line = String(decoding: bytes, as: UTF8.self)
        let wordStart = String(decoding: bytes.prefix(start), as: UTF8.self).count

        completionCandidates = completer(line, wordStart, word).filter { $0.hasPrefix(word) }
        completionIndex = 0
        guard !completionCandidates.isEmpty else { return nil }
        // rl_completion_matches computes the common prefix readline inserts.
        return rl_completion_matches(text) { _, state in
            let next = MainActor.assumeIsolated {
                UInt(bitPattern: LineEditor.shared.nextCandidate(restart: state == 0))
            }
            return UnsafeMutablePointer(bitPattern: next)
        }
    }

    private func nextCandidate(restart: Bool) -> UnsafeMutablePointer<CChar>? {
        if restart { completionIndex = 0 }
        guard completionIndex < completionCandidates.count else { return nil }
        defer { completionIndex += 1 }
        return strdup(completionCandidates[completionIndex])  // readline frees it
    }
}
