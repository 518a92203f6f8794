/// How an utterance's frames are fitted to a model's fixed frame count (`FrontEndConfig.frames`). The raw value is
/// the JSON name.
///
/// Padding frames take the utterance's floor: `max − top_db` when `top_db` is set (what silence becomes after the
/// clamp), otherwise the fixed floor `LogConfig.floorDB`; after `UtteranceNorm.melMean`, the smallest normalised
/// value.
public enum FrameFit: String, Codable, Sendable, CaseIterable {
    /// Too long: keep the middle `frames` frames (the extra frame, if odd, is cut from the end). Too short: put the
    /// utterance in the middle and pad both sides (the extra frame, if odd, goes to the end).
    case padOrCropCenter = "pad_or_crop_center"
    /// Keep the start: cut frames from the end, or pad at the end.
    case padOrCropEnd = "pad_or_crop_end"
}
