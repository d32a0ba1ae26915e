#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Per-thread, grow-only pack buffer, so steady-state calls never hit malloc.
/// Layout of the malloc'd block: capacity (bytes) in the first 64 bytes, then data.
private let scratchKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { free($0) }
    return key
}()

/// A 64-byte aligned buffer of at least `count` floats, owned by the calling thread.
/// Valid until the next call to `threadScratch` on the same thread.
func threadScratch(floats count: Int) -> UnsafeMutablePointer<Float> {
    let bytes = count * MemoryLayout<Float>.stride
    if let block = pthread_getspecific(scratchKey), block.load(as: Int.self) >= bytes {
        return (block + 64).assumingMemoryBound(to: Float.self)
    }
    free(pthread_getspecific(scratchKey))
    var raw: UnsafeMutableRawPointer? = nil
    // Round up so small growth steps don't reallocate on every call.
    let capacity = max(bytes, 1 << 16)
    guard posix_memalign(&raw, 64, 64 + capacity) == 0, let block = raw else {
        fatalError("sgemm: out of memory for pack buffer")
    }
    block.storeBytes(of: capacity, as: Int.self)
    pthread_setspecific(scratchKey, block)
    return (block + 64).bindMemory(to: Float.self, capacity: capacity / 4)
}
