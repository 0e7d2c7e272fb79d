/// Characters a terminal obeys or hides rather than shows, beyond the C0 controls: DEL, the C1
/// controls and the bidirectional formatting characters (which show text in another order than
/// it runs).
public enum UnicodeControls {
  /// Whether the scalar `value` is one of them.
  public static func isInvisible(_ value: UInt32) -> Bool {
    switch value {
    case 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
    default: return false
    }
  }
}
