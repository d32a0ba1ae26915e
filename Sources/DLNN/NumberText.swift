import DLTensor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func log10Double(_ v: Double) -> Double { log10(v) }

/// v with exactly `decimals` digits after the point.
func fixed(_ v: Double, _ decimals: Int) -> String { cFormat("%.\(decimals)f", v) }

/// v as 1.23e-05.
func scientific(_ v: Double) -> String { cFormat("%.2e", v) }
