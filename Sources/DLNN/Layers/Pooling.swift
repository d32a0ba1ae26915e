import DLTensor

/// Shape rules shared by maxpool and avgpool.
enum Pooling {
    static func outputShape(_ shape: [Int], _ k: Int, _ call: String) throws -> [Int] {
        guard shape.count == 3 else {
            throw ModelError("\(call.prefix { $0 != "(" }) needs image inputs (channels, h, w), got \(Shape.describe(shape))",
                             help: "e.g. input(1, 28, 28), or after a conv2d")
        }
        guard k <= shape[1], k <= shape[2] else {
            throw ModelError("\(call): a \(k)×\(k) window does not fit a \(shape[1])×\(shape[2]) image")
        }
        return [shape[0], shape[1] / k, shape[2] / k]
    }
}
