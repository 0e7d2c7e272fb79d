/// A program left running in the background (a database proxy), stopped when no longer needed.
public protocol BackgroundProgram: Sendable {
  /// Stops the program (SIGTERM, then SIGKILL if it lingers) and waits for it to exit.
  func stop() async
}

/// Starts programs that keep running, such as `flyctl proxy`.
///
/// Live: `ProcessProgramLauncher` (LandfallTransport).
public protocol ProgramLauncher: Sendable {
  /// Starts `request` and returns once something accepts TCP connections on 127.0.0.1:`port`;
  /// fails when the program exits first or its `timeout` (default 30 s) passes.
  func launch(_ request: CommandRequest, listeningOn port: Int) async throws(CommandError) -> any BackgroundProgram
  /// A port on 127.0.0.1 that nothing listens on right now.
  func freeLocalPort() throws(CommandError) -> Int
}
