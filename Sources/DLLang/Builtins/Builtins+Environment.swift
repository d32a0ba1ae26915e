import DLTensor
import DLData

extension Builtins {
    static func environment() -> [Builtin] {
        [
            Builtin("gridworld(map: none, max_steps: 100)",
                    "A grid for reinforcement learning: the agent starts at S and earns +1 at G, −1 in a pit x and −0.01 a move; walls # block. The state is a one-hot vector of the agent's cell; map: is a list of equal-length strings.",
                    example: "env = gridworld(); s = reset(env); t = step(env, 1); t.reward") { a in
                var map = GridWorld.defaultMap
                if let (v, loc) = a.keyword("map"), !Training.isNone(v) {
                    guard case .list(let l) = v, case let rows = l.items.compactMap({ if case .string(let s) = $0 { s } else { nil } }),
                          rows.count == l.items.count else {
                        throw RuntimeError("gridworld: map must be a list of strings, one per row", at: loc,
                                           help: "e.g. gridworld(map: [\"S..\", \".#.\", \"..G\"])")
                    }
                    map = rows
                }
                return .environment(try GridWorld(map: map, maxSteps: try a.int("max_steps", default: 100)))
            },
            Builtin("reset(env)", "Starts a new episode: the agent back at the start; returns the state.",
                    example: "env = gridworld(); s = reset(env)") { a in
                guard case .environment(let e) = a.value(0) else {
                    throw RuntimeError("reset: expected an environment, got a \(a.value(0).typeName)", at: a.at(0), help: "env = gridworld()")
                }
                return .tensor(e.reset())
            },
        ]
    }

    /// `step(env, action)`: one move; a record of the new state, the reward and whether the episode ended.
    static func environmentStep(_ e: GridWorld, _ a: Arguments) throws -> Value {
        let action = try a.int(1, "action")
        let (reward, done) = try DLLang.at(a.at(1)) { try e.step(action) }
        return .record(Record(kind: "transition", fields: [
            ("state", .tensor(e.state)), ("reward", .number(reward)), ("done", .bool(done)),
        ]))
    }

    /// `show(env)`: the grid with the agent; `policy:` draws one arrow per cell instead.
    static func environmentPicture(_ e: GridWorld, _ a: Arguments) throws -> [String] {
        let unicode = a.interpreter.output.traits.unicode
        guard let (v, loc) = a.keyword("policy"), !Training.isNone(v) else {
            return e.picture(unicode: unicode) + ["step \(e.steps)\(e.done ? ", episode over" : "")"]
        }
        let p = try a.toTensor(v, "policy", loc)
        guard p.count == e.stateCount, p.storage.allSatisfy({ (0...3).contains($0) && $0 == $0.rounded() }) else {
            throw RuntimeError("show: policy must hold one action (0 to 3) per cell, \(e.stateCount) in all", at: loc,
                               help: "e.g. argmax(net(eye(env.states)), axis: 1)")
        }
        return e.picture(arrows: p.storage.map { Int($0) }, unicode: unicode)
    }
}
