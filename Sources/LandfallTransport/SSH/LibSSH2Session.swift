internal import CSSH2
import Foundation
public import LandfallCore

/// One SSH connection over libssh2. Every libssh2 call runs on the session's own serial queue in
/// non-blocking mode, waiting on the socket with `poll`, so Swift's cooperative threads never block.
public final class LibSSH2Session: SSHSession, @unchecked Sendable {
  // `connection` is only touched on `queue`.
  private let queue: DispatchQueue
  let connection: LibSSH2Connection

  init(target: SSHTarget) {
    queue = DispatchQueue(label: "landfall.ssh.\(target.host)")
    connection = LibSSH2Connection(target: target)
  }

  func perform<T: Sendable>(_ body: @escaping @Sendable (LibSSH2Connection) throws(SSHError) -> T) async throws(SSHError) -> T {
    let outcome: Result<T, SSHError> = await withTaskCancellationHandler {
      await withCheckedContinuation { continuation in
        queue.async { [connection] in
          do throws(SSHError) {
            continuation.resume(returning: .success(try body(connection)))
          } catch {
            continuation.resume(returning: .failure(error))
          }
        }
      }
    } onCancel: { [connection] in
      connection.cancel()
    }
    return try outcome.get()
  }

  public func exec(_ command: String, input: [UInt8]) async throws(SSHError) -> SSHExecResult {
    try await perform { connection throws(SSHError) in try connection.exec(command, input: input) }
  }

  public func upload(_ data: [UInt8], to path: String, mode: Int32) async throws(SSHError) {
    try await perform { connection throws(SSHError) in try connection.upload(data, to: path, mode: mode) }
  }

  public func stream(
    _ command: String, input: @escaping @Sendable () -> [UInt8]?, onOutput: @escaping @Sendable ([UInt8], Bool) -> Void
  ) async throws(SSHError) -> Int32 {
    try await perform { connection throws(SSHError) in try connection.stream(command, input: input, onOutput: onOutput) }
  }

  public func upload(_ data: [UInt8], to path: String, mode: Int32, progress: @escaping @Sendable (Int, Int) -> Void) async throws(SSHError) {
    try await perform { connection throws(SSHError) in try connection.upload(data, to: path, mode: mode, progress: progress) }
  }

  public func download(_ path: String) async throws(SSHError) -> [UInt8] {
    try await perform { connection throws(SSHError) in try connection.download(path) }
  }

  public func close() async {
    _ = try? await perform { connection throws(SSHError) in connection.shutdown() }
  }
}
