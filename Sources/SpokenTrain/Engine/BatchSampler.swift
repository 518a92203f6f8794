import SpokenDSP

/// The order of one epoch's examples: class-balanced and shuffled.
///
/// Rounds over the classes in a fresh random order, taking each class's next example from its own shuffled list
/// (reshuffled when it runs out), until the epoch has as many examples as the data. So every batch holds the classes
/// about equally often whatever their counts (rare classes repeat, common ones are subsampled), and the order depends
/// only on the labels, the seed and the epoch.
enum BatchSampler {
    static func order(labels: [Int], classes: Int, random: inout SplitMix64) -> [Int] {
        var members = [[Int]](repeating: [], count: classes)
        for (index, label) in labels.enumerated() { members[label].append(index) }
        let present = (0..<classes).filter { !members[$0].isEmpty }
        for label in present { random.shuffle(&members[label]) }
        var next = [Int](repeating: 0, count: classes)
        var order: [Int] = []
        order.reserveCapacity(labels.count)
        while order.count < labels.count {
            var round = present
            random.shuffle(&round)
            for label in round where order.count < labels.count {
                if next[label] == members[label].count {
                    random.shuffle(&members[label])
                    next[label] = 0
                }
                order.append(members[label][next[label]])
                next[label] += 1
            }
        }
        return order
    }
}
