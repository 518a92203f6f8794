/// A share of the chip's RAM or flash that the application keeps for itself, so the model cannot have it.
///
/// Kept as a named list rather than one number so a profile says what the bytes are for, and a user can edit one
/// entry (a bigger audio buffer, no BLE stack) in their own JSON file.
public struct MemoryReservation: Codable, Equatable, Sendable {
    /// What the bytes are for, e.g. "SoftDevice S140 v7 RAM".
    public var purpose: String
    public var bytes: Int

    public init(_ purpose: String, bytes: Int) {
        self.purpose = purpose
        self.bytes = bytes
    }
}
