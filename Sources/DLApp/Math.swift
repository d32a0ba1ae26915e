#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@inline(__always) func fexp(_ x: Float) -> Float { expf(x) }

