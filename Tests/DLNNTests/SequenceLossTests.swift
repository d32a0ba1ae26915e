import Testing
import DLTensor
@testable import DLNN

/// Cross-entropy over [batch, time, classes] with labels [batch, time], as a
/// sequence model's output is trained: every position counts once.
@Suite struct SequenceLossTests {
    let logits = Tensor(shape: [2, 2, 3], storage: [2, 0.5, -1, 0, 1, 0, 1, 1, 1, 3, -2, 0.5])
    let labels = Tensor(shape: [2, 2], storage: [0, 2, 1, 0])

    @Test func lossAveragesEveryPosition() throws {
        // tools/loss_reference.py: crossentropy_seq.
        let loss = try Loss.crossentropy.compute(logits, labels)
        #expect(Swift.abs(Double(loss.storage[0]) - 0.7441163864054071) < 1e-6)
        let flat = try Loss.crossentropy.compute(try logits.reshaped([4, 3]), try labels.reshaped([4]))
        #expect(loss.storage == flat.storage)
    }

    @Test func accuracyCountsEveryPosition() {
        // Argmax per position: 0, 1, 0 (first of a tie), 0; labels 0, 2, 1, 0.
        #expect(Trainer.batchMetric(logits, labels, loss: .crossentropy, logits: true) == 0.5)
    }

    @Test func labelsMustMatchTheFirstTwoAxes() {
        #expect(throws: TensorError.self) { try Loss.crossentropy.compute(logits, Tensor(shape: [4], storage: [0, 2, 1, 0])) }
    }
}
