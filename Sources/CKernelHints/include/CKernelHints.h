#ifndef CKERNELHINTS_H
#define CKERNELHINTS_H

// What Swift cannot say: a prefetch, for DLKernel's micro-kernels and the
// LSTM's backward steps. Static inline, so it compiles into the caller as
// one instruction.

/// Asks for the cache line holding p, to be written soon, without waiting for it.
static inline void dl_prefetch_for_write(const void *p) {
    __builtin_prefetch(p, 1, 3);
}

/// Asks for the cache line holding p, to be read soon, without waiting for it.
static inline void dl_prefetch_for_read(const void *p) {
    __builtin_prefetch(p, 0, 3);
}

#endif
