/// A reproducible random source (SplitMix64) so a failing property names its seed.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) {
    state = seed
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

enum Samples {
  static let words = [
    "the", "app", "moves", "to", "a", "server", "with", "its", "volume", "and", "database", "then", "DNS",
    "points", "at", "new", "address", "after", "checks", "pass", "logs", "show", "nginx", "started", "port",
    "8080", "region", "iad", "backup", "restore", "rows", "matched", "container", "docker", "compose", "key:",
    "value", "path=/data", "https://example.com/docs", "user@example.com", "a=b", "x: 1", "TOKEN", "password",
  ]

  static func prose(_ generator: inout SeededGenerator, words count: Int) -> String {
    (0..<count).map { _ in words.randomElement(using: &generator) ?? "" }.joined(separator: " ")
  }

  static func secretValue(_ generator: inout SeededGenerator) -> String {
    let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_+/=!@#$%^&*:")
    let length = Int.random(in: 10...48, using: &generator)
    return String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? "x" })
  }
}
