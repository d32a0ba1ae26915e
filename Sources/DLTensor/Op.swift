/// What a recorded node did, and its derivative written for a learner.
/// Every differentiable op of the engine is listed in `Op.all`; a test fails
/// when an op is recorded that is not listed, or listed without a gradient check.
public struct Op: Sendable, Hashable {
    public let name: String
    public let formula: String

    public static let add = Op(name: "add", formula: "∂(a + b)/∂a = 1,  ∂(a + b)/∂b = 1  (summed over broadcast axes)")
    public static let sub = Op(name: "sub", formula: "∂(a − b)/∂a = 1,  ∂(a − b)/∂b = −1")
    public static let mul = Op(name: "mul", formula: "∂(a·b)/∂a = b,  ∂(a·b)/∂b = a")
    public static let div = Op(name: "div", formula: "∂(a/b)/∂a = 1/b,  ∂(a/b)/∂b = −a/b²")
    public static let pow = Op(name: "pow", formula: "∂(aᵇ)/∂a = b·aᵇ⁻¹,  ∂(aᵇ)/∂b = aᵇ·ln a")
    public static let neg = Op(name: "neg", formula: "d(−x)/dx = −1")
    public static let exp = Op(name: "exp", formula: "d eˣ/dx = eˣ")
    public static let log = Op(name: "log", formula: "d ln x/dx = 1/x")
    public static let sqrt = Op(name: "sqrt", formula: "d √x/dx = 1/(2√x)")
    public static let abs = Op(name: "abs", formula: "d |x|/dx = sign(x)")
    public static let sin = Op(name: "sin", formula: "d sin x/dx = cos x")
    public static let cos = Op(name: "cos", formula: "d cos x/dx = −sin x")
    public static let relu = Op(name: "relu", formula: "d relu(x)/dx = 1 if x > 0, else 0")
    public static let sigmoid = Op(name: "sigmoid", formula: "d σ(x)/dx = σ(x)(1 − σ(x))")
    public static let tanh = Op(name: "tanh", formula: "d tanh(x)/dx = 1 − tanh(x)²")
    public static let gelu = Op(name: "gelu", formula: "d gelu(x)/dx = Φ(x) + x·φ(x)  (Φ, φ: the normal CDF and density)")
    public static let sum = Op(name: "sum", formula: "∂(Σⱼ xⱼ)/∂xᵢ = 1")
    public static let mean = Op(name: "mean", formula: "∂(mean x)/∂xᵢ = 1/n")
    public static let max = Op(name: "max", formula: "∂ max(x)/∂xᵢ = 1 at the (first) largest xᵢ, else 0")
    public static let min = Op(name: "min", formula: "∂ min(x)/∂xᵢ = 1 at the (first) smallest xᵢ, else 0")
    public static let matmul = Op(name: "matmul", formula: "∂L/∂A = ∂L/∂Y @ Bᵀ,  ∂L/∂B = Aᵀ @ ∂L/∂Y  for Y = A @ B")
    public static let reshape = Op(name: "reshape", formula: "∂L/∂x = reshape(∂L/∂y, x.shape)")
    public static let transpose = Op(name: "transpose", formula: "∂L/∂x = ∂L/∂y with the axes permuted back")
    public static let index = Op(name: "index", formula: "∂L/∂x = ∂L/∂y added into the selected positions, 0 elsewhere")
    public static let concat = Op(name: "concat", formula: "∂L/∂xₖ = the slice of ∂L/∂y that xₖ filled")
    public static let softmax = Op(name: "softmax", formula: "∂yᵢ/∂xⱼ = yᵢ(δᵢⱼ − yⱼ)  for y = softmax(x)")
    public static let logSoftmax = Op(name: "log_softmax", formula: "∂yᵢ/∂xⱼ = δᵢⱼ − softmax(x)ⱼ  for y = log_softmax(x)")

    public static let leakyRelu = Op(name: "leaky_relu", formula: "d leaky_relu(x)/dx = 1 if x > 0, else the slope α")
    public static let crossEntropy = Op(name: "crossentropy", formula: "∂L/∂zᵢⱼ = (softmax(zᵢ)ⱼ − [j = yᵢ]) / n  for L = mean −log softmax(zᵢ)[yᵢ]")
    public static let binaryCrossEntropy = Op(name: "bce", formula: "∂L/∂zᵢ = (σ(zᵢ) − tᵢ) / n  for L = mean of −t·log σ(z) − (1−t)·log(1−σ(z))")

    public static let conv2d = Op(name: "conv2d", formula: "∂L/∂W = Σ over positions of G · (the input patch),  ∂L/∂x = each G spread back through the kernel,  ∂L/∂b = Σ G")

    public static let maxpool2d = Op(name: "maxpool2d", formula: "∂L/∂xᵢ = ∂L/∂y for the largest xᵢ of each window (the first, on ties), 0 for the others")
    public static let avgpool2d = Op(name: "avgpool2d", formula: "∂L/∂xᵢ = ∂L/∂y / k² for every xᵢ of a k×k window")
    public static let embedding = Op(name: "embedding", formula: "∂L/∂W[id] = Σ ∂L/∂y over every position that looked up id;  ids get none")

    public static let all: [Op] = [
        add, sub, mul, div, pow, neg, exp, log, sqrt, abs, sin, cos, relu, sigmoid, tanh, gelu,
        sum, mean, max, min, matmul, reshape, transpose, index, concat, softmax, logSoftmax,
        leakyRelu, crossEntropy, binaryCrossEntropy, conv2d, maxpool2d, avgpool2d, embedding,
    ]
}
