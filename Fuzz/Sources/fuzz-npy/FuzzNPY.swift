import FuzzDriver
import SpokenNN

/// Fuzzes `NPYFile(bytes:)`, the parser behind `spokend invoke --input X.npy`, then reading and re-encoding what it
/// accepted.
///
/// Any input must either parse or throw `ModelError`. An accepted array must hold exactly as many bytes as its shape
/// says (the bound that keeps a hostile header from causing a giant allocation) and survive writing and reading.
@main
enum FuzzNPY {
    static func main() {
        LibFuzzer.run { data, size in
            let bytes = UnsafeRawBufferPointer(start: data, count: size)
            guard let array = try? NPYFile(bytes: bytes) else { return 0 }
            precondition(array.count * array.elementType.size == array.elementBytes.count, "size does not match shape")
            precondition(array.elementBytes.count <= size, "more data than input")
            let count: Int
            switch array.elementType {
            case .int8: count = (try? array.values(as: Int8.self))?.count ?? -1
            case .int16: count = (try? array.values(as: Int16.self))?.count ?? -1
            case .int32: count = (try? array.values(as: Int32.self))?.count ?? -1
            case .float32: count = (try? array.values(as: Float.self))?.count ?? -1
            }
            precondition(count == array.count, "values() lost elements")
            precondition((try? NPYFile(bytes: array.encoded())) == array, "re-encoding changed the array")
            return 0
        }
    }
}
