import Foundation
import Testing
import DLTensor

/// One golden case from Golden/ops.json (written by tools/make_golden.py).
struct OpCase: CustomTestStringConvertible, Sendable {
    let index: Int
    let op: String
    let kwargs: [String: JSONValue]
    let inputs: [TensorData]
    let output: TensorData
    let upstream: TensorData
    let grads: [TensorData]

    /// Inputs that are data, not differentiable (class labels, targets).
    var constantInputs: Set<Int> { Set(kwargs["constant_inputs"]?.ints ?? []) }

    var testDescription: String { "#\(index) \(op) \(inputs.map { Shape.describe($0.shape) }.joined(separator: " "))" }

    /// Runs the case's op on `x` through the engine.
    func apply(_ x: [Tensor]) throws -> Tensor {
        switch op {
        case "add": return try x[0] + x[1]
        case "sub": return try x[0] - x[1]
        case "mul": return try x[0] * x[1]
        case "div": return try x[0] / x[1]
        case "pow": return try x[0].pow(x[1])
        case "neg": return -x[0]
        case "exp": return x[0].exp()
        case "log": return x[0].log()
        case "sqrt": return x[0].sqrt()
        case "abs": return x[0].abs()
        case "relu": return x[0].relu()
        case "sin": return x[0].sin()
        case "cos": return x[0].cos()
        case "sigmoid": return x[0].sigmoid()
        case "tanh": return x[0].tanh()
        case "gelu": return x[0].gelu()
        case "sum": return try x[0].sum(axis: kwargs["axis"]?.int, keepDims: kwargs["keepdims"]?.bool ?? false)
        case "mean": return try x[0].mean(axis: kwargs["axis"]?.int, keepDims: kwargs["keepdims"]?.bool ?? false)
        case "max": return try x[0].max(axis: kwargs["axis"]?.int)
        case "min": return try x[0].min(axis: kwargs["axis"]?.int)
        case "matmul": return try x[0].matmul(x[1])
        case "linear": return try x[0].linear(weight: x[1], bias: x[2])
        case "reshape": return try x[0].reshaped(kwargs["shape"]!.ints)
        case "transpose":
            if let axes = kwargs["axes"] { return try x[0].permuted(axes.ints) }
            return try x[0].transposed()
        case "index": return try x[0].indexed(kwargs["items"]!.array.map(\.indexItem))
        case "concat": return try Tensor.concat(x, axis: kwargs["axis"]!.int!)
        case "softmax": return try x[0].softmax(axis: kwargs["axis"]!.int!)
        case "log_softmax": return try x[0].logSoftmax(axis: kwargs["axis"]!.int!)
        case "conv2d":
            return try x[0].conv2d(weight: x[1], bias: x[2], stride: kwargs["stride"]!.int!, padding: kwargs["padding"]!.int!)
        case "maxpool2d": return try x[0].maxpool2d(kwargs["k"]!.int!)
        case "avgpool2d": return try x[0].avgpool2d(kwargs["k"]!.int!)
        case "embedding": return try x[0].embedding(x[1])
        case "layernorm": return try x[0].layerNorm(gamma: x[1], beta: x[2], eps: Float(kwargs["eps"]!.number!))
        case "attention": return try Tensor.attention(x[0], x[1], x[2], heads: kwargs["heads"]!.int!, causal: kwargs["causal"]!.bool!).output
        case "lstm": return try x[0].lstm(wIH: x[1], wHH: x[2], bias: x[3])
        case "gru": return try x[0].gru(wIH: x[1], wHH: x[2], bIH: x[3], bHH: x[4])
        case "rnn": return try x[0].rnn(wIH: x[1], wHH: x[2], bias: x[3])
        case "leaky_relu": return x[0].leakyRelu(slope: Float(kwargs["slope"]!.number!))
        case "crossentropy": return try x[0].crossEntropy(labels: x[1])
        case "bce": return try x[0].binaryCrossEntropy(targets: x[1])
        default: throw TensorError("no runner for op \(op)")
        }
    }

    static let all: [OpCase] = {
        let url = Bundle.module.url(forResource: "Golden/ops", withExtension: "json")!
        let root = try! JSONDecoder().decode(GoldenFile.self, from: Data(contentsOf: url))
        return root.cases.enumerated().map { i, c in
            OpCase(index: i, op: c.op, kwargs: c.kwargs, inputs: c.inputs, output: c.output,
                   upstream: c.upstream, grads: c.grads)
        }
    }()
}

struct GoldenFile: Decodable {
    struct Case: Decodable {
        let op: String
        let kwargs: [String: JSONValue]
        let inputs: [TensorData]
        let output: TensorData
        let upstream: TensorData
        let grads: [TensorData]
    }
    let cases: [Case]
}

struct TensorData: Decodable, Sendable {
    let shape: [Int]
    let data: [Float]
    func tensor(param: Bool = true) -> Tensor { Tensor(shape: shape, storage: data, isParam: param) }
}

enum JSONValue: Decodable, Sendable {
    case number(Double), bool(Bool), string(String), array([JSONValue]), null

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else { self = .array(try c.decode([JSONValue].self)) }
    }

    var int: Int? { if case .number(let n) = self { Int(n) } else { nil } }
    var number: Double? { if case .number(let n) = self { n } else { nil } }
    var bool: Bool? { if case .bool(let b) = self { b } else { nil } }
    var array: [JSONValue] { if case .array(let a) = self { a } else { [] } }
    var ints: [Int] { array.compactMap(\.int) }

    var indexItem: IndexItem {
        let a = array
        guard case .string(let kind) = a[0] else { fatalError("bad index item") }
        switch kind {
        case "at": return .at(a[1].int!)
        case "range": return .range(start: a[1].int, stop: a[2].int, step: a[3].int)
        default: return .positions(a[1].ints, shape: [a[1].ints.count])
        }
    }
}

/// Max |a − b| / (atol + rtol·|b|) over elements: ≤ 1 means close.
func closeness(_ a: [Float], _ b: [Float], atol: Float, rtol: Float) -> Float {
    precondition(a.count == b.count)
    var worst: Float = 0
    for (x, y) in zip(a, b) {
        let r = Swift.abs(x - y) / (atol + rtol * Swift.abs(y))
        if !(r <= worst) { worst = r.isNaN ? .infinity : r }
    }
    return worst
}
