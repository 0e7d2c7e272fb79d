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

/// The standard output of a running program, read as it comes.
public protocol ProgramOutput: Sendable {
  /// The next piece of output, waiting for it; nil at the end. Call from one thread at a time.
  func next() -> [UInt8]?
  /// Waits for the program to exit; its status and what it wrote on standard error.
  func finish() async -> CommandResult
}

/// Starts programs whose output is consumed as a stream (a `tar` archive from `flyctl ssh console`).
///
/// Live: `ProcessProgramLauncher` (LandfallTransport).
public protocol StreamingProgramLauncher: Sendable {
  /// Starts `request`; standard output is read through the returned stream.
  func stream(_ request: CommandRequest) throws(CommandError) -> any ProgramOutput
}
