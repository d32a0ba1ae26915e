import Foundation
import Testing
import DLTensor

/// Golden/sequence.json, written by tools/make_sequence_reference.py with PyTorch.
struct SequenceReference: Decodable {
    struct Case: Decodable, CustomTestStringConvertible {
        let kind: String
        let numbers: [String: Double]
        let build: [Int]
        let x: Reference.T
        let params: [String: Reference.T]
        let out: Reference.T
        let upstream: Reference.T
        let grads: [String: Reference.T]
        var testDescription: String { "\(kind) \(numbers) on \(Shape.describe(x.shape))" }
    }
    let cases: [Case]

    static let shared: SequenceReference = {
        let url = Bundle.module.url(forResource: "Golden/sequence", withExtension: "json")!
        return try! JSONDecoder().decode(SequenceReference.self, from: Data(contentsOf: url))
    }()
}
