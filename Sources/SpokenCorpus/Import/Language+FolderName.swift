extension Language {
    /// The language a SpokeN-100 folder holds, from its name: `english_numbers` as published, and the obvious
    /// variants — any case, `-numbers`/` numbers` or no suffix, English or native names, ISO 639-1/-3 codes
    /// (`english`, `EN`, `eng`, `German-Numbers`, `deutsch`, `français`, `cmn`, `chinese`). Nil for anything else.
    public init?(folderName: String) {
        var name = folderName.lowercased().trimmingCharacters(in: .whitespaces)
        for suffix in ["_numbers", "-numbers", " numbers", "numbers"] where name.hasSuffix(suffix) {
            name.removeLast(suffix.count)
            break
        }
        switch name {
        case "english", "en", "eng": self = .en
        case "german", "de", "deu", "ger", "deutsch": self = .de
        case "french", "fr", "fra", "fre", "francais", "français": self = .fr
        case "mandarin", "zh", "cmn", "zho", "chi", "chinese": self = .zh
        default: return nil
        }
    }
}
