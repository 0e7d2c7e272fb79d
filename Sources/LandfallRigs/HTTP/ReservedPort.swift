import Foundation
import LandfallFakes

/// A loopback port that refuses connections for as long as this value lives: the socket is
/// bound but never listens, so no other test can be handed the same port meanwhile.
public final class ReservedPort: @unchecked Sendable {
  // Owned; closed in deinit.
  private let socket: Int32
  public let port: Int

  /// Reserves a port.
  public init() throws {
    (socket, port) = try LoopbackSocket.bound()
  }

  deinit {
    close(socket)
  }
}
