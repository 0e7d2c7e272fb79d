/// Something a built-in tool observed that the migration's ordering rules depend on.
public enum MigrationFact: Sendable, Equatable {
  /// flyctl reported no started Machines for the app.
  case flyObservedAtZero
  /// flyctl reported started Machines again.
  case flyRunning
  /// The final dump was taken (after the freeze).
  case finalDumpTaken
  /// A restore into the VM's database finished.
  case restoreCompleted
  /// Row counts (and sequences) were compared table by table.
  case rowCountsCompared(match: Bool)
  /// The app answered (or not) through nginx on the VM.
  case healthCheck(passed: Bool)
  /// The domain resolved (or not) to the VM's address.
  case dnsResolvesToVM(Bool)
  /// The VM's public address became known.
  case vmAddress(String)

  /// A stable name for logs and transcripts.
  public var name: String {
    switch self {
    case .flyObservedAtZero: return "fly_observed_at_zero"
    case .flyRunning: return "fly_running"
    case .finalDumpTaken: return "final_dump_taken"
    case .restoreCompleted: return "restore_completed"
    case .rowCountsCompared(let match): return match ? "row_counts_matched" : "row_counts_differ"
    case .healthCheck(let passed): return passed ? "health_check_passed" : "health_check_failed"
    case .dnsResolvesToVM(let yes): return yes ? "dns_resolves_to_vm" : "dns_not_yet_at_vm"
    case .vmAddress: return "vm_address"
    }
  }
}
