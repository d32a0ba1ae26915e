import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import DLApp

/// Delivers worker messages until the core is idle (or 20 s pass).
func settle(_ core: AppCore) {
    for _ in 0..<2000 {
        for m in core.worker.mailbox.takeAll() { core.receive(m) }
        if !core.state.isBusy { return }
        usleep(10_000)
    }
    Issue.record("the worker did not finish")
}
