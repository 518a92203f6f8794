/// A built architecture: one replica's layers, the parameter layout they share with every other replica, and the
/// blocks the exporter walks.
struct Network {
    let stack: LayerStack
    let layout: ParameterLayout
    let blocks: [NetworkBlock]
    let classes: Int
}
