import DLTensor

/// Counts of values in `bins` equal bins over [-range, range]. The range is
/// the largest |value| of the recorded tensor, so every finite value lands in
/// a bin and zero is always the edge between the two middle bins: a ReLU's
/// output fills only the right half, a saturated tanh piles up at both ends.
public struct Histogram: Sendable, Equatable {
    public var counts: [Int]
    /// Half the width of the binned interval; 0 when every value was 0.
    public var range: Float
    /// NaN and infinite values, which belong to no bin.
    public var nonFinite: Int

    public init(counts: [Int], range: Float, nonFinite: Int) {
        self.counts = counts
        self.range = range
        self.nonFinite = nonFinite
    }

    /// `sample`: at most this many values are binned, evenly spaced through
    /// the tensor (every value when it has fewer); the range is always
    /// that of every value.
    public init(_ values: [Float], bins: Int, sample: Int = .max) {
        let bins = Swift.max(bins, 1)
        let every = values.count > sample && sample > 0 ? (values.count + sample - 1) / sample : 1
        var largest: Float = 0, bad = 0
        var counts = [Int](repeating: 0, count: bins)
        // Raw buffers and branch-light loops: this runs over every output of
        // every layer at each recorded step, as many elements as the
        // forward pass itself.
        values.withUnsafeBufferPointer { v in
            // A comparison with NaN is false, so NaN never becomes the largest;
            // an infinity does, and then the careful pass below finds the rest.
            largest = largestMagnitude(v)
            if !largest.isFinite {
                largest = 0
                for x in v where x.isFinite { largest = Swift.max(largest, x.magnitude) }
            }
            counts.withUnsafeMutableBufferPointer { c in
                // All zeros: every value sits on the centre edge, counted
                // right of it as a positive range would count it.
                let scale = largest > 0 ? Float(bins) / (2 * largest) : 0
                var k = 0
                if every == 1 && largest > 0 {
                    bad += binLanes(v, &k, largest: largest, scale: scale, bins: bins, into: c)
                }
                while k < v.count {
                    let x = v[k]
                    k += every
                    // NaN and ±infinity fail this (an infinity lands past the edge).
                    let t = (x + largest) * scale
                    guard t >= 0, t < Float(bins) + 1 else { bad += 1; continue }
                    let i = largest > 0 ? Int(t) : bins / 2
                    c[i < bins ? i : bins - 1] += 1
                }
            }
        }
        self.init(counts: counts, range: largest, nonFinite: bad)
    }

    public var total: Int { counts.reduce(0, +) }
}

/// Bins v[k...] 16 values at a time while 16 remain, as the scalar loop in
/// `Histogram.init` does (bin ⌊t⌋ of t = (x + largest) · scale, the top edge
/// in the last bin), moving k past them; returns how many fit no bin. The
/// bins of a vector are found in its lanes and counted in four sets (lane l
/// in set l % 4): the scalar loop took 13 cycles a value, 2.9 ns, and was
/// two thirds of recording's cost in the digits MLP, a tenth of its fit.
private func binLanes(_ v: UnsafeBufferPointer<Float>, _ k: inout Int, largest: Float, scale: Float, bins: Int,
                      into counts: UnsafeMutableBufferPointer<Int>) -> Int {
    guard let base = v.baseAddress, k + 16 <= v.count else { return 0 }
    // Slot `bins` of each set counts the values that fit no bin.
    let width = bins + 1
    var sets = [Int](repeating: 0, count: 4 * width)
    // ⌊t⌋ in float lanes: adding 1.5·2²³ rounds t to a whole number held in
    // the low mantissa bits, one less where that rounded up. Lanes outside
    // [0, bins + 1), NaN among them, become `bins`. (The standard library's
    // SIMD float-to-integer conversion goes lane by lane.)
    let magic: Float = 12_582_912, top = Float(bins) + 1
    let edge = SIMD16<Float>(repeating: Float(bins - 1)), overflow = SIMD16<Float>(repeating: Float(bins))
    var index = SIMD16<Int32>()
    sets.withUnsafeMutableBufferPointer { sets in
        while k + 16 <= v.count {
            let t = (UnsafeRawPointer(base + k).loadUnaligned(as: SIMD16<Float>.self) + largest) * scale
            var f = t.replacing(with: edge, where: t .> edge)
            let r = (f + magic) - magic
            f = r.replacing(with: r - 1, where: r .> f)
            f = overflow.replacing(with: f, where: t .>= 0)
            f = f.replacing(with: overflow, where: t .>= top)
            index = unsafeBitCast(f + magic, to: SIMD16<Int32>.self) &- unsafeBitCast(magic, to: Int32.self)
            withUnsafeBytes(of: &index) { raw in
                let lanes = raw.bindMemory(to: Int32.self)
                for l in 0..<16 { sets[(l & 3) * width + Int(lanes[l])] &+= 1 }
            }
            k += 16
        }
    }
    for b in 0..<bins { counts[b] += sets[b] + sets[width + b] + sets[2 * width + b] + sets[3 * width + b] }
    return sets[bins] + sets[width + bins] + sets[2 * width + bins] + sets[3 * width + bins]
}

/// The largest |x| that is not NaN, 16 lanes at a time: one pass over every
/// output and gradient of a recorded step, and a scalar loop that carried
/// the maximum from value to value was two thirds of recording's cost.
private func largestMagnitude(_ v: UnsafeBufferPointer<Float>) -> Float {
    guard let base = v.baseAddress else { return 0 }
    var lanes = SIMD16<Float>()
    var k = 0
    while k + 16 <= v.count {
        let bits = UnsafeRawPointer(base + k).loadUnaligned(as: SIMD16<UInt32>.self) & 0x7FFF_FFFF
        let m = unsafeBitCast(bits, to: SIMD16<Float>.self)
        // A comparison with NaN is false, so NaN never replaces a lane.
        lanes = lanes.replacing(with: m, where: m .> lanes)
        k += 16
    }
    var largest: Float = 0
    for i in 0..<16 where lanes[i] > largest { largest = lanes[i] }
    while k < v.count {
        let m = v[k].magnitude
        if m > largest { largest = m }
        k += 1
    }
    return largest
}

/// What fit recorded about one entry of the model (`net.layers[i]`) over
/// training: at each recorded step, the histogram of its output and of the
/// loss's gradient with respect to that output, and for a layer with
/// weights log10 of |ΔW| / |W|, one update's size relative to the weights it
/// changed (|W| before the update; Karpathy's guide: near -3 is healthy).
public struct LayerHistory: Sendable {
    /// `layers[1] tanh`: the path the language writes and the layer's label.
    public let name: String
    /// The watched weights: a layer's first param (a dense layer's weight
    /// matrix), or every param of a nested model or block. Empty: no ratio.
    public let hasWeights: Bool
    public internal(set) var activations: [Histogram] = []
    public internal(set) var gradients: [Histogram] = []
    /// log10(|ΔW| / |W|); -infinity for a step that left the weights unchanged.
    public internal(set) var updateRatio: [Double] = []

    public init(name: String, hasWeights: Bool) {
        self.name = name
        self.hasWeights = hasWeights
    }
}

/// Everything one fit recorded, held by its `History`. Steps are recorded
/// every `stride` steps, a power of two chosen for the planned length; if
/// more than `maxRecords` pile up anyway, every other record is dropped and
/// the stride doubles, so a run keeps at most `maxRecords` evenly spaced
/// records (`thinned` says when fewer than every step were kept).
public struct TrainingRecord: Sendable {
    public static let bins = 24
    /// A layer output larger than this is binned from an evenly spaced
    /// sample of this many values (its range from all of them): binning
    /// every value of a sequence model's outputs and gradients was a tenth
    /// of a short fit's time (the char LSTM records each of its 94 steps).
    public static let binnedValues = 16_384
    public static let maxRecords = 200
    /// Recording costs about as much as a forward pass of the recorded step
    /// (every output is binned twice), so a fit records about this many
    /// steps, whatever its length: a tenth of the steps or fewer.
    public static let plannedRecords = 100

    /// The 1-based step (counted across epochs) of each record.
    public internal(set) var steps: [Int] = []
    /// The 1-based epoch of each record.
    public internal(set) var epochs: [Int] = []
    /// One per entry of the model, in order.
    public internal(set) var layers: [LayerHistory]
    public internal(set) var stride = 1
    /// The final sigmoid or softmax that the loss folds in: it never runs
    /// during training, so its histograms stay empty.
    public let foldedLayer: Int?

    public var thinned: Bool { stride > 1 }

    /// The model's params and buffers (`Model.snapshot()`, flattened) at
    /// the end of each kept epoch, epoch 0 being the weights fit started
    /// from: what `replay` and `landscape(along:)` read.
    public internal(set) var weights: [[Float]] = []
    public internal(set) var weightEpochs: [Int] = []
    /// Snapshots are kept every `weightStride` epochs.
    public internal(set) var weightStride = 1
    /// How many snapshots fit in the budget for this model (0: none, the
    /// model is too large), at most `maxSnapshots`.
    public internal(set) var snapshotLimit = 0
    public static let maxSnapshots = 200
    /// Floats all snapshots of one fit may hold: 32 MB.
    public static let snapshotBudget = 8_000_000

    /// Keeps the weights after `epoch`; when the limit is passed, every
    /// other snapshot goes (epoch 0 stays: every stride divides it).
    mutating func keepWeights(_ state: [[Float]], epoch: Int) {
        guard snapshotLimit > 0, epoch % weightStride == 0 else { return }
        weights.append(state.flatMap { $0 })
        weightEpochs.append(epoch)
        guard weights.count > snapshotLimit else { return }
        weightStride *= 2
        let keep = weightEpochs.indices.filter { weightEpochs[$0] % weightStride == 0 }
        weights = keep.map { weights[$0] }
        weightEpochs = keep.map { weightEpochs[$0] }
    }

    /// For a fit of `plannedSteps` steps: the stride starts at the power
    /// of two that keeps the whole run within `plannedRecords` records.
    public init(layers: [LayerHistory], foldedLayer: Int?, plannedSteps: Int) {
        self.layers = layers
        self.foldedLayer = foldedLayer
        while plannedSteps / stride > Self.plannedRecords { stride *= 2 }
    }

    /// Drops every other record once the store is full, keeping the steps
    /// that are multiples of the doubled stride.
    mutating func thinIfFull() {
        guard steps.count > Self.maxRecords else { return }
        stride *= 2
        let keep = steps.indices.filter { steps[$0] % stride == 0 }
        func pick<T>(_ xs: [T]) -> [T] { keep.map { xs[$0] } }
        steps = pick(steps)
        epochs = pick(epochs)
        for i in layers.indices {
            if !layers[i].activations.isEmpty { layers[i].activations = pick(layers[i].activations) }
            if !layers[i].gradients.isEmpty { layers[i].gradients = pick(layers[i].gradients) }
            if !layers[i].updateRatio.isEmpty { layers[i].updateRatio = pick(layers[i].updateRatio) }
        }
    }
}
