#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum StandardInput {
    static var isTerminal: Bool { isatty(0) != 0 }
}
