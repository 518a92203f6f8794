import SpokenNN

/// What recognizing one utterance costs on the chip, front end included.
///
/// A streaming device computes each frame's front end while the person speaks, so after the end of speech it
/// still has to do the last frame's front end, finish the utterance (maximum, `top_db` clamp, quantization to each
/// model's int8 input) and run the models one after the other: that is the latency a user waits for. Energy counts
/// everything: every frame's front end, the finish and the inferences.
public struct DeviceCost: Codable, Sendable, Equatable {
    /// Log-mel frames of the utterance (before fitting to a model's frame count).
    public var frames: Int
    /// Front end of all those frames.
    public var frontEndCycles: Int
    /// Finishing the utterance for every model.
    public var finalizeCycles: Int
    /// The models' inferences.
    public var inferenceCycles: Int
    /// Everything: front end, finish, inferences.
    public var cycles: Int
    /// Cycles after the end of speech: the last frame's front end, the finish, the inferences.
    public var latencyCycles: Int
    public var latencyMilliseconds: Double
    /// The front end's share of the chip's time while listening (see `FrontEndCost.dutyCycle`).
    public var frontEndDutyCycle: Double
    /// Energy of `cycles` at the profile's energy per cycle.
    public var energyMicrojoules: Double

    /// The cost of an utterance of `frames` frames with the front end `frontEnd` on `profile`, finished for every
    /// model in `finalizeCycles` (`FrontEndCost.finalizeCycles`) and run through models costing `inferenceCycles`
    /// together.
    public init(frames: Int, frontEnd: FrontEndCost, finalizeCycles: Int, inferenceCycles: Int, profile: DeviceProfile)
    {
        self.frames = frames
        frontEndCycles = frames * frontEnd.cyclesPerFrame
        self.finalizeCycles = finalizeCycles
        self.inferenceCycles = inferenceCycles
        cycles = frontEndCycles + finalizeCycles + inferenceCycles
        latencyCycles = (frames > 0 ? frontEnd.cyclesPerFrame : 0) + finalizeCycles + inferenceCycles
        latencyMilliseconds = profile.seconds(cycles: latencyCycles) * 1e3
        frontEndDutyCycle = frontEnd.dutyCycle
        energyMicrojoules = profile.joules(cycles: cycles) * 1e6
    }
}
