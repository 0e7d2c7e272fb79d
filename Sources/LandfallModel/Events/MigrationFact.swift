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
  /// A raw command changed the server. What it did cannot be told from its text, so it may have
  /// changed the data, the app or its release: those are checked again.
  case serverChanged
  /// Row counts (and sequences) were compared table by table.
  case rowCountsCompared(match: Bool)
  /// The app answered (or not) through nginx on the VM.
  case healthCheck(passed: Bool)
  /// The domain resolved (or not) to the VM's address.
  case dnsResolvesToVM(Bool)
  /// The VM's public address became known.
  case vmAddress(String)
  /// A private key this session created was saved at this path.
  case keySaved(String)
  /// certbot obtained a certificate on the VM and its renewal dry run passed.
  case certificateIssued
  /// HTTPS to the domain, pinned to the VM, passed (or failed) the chain, name, expiry and health checks.
  case httpsVerified(Bool)
  /// The domain is served only by the VM (authoritative and recursive DNS, HTTPS, health) and Fly is at zero.
  case cutoverConfirmed(Bool)
  /// The final dump and the volume archive were copied to the person's machine and their sha256 sums match.
  case offlineCopySaved
  /// The zone's authoritative servers answered only this address for the domain; it counts as
  /// DNS at the VM only when the address is one the cloud reported for the VM (`vmAddress`).
  case dnsPointsAt(String)
  /// The app's release command ran once on the VM against its database, and passed or failed.
  case releaseCommandRan(succeeded: Bool)
  /// `dns_check` asked about this name; the `dnsPointsAt` or `dnsResolvesToVM` that follows is
  /// about it.
  case dnsChecked(String)
  /// An image known to be the app's where it was found: built from its code on the VM, pushed to
  /// a registry from its code, or seen running on its own Fly Machines. It may run with the
  /// app's secrets there, and only there.
  case imageReady(String, ImagePlace)

  /// A stable name for logs and transcripts.
  public var name: String {
    switch self {
    case .flyObservedAtZero: return "fly_observed_at_zero"
    case .flyRunning: return "fly_running"
    case .finalDumpTaken: return "final_dump_taken"
    case .restoreCompleted: return "restore_completed"
    case .serverChanged: return "server_changed"
    case .rowCountsCompared(let match): return match ? "row_counts_matched" : "row_counts_differ"
    case .healthCheck(let passed): return passed ? "health_check_passed" : "health_check_failed"
    case .dnsResolvesToVM(let yes): return yes ? "dns_resolves_to_vm" : "dns_not_yet_at_vm"
    case .vmAddress: return "vm_address"
    case .keySaved: return "key_saved"
    case .certificateIssued: return "certificate_issued"
    case .httpsVerified(let passed): return passed ? "https_verified" : "https_failed"
    case .cutoverConfirmed(let yes): return yes ? "cutover_confirmed" : "cutover_not_confirmed"
    case .offlineCopySaved: return "offline_copy_saved"
    case .dnsPointsAt: return "dns_points_at"
    case .releaseCommandRan(let succeeded): return succeeded ? "release_command_ran" : "release_command_failed"
    case .imageReady(_, let place): return place.factName
    case .dnsChecked: return "dns_checked"
    }
  }

  /// The fact's value, for facts that carry one (an address, a path).
  public var detail: String? {
    switch self {
    case .vmAddress(let value), .keySaved(let value): return value
    case .dnsPointsAt(let value), .imageReady(let value, _), .dnsChecked(let value): return value
    default: return nil
    }
  }

  /// The fact recorded as `name` (and `detail`) in a transcript.
  public init?(name: String, detail: String?) {
    switch name {
    case "fly_observed_at_zero": self = .flyObservedAtZero
    case "fly_running": self = .flyRunning
    case "final_dump_taken": self = .finalDumpTaken
    case "restore_completed": self = .restoreCompleted
    case "server_changed": self = .serverChanged
    case "row_counts_matched": self = .rowCountsCompared(match: true)
    case "row_counts_differ": self = .rowCountsCompared(match: false)
    case "health_check_passed": self = .healthCheck(passed: true)
    case "health_check_failed": self = .healthCheck(passed: false)
    case "dns_resolves_to_vm": self = .dnsResolvesToVM(true)
    case "dns_not_yet_at_vm": self = .dnsResolvesToVM(false)
    case "vm_address":
      guard let detail else { return nil }
      self = .vmAddress(detail)
    case "key_saved":
      guard let detail else { return nil }
      self = .keySaved(detail)
    case "certificate_issued": self = .certificateIssued
    case "https_verified": self = .httpsVerified(true)
    case "https_failed": self = .httpsVerified(false)
    case "cutover_confirmed": self = .cutoverConfirmed(true)
    case "cutover_not_confirmed": self = .cutoverConfirmed(false)
    case "offline_copy_saved": self = .offlineCopySaved
    case "dns_points_at":
      guard let detail else { return nil }
      self = .dnsPointsAt(detail)
    case "release_command_ran": self = .releaseCommandRan(succeeded: true)
    case "release_command_failed": self = .releaseCommandRan(succeeded: false)
    case ImagePlace.vm.factName, ImagePlace.registry.factName, ImagePlace.fly.factName:
      guard let detail, let place = ImagePlace.allCases.first(where: { $0.factName == name }) else { return nil }
      self = .imageReady(detail, place)
    case "dns_checked":
      guard let detail else { return nil }
      self = .dnsChecked(detail)
    default: return nil
    }
  }
}

/// Where an image runs: the VM's Docker, a registry a cluster pulls from, or Fly.
public enum ImagePlace: String, Sendable, Equatable, CaseIterable {
  case vm
  case registry
  case fly

  /// The name of the fact that an image is the app's in this place.
  public var factName: String {
    switch self {
    case .vm: return "image_built_on_vm"
    case .registry: return "image_pushed"
    case .fly: return "image_seen_on_fly"
    }
  }
}
