import Foundation
import SpokenDSP
import SpokenNN

/// A spokend model ready to classify: its metadata read and checked against its tensors, its int8 network loaded
/// into an interpreter with the device profile's arena (as the chip would), and its cost on that device priced
/// once.
///
/// `classify(features:)` takes finished features (`FeatureExtractor.finalize`d to the model's frame count),
/// quantizes them with the input tensor's scale and zero point as the chip would, runs the interpreter and reads
/// the class probabilities. For a caller that steps the interpreter itself (the daemon's cycle budget), the same
/// work is split into `setInput(_:)`, running `interpreter`, and `result()`.
///
/// Not thread-safe: one interpreter, one input tensor. Loading allocates; classifying allocates only the result.
public final class RecognitionModel {
    /// The model's name in messages: its file name.
    public let name: String
    public let model: Model
    public let metadata: ModelMetadata
    public let profile: DeviceProfile
    /// Bytes of the `.tflite` file (what the chip's flash holds).
    public let fileBytes: Int
    /// The interpreter, loaded with the profile's arena.
    public let interpreter: Interpreter
    /// Modelled device cycles of each operator and of one whole inference, with the profile's kernel flavour.
    public let operatorCycles: [Int]
    public let inferenceCycles: Int
    /// The front end's `finalize` (top_db, fitting to the model's frames) for this model's config.
    public let extractor: FeatureExtractor

    private let inputScale: Float
    private let inputZeroPoint: Int
    private let outputScale: Double
    private let outputZeroPoint: Int
    private let outputIsInt8: Bool
    private let endsInSoftmax: Bool
    private var input: [Int8]

    /// Loads the `.tflite` file at `path` for `profile`.
    public convenience init(path: String, profile: DeviceProfile) throws {
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw RecognitionError(.unreadableInput, "cannot read model \(path): \(error.localizedDescription)")
        }
        try self.init(
            model: try ModelReader.read(bytes), name: URL(fileURLWithPath: path).lastPathComponent,
            fileBytes: bytes.count, profile: profile)
    }

    /// Prepares `model` (`name` for messages, `fileBytes` its file size) for `profile`.
    ///
    /// Throws `RecognitionError` for missing or malformed metadata or tensors that disagree with it, `ModelError`
    /// for a model the interpreter cannot run, `AllocationError` when it does not fit the profile's arena.
    public init(model: Model, name: String, fileBytes: Int, profile: DeviceProfile) throws {
        let metadata = try ModelMetadata(model: model, name: name)
        let interpreter = try Interpreter(model: model, arenaSize: profile.arenaBytes)
        let frames = metadata.frontEnd.frames ?? 0
        let mels = metadata.frontEnd.mels
        let tensors = interpreter.subgraph.tensors
        guard interpreter.inputs.count == 1, interpreter.outputs.count == 1 else {
            throw RecognitionError(
                .incompatibleModel,
                "\(name) has \(interpreter.inputs.count) inputs and \(interpreter.outputs.count) outputs; a spokend "
                    + "model has one of each")
        }
        let inputTensor = tensors[interpreter.inputs[0]]
        let outputTensor = tensors[interpreter.outputs[0]]
        guard inputTensor.type == .int8, let inputQuantization = inputTensor.quantization,
            let scale = inputQuantization.scale.first, let zeroPoint = inputQuantization.zeroPoint.first, scale > 0
        else {
            throw RecognitionError(.incompatibleModel, "\(name): the input must be int8 with a scale and zero point")
        }
        guard inputTensor.elementCount == frames * mels else {
            throw RecognitionError(
                .incompatibleModel,
                "\(name): the input has shape \(inputTensor.shape) but \(ModelMetadata.frontEndName) gives "
                    + "\(frames) frames × \(mels) mels")
        }
        guard outputTensor.elementCount == metadata.labels.count else {
            throw RecognitionError(
                .incompatibleModel,
                "\(name): the output has shape \(outputTensor.shape) but there are \(metadata.labels.count) labels")
        }
        switch outputTensor.type {
        case .int8:
            guard let quantization = outputTensor.quantization, let scale = quantization.scale.first,
                let zeroPoint = quantization.zeroPoint.first
            else { throw RecognitionError(.incompatibleModel, "\(name): the int8 output has no scale") }
            outputScale = Double(scale)
            outputZeroPoint = Int(zeroPoint)
            outputIsInt8 = true
        case .float32:
            outputScale = 1
            outputZeroPoint = 0
            outputIsInt8 = false
        default:
            throw RecognitionError(
                .incompatibleModel, "\(name): the output is \(outputTensor.type), not int8 or float32")
        }
        let cycleModel = CycleModel(profile: profile)
        var cycles: [Int] = []
        for index in 0..<interpreter.operatorCount {
            cycles.append(cycleModel.cost(of: try OpWorkload(model: model, operatorIndex: index)).cycles)
        }
        let last = interpreter.subgraph.operators.last.map { model.operatorCodes[Int($0.opcodeIndex)].builtin }
        self.name = name
        self.model = model
        self.metadata = metadata
        self.profile = profile
        self.fileBytes = fileBytes
        self.interpreter = interpreter
        self.operatorCycles = cycles
        self.inferenceCycles = cycles.reduce(0, +)
        self.extractor = try FeatureExtractor(config: metadata.frontEnd)
        self.inputScale = scale
        self.inputZeroPoint = Int(zeroPoint)
        self.endsInSoftmax = last == .softmax
        self.input = [Int8](repeating: 0, count: frames * mels)
    }

    public var frontEnd: FrontEndConfig { metadata.frontEnd }
    public var labels: [String] { metadata.labels }
    public var task: ModelTask { metadata.task }

    /// Finishes an utterance's log-mel frames (as streamed, before `top_db`) for this model and classifies them.
    public func classify(logMel frames: FeatureMatrix) throws -> Classification {
        try classify(features: extractor.finalize(frames))
    }

    /// Classifies finished features of `frontEnd.frames` × `frontEnd.mels`.
    public func classify(features: FeatureMatrix) throws -> Classification {
        try setInput(features)
        interpreter.invoke()
        return try result()
    }

    /// Quantizes finished features into the input tensor: `q = round(x / scale) + zero point`, rounded half away
    /// from zero and saturated to int8, as TFLite's QUANTIZE does.
    public func setInput(_ features: FeatureMatrix) throws {
        guard features.frameCount == frontEnd.frames, features.melCount == frontEnd.mels else {
            throw RecognitionError(
                .incompatibleModel,
                "\(name) takes \(frontEnd.frames ?? 0) × \(frontEnd.mels) features, got \(features.frameCount) × "
                    + "\(features.melCount)")
        }
        // Rounding without a libm call per value (this runs for every value of every utterance, twice): the
        // conversion to Int32 truncates toward zero and the dropped fraction (exact in a float) says whether to
        // step away from zero. Values beyond ±256 saturate either way, so they are clamped first, which keeps the
        // conversion in range (NaN becomes 127 instead of trapping).
        let zeroPoint = Int32(inputZeroPoint)
        let scale = inputScale
        features.values.withUnsafeBufferPointer { values in
            input.withUnsafeMutableBufferPointer { input in
                for i in 0..<values.count {
                    let x = max(-256, min(256, values[i] / scale))
                    let whole = Int32(x)
                    let fraction = x - Float(whole)
                    let rounded = whole + (fraction >= 0.5 ? 1 : fraction <= -0.5 ? -1 : 0)
                    input[i] = Int8(clamping: rounded + zeroPoint)
                }
            }
        }
        try interpreter.setInput(input)
    }

    /// The classification of the last invocation: the output dequantized, softmax applied unless the model's last
    /// op is SOFTMAX already.
    public func result() throws -> Classification {
        var values: [Double]
        if outputIsInt8 {
            values = try interpreter.output(as: Int8.self).map { Double(Int($0) - outputZeroPoint) * outputScale }
        } else {
            values = try interpreter.output(as: Float.self).map(Double.init)
        }
        if !endsInSoftmax {
            let peak = values.max() ?? 0
            let exponentials = values.map { exp($0 - peak) }
            let sum = exponentials.reduce(0, +)
            values = exponentials.map { $0 / sum }
        }
        // The first of equal maxima wins, as numpy's argmax.
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return Classification(
            label: labels[best], index: best, confidence: values[best], probabilities: values,
            cycles: inferenceCycles)
    }

    /// The finished features of a whole signal at `sampleRate` (resampled to the model's rate when it differs).
    public func features(of signal: [Float], sampleRate: Int) throws -> FeatureMatrix {
        let samples =
            sampleRate == frontEnd.sampleRate
            ? signal : try Resampler.resample(signal, from: sampleRate, to: frontEnd.sampleRate)
        return extractor.features(of: samples)
    }
}
