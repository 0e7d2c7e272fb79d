public import LandfallModel
public import LandfallPolicy

/// Where a secret value came from.
public enum SecretOrigin: String, Sendable, Equatable {
  case person
  case secretsFile = "secrets_file"
  case fly
  case minted
}

/// Why the vault refused a value.
public enum SecretVaultError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The name already holds another value and replacing it was not approved.
  case alreadyHeld(String)
  /// The value could not be kept for a resumed session, so it was not stored.
  case notKept(String, reason: String)

  public var description: String {
    switch self {
    case .alreadyHeld(let name):
      return "the vault already holds a value for \(name); replacing it needs the person's approval (ask for it, or choose another name)"
    case .notKept(let name, let reason):
      return "\(name) was not stored: it could not be kept for a resumed session (\(reason)); fix that and try again"
    }
  }
}

/// Holds secret values for one session. Values go in; only names, handles and a redactor come
/// out, except for the runner substituting handles at the moment a tool runs.
///
/// A value that entered the vault is redacted for the rest of the session, even after another
/// value replaced it; the redactor is rebuilt the moment a value arrives, so every sink that asks
/// for it afterwards knows the new value.
public actor SecretVault {
  private var values: [(name: String, secret: Secret, origin: SecretOrigin)] = []
  private var retired: [(name: String, secret: Secret)] = []
  /// Replaced values the backup keeps (still redacted after a resume); never the person's
  /// secrets file nor redact-only values.
  private var retiredKept: [(name: String, secret: Secret)] = []
  private var cachedRedactor: Redactor?
  private var observers: [@Sendable (Redactor, Int) -> Void] = []
  private var streams: [WeakStream] = []
  private let backup: (any VaultBackup)?

  /// An empty vault; with `backup`, every value that is not the person's own secrets file is
  /// kept there as it arrives, for `restore()` in a resumed session.
  public init(backup: (any VaultBackup)? = nil) {
    self.backup = backup
  }

  /// Takes back the values kept by an earlier run of this session; returns their names.
  public func restore() throws(VaultBackupError) -> [String] {
    guard let backup else { return [] }
    let kept = try backup.load()
    for entry in kept where entry.retired {
      retired.append((entry.name, entry.secret))
      retiredKept.append((entry.name, entry.secret))
    }
    for entry in kept where !entry.retired && !values.contains(where: { $0.name == entry.name }) {
      values.append((entry.name, entry.secret, entry.origin))
    }
    refreshed()
    return kept.filter { !$0.retired }.map(\.name)
  }

  /// Stores `secret` under `name`. A name that holds a different value is replaced only when
  /// `replacing` is true (the person approved it); the old value stays known to the redactor.
  public func store(_ name: String, _ secret: Secret, origin: SecretOrigin, replacing: Bool = false) throws(SecretVaultError) {
    if let index = values.firstIndex(where: { $0.name == name }) {
      let same = values[index].secret.withValue { old in secret.withValue { old == $0 } }
      if same { return }
      guard replacing else { throw .alreadyHeld(name) }
      let old = values[index]
      let retiring = old.origin == .secretsFile ? retiredKept : retiredKept + [(old.name, old.secret)]
      try keep(name, from: origin, values: values.filter { $0.name != name } + [(name, secret, origin)], retired: retiring)
      retiredKept = retiring
      retired.append((name, values[index].secret))
      values.remove(at: index)
    } else {
      try keep(name, from: origin, values: values + [(name, secret, origin)], retired: retiredKept)
    }
    values.append((name, secret, origin))
    refreshed()
  }

  /// Saves what the backup keeps once `name` arrives from `origin`: nothing changes for it when
  /// the value came from the person's secrets file and retired nothing the backup keeps.
  private func keep(
    _ name: String, from origin: SecretOrigin, values all: [(name: String, secret: Secret, origin: SecretOrigin)],
    retired kept: [(name: String, secret: Secret)]
  ) throws(SecretVaultError) {
    let retiresKeptValue = kept.count != retiredKept.count
    guard let backup, origin != .secretsFile || retiresKeptValue else { return }
    let entries = all.filter { $0.origin != .secretsFile }.map { KeptSecret(name: $0.name, secret: $0.secret, origin: $0.origin) }
      + kept.map { KeptSecret(name: $0.name, secret: $0.secret, origin: .minted, retired: true) }
    do {
      try backup.save(entries)
    } catch {
      throw .notKept(name, reason: error.message)
    }
  }

  /// Keeps `secret` out of every output without making it usable as a handle (the model
  /// endpoint's key, which no tool needs).
  public func redactOnly(_ name: String, _ secret: Secret) {
    retired.append((name, secret))
    refreshed()
  }

  private func refreshed() {
    cachedRedactor = nil
    let fresh = redactor
    let hold = holdBack
    for observer in observers { observer(fresh, hold) }
    for entry in streams { entry.stream?.update(fresh, holdBack: hold) }
  }

  /// Calls `observer` with the new redactor and hold-back every time a value arrives (and once now).
  public func observe(_ observer: @escaping @Sendable (Redactor, Int) -> Void) {
    observers.append(observer)
    observer(redactor, holdBack)
  }

  /// How many trailing characters of a stream could still be the start of a held value in its
  /// longest encoding (JSON `\\uXXXX` escapes take six characters a byte).
  public var holdBack: Int {
    let longest = (values.map(\.secret) + retired.map(\.secret)).map { $0.withValue { $0.utf8.count } }.max() ?? 0
    return max(64, longest * 6 + 16)
  }

  /// A stream into `sink` redacted with this vault's values, kept current as values arrive.
  public func streamingRedactor(into sink: @escaping @Sendable (String) -> Void) -> StreamingRedactor {
    let stream = StreamingRedactor(redactor: redactor, holdBack: holdBack, sink: sink)
    streams.removeAll { $0.stream == nil }
    streams.append(WeakStream(stream: stream))
    return stream
  }

  /// The names held, in the order they arrived.
  public var names: [String] { values.map(\.name) }

  /// Where the value for `name` came from.
  public func origin(of name: String) -> SecretOrigin? {
    values.first { $0.name == name }?.origin
  }

  /// A redactor that knows every value held now or ever held in this session.
  public var redactor: Redactor {
    if let cachedRedactor { return cachedRedactor }
    let built = Redactor(secrets: values.map { ($0.name, $0.secret) } + retired.map { ($0.name, $0.secret) })
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

/// A stream the vault keeps current without keeping it alive.
private struct WeakStream {
  weak var stream: StreamingRedactor?
}
