public enum BinaryOperator: String, Sendable {
    case add = "+", sub = "-", mul = "*", div = "/", mod = "%", matmul = "@", pow = "**"
    case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">="
}

public struct Argument: Sendable {
    public let label: String?
    public let value: Expr
    public let location: SourceLocation
}

public enum IndexArgument: Sendable {
    case single(Expr)
    case slice(start: Expr?, stop: Expr?, step: Expr?, at: SourceLocation)
}

/// Expressions. The location is where an error about the node points: the
/// operator of a binary expression, the opening bracket of a call or index.
public indirect enum Expr: Sendable {
    case number(Double, SourceLocation)
    case string(String, SourceLocation)
    case bool(Bool, SourceLocation)
    case none(SourceLocation)
    case name(Name, SourceLocation)
    case bracket([Expr], SourceLocation)
    case negate(Expr, SourceLocation)
    case not(Expr, SourceLocation)
    case binary(BinaryOperator, Expr, Expr, SourceLocation)
    case and(Expr, Expr, SourceLocation)
    case or(Expr, Expr, SourceLocation)
    case call(Expr, [Argument], SourceLocation)
    case index(Expr, [IndexArgument], SourceLocation)
    case attribute(Expr, String, SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .number(_, let l), .string(_, let l), .bool(_, let l), .none(let l), .name(_, let l),
             .bracket(_, let l), .negate(_, let l), .not(_, let l), .binary(_, _, _, let l),
             .and(_, _, let l), .or(_, _, let l), .call(_, _, let l), .index(_, _, let l),
             .attribute(_, _, let l):
            l
        }
    }

    /// Where the expression starts in the source (for statement-level errors).
    public var start: SourceLocation {
        switch self {
        case .binary(_, let a, _, _), .and(let a, _, _), .or(let a, _, _), .call(let a, _, _),
             .index(let a, _, _), .attribute(let a, _, _):
            a.start
        default:
            location
        }
    }
}

public struct Parameter: Sendable {
    public let name: String
    public let defaultValue: Expr?
}

public struct ConditionalBlock: Sendable {
    public let condition: Expr
    public let body: [Stmt]
}

/// One line of a `model` block: a layer call such as `dense(16)`, a model
/// by name (`encoder` shares it, `encoder()` copies it) or a block such as
/// `residual { ... }` with lines of its own.
public struct LayerLine: Sendable {
    public enum Form: Sendable { case call, bare, block([LayerLine]) }
    public let name: String
    public let arguments: [Argument]
    public let location: SourceLocation
    public var form: Form = .call
}

public indirect enum Stmt: Sendable {
    case expression(Expr)
    /// `a = e`, `a, b = e`, `x[i] = e`.
    case assign([Expr], Expr, SourceLocation)
    /// `x += e` and friends; the operator is the arithmetic one.
    case compound(Expr, BinaryOperator, Expr, SourceLocation)
    case ifChain([ConditionalBlock], elseBody: [Stmt]?, SourceLocation)
    /// `for a in xs` or, unpacking each item, `for a, b in xs`.
    case forLoop([String], Expr, [Stmt], SourceLocation)
    case whileLoop(Expr, [Stmt], SourceLocation)
    case function(String, [Parameter], [Stmt], SourceLocation)
    case returnValue(Expr?, SourceLocation)
    case breakLoop(SourceLocation)
    case continueLoop(SourceLocation)
    /// `model name { input(...) layer() ... }`
    case model(String, [LayerLine], SourceLocation)
}
