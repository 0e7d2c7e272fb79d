import Foundation
import LandfallCore
import LandfallFakes

/// A real nginx (Debian's) on 127.0.0.1 in a temporary prefix, in the foreground, with a site
/// shaped like the one the migration writes: `proxy_pass` straight to the app's port.
public final class LoopbackNginx: @unchecked Sendable {
  public let prefix: String
  public let port: Int
  /// The nginx command with this prefix and config, as a deploy script runs it (`-t`, `-s reload`).
  public let command: String
  public let sitePath: String
  public let upstreamPath: String
  public let pidFile: String
  private let pid: pid_t
  /// Set once nginx was reaped: its pid may then belong to another process.
  private let reaped = OnceFlag()

  /// Starts nginx in `prefix` (created), proxying its port to 127.0.0.1:`appPort`.
  public init(prefix: String, appPort: Int, binary: String = "/usr/sbin/nginx") throws {
    self.prefix = prefix
    for folder in ["conf.d", "sites", "logs", "temp"] {
      try FileManager.default.createDirectory(atPath: prefix + "/" + folder, withIntermediateDirectories: true)
    }
    port = try LoopbackSSHServer.freePort()
    sitePath = prefix + "/sites/landfall"
    upstreamPath = prefix + "/conf.d/landfall-upstream.conf"
    pidFile = prefix + "/nginx.pid"
    let temp = prefix + "/temp"
    let config = """
      worker_processes 2;
      error_log \(prefix)/logs/error.log;
      pid \(pidFile);
      events { worker_connections 1024; }
      http {
          access_log off;
          client_body_temp_path \(temp)/body;
          proxy_temp_path \(temp)/proxy;
          fastcgi_temp_path \(temp)/fastcgi;
          uwsgi_temp_path \(temp)/uwsgi;
          scgi_temp_path \(temp)/scgi;
          include \(prefix)/conf.d/*.conf;
          include \(sitePath);
      }

      """
    let site = """
      server {
          listen 127.0.0.1:\(port);
          location / {
              proxy_pass http://127.0.0.1:\(appPort);
              proxy_set_header Host $host;
          }
      }

      """
    try Data(config.utf8).write(to: URL(fileURLWithPath: prefix + "/nginx.conf"))
    try Data(site.utf8).write(to: URL(fileURLWithPath: sitePath))
    command = "\(binary) -p \(prefix) -c \(prefix)/nginx.conf"
    pid = try DetachedProcess.spawn(binary, ["-p", prefix, "-c", prefix + "/nginx.conf", "-g", "daemon off;"])
    try LoopbackSSHServer.waitUntilListening(port: port, pid: pid, program: "nginx (is the nginx package installed?)")
  }

  /// Stops nginx at once and reaps it.
  public func stop() {
    guard reaped.claim(), OnceFlag.isUnreapedChild(pid) else { return }
    kill(pid, SIGTERM)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
  }

  deinit {
    stop()
  }
}
