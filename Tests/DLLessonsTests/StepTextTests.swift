import Testing
@testable import DLLessons

/// Lesson prose as the screen shows it: Markdown marks rendered plainly, list items on their own lines.
@Suite struct StepTextTests {
    @Test func emphasisAndCodeAreRenderedPlainly() {
        #expect(StepText.inline("A neuron says *how much*: one number.") == "A neuron says how much: one number.")
        #expect(StepText.inline("trained **worse**, and \\*not\\* better") == "trained worse, and *not* better")
        #expect(StepText.inline("Call `fit(m, data)` then `**` is a power") == "Call fit(m, data) then ** is a power")
        // Stars that are not emphasis stay: products, powers, a lone star.
        #expect(StepText.inline("2 * 3 * 4, x ** 2, a*b*c and * alone") == "2 * 3 * 4, x ** 2, a*b*c and * alone")
        #expect(StepText.inline("log p(a_t | s_t) and neg_elbo") == "log p(a_t | s_t) and neg_elbo")
    }

    @Test func numberedListItemsKeepTheirLines() {
        let lines = ["Each round of routing:", "1. c = softmax(b over j): each lower capsule", "shares its vote;",
                     "2. v[j] = squash(...): the digit capsules;", "3. b[i, j] += agreement.", "", "Then *three* rounds."]
        #expect(StepText.paragraphs(lines) == ["Each round of routing:", "1. c = softmax(b over j): each lower capsule shares its vote;",
                                               "2. v[j] = squash(...): the digit capsules;", "3. b[i, j] += agreement.", "",
                                               "Then three rounds."])
        #expect(StepText.paragraphs(["- one", "- two"]) == ["- one", "- two"])
    }
}
