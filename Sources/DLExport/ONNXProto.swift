/// The messages of onnx.proto an exported model uses, with that file's
/// field numbers. Each returns its encoded message.
enum ONNXProto {
    enum ElementType: Int { case float = 1, int64 = 7 }

    enum Attribute {
        case int(String, Int)
        case float(String, Float)
        case ints(String, [Int])
    }

    /// ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8.
    static func model(graph: ProtoMessage, irVersion: Int, opset: Int, producer: String, version: String) -> ProtoMessage {
        var m = ProtoMessage()
        m.int(1, irVersion)
        m.string(2, producer)
        m.string(3, version)
        m.message(7, graph)
        // OperatorSetIdProto: domain 1 (empty: the default ONNX domain), version 2.
        var opsetId = ProtoMessage()
        opsetId.string(1, "")
        opsetId.int(2, opset)
        m.message(8, opsetId)
        return m
    }

    /// GraphProto: node 1, name 2, initializer 5, input 11, output 12.
    static func graph(name: String, nodes: [ProtoMessage], initializers: [ProtoMessage],
                      inputs: [ProtoMessage], outputs: [ProtoMessage]) -> ProtoMessage {
        var g = ProtoMessage()
        for n in nodes { g.message(1, n) }
        g.string(2, name)
        for t in initializers { g.message(5, t) }
        for i in inputs { g.message(11, i) }
        for o in outputs { g.message(12, o) }
        return g
    }

    /// NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
    static func node(_ op: String, inputs: [String], outputs: [String], name: String, attributes: [Attribute] = []) -> ProtoMessage {
        var n = ProtoMessage()
        for i in inputs { n.string(1, i) }
        for o in outputs { n.string(2, o) }
        n.string(3, name)
        n.string(4, op)
        for a in attributes { n.message(5, attribute(a)) }
        return n
    }

    /// AttributeProto: name 1, f 2, i 3, ints 8, type 20 (FLOAT 1, INT 2, INTS 7).
    static func attribute(_ a: Attribute) -> ProtoMessage {
        var m = ProtoMessage()
        switch a {
        case .int(let name, let v):
            m.string(1, name); m.int(3, v); m.int(20, 2)
        case .float(let name, let v):
            m.string(1, name); m.float(2, v); m.int(20, 1)
        case .ints(let name, let vs):
            // Unpacked, as proto2 writes repeated scalars by default; readers take both.
            m.string(1, name); for v in vs { m.int(8, v) }; m.int(20, 7)
        }
        return m
    }

    /// TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian values).
    static func tensor(name: String, shape: [Int], floats: [Float]) -> ProtoMessage {
        var raw: [UInt8] = []
        raw.reserveCapacity(floats.count * 4)
        for v in floats { withUnsafeBytes(of: v.bitPattern.littleEndian) { raw.append(contentsOf: $0) } }
        return tensor(name: name, shape: shape, type: .float, raw: raw)
    }

    static func tensor(name: String, shape: [Int], ints: [Int]) -> ProtoMessage {
        var raw: [UInt8] = []
        for v in ints { withUnsafeBytes(of: Int64(v).littleEndian) { raw.append(contentsOf: $0) } }
        return tensor(name: name, shape: shape, type: .int64, raw: raw)
    }

    private static func tensor(name: String, shape: [Int], type: ElementType, raw: [UInt8]) -> ProtoMessage {
        var t = ProtoMessage()
        for d in shape { t.int(1, d) }
        t.int(2, type.rawValue)
        t.string(8, name)
        t.data(9, raw)
        return t
    }

    /// A dimension is a size or, for the batch, a name (dim_param) that any size fills.
    enum Dimension { case size(Int), named(String) }

    /// ValueInfoProto: name 1, type 2. TypeProto: tensor_type 1. TypeProto.Tensor:
    /// elem_type 1, shape 2. TensorShapeProto: dim 1. Dimension: dim_value 1, dim_param 2.
    static func valueInfo(name: String, type: ElementType, shape: [Dimension]) -> ProtoMessage {
        var dims = ProtoMessage()
        for d in shape {
            var dim = ProtoMessage()
            switch d {
            case .size(let n): dim.int(1, n)
            case .named(let s): dim.string(2, s)
            }
            dims.message(1, dim)
        }
        var tensorType = ProtoMessage()
        tensorType.int(1, type.rawValue)
        tensorType.message(2, dims)
        var typeProto = ProtoMessage()
        typeProto.message(1, tensorType)
        var v = ProtoMessage()
        v.string(1, name)
        v.message(2, typeProto)
        return v
    }
}
