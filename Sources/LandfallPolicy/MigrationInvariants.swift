public import LandfallModel

/// The migration's ordering rules as a small state machine fed by observed facts.
///
/// Final dump only after Fly is seen at zero; no Fly scale-up after the final dump; DNS to the VM
/// only after matching row counts and a passing health check since the last restore, and only as
/// an address record at an address the cloud reported for the VM (never a CNAME); TLS for a
/// name only after that name resolves to the VM; the env file is never read back; a variable the
/// app does not declare goes into it only with the person's own approval; the Fly app is never
/// destroyed; an image runs with the app's secrets only where it is known to be the app's (built
/// on the VM, pushed, or run by the app on Fly);
/// an app with a release command starts only after it ran since the last restore, and until
/// then no raw command may change the server (one could start it); a raw command that changed the
/// server counts as a restore (the data, the release and the health are checked again); a
/// database cluster is never deployed as an app, nor changed by raw commands.
public struct MigrationInvariants: Sendable, Equatable {
  public private(set) var flyAtZero = false
  public private(set) var finalDumpTaken = false
  public private(set) var rowCountsMatchSinceRestore = false
  public private(set) var healthPassedSinceRestore = false
  public private(set) var dnsAtVM = false
  /// The name of the last `dns_check`, and the name found at the VM by it.
  public private(set) var lastCheckedName: String?
  public private(set) var nameAtVM: String?
  public private(set) var vmAddresses: [String] = []
  /// Private keys this session created.
  public private(set) var sessionKeys: [String] = []
  /// Images known to be the app's, each where it was found: built on the VM, pushed, or seen
  /// running on the app's Fly Machines.
  public private(set) var readyImages: [ImagePlace: [String]] = [:]
  /// The release command ran and passed since the last restore.
  public private(set) var releaseRanSinceRestore = false
  /// What the inventory says about the app.
  public var app: AppProfile
  /// Whether data must be verified before DNS moves (an app with no database or volume skips it).
  public var dataVerificationRequired: Bool {
    get { app.keepsData }
    set { app.keepsData = newValue }
  }

  /// A fresh state for an app of `profile`.
  public init(app profile: AppProfile = AppProfile()) {
    app = profile
  }

  /// A fresh state; `dataVerificationRequired` false for an app with no database or volume.
  public init(dataVerificationRequired: Bool) {
    app = AppProfile(keepsData: dataVerificationRequired)
  }

  /// Updates the state with what a tool observed.
  public mutating func observe(_ fact: MigrationFact) {
    switch fact {
    case .flyObservedAtZero: flyAtZero = true
    case .flyRunning: flyAtZero = false
    case .finalDumpTaken: finalDumpTaken = true
    case .restoreCompleted, .serverChanged:
      rowCountsMatchSinceRestore = false
      healthPassedSinceRestore = false
      releaseRanSinceRestore = false
    case .releaseCommandRan(let succeeded): releaseRanSinceRestore = succeeded
    case .rowCountsCompared(let match): rowCountsMatchSinceRestore = match
    case .healthCheck(let passed): healthPassedSinceRestore = passed
    case .dnsResolvesToVM(let yes):
      dnsAtVM = yes
      nameAtVM = yes ? lastCheckedName : nil
    case .dnsPointsAt(let address):
      dnsAtVM = vmAddresses.contains(address)
      nameAtVM = dnsAtVM ? lastCheckedName : nil
    case .dnsChecked(let name): lastCheckedName = Self.normalized(name)
    case .vmAddress(let address): if !vmAddresses.contains(address) { vmAddresses.append(address) }
    case .keySaved(let path): if !sessionKeys.contains(path) { sessionKeys.append(path) }
    case .imageReady(let image, let place): if !(readyImages[place] ?? []).contains(image) { readyImages[place, default: []].append(image) }
    case .certificateIssued, .httpsVerified, .cutoverConfirmed, .offlineCopySaved: break
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
    case .requestTLS(let domain):
      guard dnsAtVM else { return Verdict(.deny, ["a certificate is requested only after DNS resolves to the VM"]) }
      guard let domain, let nameAtVM, Self.normalized(domain) != nameAtVM else { return .allowed }
      return Verdict(.deny, [
        "a certificate for \(domain) waits until dns_check finds \(domain) itself at the VM; the last check found \(nameAtVM) there"
      ])
    case .readEnvFile:
      return Verdict(.deny, ["the env file holds secret values; nothing reads it back to the model"])
    case .all(let actions):
      return Verdict.strictest(actions.map(verdict(for:)))
    case .prepareApp:
      return notADatabaseCluster()
    case .startApp(let runsReleaseFirst):
      if app.databaseCluster != nil { return notADatabaseCluster() }
      guard app.hasReleaseCommand, !runsReleaseFirst, !releaseRanSinceRestore else { return .allowed }
      return Verdict(.deny, [
        "the app declares a release command (fly.toml [deploy] release_command), which runs once against the copied database before the app starts: run host_release_command after the last data copy (a raw command that changed the server counts as one), then start the app"
      ])
    case .setsEnvironment(let names):
      let undeclared = names.filter { !Self.landfallsOwnVariables.contains($0) && !(app.declaredEnvironment ?? []).contains($0) }
      guard !undeclared.isEmpty else { return .allowed }
      return Verdict(.ask, [
        "\(undeclared.joined(separator: ", ")) \(undeclared.count == 1 ? "is not a variable" : "are not variables") the app declares (fly.toml [env] or its Fly secrets): a variable can make the app's interpreter load code the model wrote (NODE_OPTIONS, BASH_ENV, PERL5OPT and the like), with every secret in reach, so read the names and values before approving (--yes does not answer this)"
      ], approval: .explicit)
    case .runsImage(let image, let place):
      if (readyImages[place] ?? []).contains(image) || (place != .fly && app.image == image) { return .allowed }
      let known: String
      switch place {
      case .vm: known = "one host_build_image built from the app's code on the VM, nor fly.toml's [build] image"
      case .registry: known = "one image_push pushed from the app's code, nor fly.toml's [build] image"
      case .fly: known = "one fly_freeze saw the app's own Machines run"
      }
      return Verdict(.deny, [
        "\(image.isEmpty ? "no image" : image) is not \(known): any other image here is code of the model's choosing, and it would run with the app's secrets"
      ])
    case .changesServer:
      if app.databaseCluster != nil {
        return Verdict(.deny, [
          "this app is a database cluster: raw commands that change the server are refused, because a shell line could start it as an app; the typed tools (host_install_postgres, data_copy, data_verify) do what moving its databases needs"
        ])
      }
      guard app.hasReleaseCommand, !releaseRanSinceRestore else { return .allowed }
      return Verdict(.deny, [
        "until the app's release command has run after the last data copy or raw change (host_release_command), raw commands that change the server are refused: what a shell line does cannot be told from its text, and it could start the app against a database its migrations have not reached. Use the typed host tools (host_install_docker, host_install_postgres, host_mount_volume, host_write_env_file, host_configure_nginx, host_build_image, host_release_command) or read-only inspections until then"
      ])
    }
  }

  /// Variables Landfall itself writes for the app: its database and its port.
  static let landfallsOwnVariables: Set<String> = ["DATABASE_URL", "PORT"]

  private static func normalized(_ name: String) -> String {
    var name = name.lowercased()
    while name.hasSuffix(".") { name.removeLast() }
    return name
  }

  /// Denies deploying an app the inventory found to be a database cluster.
  private func notADatabaseCluster() -> Verdict {
    guard let reason = app.databaseCluster else { return .allowed }
    return Verdict(.deny, [
      "this app is a database cluster (\(reason)), not an app to run: its databases move with data_survey, data_copy and data_verify into PostgreSQL on the server, and the apps that use it move on their own"
    ])
  }
}
