import SpokenCorpus

/// The clips of one fold: whose train the network, whose choose the checkpoint, whose are only ever tested.
///
/// Made by `TrainingCorpus.split`, which refuses a fold with an empty part or a class without training clips.
public struct FoldSplit: Sendable, Equatable {
    public var training: [ManifestEntry]
    public var validation: [ManifestEntry]
    public var test: [ManifestEntry]

    public init(training: [ManifestEntry], validation: [ManifestEntry], test: [ManifestEntry]) {
        self.training = training
        self.validation = validation
        self.test = test
    }
}
