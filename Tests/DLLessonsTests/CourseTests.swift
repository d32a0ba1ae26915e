import Testing
@testable import DLLessons

/// The shipped course: its IDs and titles are a contract (tests outside the
/// project open lessons by ID), and every lesson must read without error.
@Suite struct CourseTests {
    static let folder: String = {
        // #filePath is Tests/DLLessonsTests/CourseTests.swift in the checkout.
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/") + "/lessons"
    }()

    static let expected: [(String, String, Int)] = [
        ("tensors", "Tensors, shapes and broadcasting", 1), ("derivatives", "Derivatives by nudging", 1),
        ("autograd", "The computational graph", 1), ("neuron", "One neuron", 1),
        ("gradient-descent", "Fitting a line by gradient descent", 2),
        ("learning-rate", "Learning rates: too small, right, too large", 2),
        ("batches", "Batch, mini-batch and stochastic", 2), ("regression-losses", "MSE and MAE", 2),
        ("logistic", "Logistic regression", 3), ("softmax", "Softmax and cross-entropy", 3),
        ("xor", "Why one neuron cannot learn XOR", 3), ("backprop", "Backpropagation by hand", 3),
        ("matrix-backprop", "Backprop for a whole layer", 3),
        ("activations", "ReLU, tanh and sigmoid", 4), ("initialization", "Starting weights", 4),
        ("optimizers", "Momentum, RMSProp and Adam", 4), ("schedules", "Learning-rate schedules and warmup", 4),
        ("batchnorm", "Batch normalization", 4), ("clinic", "When a network won't learn", 4),
        ("overfitting", "Overfitting", 5), ("regularization", "L1, L2 and dropout", 5),
        ("augmentation", "More data from the data you have", 5),
        ("early-stopping", "Early stopping", 5), ("metrics", "Accuracy is not enough", 5),
        ("tuning", "Searching for hyperparameters", 5), ("digits", "Putting it together", 5),
        ("convolution", "Convolution", 6), ("cnn", "A small LeNet", 6), ("residual", "Residual connections", 6),
        ("rnn", "Recurrent networks", 6), ("lstm-gru", "LSTM and GRU", 6),
        ("attention", "Attention", 6), ("transformer", "A tiny GPT", 6), ("masked-lm", "Masked tokens (the BERT idea)", 6),
        ("autoencoder", "Autoencoders", 7), ("vae", "Variational autoencoders", 7),
        ("gan", "Generative adversarial networks", 7), ("rbm", "Boltzmann machines and deep belief nets", 7),
        ("gnn", "Graph neural networks", 7), ("capsules", "Capsule networks", 7),
        ("reinforcement", "Deep reinforcement learning", 7), ("q-learning", "Learning values: a Q-network", 7),
        ("transfer", "Transfer learning", 7), ("adversarial", "Adversarial examples", 7),
        ("saliency", "What the network looks at", 7),
        ("frameworks", "From dlrepl to PyTorch and Keras", 7),
    ]

    @Test func theCourseHasItsLessonsInOrder() throws {
        let course = try Course.load(directory: Self.folder)
        #expect(course.lessons.map(\.id) == Self.expected.map(\.0))
        #expect(course.lessons.map(\.title) == Self.expected.map(\.1))
        #expect(course.lessons.map(\.part) == Self.expected.map(\.2))
    }

    @Test func everyLessonAsksForSomethingInMostSteps() throws {
        for lesson in try Course.load(directory: Self.folder).lessons {
            #expect((4...12).contains(lesson.steps.count), "\(lesson.id) has \(lesson.steps.count) steps")
            #expect(lesson.steps.filter { $0.kind == .read }.count <= 1, "\(lesson.id): read steps should be rare")
        }
    }

    /// The course makes learners write what they were not shown: at most one
    /// task in ten gives its solution away in its prose or first hint.
    @Test func fewTasksGiveTheirSolutionAway() throws {
        let course = try Course.load(directory: Self.folder)
        let given = CourseAudit.dictations(course)
        let tasks = CourseAudit.taskCount(course)
        #expect(tasks >= 100)
        #expect(given.count * 10 <= tasks, "\(given.count) of \(tasks) tasks give their solution away:\n\(given.map(\.description).joined(separator: "\n"))")
    }

    /// Answers are not guessable by letter: none keys more than 35% of the lettered questions.
    @Test func answerLettersAreBalanced() throws {
        let letters = CourseAudit.answerLetters(try Course.load(directory: Self.folder))
        let total = letters.values.reduce(0, +)
        #expect(total >= 90)
        for (letter, n) in letters { #expect(n * 100 <= total * 35, "\(letter) keys \(n) of \(total)") }
    }

    /// The audit counts what a learner reads: a task whose prose shows its
    /// code is flagged, one that states only the goal is not.
    @Test func theAuditFlagsATaskThatShowsItsSolution() throws {
        let shown = CourseAudit.shownShare(solution: "model net { input(2); dense(4); tanh(); dense(1) }\nh = fit(net, data, epochs: 100)",
                                           prose: "Define:\n```dl\nmodel net { input(2); dense(4); tanh(); dense(1) }\n```\nthen train with `h = fit(net, data, epochs: 100)`.",
                                           firstHint: "")
        #expect(shown == 1)
        let pieces = CourseAudit.shownShare(solution: "h = fit(net, data, epochs: 100, loss: \"bce\")",
                                            prose: "Use `fit(net, data)` with `epochs: 100` and `loss: \"bce\"`; keep the history: `h = ...`.", firstHint: "")
        #expect(pieces >= CourseAudit.givenAwayShare, "fragments listed in the prose add up to the solution")
        let goal = CourseAudit.shownShare(solution: "h = fit(net, data, epochs: 100, loss: \"bce\")",
                                          prose: "Train the network until its loss is below 0.1.", firstHint: "fit returns the history.")
        #expect(goal < CourseAudit.givenAwayShare)
    }

    @Test func lessonsAreFoundByIdOrNumberAndUnknownOnesSayWhatIsNear() throws {
        let course = try Course.load(directory: Self.folder)
        #expect(try course.lesson("xor").id == "xor" && course.lesson("11").id == "xor")
        #expect(throws: LessonError.self) { try course.lesson("xr") }
        do { _ = try course.lesson("xr") } catch { #expect("\(error)" == "no lesson 'xr'; did you mean 'xor'? (dlrepl lessons lists them)") }
    }
}
