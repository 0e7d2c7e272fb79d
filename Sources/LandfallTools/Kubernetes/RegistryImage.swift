internal import Foundation
public import LandfallCore
internal import LandfallModel

/// An image repository in a registry the person owns, e.g. `ghcr.io/OWNER/APP`: American Cloud
/// offers no registry, so a cluster pulls from the person's (GHCR, Docker Hub, GitLab, ...).
public struct RegistryImage: Sendable, Equatable {
  /// The registry's host (with a port when it has one), e.g. `ghcr.io`.
  public var registry: String
  /// The full repository, registry included, without tag or digest.
  public var repository: String

  /// Reads `text`; the registry must be named (a host with a dot or a port, or `localhost`), and
  /// no tag or digest may be given, because the tag is the commit being pushed.
  public init(_ text: String) throws(ToolFailure) {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
    guard parts.count >= 2, let host = parts.first, host.contains(".") || host.contains(":") || host == "localhost" else {
      throw .invalidArguments(
        "image must start with the registry's host, e.g. ghcr.io/OWNER/APP (Docker Hub: docker.io/USER/APP); American Cloud has no registry, so the image goes to the person's")
    }
    let allowed: (Character) -> Bool = { $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) }
    guard parts.dropFirst().allSatisfy({ !$0.isEmpty && $0.allSatisfy(allowed) }), host.allSatisfy({ allowed($0) || $0 == ":" || $0.isUppercase }) else {
      throw .invalidArguments("image '\(text)' is not a repository: use lower-case letters, digits, '.', '-', '_' and '/' and leave out the tag (the commit becomes the tag)")
    }
    registry = host
    repository = text
  }

  /// The repository of a full reference such as `ghcr.io/OWNER/APP:TAG` or `...@sha256:...`.
  public init(reference: String) throws(ToolFailure) {
    var repository = String(reference.split(separator: "@", maxSplits: 1).first ?? "")
    if let slash = repository.lastIndex(of: "/"), let colon = repository[slash...].lastIndex(of: ":") { repository = String(repository[..<colon]) }
    try self.init(repository)
  }

  /// The key Docker and Kubernetes use for the registry's credentials (Docker Hub has its own).
  public var authKey: String {
    ["docker.io", "index.docker.io", "registry-1.docker.io"].contains(registry) ? "https://index.docker.io/v1/" : registry
  }

  /// The `.dockerconfigjson` content that lets a cluster pull from this registry.
  public func dockerConfigJSON(username: String, password: String) -> String {
    let auth = Data("\(username):\(password)".utf8).base64EncodedString()
    return JSONWriter.string(.object([
      ("auths", .object([
        (authKey, .object([("username", .string(username)), ("password", .string(password)), ("auth", .string(auth))])),
      ])),
    ]))
  }
}

extension SecretVault {
  /// The registry token stored as `name`, only when the person gave it (typed or from their
  /// secrets file) as a registry token (its name starts with `REGISTRY_`): a value imported from
  /// Fly, minted here, or given for anything else (an API key) never goes to a registry, so a
  /// call cannot send it to a host it names.
  func registryToken(_ name: String) throws(ToolFailure) -> Secret {
    guard name.hasPrefix(Self.registryTokenPrefix) else {
      throw .invalidArguments("\(name) is not a registry token: only a value the person gave under a name starting with \(Self.registryTokenPrefix) is sent to a registry")
    }
    guard let token = reveal(name) else {
      throw .invalidArguments("the vault has no \(name): ask the person for a registry token (ask_secret with that name), then call again")
    }
    guard origin(of: name) == .person || origin(of: name) == .secretsFile else {
      throw .invalidArguments("\(name) is not a registry token the person gave (it came from Fly or was generated); ask for one with ask_secret")
    }
    return token
  }

  /// What the name of a registry token starts with.
  static let registryTokenPrefix = "REGISTRY_"
}
