import DLTensor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Interpreter {
    func binary(_ op: BinaryOperator, _ l: Value, _ r: Value) throws -> Value {
        switch (l, r) {
        case (.number(let a), .number(let b)):
            return try numberOp(op, a, b)
        case (.number, .tensor), (.tensor, .number), (.tensor, .tensor):
            return try tensorOp(op, asTensor(l), asTensor(r))
        case (.string(let a), .string(let b)):
            if op == .add {
                guard a.utf8.count + b.utf8.count <= ListBox.maxStringBytes else {
                    throw RuntimeError("a string of more than \(ListBox.maxStringBytes) bytes is too large")
                }
                return .string(a + b)
            }
            if let result = compare(op, a, b) { return result }
        case (.list(let a), .list(let b)) where op == .add:
            try ListBox.checkCount(a.items.count + b.items.count)
            return .list(a.items + b.items)
        default:
            break
        }
        if op == .eq { return .bool(valuesEqual(l, r)) }
        if op == .ne { return .bool(!valuesEqual(l, r)) }
        throw RuntimeError("cannot apply '\(op.rawValue)' to a \(l.typeName) and a \(r.typeName)")
    }

    private func asTensor(_ v: Value) -> Tensor {
        switch v {
        case .tensor(let t): t
        case .number(let x): Tensor(scalar: Float(x))
        default: Tensor(scalar: .nan)
        }
    }

    private func numberOp(_ op: BinaryOperator, _ a: Double, _ b: Double) throws -> Value {
        switch op {
        case .add: return .number(a + b)
        case .sub: return .number(a - b)
        case .mul: return .number(a * b)
        case .div:
            guard b != 0 else { throw RuntimeError("division by zero") }
            return .number(a / b)
        case .mod:
            guard b != 0 else { throw RuntimeError("modulo by zero") }
            // Python's sign convention: the result takes the divisor's sign.
            let m = a.truncatingRemainder(dividingBy: b)
            return .number(m != 0 && (m < 0) != (b < 0) ? m + b : m)
        case .pow: return .number(powDouble(a, b))
        case .matmul:
            throw RuntimeError("cannot multiply two numbers with '@'", help: "'@' is the matrix product; use '*' for numbers")
        case .eq, .ne, .lt, .le, .gt, .ge: return compare(op, a, b)!
        }
    }

    /// The six comparisons on ordered values; nil for any other operator.
    private func compare<T: Comparable>(_ op: BinaryOperator, _ a: T, _ b: T) -> Value? {
        switch op {
        case .eq: .bool(a == b)
        case .ne: .bool(a != b)
        case .lt: .bool(a < b)
        case .le: .bool(a <= b)
        case .gt: .bool(a > b)
        case .ge: .bool(a >= b)
        default: nil
        }
    }

    private func tensorOp(_ op: BinaryOperator, _ a: Tensor, _ b: Tensor) throws -> Value {
        switch op {
        case .add: return .tensor(try a + b)
        case .sub: return .tensor(try a - b)
        case .mul: return .tensor(try a * b)
        case .div: return .tensor(try a / b)
        case .pow: return .tensor(try a.pow(b))
        case .matmul: return .tensor(try a.matmul(b))
        case .mod:
            throw RuntimeError("'%' is not defined for tensors", help: "use it on numbers")
        case .eq: return .tensor(try a.compare(b, .eq))
        case .ne: return .tensor(try a.compare(b, .ne))
        case .lt: return .tensor(try a.compare(b, .lt))
        case .le: return .tensor(try a.compare(b, .le))
        case .gt: return .tensor(try a.compare(b, .gt))
        case .ge: return .tensor(try a.compare(b, .ge))
        }
    }

    func valuesEqual(_ l: Value, _ r: Value) -> Bool {
        switch (l, r) {
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.none, .none): true
        case (.list(let a), .list(let b)):
            a === b || (a.items.count == b.items.count && zip(a.items, b.items).allSatisfy { valuesEqual($0, $1) })
        case (.tensor(let a), .tensor(let b)): a === b
        // `x.shape == [2, 3]`: a list of numbers equals a 1-D tensor literal of the same numbers.
        case (.list(let l), .tensor(let t)), (.tensor(let t), .list(let l)):
            t.rank == 1 && t.count == l.items.count
                && zip(l.items, t.storage).allSatisfy { if case .number(let n) = $0 { n == Double($1) } else { false } }
        case (.function(let a), .function(let b)): a === b
        case (.builtin(let a), .builtin(let b)): a.name == b.name
        case (.record(let a), .record(let b)): a === b
        case (.model(let a), .model(let b)): a === b
        case (.layer(let a), .layer(let b)): a === b
        case (.dataset(let a), .dataset(let b)): a === b
        case (.optimizer(let a), .optimizer(let b)): a === b
        case (.environment(let a), .environment(let b)): a === b
        default: false
        }
    }

    /// What `if`, `while`, `and`, `or` and `not` accept as a condition.
    func truth(_ v: Value, at where_: @autoclosure () -> SourceLocation) throws -> Bool {
        if case .bool(let b) = v { return b }
        let loc = where_()
        switch v {
        case .bool(let b): return b
        case .number(let x): return x != 0
        case .none: return false
        case .string(let s): return !s.isEmpty
        case .list(let l): return !l.items.isEmpty
        case .tensor(let t):
            guard t.count == 1 else {
                throw RuntimeError("a tensor of shape \(Shape.describe(t.shape)) is not a single true or false", at: loc,
                                   help: "use any(t) or all(t), or compare one element")
            }
            return t.storage[0] != 0
        default:
            throw RuntimeError("a \(v.typeName) cannot be used as a condition", at: loc)
        }
    }

    func iterationCount(_ v: Value, at loc: SourceLocation) throws -> Int {
        switch v {
        case .list(let l): return l.items.count
        case .string(let s): return s.count
        case .tensor(let t):
            guard t.rank > 0 else { throw RuntimeError("cannot loop over a tensor with no axes", at: loc) }
            return t.shape[0]
        default: throw RuntimeError("cannot loop over a \(v.typeName)", at: loc, help: "loop over a list, a range(...) or a tensor")
        }
    }

    func iterationItem(_ v: Value, _ i: Int, at loc: SourceLocation) throws -> Value {
        switch v {
        case .list(let l):
            // The list may shrink while looping over it.
            guard i < l.items.count else { throw RuntimeError("the list changed size while looping over it", at: loc) }
            return l.items[i]
        case .string(let s): return .string(String(s[s.index(s.startIndex, offsetBy: i)]))
        case .tensor(let t): return try at(loc) { .tensor(try t.indexed([.at(i)])) }
        default: return .none
        }
    }
}

func powDouble(_ a: Double, _ b: Double) -> Double { pow(a, b) }
func expDouble(_ x: Double) -> Double { exp(x) }
