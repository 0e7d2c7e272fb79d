public import LandfallModel
public import LandfallPolicy

/// Where a secret value came from.
public enum SecretOrigin: String, Sendable, Equatable {
  case person
  case secretsFile = "secrets_file"
  case fly
  case minted
}

/// Holds secret values for one session. Values go in; only names, handles and a redactor come
/// out, except for the runner substituting handles at the moment a tool runs.
public actor SecretVault {
  private var values: [(name: String, secret: Secret, origin: SecretOrigin)] = []
  private var cachedRedactor: Redactor?

  /// An empty vault.
  public init() {}

  /// Stores `secret` under `name`, replacing an earlier value.
  public func store(_ name: String, _ secret: Secret, origin: SecretOrigin) {
    values.removeAll { $0.name == name }
    values.append((name, secret, origin))
    cachedRedactor = nil
  }

  /// The names held, in the order they arrived.
  public var names: [String] { values.map(\.name) }

  /// Where the value for `name` came from.
  public func origin(of name: String) -> SecretOrigin? {
    values.first { $0.name == name }?.origin
  }

  /// A redactor that knows every value held now.
  public var redactor: Redactor {
    if let cachedRedactor { return cachedRedactor }
    let built = Redactor(secrets: values.map { ($0.name, $0.secret) })
    cachedRedactor = built
    return built
  }

  /// `value` with every `{{secret:NAME}}` handle replaced by the value, for the tool about to run.
  func substitute(into value: JSONValue) -> JSONValue {
    switch value {
    case .string(let text):
      return .string(SecretHandle.substitute(text) { name in
        values.first { $0.name == name }?.secret.withValue { $0 }
      })
    case .array(let items): return .array(items.map { substitute(into: $0) })
    case .object(let pairs): return .object(pairs.map { (key: $0.key, value: substitute(into: $0.value)) })
    default: return value
    }
  }

  /// The value for `name`, for a tool that writes it where it belongs (never to the model).
  public func reveal(_ name: String) -> Secret? {
    values.first { $0.name == name }?.secret
  }
}
