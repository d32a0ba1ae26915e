/// The protobuf wire format, as much of it as an ONNX file needs: varints,
/// fixed 32-bit floats and length-delimited fields. Fields are written in
/// the order they are added; readers accept any order.
public struct ProtoMessage: Sendable {
    public private(set) var bytes: [UInt8] = []
    public init() {}

    enum WireType: UInt64 { case varint = 0, fixed32 = 5, lengthDelimited = 2 }

    mutating func tag(_ field: Int, _ type: WireType) { varint(UInt64(field) << 3 | type.rawValue) }

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(v & 0x7f) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// An int64 or int32 field; negative values take ten bytes, as protobuf's
    /// two's-complement encoding of int64 says.
    public mutating func int(_ field: Int, _ value: Int) {
        tag(field, .varint)
        varint(UInt64(bitPattern: Int64(value)))
    }

    public mutating func float(_ field: Int, _ value: Float) {
        tag(field, .fixed32)
        withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func data(_ field: Int, _ value: [UInt8]) {
        tag(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func string(_ field: Int, _ value: String) { data(field, Array(value.utf8)) }

    public mutating func message(_ field: Int, _ value: ProtoMessage) { data(field, value.bytes) }
}
