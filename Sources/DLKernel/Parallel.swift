import Dispatch

/// Runs body(0..<chunks) on up to `threads` threads: the caller and the
/// helper claim chunks (`Helper`), so a late helper takes fewer.
///
/// Every kernel that splits its work comes through here, with raw pointers
/// captured in `body`. That is safe because of two promises, made once here
/// instead of in a Sendable wrapper per caller: this call returns only after
/// every chunk has run, and chunks write disjoint memory (each its own rows,
/// columns, heads or sequences) and only read what they share. Chunks must
/// compute each value the same way wherever it lands, so the results do not
/// depend on the thread count.
public func parallelChunks(_ chunks: Int, threads: Int, _ body: @escaping (Int) -> Void) {
    // One thread, or one chunk (most products): no wrapper, no handoff.
    guard chunks > 1, threads > 1 else {
        for i in 0..<Swift.max(chunks, 0) { body(i) }
        return
    }
    let shared = ChunkBody(body: body)
    if threads == 2 {
        Helper.shared.parallel(chunks: chunks) { shared.body($0) }
    } else {
        // More than two threads is not the target machine; plain Dispatch is enough.
        DispatchQueue.concurrentPerform(iterations: chunks) { shared.body($0) }
    }
}

/// The body, handed to the helper thread under parallelChunks' promises.
private struct ChunkBody: @unchecked Sendable {
    let body: (Int) -> Void
}

/// Below this many values, elementwise work is not worth a second thread.
let parallelElements = 1 << 15

/// 0..<count in pieces of whole `unit`s, one body(lo, hi) per piece: two
/// pieces per thread when `threads` > 1 (so a late helper takes fewer), one
/// otherwise.
func forEachRange(_ count: Int, unit: Int, threads: Int, _ body: @escaping (Int, Int) -> Void) {
    let units = (count + unit - 1) / unit
    let parts = threads > 1 ? Swift.min(2 * threads, units) : 1
    if parts <= 1 { body(0, count); return }
    parallelChunks(parts, threads: threads) { part in
        body(Swift.min(count, units * part / parts * unit), Swift.min(count, units * (part + 1) / parts * unit))
    }
}
