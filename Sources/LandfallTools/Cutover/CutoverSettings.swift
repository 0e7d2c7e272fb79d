public import LandfallCore
public import LandfallModel

/// What the phase 5 and 6 tools reach: the VM, DNS, HTTPS from this machine, Fly, and a folder
/// on this machine for the offline copy.
public struct CutoverSettings: Sendable {
  public var connection: HostConnection
  public var resolver: any DNSResolver
  /// The recursive resolver to ask (what users see); usually the first nameserver of resolv.conf.
  public var recursiveServer: DNSServer
  public var transport: any HTTPTransport
  public var fly: FlyToolSettings
  /// Where `download_backups` writes the final dump and the volume archive.
  public var backupDirectory: String
  public var files: any FileWriter
  /// Seconds since 1970, for certificate expiry.
  public var now: @Sendable () -> Double

  /// Creates settings.
  public init(
    connection: HostConnection, resolver: any DNSResolver, recursiveServer: DNSServer, transport: any HTTPTransport, fly: FlyToolSettings,
    backupDirectory: String, files: any FileWriter, now: @escaping @Sendable () -> Double
  ) {
    self.connection = connection
    self.resolver = resolver
    self.recursiveServer = recursiveServer
    self.transport = transport
    self.fly = fly
    self.backupDirectory = backupDirectory
    self.files = files
    self.now = now
  }
}

/// The phase 5 (DNS and TLS) and phase 6 (verify and decommission) tools.
public enum CutoverTools {
  /// Every cutover tool with the phases it is offered in.
  public static func all(_ settings: CutoverSettings) -> [(tool: any Tool, phases: Set<MigrationPhase>)] {
    [
      (DNSSurveyTool(settings: settings), [.dnsAndTLS]),
      (DNSCheckTool(settings: settings), [.dnsAndTLS, .verifyAndDecommission]),
      (HostPlaybooks.requestCertificate(settings.connection), [.dnsAndTLS]),
      (VerifyHTTPSTool(settings: settings), [.dnsAndTLS, .verifyAndDecommission]),
      (Phase6ConfirmTool(settings: settings), [.verifyAndDecommission]),
      (DownloadBackupsTool(settings: settings), [.verifyAndDecommission]),
      (DecommissionPlanTool(settings: settings), [.verifyAndDecommission]),
    ]
  }
}
