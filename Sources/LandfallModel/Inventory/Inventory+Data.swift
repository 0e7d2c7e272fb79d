extension Inventory {
  /// True when the app keeps data that must be copied and verified before DNS moves: an attached
  /// Postgres, a mount or a volume.
  public var keepsData: Bool {
    postgres.attached || !mounts.isEmpty || !volumes.isEmpty
  }
}
