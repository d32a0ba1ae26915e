import Foundation
import DLTensor

/// Golden/nn.json, written by tools/make_nn_reference.py with PyTorch.
struct Reference: Decodable {
    struct T: Decodable {
        let shape: [Int]
        let data: [Float]
        var tensor: Tensor { Tensor(shape: shape, storage: data) }
        var param: Tensor { Tensor(shape: shape, storage: data, isParam: true) }
    }
    struct OptimizerCase: Decodable {
        let optimizer: String
        let hyper: [String: Hyper]
        let start: T
        let grads: [T]
        let after: [T]
    }
    enum Hyper: Decodable {
        case number(Double), flag(Bool), pair([Double])
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) { self = .flag(b) }
            else if let d = try? c.decode(Double.self) { self = .number(d) }
            else { self = .pair(try c.decode([Double].self)) }
        }
        var number: Double? { if case .number(let d) = self { d } else { nil } }
        var flag: Bool? { if case .flag(let b) = self { b } else { nil } }
        var pair: [Double]? { if case .pair(let p) = self { p } else { nil } }
    }
    struct LayerCase: Decodable {
        let layer: String
        let x: T
        let params: [String: T]
        let out: T
        let upstream: T
        let grads: [String: T]
        let running_mean: T?
        let running_var: T?
        let eval_x: T?
        let eval_out: T?
    }
    struct LossCase: Decodable {
        let loss: String
        let output: T
        let target: T
        let value: Double
        let grad: T
    }
    let optimizers: [OptimizerCase]
    let layers: [LayerCase]
    let losses: [LossCase]

    static let shared: Reference = {
        let url = Bundle.module.url(forResource: "Golden/nn", withExtension: "json")!
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()
}

/// Max |a − b| / (atol + rtol·|b|) over elements: ≤ 1 means close.
func closeness(_ a: [Float], _ b: [Float], atol: Float = 1e-5, rtol: Float = 1e-4) -> Float {
    guard a.count == b.count else { return .infinity }
    var worst: Float = 0
    for (x, y) in zip(a, b) {
        let r = Swift.abs(x - y) / (atol + rtol * Swift.abs(y))
        if !(r <= worst) { worst = r.isNaN ? .infinity : r }
    }
    return worst
}
