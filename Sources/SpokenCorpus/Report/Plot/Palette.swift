/// Categorical colours for plots: distinguishable, colour-blind-aware (Okabe and Ito's eight, then Tableau's ten),
/// assigned in order so a language keeps its colour across every plot of a report.
enum Palette {
    static let colours = [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#F0E442", "#000000",
        "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#BAB0AC",
    ]

    /// The colour of the `index`-th category (wrapping round after the last).
    static func colour(_ index: Int) -> String { colours[index % colours.count] }
}
