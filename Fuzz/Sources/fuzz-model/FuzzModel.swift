import FuzzDriver
import SpokenNN

/// Fuzzes the `.tflite` path: `ModelReader.read`, then loading what it accepted into a 64 KiB arena (op
/// preparation, memory planning, arena accounting) and running it once.
///
/// Every input must read or throw `ModelError`, load or throw `ModelError`/`AllocationError`, and a loaded model
/// must run; the sanitizers turn any out-of-bounds access, overflow trap or leak into a finding. What reads must
/// also write back to a file that reads as the same model.
@main
enum FuzzModel {
    static func main() {
        LibFuzzer.run { data, size in
            let bytes = [UInt8](UnsafeRawBufferPointer(start: data, count: size))
            guard let model = try? ModelReader.read(bytes) else { return 0 }
            // Compared as bytes: a NaN scale makes the model unequal to itself.
            if let written = try? ModelWriter.write(model) {
                let again = try? ModelReader.read(written)
                precondition(
                    again != nil && (try? ModelWriter.write(again!)) == written, "write/read changed the model")
            }
            guard let interpreter = try? Interpreter(model: model, arenaSize: 64 * 1024) else { return 0 }
            precondition(interpreter.arenaUsed <= 64 * 1024, "loaded a model bigger than its arena")
            for input in interpreter.inputs {
                let data = interpreter.tensorData(input)
                for index in 0..<data.count { data[index] = UInt8(truncatingIfNeeded: index &* 31) }
            }
            interpreter.invoke()
            return 0
        }
    }
}
