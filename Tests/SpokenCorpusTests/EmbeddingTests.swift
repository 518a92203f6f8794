import Foundation
import SpokenDSP
import TestSupport
import Testing

@testable import SpokenCorpus

/// Points from isotropic Gaussian clusters, deterministic from `seed` (Box–Muller over SplitMix64).
private func clusters(centres: [[Double]], perCluster: Int, spread: Double, seed: UInt64) -> (
    rows: [[Double]], labels: [Int]
) {
    var random = SplitMix64(seed: seed)
    func uniform() -> Double { (Double(random.next() >> 11) + 0.5) / Double(1 << 53) }
    func normal() -> Double { (-2 * log(uniform())).squareRoot() * cos(2 * Double.pi * uniform()) }
    var rows: [[Double]] = []
    var labels: [Int] = []
    for (label, centre) in centres.enumerated() {
        for _ in 0..<perCluster {
            rows.append(centre.map { $0 + spread * normal() })
            labels.append(label)
        }
    }
    return (rows, labels)
}

private func writeCSV(_ rows: [[Double]]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("spokend-embedding-\(UUID()).csv")
    let text = rows.map { $0.map { String($0) }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    try text.write(to: url, atomically: true, encoding: .utf8)
    return url
}

private func distance(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
}

@Suite("Embedding")
struct EmbeddingTests {
    @Test("PCA equals numpy's SVD of the centred data", .enabled(if: PythonReference.isAvailable))
    func pcaAgainstNumpy() throws {
        // Correlated 6-D data: a random linear map of anisotropic noise.
        var random = SplitMix64(seed: 7)
        func uniform() -> Double { Double(random.next() >> 11) / Double(1 << 53) - 0.5 }
        let mixing = (0..<6).map { _ in (0..<6).map { _ in uniform() } }
        let rows = (0..<200).map { _ -> [Double] in
            let source = (0..<6).map { uniform() * Double(6 - $0) * 2 }
            return (0..<6).map { c in (0..<6).reduce(0) { $0 + mixing[c][$1] * source[$1] } + 3 }
        }
        let pca = try PCA(fitting: rows, components: 3)
        let file = try writeCSV(rows)
        defer { try? FileManager.default.removeItem(at: file) }
        struct Reference: Decodable {
            let components: [[Double]]
            let explainedVariance: [Double]
            enum CodingKeys: String, CodingKey {
                case components
                case explainedVariance = "explained_variance"
            }
        }
        let reference = try JSONDecoder().decode(
            Reference.self, from: Data(PythonReference.run("embedding_reference.py", ["pca", file.path, "3"]).utf8))
        #expect(pca.explainedVariance.count == 3 && reference.explainedVariance.count == 3)
        #expect(pca.components.map(\.count) == reference.components.map(\.count))
        #expect(pca.components.count == 3 && pca.components.allSatisfy { $0.count == 6 })
        for (ours, theirs) in zip(pca.explainedVariance, reference.explainedVariance) {
            #expect(abs(ours - theirs) <= 1e-9 * theirs)
        }
        for (ours, theirs) in zip(pca.components, reference.components) {
            let sign = zip(ours, theirs).reduce(0) { $0 + $1.0 * $1.1 } < 0 ? -1.0 : 1.0
            #expect(zip(ours, theirs).allSatisfy { abs($0 - sign * $1) < 1e-8 }, "\(ours) vs \(theirs)")
        }
    }

    @Test(
        "the UMAP curve parameters equal umap-learn's curve fit", .enabled(if: PythonReference.isAvailable),
        arguments: [(0.1, 1.0), (0.25, 1.0), (0.5, 2.0)])
    func curveParameters(minDistance: Double, spread: Double) throws {
        struct Reference: Decodable {
            let a: Double
            let b: Double
        }
        let reference = try JSONDecoder().decode(
            Reference.self,
            from: Data(PythonReference.run("embedding_reference.py", ["ab", "\(minDistance)", "\(spread)"]).utf8))
        let (a, b) = UMAP.curveParameters(minDistance: minDistance, spread: spread)
        #expect(abs(a - reference.a) < 1e-4 * reference.a, "a \(a) vs \(reference.a)")
        #expect(abs(b - reference.b) < 1e-4 * reference.b, "b \(b) vs \(reference.b)")
    }

    @Test("UMAP keeps two well-separated Gaussian clusters apart and is deterministic")
    func twoClusters() throws {
        let centre = [Double](repeating: 0, count: 10)
        let far = [Double](repeating: 3, count: 10)  // about 9.5 standard deviations away
        let (rows, labels) = clusters(centres: [centre, far], perCluster: 120, spread: 1, seed: 1)
        let umap = UMAP(epochs: 200, seed: 3)
        let embedded = try umap.embed(rows)
        #expect(try umap.embed(rows) == embedded)
        // Every point's nearest embedded neighbours are from its own cluster.
        var wrong = 0
        for i in rows.indices {
            let nearest = rows.indices.filter { $0 != i }.sorted {
                distance(embedded[i], embedded[$0]) < distance(embedded[i], embedded[$1])
            }.prefix(10)
            wrong += nearest.filter { labels[$0] != labels[i] }.count
        }
        #expect(wrong == 0, "\(wrong) of \(rows.count * 10) embedded neighbours come from the other cluster")
        // And the clusters are apart: centroids further than the clusters are wide.
        func centroid(_ label: Int) -> [Double] {
            let members = embedded.indices.filter { labels[$0] == label }.map { embedded[$0] }
            return [0, 1].map { c in members.reduce(0) { $0 + $1[c] } / Double(members.count) }
        }
        let (c0, c1) = (centroid(0), centroid(1))
        let radius = embedded.indices.map { distance(embedded[$0], labels[$0] == 0 ? c0 : c1) }.max()!
        #expect(distance(c0, c1) > 2 * radius, "centroids \(distance(c0, c1)) apart, radius \(radius)")
    }

    @Test(
        "trustworthiness equals sklearn's, and UMAP of clustered data scores high",
        .enabled(if: PythonReference.isAvailable))
    func trustworthiness() throws {
        let centres = (0..<3).map { c in (0..<8).map { Double(($0 + c) % 3 == 0 ? 6 : 0) } }
        let (rows, _) = clusters(centres: centres, perCluster: 60, spread: 1, seed: 2)
        let embedded = try UMAP(epochs: 200, seed: 5).embed(rows)
        let ours = Trustworthiness.score(original: rows, embedded: embedded, k: 5)
        let data = try writeCSV(rows)
        let embedding = try writeCSV(embedded)
        defer {
            try? FileManager.default.removeItem(at: data)
            try? FileManager.default.removeItem(at: embedding)
        }
        struct Reference: Decodable { let trustworthiness: Double }
        let reference = try JSONDecoder().decode(
            Reference.self,
            from: Data(
                PythonReference.run("embedding_reference.py", ["trust", data.path, embedding.path, "5"]).utf8))
        #expect(abs(ours - reference.trustworthiness) < 1e-9, "ours \(ours), sklearn \(reference.trustworthiness)")
        #expect(ours > 0.85)
    }

    @Test("bad UMAP parameters are refused and tiny inputs do not crash")
    func edges() throws {
        #expect(throws: CorpusError.self) { try UMAP(neighbors: 1).embed([[0], [1], [2]]) }
        #expect(throws: CorpusError.self) { try UMAP(minDistance: 2, spread: 1).embed([[0], [1], [2]]) }
        #expect(try UMAP().embed([[1, 2]]) == [[0, 0]])
        let few = try UMAP(epochs: 50).embed([[0, 0], [1, 0], [0, 1], [5, 5]])
        #expect(few.count == 4 && few.allSatisfy { $0.allSatisfy(\.isFinite) })
    }
}
