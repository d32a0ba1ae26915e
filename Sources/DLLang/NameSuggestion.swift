/// The candidate a mistyped name most likely meant, if one is close enough
/// to be worth suggesting: within a third of the name's length in edits
/// (at least one). A far-off guess misleads more than no guess.
func closestName(to name: String, among candidates: some Sequence<String>) -> String? {
    guard let best = candidates.min(by: { editDistance($0, name) < editDistance($1, name) }) else { return nil }
    let d = editDistance(best, name)
    return d <= max(1, name.count / 3) && d < name.count ? best : nil
}

func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    for i in 1...a.count {
        var cur = [i] + [Int](repeating: 0, count: b.count)
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return prev[b.count]
}
