import Foundation
public import LandfallCore
public import LandfallModel

/// kubectl as a program: for each call the kubeconfig is written to a fresh file created with
/// mode 0600 in a private temporary folder, passed with `--kubeconfig`, and removed as soon as
/// kubectl exits, whatever happened.
public struct ProcessKubectl: Kubectl {
  private let runner: any CommandRunner
  private let executable: String
  private let temporaryDirectory: String

  /// kubectl at `executable` (a name on PATH or a path), run through `runner`.
  public init(runner: any CommandRunner, executable: String = "kubectl", temporaryDirectory: String? = nil) {
    self.runner = runner
    self.executable = executable
    self.temporaryDirectory = temporaryDirectory ?? NSTemporaryDirectory()
  }

  public func run(_ arguments: [String], kubeconfig: Secret, standardInput: [UInt8]) async throws(CommandError) -> CommandResult {
    let folder = Path.join(temporaryDirectory, "landfall-kube-\(UUID().uuidString)")
    guard mkdir(folder, 0o700) == 0 else {
      throw .failedToStart(executable: executable, reason: "cannot create a private folder in \(temporaryDirectory)")
    }
    let file = Path.join(folder, "kubeconfig")
    defer {
      unlink(file)
      rmdir(folder)
    }
    let descriptor = open(file, O_CREAT | O_EXCL | O_WRONLY, 0o600)
    guard descriptor >= 0 else { throw .failedToStart(executable: executable, reason: "cannot create the kubeconfig file") }
    let written = kubeconfig.withValue { value in
      Array(value.utf8).withUnsafeBytes { bytes in write(descriptor, bytes.baseAddress, bytes.count) == bytes.count }
    }
    close(descriptor)
    guard written else { throw .failedToStart(executable: executable, reason: "cannot write the kubeconfig file") }
    return try await runner.run(CommandRequest(
      executable: executable, arguments: ["--kubeconfig", file] + arguments, standardInput: standardInput, timeout: .seconds(900)))
  }
}
