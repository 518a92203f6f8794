/// One synthetic speaker of the corpus: a name and the espeak-ng settings that give it its voice.
///
/// A speaker belongs to one language; its name is unique within that language and is the folder its clips live in
/// (`DIR/<language>/<name>/<number>.wav`) and the name `folds.json` lists.
public struct Speaker: Codable, Hashable, Sendable {
    public var name: String
    public var language: Language
    public var settings: VoiceSettings

    public init(name: String, language: Language, settings: VoiceSettings) {
        self.name = name
        self.language = language
        self.settings = settings
    }
}
