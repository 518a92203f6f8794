/// Clips' samples at one sample rate — decoded, mixed to mono, resampled and perhaps spoilt by a `Degradation` —
/// as `AudioCache` keeps them, so that many front ends at that rate start from the same samples without redoing
/// that work.
public struct ClipAudio: Sendable {
    public let sampleRate: Int
    /// The clips with samples, in the order asked for (unreadable ones left out).
    public let paths: [String]
    public let unreadable: [UnreadableClip]
    /// Names the content (the corpus, the clips, their degradations and the rate); features computed from this
    /// audio are cached under it.
    public let key: String
    /// Whether the samples were computed now (false: read back from the cache).
    public let computed: Bool
    let values: [Float]
    /// Where clip i's samples start in `values`; one more entry than `paths`, the last one `values.count`.
    let starts: [Int]

    /// The samples of clip `index` (of `paths`).
    public func samples(at index: Int) -> ArraySlice<Float> {
        values[starts[index]..<starts[index + 1]]
    }
}
