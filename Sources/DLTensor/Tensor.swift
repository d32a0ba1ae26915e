#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A float32 N-d array, row-major and always contiguous. When it was made by a
/// recorded op it also holds the node that made it, so `backward` can walk the
/// graph (micrograd's pattern, for tensors).
public final class Tensor {
    public internal(set) var shape: [Int]
    public var storage: [Float]
    /// True for params and for every value computed from one while recording.
    public internal(set) var requiresGrad: Bool
    /// Leaves made with `param`: the tensors `backward` accumulates into.
    public let isParam: Bool
    /// A frozen param still passes gradients through, but `step` and `fit` leave it as it is.
    public var isFrozen = false
    public var grad: Tensor?
    public internal(set) var node: GradNode?

    public init(shape: [Int], storage: [Float], isParam: Bool = false) {
        precondition(Shape.count(shape) == storage.count, "storage does not match shape")
        self.shape = shape
        self.storage = storage
        self.isParam = isParam
        self.requiresGrad = isParam
    }

    public convenience init(scalar: Float) { self.init(shape: [], storage: [scalar]) }

    public var count: Int { storage.count }
    public var rank: Int { shape.count }

    /// A new trainable leaf holding a copy of these values.
    public func asParam() -> Tensor { Tensor(shape: shape, storage: storage, isParam: true) }

    /// Same values, cut from the graph.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// Result of an op: recorded when grad mode is on and any input needs a grad.
    static func result(_ shape: [Int], _ storage: [Float], op: Op, parents: [Tensor],
                       backward: @escaping (_ upstream: [Float], _ inputs: [Tensor]) -> [[Float]?]) -> Tensor {
        let out = Tensor(shape: shape, storage: storage)
        if GradMode.isEnabled && parents.contains(where: { $0.requiresGrad }) {
            out.requiresGrad = true
            out.node = GradNode(op: op, parents: parents, scope: GradScope.current, backward: backward)
        }
        return out
    }

    /// Frees a long graph without recursing once per node (a chain of 50k
    /// ops would otherwise overflow the stack when its last tensor goes).
    deinit {
        var nodes: [GradNode] = []
        if let first = node.take() { nodes.append(first) }
        while var n = nodes.popLast() {
            guard isKnownUniquelyReferenced(&n) else { continue }
            var parents = n.parents
            n.parents = []
            while var p = parents.popLast() {
                if isKnownUniquelyReferenced(&p), let pn = p.node.take() { nodes.append(pn) }
            }
        }
    }
}

/// The record of one op application. `backward` turns the gradient of the
/// output into one contribution per parent (nil where a parent needs none);
/// `Tensor.backward()` accumulates them, so the backprop view can show each one.
/// The closure gets the parents as `inputs` rather than capturing them, so
/// this node is the only owner of its parents and the graph can be freed
/// iteratively.
public final class GradNode {
    public let op: Op
    public internal(set) var parents: [Tensor]
    public let backward: (_ upstream: [Float], _ inputs: [Tensor]) -> [[Float]?]
    /// The layer that recorded this node, when a model's forward pass did.
    public let scope: GradScope?

    init(op: Op, parents: [Tensor], scope: GradScope? = nil, backward: @escaping (_ upstream: [Float], _ inputs: [Tensor]) -> [[Float]?]) {
        self.op = op
        self.parents = parents
        self.scope = scope
        self.backward = backward
    }
}

/// Recording switch, per thread: a training thread and the tests' parallel
/// workers each decide for themselves.
public enum GradMode {
    private static let key: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        return k
    }()

    /// Stored inverted (non-nil means off) so a fresh thread records by default.
    public static var isEnabled: Bool {
        get { pthread_getspecific(key) == nil }
        set { pthread_setspecific(key, newValue ? nil : UnsafeRawPointer(bitPattern: 1)) }
    }

    public static func withoutRecording<T>(_ body: () throws -> T) rethrows -> T {
        let saved = isEnabled
        isEnabled = false
        defer { isEnabled = saved }
        return try body()
    }
}

/// Engine-wide settings.
public enum Engine {
    /// Threads the matrix product and the Adam update may use for large
    /// tensors: `DLREPL_THREADS` (1 to 8), else 2. Splitting never costs
    /// more than one thread, even when the other core is busy.
    nonisolated(unsafe) public static var threads: Int = {
        guard let raw = getenv("DLREPL_THREADS"), let n = Int(String(cString: raw)) else { return 2 }
        return Swift.min(8, Swift.max(1, n))
    }()
    /// No op makes a tensor larger than this (2 GiB of float32).
    public static let maxElements = 1 << 29
}
