import Foundation
import LandfallCore
import LandfallFakes

/// Debian's real Pebble (a test ACME server), `pebble-challtestsrv` (the authoritative DNS for
/// test names) and nginx (serving HTTP-01 challenges and the app's health path, then HTTPS),
/// all on 127.0.0.1 in one temporary folder, for tests of certificate issuance and checks.
public final class LoopbackACMEStack: @unchecked Sendable {
  public let directory: String
  /// challtestsrv's DNS port (UDP and TCP) and management port.
  public let dnsPort: Int
  public let dnsManagementPort: Int
  /// Pebble's ACME listener, its management listener (roots), and the HTTP-01 port it validates on.
  public let acmePort: Int
  public let acmeManagementPort: Int
  public let httpPort: Int
  /// The port nginx serves HTTPS on once `serveHTTPS` is called.
  public let httpsPort: Int
  /// The self-signed certificate of Pebble's own listeners (trust it to talk to Pebble).
  public let listenerCertificate: String
  /// Where nginx serves files from (HTTP-01 challenges, `/health`).
  public let webroot: String
  // Started with posix_spawn; stopped in `stop`.
  private var processes: [pid_t] = []

  /// Starts challtestsrv, Pebble (resolving through challtestsrv, validating on `httpPort`) and
  /// nginx on loopback.
  public init() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-acme-\(UUID().uuidString)").path
    directory = base
    webroot = base + "/web"
    listenerCertificate = base + "/pebble-listener.pem"
    try FileManager.default.createDirectory(atPath: webroot + "/.well-known/acme-challenge", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: base + "/logs", withIntermediateDirectories: true)
    for path in [base, webroot, webroot + "/.well-known", webroot + "/.well-known/acme-challenge"] {
      chmod(path, 0o755)
    }
    try Data("ok\n".utf8).write(to: URL(fileURLWithPath: webroot + "/health"))
    let ports = try (0..<6).map { _ in try LoopbackSSHServer.freePort() }
    (dnsPort, dnsManagementPort, acmePort, acmeManagementPort, httpPort, httpsPort) = (ports[0], ports[1], ports[2], ports[3], ports[4], ports[5])
    try LoopbackSSHServer.run(
      "/usr/bin/openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", base + "/pebble-listener.key",
        "-out", listenerCertificate, "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
      ], quiet: true)
    let config = """
      {"pebble": {"listenAddress": "127.0.0.1:\(acmePort)", "managementListenAddress": "127.0.0.1:\(acmeManagementPort)",
        "certificate": "\(listenerCertificate)", "privateKey": "\(base)/pebble-listener.key",
        "httpPort": \(httpPort), "tlsPort": \(httpsPort), "ocspResponderURL": "", "externalAccountBindingRequired": false}}
      """
    try Data(config.utf8).write(to: URL(fileURLWithPath: base + "/pebble.json"))
    try writeNginxConfig(https: nil)
    processes.append(
      try DetachedProcess.spawn(
        "/usr/bin/pebble-challtestsrv",
        [
          "-dns01", "127.0.0.1:\(dnsPort)", "-http01", "", "-https01", "", "-tlsalpn01", "", "-management", "127.0.0.1:\(dnsManagementPort)",
          "-defaultIPv4", "", "-defaultIPv6", "",
        ]))
    setenv("PEBBLE_VA_NOSLEEP", "1", 1)
    setenv("PEBBLE_WFE_NONCEREJECT", "0", 1)
    processes.append(try DetachedProcess.spawn("/usr/bin/pebble", ["-config", base + "/pebble.json", "-dnsserver", "127.0.0.1:\(dnsPort)"]))
    processes.append(try DetachedProcess.spawn("/usr/sbin/nginx", ["-p", base, "-c", base + "/nginx.conf"]))
    for port in [dnsManagementPort, httpPort, acmeManagementPort, acmePort] { try waitUntilListening(port) }
  }

  /// Pebble's ACME directory URL.
  public var directoryURL: String { "https://127.0.0.1:\(acmePort)/dir" }
  /// Where Pebble hands out its current root (it makes a new one at every start).
  public var rootURL: String { "https://127.0.0.1:\(acmeManagementPort)/roots/0" }
  /// challtestsrv's management URL for `path` (`/add-a`, `/clear-a`, ...).
  public func managementURL(_ path: String) -> String { "http://127.0.0.1:\(dnsManagementPort)\(path)" }

  /// Adds an HTTPS server on `httpsPort` with the certificate and key, and reloads nginx.
  public func serveHTTPS(certificate: String, key: String) throws {
    try writeNginxConfig(https: (certificate, key))
    try LoopbackSSHServer.run("/usr/sbin/nginx", ["-p", directory, "-c", directory + "/nginx.conf", "-s", "reload"], quiet: true)
    try waitUntilListening(httpsPort)
  }

  private func writeNginxConfig(https: (certificate: String, key: String)?) throws {
    let temporary = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map { "  \($0)_temp_path \(directory)/tmp-\($0);" }.joined(separator: "\n")
    let secure = https.map { pair in
      """
        server {
          listen 127.0.0.1:\(httpsPort) ssl;
          server_name _;
          ssl_certificate \(pair.certificate);
          ssl_certificate_key \(pair.key);
          root \(webroot);
        }
      """
    } ?? ""
    let config = """
      daemon off;
      pid \(directory)/nginx.pid;
      error_log \(directory)/logs/error.log;
      events { worker_connections 64; }
      http {
        access_log \(directory)/logs/access.log;
      \(temporary)
        server {
          listen 127.0.0.1:\(httpPort);
          root \(webroot);
        }
      \(secure)
      }
      """
    try Data(config.utf8).write(to: URL(fileURLWithPath: directory + "/nginx.conf"))
  }

  private func waitUntilListening(_ port: Int) throws {
    for _ in 0..<200 {
      if LoopbackSocket.accepts(port: port) { return }
      for pid in processes {
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { throw LoopbackSSHServer.StartError(description: "a test server exited at start (are pebble and nginx installed?)") }
      }
      usleep(50_000)
    }
    throw LoopbackSSHServer.StartError(description: "nothing listened on 127.0.0.1:\(port) within 10 seconds")
  }

  /// Stops every server and removes the folder.
  public func stop() {
    for pid in processes where OnceFlag.isUnreapedChild(pid) {
      kill(pid, SIGTERM)
      var status: Int32 = 0
      waitpid(pid, &status, 0)
    }
    processes = []
    try? FileManager.default.removeItem(atPath: directory)
  }

  deinit {
    stop()
  }
}
