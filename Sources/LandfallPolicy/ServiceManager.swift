/// Whether a `systemctl` or `service` line may start something other than the server's
/// plumbing.
enum ServiceManager {
  /// `systemctl ...`: any starting verb among its words, with any unit (or option value) that
  /// is not plumbing, or no unit at all.
  static func systemctlStarts(_ arguments: [String]) -> Bool {
    guard arguments.contains(where: startingVerbs.contains) else { return false }
    let units = arguments.filter { !$0.hasPrefix("-") && !startingVerbs.contains($0) }
    return units.isEmpty || !units.allSatisfy(isPlumbing)
  }

  /// `service UNIT VERB` (or `service UNIT --full-restart`).
  static func serviceStarts(_ arguments: [String]) -> Bool {
    let plain = arguments.filter { !$0.hasPrefix("-") }
    guard let unit = plain.first else { return !arguments.isEmpty }
    let restarts = arguments.contains("--full-restart")
    guard restarts || (plain.count > 1 && serviceVerbs.contains(plain[1])) else { return false }
    return !isPlumbing(unit)
  }

  /// Whether `unit` is one of the server's own services (a PostgreSQL instance included).
  static func isPlumbing(_ unit: String) -> Bool {
    var base = unit
    for suffix in [".service", ".socket", ".timer", ".target", ".path"] where base.hasSuffix(suffix) {
      base = String(base.dropLast(suffix.count))
      break
    }
    if base.hasPrefix("postgresql@") { return !base.contains("/") }
    return plumbing.contains(base)
  }

  private static let startingVerbs: Set<String> = [
    "start", "restart", "reload-or-restart", "try-restart", "try-reload-or-restart", "enable", "reenable", "isolate", "reload",
    "force-reload", "add-wants", "add-requires", "default", "rescue", "emergency", "reboot", "soft-reboot", "kexec", "link", "preset",
    "preset-all", "set-default",
  ]

  private static let serviceVerbs: Set<String> = ["start", "restart", "reload", "force-reload", "try-restart", "condrestart"]

  /// Units that are the server's plumbing, not the app (Docker is not: restarting it restarts
  /// every container set to restart always).
  private static let plumbing: Set<String> = [
    "nginx", "postgresql", "ssh", "sshd", "ufw", "fail2ban", "cron", "systemd-resolved", "systemd-timesyncd", "chrony",
    "unattended-upgrades", "rsyslog", "systemd-journald", "networking", "snapd",
  ]
}
