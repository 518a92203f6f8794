/// The speaker folds of the published SpokeN-100, so an imported corpus is evaluated on the same splits as the
/// paper: the test speakers of the reference repository's `cross_validation_splits.csv` (ankilab/SpokeN-100), the same
/// 32 first names in every language.
public enum SpokeN100Folds {
    /// Test speakers of folds 1…8.
    public static let testSpeakers: [[String]] = [
        ["Jessie", "Emily", "Gigi", "Charlotte"],
        ["Nicole", "Charlie", "Jeremy", "Bill"],
        ["George", "Rachel", "Serena", "Matilda"],
        ["Liam", "Dorothy", "Lily", "Patrick"],
        ["Dave", "James", "Josh", "Bella"],
        ["Giovanni", "Michael", "Harry", "Callum"],
        ["Arnold", "Ethan", "Glinda", "Grace"],
        ["Freya", "Mimi", "Elli", "Domi"],
    ]

    /// The reference spelling of a speaker's name, matched without regard to case; nil for a name not in SpokeN-100.
    public static func canonicalName(_ name: String) -> String? {
        let lowered = name.lowercased()
        return testSpeakers.joined().first { $0.lowercased() == lowered }
    }

    /// Folds for `speakers` (per language) that keep every speaker in the reference fold that tests it.
    ///
    /// A fold validates on the next fold's test speakers of the same language (fold 8 on fold 1's), as
    /// `Folds.make` does; folds where no language has a test speaker are left out, and where a language's next
    /// fold is empty the search moves on to the following one. Nil when a speaker is not one of SpokeN-100's, or
    /// the speakers present cannot make valid folds (e.g. two speakers of one fold and nobody else): the caller
    /// then deals folds itself.
    public static func folds(speakers: [Language: [String]]) -> Folds? {
        var foldOf: [String: Int] = [:]
        for (index, names) in testSpeakers.enumerated() { for name in names { foldOf[name] = index } }
        guard speakers.values.joined().allSatisfy({ foldOf[$0] != nil }) else { return nil }
        var tests = Array(repeating: [Language: [String]](), count: testSpeakers.count)
        for (language, names) in speakers {
            for name in names { tests[foldOf[name]!][language, default: []].append(name) }
        }
        for index in tests.indices {
            for language in tests[index].keys {
                let order = testSpeakers[index]
                tests[index][language]!.sort { order.firstIndex(of: $0)! < order.firstIndex(of: $1)! }
            }
        }
        let kept = tests.filter { !$0.isEmpty }
        let folds = kept.indices.map { index in
            var validation: [Language: [String]] = [:]
            for language in speakers.keys {
                for step in 1..<max(1, kept.count) {
                    if let names = kept[(index + step) % kept.count][language], !names.isEmpty {
                        validation[language] = names
                        break
                    }
                }
            }
            return Fold(test: kept[index], validation: validation)
        }
        return try? Folds(speakers: speakers, folds: folds)
    }
}
