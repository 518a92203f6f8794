import SpokenDSP
import SpokenSearch
import SpokenTrain
import Testing

@Suite("genome space")
struct GenomeSpaceTests {
    let space = GenomeSpace()

    /// Every bound the issue names, and a network the trainer accepts.
    func checkValid(_ genome: Genome) throws {
        let frontEnd = genome.frontEnd
        #expect(GenomeSpace.sampleRates.contains(frontEnd.sampleRate))
        #expect(GenomeSpace.fftSizes.contains(frontEnd.nFFT))
        #expect(frontEnd.hop >= 1 && frontEnd.hop <= frontEnd.nFFT, "hop ≤ n_fft: every sample analysed")
        #expect(GenomeSpace.melRange.contains(frontEnd.mels))
        #expect(frontEnd.fmax <= Double(frontEnd.sampleRate) / 2, "fmax ≤ Nyquist")
        #expect(frontEnd.frames(seconds: space.inputSeconds) <= space.maxFrames)
        let config = frontEnd.config(seconds: space.inputSeconds)
        #expect(config.log.kind == .db, "log-mel always")
        let filterbank = MelFilterbank(
            sampleRate: Double(config.sampleRate), fftSize: config.nFFT, melCount: config.mels, fmin: config.fmin,
            fmax: config.fmax, scale: config.melScale, norm: config.melNorm)
        #expect(!filterbank.binSpan.contains(0), "no mel band without an FFT bin")
        #expect((1...GenomeSpace.maxBlocks).contains(genome.blocks.count))
        #expect(genome.dense.count <= GenomeSpace.maxDense)
        #expect(genome.dense.allSatisfy { GenomeSpace.unitRange.contains($0) })
        for block in genome.blocks {
            #expect(block.kernel.allSatisfy { GenomeSpace.kernelRange.contains($0) })
            #expect(block.stride.allSatisfy { $0 == 1 || $0 == 2 })
        }
        #expect(space.normalized(genome) == genome, "normalizing a valid genome changes nothing")
        try genome.architecture(seconds: space.inputSeconds).validate()
    }

    @Test("thousands of random genomes, mutants and children are all valid")
    func thousandsAreValid() throws {
        var random = SplitMix64(seed: 42)
        var population = (0..<1000).map { _ in space.random(&random) }
        for genome in population { try checkValid(genome) }
        for _ in 0..<1000 {
            let parent = population[random.integer(0...(population.count - 1))]
            let mutant = space.mutated(parent, &random)
            try checkValid(mutant)
            let child = space.crossover(mutant, population[random.integer(0...(population.count - 1))], &random)
            try checkValid(child)
            population[random.integer(0...(population.count - 1))] = child
        }
    }

    @Test("out-of-bounds genomes are brought into the space")
    func normalizesWildGenomes() throws {
        let wild = Genome(
            frontEnd: FrontEndGene(sampleRate: 44100, nFFT: 100, hop: 4000, mels: 300, fmax: 30000),
            blocks: (0..<9).map { _ in
                BlockGene(kind: .conv2d, filters: 1000, kernel: [9, 0], stride: [7, 7], pooling: .max, residual: true)
            },
            head: .flatten, dense: [1, 500, 64, 64, 64, 64])
        try checkValid(space.normalized(wild))
    }

    @Test("the same seed gives the same genomes, another seed others")
    func seeded() {
        func draw(_ seed: UInt64) -> [Genome] {
            var random = SplitMix64(seed: seed)
            let parents = (0..<20).map { _ in space.random(&random) }
            return parents + parents.indices.dropFirst().map { space.crossover(parents[$0 - 1], parents[$0], &random) }
                + parents.map { space.mutated($0, &random) }
        }
        #expect(draw(7) == draw(7))
        #expect(draw(7) != draw(8))
    }

    @Test("mutation changes a genome")
    func mutationChanges() {
        var random = SplitMix64(seed: 3)
        let parents = (0..<200).map { _ in space.random(&random) }
        let unchanged = parents.filter { space.mutated($0, &random) == $0 }.count
        #expect(unchanged < parents.count / 5)
    }

    @Test("the parameter count is the exported network's")
    func parameterCount() throws {
        var random = SplitMix64(seed: 11)
        for _ in 0..<25 {
            let genome = space.random(&random)
            guard space.parameterCount(genome, classes: 4) < 200_000 else { continue }
            let trainer = try Trainer(
                architecture: genome.architecture(seconds: space.inputSeconds), classes: 4,
                options: TrainingOptions(threads: 1))
            let weights = trainer.inferenceGraph().nodes.reduce(0) { total, node in
                switch node.op {
                case .conv2D(let c), .depthwiseConv2D(let c): total + c.weights.count + c.bias.count
                case .dense(let weights, let bias, _, _): total + weights.count + bias.count
                default: total
                }
            }
            #expect(space.parameterCount(genome, classes: 4) == weights)
        }
    }
}
