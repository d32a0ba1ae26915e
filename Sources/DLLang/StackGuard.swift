#if canImport(Glibc)
import Glibc
#endif

/// How deep evaluation may recurse on the thread it runs on. Frames differ
/// in size between debug and release builds and between paths (an operator,
/// a call, a function body), and threads differ in stack size (8 MiB for the
/// main thread, 64 MiB for the screen's worker), so the bound is measured in
/// bytes of stack, not in levels: evaluation stops with an error while a
/// margin is still free.
struct StackGuard {
    private var thread: pthread_t?
    /// The lowest address evaluation may reach; 0 when unknown.
    private(set) var floor: UInt = 0

    /// Reads the current thread's stack bounds, once per thread.
    mutating func prepare() {
        #if canImport(Glibc)
        let me = pthread_self()
        if let thread, pthread_equal(thread, me) != 0 { return }
        thread = me
        floor = 0
        var attr = pthread_attr_t()
        guard let getattr = StackGuard.getattr, getattr(me, &attr) == 0 else { return }
        defer { pthread_attr_destroy(&attr) }
        var base: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attr, &base, &size) == 0, let base, size > 0 else { return }
        // Room for what runs between two checks (a builtin, a tensor op, printing).
        let margin = Swift.min(1 << 20, size / 4)
        floor = UInt(bitPattern: base) + UInt(margin)
        #endif
    }

    #if canImport(Glibc)
    /// Glibc declares pthread_getattr_np only under _GNU_SOURCE, which the
    /// Swift module does not see: looked up by name instead.
    private typealias GetAttr = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
    private static let getattr: GetAttr? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np")
        .map { unsafeBitCast($0, to: GetAttr.self) }
    #endif

    @inline(__always)
    func isNearlyFull() -> Bool {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) } < floor
    }
}
