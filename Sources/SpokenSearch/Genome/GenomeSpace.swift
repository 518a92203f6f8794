import SpokenDSP
import SpokenTrain

/// The space the search explores and the three operators on it: a random genome, a mutation and a crossover,
/// each seeded and each returning a genome that `normalized` has made valid.
///
/// Bounds (the issue's, plus what keeps a candidate trainable on a laptop):
/// - front end: 8 or 16 kHz; n_fft a power of two in 64…1024; hop in n_fft/4…n_fft, and at least long enough that
///   the input has at most `maxFrames` frames; mels in 16…96 but at most n_fft/4, fewer while a band would catch no
///   FFT bin; fmax a multiple of 250 Hz in Nyquist/2…Nyquist; log-mel always.
/// - 1…6 blocks: conv2d (4…64 filters) or depthwise; kernel 1…5 per axis; stride 1 or 2 per axis; no pooling,
///   2×2 max or average pooling; residual or not.
/// - head: global average pooling or flatten; 0…4 dense layers of 8…128 units (multiples of 8).
///
/// Everything random comes from the caller's `SplitMix64`, so the same seed gives the same genomes.
public struct GenomeSpace: Sendable {
    /// Seconds of audio a model sees (the presets' 1.6 s: enough for "quatre-vingt-dix-sept").
    public var inputSeconds = 1.6
    public var maxFrames = 160
    public static let sampleRates = [8000, 16000]
    public static let fftSizes = [64, 128, 256, 512, 1024]
    public static let melRange = 16...96
    public static let maxBlocks = 6
    public static let filterChoices = [4, 8, 12, 16, 24, 32, 48, 64]
    public static let kernelRange = 1...5
    public static let maxDense = 4
    public static let unitRange = 8...128

    public init() {}

    // MARK: - Random

    /// A random genome; small networks are likelier, as the paper's initial population favoured them.
    public func random(_ random: inout SplitMix64) -> Genome {
        let sampleRate = Self.sampleRates[random.integer(0...1)]
        let nFFT = Self.fftSizes[random.integer(0...(Self.fftSizes.count - 1))]
        let frontEnd = FrontEndGene(
            sampleRate: sampleRate, nFFT: nFFT, hop: nFFT / 4 * random.integer(1...4), mels: random.integer(16...64),
            fmax: Double(sampleRate / 2) - 250 * Double(random.integer(0...4)))
        let blocks = (0..<random.integer(1...4)).map { _ in randomBlock(&random) }
        let dense = (0..<random.integer(0...2)).map { _ in randomUnits(&random) }
        let head: Genome.Head = random.chance(0.8) ? .globalAverage : .flatten
        return normalized(Genome(frontEnd: frontEnd, blocks: blocks, head: head, dense: dense))
    }

    private func randomBlock(_ random: inout SplitMix64) -> BlockGene {
        let pooling: BlockGene.Pooling = random.chance(0.5) ? .none : (random.chance(0.5) ? .max : .average)
        return BlockGene(
            kind: random.chance(0.5) ? .conv2d : .depthwiseConv2d,
            filters: Self.filterChoices[random.integer(0...(Self.filterChoices.count - 1))],
            kernel: [random.integer(Self.kernelRange), random.integer(Self.kernelRange)],
            stride: [random.integer(1...2), random.integer(1...2)], pooling: pooling, residual: random.chance(0.2))
    }

    private func randomUnits(_ random: inout SplitMix64) -> Int {
        8 * random.integer((Self.unitRange.lowerBound / 8)...(Self.unitRange.upperBound / 8))
    }

    // MARK: - Mutation

    /// `genome` with one to three random changes (a field of the front end, a block added, removed or changed, a
    /// dense layer added, removed or resized, the head swapped).
    public func mutated(_ genome: Genome, _ random: inout SplitMix64) -> Genome {
        var child = genome
        for _ in 0..<random.integer(1...3) {
            switch random.integer(0...9) {
            case 0: child.frontEnd.sampleRate = Self.sampleRates[random.integer(0...1)]
            case 1: child.frontEnd.nFFT = Self.fftSizes[random.integer(0...(Self.fftSizes.count - 1))]
            case 2: child.frontEnd.hop = child.frontEnd.nFFT / 4 * random.integer(1...4)
            case 3:
                child.frontEnd.mels += 4 * random.integer(-3...3)
                child.frontEnd.fmax += 250 * Double(random.integer(-2...2))
            case 4 where child.blocks.count < Self.maxBlocks:
                child.blocks.insert(randomBlock(&random), at: random.integer(0...child.blocks.count))
            case 5 where child.blocks.count > 1: child.blocks.remove(at: random.integer(0...(child.blocks.count - 1)))
            case 6 where child.dense.count < Self.maxDense:
                child.dense.insert(randomUnits(&random), at: random.integer(0...child.dense.count))
            case 7 where !child.dense.isEmpty:
                let index = random.integer(0...(child.dense.count - 1))
                if random.chance(0.5) {
                    child.dense.remove(at: index)
                } else {
                    child.dense[index] = randomUnits(&random)
                }
            case 8: child.head = child.head == .globalAverage ? .flatten : .globalAverage
            default:
                let index = random.integer(0...(child.blocks.count - 1))
                child.blocks[index] = mutatedBlock(child.blocks[index], &random)
            }
        }
        return normalized(child)
    }

    private func mutatedBlock(_ block: BlockGene, _ random: inout SplitMix64) -> BlockGene {
        var block = block
        switch random.integer(0...5) {
        case 0: block.kind = block.kind == .conv2d ? .depthwiseConv2d : .conv2d
        case 1: block.filters = Self.filterChoices[random.integer(0...(Self.filterChoices.count - 1))]
        case 2: block.kernel[random.integer(0...1)] = random.integer(Self.kernelRange)
        case 3: block.stride[random.integer(0...1)] = random.integer(1...2)
        case 4: block.pooling = BlockGene.Pooling.allCases[random.integer(0...2)]
        default: block.residual.toggle()
        }
        return block
    }

    // MARK: - Crossover

    /// A child of two parents: each front-end field from either, the blocks of `a` up to a cut followed by those of
    /// `b` after another cut (one-point crossover on the block lists), the head and dense layers from either.
    public func crossover(_ a: Genome, _ b: Genome, _ random: inout SplitMix64) -> Genome {
        func pick<T>(_ x: T, _ y: T) -> T { random.chance(0.5) ? x : y }
        let frontEnd = FrontEndGene(
            sampleRate: pick(a.frontEnd.sampleRate, b.frontEnd.sampleRate),
            nFFT: pick(a.frontEnd.nFFT, b.frontEnd.nFFT), hop: pick(a.frontEnd.hop, b.frontEnd.hop),
            mels: pick(a.frontEnd.mels, b.frontEnd.mels),
            fmax: pick(a.frontEnd.fmax, b.frontEnd.fmax))
        let cutA = random.integer(1...a.blocks.count)
        let cutB = random.integer(0...b.blocks.count)
        let blocks = Array((Array(a.blocks.prefix(cutA)) + Array(b.blocks.dropFirst(cutB))).prefix(Self.maxBlocks))
        return normalized(
            Genome(frontEnd: frontEnd, blocks: blocks, head: pick(a.head, b.head), dense: pick(a.dense, b.dense)))
    }

    // MARK: - Validity

    /// `genome` moved into the space: every field clamped to its bounds, the front end made sane and the blocks
    /// made to fit the shapes they meet (no stride or pooling on an axis already 1 wide, residual blocks that keep
    /// their shape, a plain convolution first). Idempotent; the result's `architecture(seconds:)` validates.
    public func normalized(_ genome: Genome) -> Genome {
        var result = genome
        result.frontEnd = normalized(genome.frontEnd)
        result.dense = Array(genome.dense.prefix(Self.maxDense)).map {
            min(max($0 / 8 * 8, Self.unitRange.lowerBound), Self.unitRange.upperBound)
        }
        var blocks = Array(genome.blocks.prefix(Self.maxBlocks))
        if blocks.isEmpty { blocks = [BlockGene(kind: .conv2d, filters: 8, kernel: [3, 3])] }
        var height = result.frontEnd.frames(seconds: inputSeconds)
        var width = result.frontEnd.mels
        var channels = 1
        for index in blocks.indices {
            var block = blocks[index]
            block.filters = Self.filterChoices.min { abs($0 - block.filters) < abs($1 - block.filters) }!
            block.kernel = (0..<2).map { axis in
                min(
                    max(block.kernel.count == 2 ? block.kernel[axis] : 3, Self.kernelRange.lowerBound),
                    Self.kernelRange.upperBound)
            }
            // On a single channel a depthwise convolution is one filter and a shape-keeping residual convolution
            // has one output: networks that never widen. A plain, non-residual convolution there instead.
            if channels == 1 {
                block.kind = .conv2d
                block.residual = false
            }
            if block.residual {
                block.stride = [1, 1]
                if block.kind == .conv2d { block.filters = channels }
            } else {
                block.stride = (0..<2).map { axis in
                    let size = axis == 0 ? height : width
                    return size > 1 && block.stride.count == 2 && block.stride[axis] >= 2 ? 2 : 1
                }
                height = (height + block.stride[0] - 1) / block.stride[0]
                width = (width + block.stride[1] - 1) / block.stride[1]
            }
            if block.kind == .conv2d { channels = block.filters }
            block.pool = [min(2, height), min(2, width)]
            if block.pool == [1, 1] { block.pooling = .none }
            if block.pooling == .none {
                block.pool = [2, 2]
            } else {
                height /= block.pool[0]
                width /= block.pool[1]
            }
            blocks[index] = block
        }
        result.blocks = blocks
        return result
    }

    private func normalized(_ gene: FrontEndGene) -> FrontEndGene {
        var gene = gene
        if !Self.sampleRates.contains(gene.sampleRate) { gene.sampleRate = gene.sampleRate < 12000 ? 8000 : 16000 }
        let nyquist = Double(gene.sampleRate / 2)
        gene.fmax = min(max((gene.fmax / 250).rounded() * 250, nyquist / 2), nyquist)
        let shortestHop = Int((inputSeconds * Double(gene.sampleRate) / Double(maxFrames)).rounded(.up))
        gene.nFFT = Self.fftSizes.first { $0 >= max(gene.nFFT, shortestHop) } ?? Self.fftSizes.last!
        gene.hop = min(max(gene.hop, gene.nFFT / 4, shortestHop), gene.nFFT)
        gene.mels = min(max(gene.mels, Self.melRange.lowerBound), Self.melRange.upperBound, gene.nFFT / 4)
        // The paper's front ends wasted bands on empty filters; fewer bands, then a wider range, then a longer
        // window until every band catches a bin.
        while hasEmptyBand(gene) {
            if gene.mels > Self.melRange.lowerBound {
                gene.mels -= 1
            } else if gene.fmax < nyquist {
                gene.fmax = nyquist
            } else if gene.nFFT < Self.fftSizes.last! {
                gene.nFFT *= 2
            } else {
                break
            }
        }
        gene.hop = max(gene.hop, gene.nFFT / 4)
        return gene
    }

    /// Weights and biases of `genome`'s network (normalized) with `classes` outputs, as the int8 export holds them
    /// (batch norms folded into the biases): one byte of flash each for the weights. Lets the search refuse a
    /// network too large for the flash before building it (a flattened map into a wide dense layer can ask for
    /// gigabytes).
    public func parameterCount(_ genome: Genome, classes: Int) -> Int {
        var height = genome.frontEnd.frames(seconds: inputSeconds)
        var width = genome.frontEnd.mels
        var channels = 1
        var count = 0
        for block in genome.blocks {
            let taps = block.kernel.reduce(1, *)
            if block.kind == .conv2d {
                count += taps * channels * block.filters + block.filters
                channels = block.filters
            } else {
                count += taps * channels + channels
            }
            height = (height + block.stride[0] - 1) / block.stride[0] / (block.pooling == .none ? 1 : block.pool[0])
            width = (width + block.stride[1] - 1) / block.stride[1] / (block.pooling == .none ? 1 : block.pool[1])
        }
        var inputs = genome.head == .globalAverage ? channels : height * width * channels
        for units in genome.dense + [classes] {
            count += inputs * units + units
            inputs = units
        }
        return count
    }

    private func hasEmptyBand(_ gene: FrontEndGene) -> Bool {
        let config = gene.config(seconds: inputSeconds)
        let filterbank = MelFilterbank(
            sampleRate: Double(config.sampleRate), fftSize: config.nFFT, melCount: config.mels, fmin: config.fmin,
            fmax: config.fmax, scale: config.melScale, norm: config.melNorm)
        return filterbank.binSpan.contains(0)
    }
}
