internal import LandfallCore
internal import LandfallModel
internal import LandfallTools

extension FakeHost {
  /// Plays the phase 5 and 6 playbooks; `nil` for any other.
  func playCutover(_ playbook: String, _ arguments: JSONValue) async -> SSHExecResult? {
    switch playbook {
    case "request_certificate": return await requestCertificate(arguments["domain"]?.stringValue ?? "")
    case "stage_backups": return stageBackups(arguments)
    default: return nil
    }
  }

  /// Issues only when nginx serves :80 and the domain resolves to this host's public address,
  /// as a real HTTP-01 validation would.
  private func requestCertificate(_ domain: String) async -> SSHExecResult {
    guard world["services"]?["nginx"] != nil else { return Self.fail(1, "The nginx plugin is not working; there may be problems with your existing configuration.") }
    let address = world["publicAddress"]?.stringValue ?? ""
    let addresses = await resolve(domain).compactMap { record -> String? in
      if record.type == .a, case .address(let address) = record.data { return address }
      return nil
    }
    guard !addresses.isEmpty else {
      return Self.fail(1, "Certbot failed to authenticate some domains (authenticator: nginx).\n  Domain: \(domain)\n  Detail: DNS problem: NXDOMAIN looking up A for \(domain)")
    }
    guard addresses == [address] else {
      return Self.fail(
        1, "Certbot failed to authenticate some domains (authenticator: nginx).\n  Domain: \(domain)\n  Detail: \(addresses.joined(separator: ", ")): Invalid response from http://\(domain)/.well-known/acme-challenge/fake: 404")
    }
    add("packages", "certbot")
    add("packages", "python3-certbot-nginx")
    set("certificates", domain, .object([("notAfter", .string("2027-03-01 00:00:00 GMT")), ("renewalDryRun", .bool(true))]))
    let nginx = (world["services"]?["nginx"] ?? .object([])).setting("tls", to: .string(domain)).setting("redirect", to: .bool(true))
    set("services", "nginx", nginx)
    set("services", "certbot.timer", .object([("enabled", .bool(true))]))
    return Self.ok(
      "Successfully deployed certificate for \(domain)\nnginx: configuration file /etc/nginx/nginx.conf test is successful\nCongratulations, all simulated renewals succeeded:\nenabled\nactive\nnotAfter=Mar  1 00:00:00 2027 GMT\n")
  }

  private func stageBackups(_ arguments: JSONValue) -> SSHExecResult {
    let dumpPath = arguments["dumpPath"]?.stringValue ?? ""
    guard let dump = world["files"]?[dumpPath]?["content"]?.stringValue else { return Self.fail(3, "no final dump at \(dumpPath)") }
    write(DownloadBackupsTool.stagedDump, dump, mode: 0o600)
    var sums = ["\(SHA256.hex(Array(dump.utf8)))  \(DownloadBackupsTool.stagedDump)"]
    if let volume = arguments["volumePath"]?.stringValue {
      guard world["mounts"]?[volume] != nil else { return Self.fail(2, "tar: \(volume): Cannot open: No such file or directory") }
      let archive = "fake tar.gz of \(volume)\n"
      write(DownloadBackupsTool.stagedVolume, archive, mode: 0o600)
      sums.append("\(SHA256.hex(Array(archive.utf8)))  \(DownloadBackupsTool.stagedVolume)")
    }
    return Self.ok(sums.joined(separator: "\n") + "\n")
  }
}

extension FakeHost {
  /// True when certbot installed a certificate for `domain` and nginx serves it on 443.
  public func servesCertificate(for domain: String) -> Bool {
    let now = snapshot
    return now["certificates"]?[domain.lowercased()] != nil && now["services"]?["nginx"]?["tls"]?.stringValue == domain.lowercased()
  }
}
