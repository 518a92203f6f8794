/// Test accuracy on the clips spoilt one way (`Degradation`), float and int8.
public struct DegradedAccuracy: Codable, Sendable, Equatable {
    public var degradation: Degradation
    public var float: Double
    public var int8: Double
}
