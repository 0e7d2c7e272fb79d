public import LandfallModel

/// The migration's ordering rules as a small state machine fed by observed facts.
///
/// Final dump only after Fly is seen at zero; no Fly scale-up after the final dump; DNS to the VM
/// only after matching row counts and a passing health check since the last restore, and only as
/// an address record at an address the cloud reported for the VM (never a CNAME); TLS only
/// after DNS resolves to the VM; the env file is never read back; the Fly app is never destroyed.
public struct MigrationInvariants: Sendable, Equatable {
  public private(set) var flyAtZero = false
  public private(set) var finalDumpTaken = false
  public private(set) var rowCountsMatchSinceRestore = false
  public private(set) var healthPassedSinceRestore = false
  public private(set) var dnsAtVM = false
  public private(set) var vmAddresses: [String] = []
  /// Private keys this session created.
  public private(set) var sessionKeys: [String] = []
  /// Whether data must be verified before DNS moves (an app with no database or volume skips it).
  public var dataVerificationRequired: Bool

  /// A fresh state.
  public init(dataVerificationRequired: Bool = true) {
    self.dataVerificationRequired = dataVerificationRequired
  }

  /// Updates the state with what a tool observed.
  public mutating func observe(_ fact: MigrationFact) {
    switch fact {
    case .flyObservedAtZero: flyAtZero = true
    case .flyRunning: flyAtZero = false
    case .finalDumpTaken: finalDumpTaken = true
    case .restoreCompleted:
      rowCountsMatchSinceRestore = false
      healthPassedSinceRestore = false
    case .rowCountsCompared(let match): rowCountsMatchSinceRestore = match
    case .healthCheck(let passed): healthPassedSinceRestore = passed
    case .dnsResolvesToVM(let yes): dnsAtVM = yes
    case .dnsPointsAt(let address): dnsAtVM = vmAddresses.contains(address)
    case .vmAddress(let address): if !vmAddresses.contains(address) { vmAddresses.append(address) }
    case .keySaved(let path): if !sessionKeys.contains(path) { sessionKeys.append(path) }
    case .certificateIssued, .httpsVerified, .cutoverConfirmed, .offlineCopySaved, .releaseCommandRan: break
    }
  }

  /// The verdict of the ordering rules on `action`.
  public func verdict(for action: MigrationAction) -> Verdict {
    switch action {
    case .other, .restore:
      return .allowed
    case .finalDump:
      return flyAtZero
        ? .allowed
        : Verdict(.deny, ["the final copy of the data (any dump, restore or COPY of the database) waits until Fly is observed at zero (scale to 0, then check fly status)"])
    case .flyScaleUp:
      return finalDumpTaken
        ? Verdict(.deny, ["Fly must stay at zero after the final dump: new writes there would be lost"])
        : .allowed
    case .flyDestroy:
      return Verdict(.deny, ["Landfall never destroys anything on Fly; phase 6 prints the commands for the person to run"])
    case .pointDNS(let address):
      guard let address else {
        return Verdict(.deny, [
          "a CNAME or ALIAS record sends the name to wherever another name resolves, which no rule can check: point an A (or AAAA) record at the VM's address instead, and leave aliases to the person"
        ])
      }
      if !vmAddresses.contains(address) {
        let known = vmAddresses.isEmpty ? "the cloud has reported no VM address in this session" : "the VM's address is \(vmAddresses.joined(separator: " or "))"
        return Verdict(.deny, [
          "an address record must point at the VM: \(address.isEmpty ? "the record has no address" : address) is not a VM address the cloud reported (\(known)); to change only a record's TTL, list the zone's records first and update the record with the content it has"
        ])
      }
      guard dataVerificationRequired else { return .allowed }
      var missing: [String] = []
      if !finalDumpTaken { missing.append("the final copy of the data after the freeze") }
      if !rowCountsMatchSinceRestore { missing.append("row counts matching since the last restore") }
      if !healthPassedSinceRestore { missing.append("a passing health check through nginx since the last restore") }
      return missing.isEmpty
        ? .allowed : Verdict(.deny, ["DNS moves to the VM only after " + missing.joined(separator: " and ")])
    case .requestTLS:
      return dnsAtVM ? .allowed : Verdict(.deny, ["a certificate is requested only after DNS resolves to the VM"])
    case .readEnvFile:
      return Verdict(.deny, ["the env file holds secret values; nothing reads it back to the model"])
    }
  }
}
