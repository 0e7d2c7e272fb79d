public import LandfallCore
internal import LandfallModel

/// A docker CLI (with the `mktemp`, `rm` and `git` calls around it) that records every call and
/// behaves like a registry that wants a login: `login --password-stdin` keeps the login in the
/// `--config` folder it was given, `build` keeps the tag, and `push` of a built tag succeeds only
/// from a folder logged in to the tag's registry, answering with a digest as docker does.
public actor RecordingDocker: CommandRunner {
  /// One call: the program, its arguments and what it read on standard input.
  public struct Call: Sendable, Equatable {
    public var executable: String
    public var arguments: [String]
    public var standardInput: String
  }

  /// Every call, in order.
  public private(set) var calls: [Call] = []
  /// Tags built so far.
  public private(set) var images: [String] = []
  /// Tags pushed so far, with their digests.
  public private(set) var pushed: [String: String] = [:]
  /// Private configuration folders that exist now.
  public private(set) var folders: Set<String> = []
  private var logins: [String: (registry: String, username: String)] = [:]
  private let commit: String
  private let uncommitted: String
  private let acceptedPassword: String?

  /// A docker whose registry accepts only `acceptedPassword` (any when `nil`), in a repository at
  /// `commit` with `uncommitted` as `git status --porcelain` output.
  public init(commit: String = "4f2c9a1b7d3e", uncommitted: String = "", acceptedPassword: String? = nil) {
    self.commit = commit
    self.uncommitted = uncommitted
    self.acceptedPassword = acceptedPassword
  }

  public func run(_ request: CommandRequest) async throws(CommandError) -> CommandResult {
    let input = String(decoding: request.standardInput, as: UTF8.self)
    calls.append(Call(executable: request.executable, arguments: request.arguments, standardInput: input))
    switch request.executable {
    case "mktemp":
      let folder = "/tmp/landfall-docker.\(calls.count)"
      folders.insert(folder)
      return Self.success(folder + "\n")
    case "rm":
      for folder in request.arguments where folders.remove(folder) != nil { logins[folder] = nil }
      return Self.success("")
    case "git":
      return Self.success(request.arguments.contains("status") ? uncommitted : commit + "\n")
    case "docker":
      return docker(request.arguments, input: input)
    default:
      throw .notFound(executable: request.executable)
    }
  }

  private func docker(_ arguments: [String], input: String) -> CommandResult {
    var words = arguments
    var folder: String?
    if words.first == "--config", words.count > 1 {
      folder = words[1]
      words.removeFirst(2)
      guard let folder, folders.contains(folder) else { return Self.failure("WARNING: Error loading config file: \(folder ?? ""): no such directory") }
    }
    switch words.first {
    case "login":
      guard let folder, words.contains("--password-stdin"), let registry = words.dropFirst().first,
        let index = words.firstIndex(of: "--username"), index + 1 < words.count
      else { return Self.failure("Error: Cannot perform an interactive login from a non TTY device") }
      if let acceptedPassword, input.trimmingCharacters(in: .newlines) != acceptedPassword {
        return Self.failure("Error response from daemon: Get \"https://\(registry)/v2/\": denied: denied")
      }
      logins[folder] = (registry, words[index + 1])
      return Self.success("Login Succeeded\n")
    case "build":
      guard let index = words.firstIndex(of: "-t"), index + 1 < words.count else { return Self.failure("ERROR: no tag given") }
      images.append(words[index + 1])
      return Self.success("")
    case "push":
      let reference = words.dropFirst().first ?? ""
      guard images.contains(reference) else { return Self.failure("An image does not exist locally with the tag: \(reference)") }
      let registry = String(reference.prefix { $0 != "/" })
      guard let folder, logins[folder]?.registry == registry else {
        return Self.failure("unauthorized: authentication required")
      }
      let digest = "sha256:" + SHA256.hex(Array(reference.utf8))
      pushed[reference] = digest
      let tag = reference.split(separator: ":").last.map(String.init) ?? "latest"
      return Self.success("The push refers to repository [\(reference.prefix { $0 != ":" })]\n\(tag): digest: \(digest) size: 1573\n")
    default:
      return Self.failure("docker: '\(words.first ?? "")' is not a docker command.")
    }
  }

  private static func success(_ output: String) -> CommandResult {
    CommandResult(exitCode: 0, standardOutput: output, standardError: "")
  }

  private static func failure(_ message: String) -> CommandResult {
    CommandResult(exitCode: 1, standardOutput: "", standardError: message + "\n")
  }
}
