internal import CSSH2
import Foundation
public import LandfallCore

/// Opens SSH connections with libssh2: TCP connect with a timeout, handshake, host key pinned on
/// first use in Landfall's known_hosts file, then public-key login (a key file, or ssh-agent).
public struct LibSSH2Connector: SSHConnector {
  private let knownHostsPath: String
  private let notice: @Sendable (String) -> Void
  private let passphrase: (any SecretPrompter)?
  private let agentSocket: String?

  /// A connector pinning host keys in the file at `knownHostsPath`; `notice` hears about newly
  /// pinned keys (with their fingerprint); `passphrase` is asked for keys that need one;
  /// `agentSocket` is ssh-agent's socket (`SSH_AUTH_SOCK`), tried when no key file is given.
  public init(
    knownHostsPath: String, passphrase: (any SecretPrompter)? = nil, agentSocket: String? = nil,
    notice: @escaping @Sendable (String) -> Void = { _ in }
  ) {
    self.knownHostsPath = knownHostsPath
    self.agentSocket = agentSocket
    self.notice = notice
    self.passphrase = passphrase
    _ = libssh2_init(0)
  }

  public func connect(to target: SSHTarget) async throws(SSHError) -> any SSHSession {
    try await login(target)
  }

  /// A connected session with the host key checked and the user logged in.
  func login(_ target: SSHTarget) async throws(SSHError) -> LibSSH2Session {
    var secret: String?
    if let identity = target.identityFile, PrivateKeyFile.isEncrypted(identity) {
      secret = await passphrase?.askSecret(name: "passphrase", purpose: "The key \(identity) is protected by a passphrase.")
      guard secret != nil else {
        throw .authenticationFailed(
          user: target.user, host: target.host,
          reason: "the key \(identity) needs a passphrase and there is no terminal to ask on; load it into ssh-agent instead")
      }
    }
    let session = LibSSH2Session(target: target)
    let phrase = secret
    let agentSocket = agentSocket
    do {
      try await session.perform { connection throws(SSHError) in
        try connection.open()
        let offered = try connection.hostKey()
        try self.check(offered, target: target)
        try connection.authenticate(passphrase: phrase, agentSocket: agentSocket)
      }
    } catch {
      await session.close()
      throw error
    }
    return session
  }

  public func hostKey(of target: SSHTarget) async throws(SSHError) -> SSHHostKey {
    let session = LibSSH2Session(target: target)
    let offered: (type: String, fingerprint: String)
    do {
      offered = try await session.perform { connection throws(SSHError) in
        try connection.open()
        return try connection.hostKey()
      }
    } catch {
      await session.close()
      throw error
    }
    await session.close()
    let standing: SSHHostKey.Standing
    switch knownHosts().verdict(host: target.host, port: target.port, fingerprint: offered.fingerprint) {
    case .matches: standing = .matches
    case .mismatch(let pinned): standing = .changed(pinned: pinned)
    case .firstUse: standing = .firstUse
    }
    return SSHHostKey(type: offered.type, fingerprint: offered.fingerprint, standing: standing)
  }

  private func knownHosts() -> KnownHosts {
    KnownHosts(text: (try? String(contentsOfFile: knownHostsPath, encoding: .utf8)) ?? "")
  }

  private func check(_ key: (type: String, fingerprint: String), target: SSHTarget) throws(SSHError) {
    var known = knownHosts()
    switch known.verdict(host: target.host, port: target.port, fingerprint: key.fingerprint) {
    case .matches: return
    case .mismatch(let expected):
      throw .hostKeyChanged(host: target.host, expected: expected, actual: key.fingerprint)
    case .firstUse:
      if target.pinnedKeyOnly {
        throw .failed(
          "\(target.host):\(target.port) was this session's server before it was resumed, but its host key is no longer pinned in \(knownHostsPath) (removed, or another home folder); call host_connect again so the person can approve the key it offers")
      }
      if let approved = target.approvedHostKey, approved != key.fingerprint {
        throw .hostKeyChanged(host: target.host, expected: approved, actual: key.fingerprint)
      }
      known.pin(host: target.host, port: target.port, type: key.type, fingerprint: key.fingerprint)
      let directory = (knownHostsPath as NSString).deletingLastPathComponent
      try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      do {
        try Data(known.text.utf8).write(to: URL(fileURLWithPath: knownHostsPath), options: .atomic)
        chmod(knownHostsPath, 0o600)
      } catch {
        throw .failed("cannot pin the host key in \(knownHostsPath): \(error.localizedDescription)")
      }
      notice("pinned the host key of \(target.host):\(target.port): \(key.type) \(key.fingerprint)")
    }
  }
}
