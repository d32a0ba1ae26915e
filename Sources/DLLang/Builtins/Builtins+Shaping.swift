import DLTensor

extension Builtins {
    static func shaping() -> [Builtin] {
        [
            Builtin("reshape(x, *shape)", "The same elements in a new shape; one size may be -1 to infer it.",
                    example: "reshape(arange(6), 2, 3)") { a in
                let x = try a.tensor(0, "x")
                var dims: [Int]
                if a.count == 2, case .list(let l) = a.value(1) {
                    dims = try l.items.map { try a.toInt($0, "a size", a.at(1)) }
                } else {
                    dims = try (1..<a.count).map { try a.int($0, "size \($0)") }
                }
                return .tensor(try x.reshaped(dims))
            },
            Builtin("transpose(x, *axes)", "Axes reversed (a matrix's rows become columns), or put in the given order.",
                    example: "transpose(tensor([[1, 2, 3]]))") { a in
                let x = try a.tensor(0, "x")
                if a.count == 1 { return .tensor(try x.transposed()) }
                return .tensor(try x.permuted(try (1..<a.count).map { try a.int($0, "axis") }))
            },
            Builtin("concat(list, axis: 0)", "Joins tensors end to end along an existing axis.",
                    example: "concat([tensor([1, 2]), tensor([3])])") { a in
                let parts = try a.list(0, "list").map { try a.toTensor($0, "each item", a.at(0)) }
                return .tensor(try Tensor.concat(parts, axis: try a.int("axis", default: 0)))
            },
            Builtin("stack(list, axis: 0)", "Stacks tensors of one shape along a new axis.",
                    example: "stack([tensor([1, 2]), tensor([3, 4])])") { a in
                let parts = try a.list(0, "list").map { try a.toTensor($0, "each item", a.at(0)) }
                return .tensor(try Tensor.stack(parts, axis: try a.int("axis", default: 0)))
            },
        ]
    }
}
