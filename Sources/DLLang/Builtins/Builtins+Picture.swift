import DLTensor

extension Builtins {
    static func picture() -> [Builtin] {
        [
            Builtin("show(t)",
                    "Draws a tensor as a picture: [h, w] as one image, [n, h, w] or [n, 1, h, w] as a grid of n images, each scaled to its own range, with the range in a legend.",
                    example: "show(reshape(arange(16), 4, 4))") { a in
                let t = try a.tensor(0, "t")
                let out = a.interpreter.output
                let lines = try DLLang.at(a.at(0)) { try Picture.lines(t, width: out.columns, unicode: out.unicode) }
                out.write(lines.joined(separator: "\n") + "\n")
                return .none
            },
        ]
    }
}
