import Testing
@testable import DLExport

/// The wire format against bytes worked out by hand from the protobuf
/// encoding rules and onnx.proto's field numbers.
@Suite struct ProtobufTests {
    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined(separator: " ")
    }

    @Test func varintsTakeSevenBitsPerByteLowFirst() {
        var m = ProtoMessage()
        m.int(1, 150)
        #expect(hex(m.bytes) == "08 96 01")
    }

    @Test func negativeIntegersAreTenBytesOfTwosComplement() {
        var m = ProtoMessage()
        m.int(1, -1)
        #expect(hex(m.bytes) == "08 ff ff ff ff ff ff ff ff ff 01")
    }

    @Test func stringsAndMessagesAreLengthDelimited() {
        var inner = ProtoMessage()
        inner.int(1, 150)
        var m = ProtoMessage()
        m.string(2, "testing")
        m.message(3, inner)
        #expect(hex(m.bytes) == "12 07 74 65 73 74 69 6e 67 1a 03 08 96 01")
    }

    @Test func floatsAreFixed32LittleEndian() {
        var m = ProtoMessage()
        m.float(2, 1)
        #expect(hex(m.bytes) == "15 00 00 80 3f")
    }

    @Test func aTensorProtoHoldsDimsTypeNameAndRawData() {
        let t = ONNXProto.tensor(name: "w", shape: [2], floats: [1, -2])
        #expect(hex(t.bytes) == "08 02 10 01 42 01 77 4a 08 00 00 80 3f 00 00 00 c0")
    }

    @Test func aValueInfoNamesItsBatchAxis() {
        let v = ONNXProto.valueInfo(name: "x", type: .float, shape: [.named("batch"), .size(2)])
        #expect(hex(v.bytes) == "0a 01 78 12 13 0a 11 08 01 12 0d 0a 07 12 05 62 61 74 63 68 0a 02 08 02")
    }

    @Test func aNodeListsInputsOutputsNameTypeAndAttributes() {
        let n = ONNXProto.node("Flatten", inputs: ["a"], outputs: ["b"], name: "n", attributes: [.int("axis", 1)])
        // attribute: name "axis" (0a 04 …), i 1 (18 01), type INT (a0 01 02)
        #expect(hex(n.bytes) == "0a 01 61 12 01 62 1a 01 6e 22 07 46 6c 61 74 74 65 6e 2a 0b 0a 04 61 78 69 73 18 01 a0 01 02")
    }

    @Test func base64MatchesPythonsEncoding() {
        #expect(Base64.encode(Array("Man".utf8)) == "TWFu")
        #expect(Base64.encode(Array("Ma".utf8)) == "TWE=")
        #expect(Base64.encode(Array("M".utf8)) == "TQ==")
        #expect(Base64.encode(float32: [1]) == "AACAPw==")
    }
}
