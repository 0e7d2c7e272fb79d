/// Fly Machine size presets and the unit rules for guest memory.
public enum MachinePresets {
  /// A preset's CPU kind, CPU count and default memory.
  public struct Guest: Sendable, Equatable {
    public var cpuKind: String
    public var cpus: Int
    public var memoryMb: Int
  }

  /// Every preset name flyctl knows.
  public static let all: [String: Guest] = {
    var table: [String: Guest] = [:]
    for (cpus, memory) in [(1, 256), (2, 512), (4, 1024), (6, 1536), (8, 2048)] {
      table["shared-cpu-\(cpus)x"] = Guest(cpuKind: "shared", cpus: cpus, memoryMb: memory)
    }
    for cpus in [1, 2, 4, 6, 8, 10, 12, 14, 16] {
      table["performance-\(cpus)x"] = Guest(cpuKind: "performance", cpus: cpus, memoryMb: cpus * 2048)
    }
    for gpu in ["a100-40gb", "a100-80gb", "l40s", "a10"] {
      table[gpu] = Guest(cpuKind: "performance", cpus: 8, memoryMb: 32768)
    }
    return table
  }()

  /// The preset used when fly.toml names none.
  public static let defaultSize = "shared-cpu-1x"

  /// The smallest memory flyctl allows for `cpus` CPUs of `kind`.
  public static func memoryFloor(cpuKind: String, cpus: Int) -> Int {
    cpuKind == "performance" ? cpus * 2048 : cpus * 256
  }

  /// Megabytes from a fly.toml memory value: digits alone mean MB; `gb`/`g`/`mb`/`m` suffixes
  /// are binary units (`"1gb"` is 1024).
  public static func megabytes(from text: String) -> Int? {
    let lowered = text.lowercased().filter { $0 != " " && $0 != "_" }
    let digits = lowered.prefix { $0.isNumber || $0 == "." }
    guard let amount = Double(digits), amount >= 0 else { return nil }
    let unit = lowered.dropFirst(digits.count)
    let factor: Double
    switch unit {
    case "", "m", "mb", "mib": factor = 1
    case "g", "gb", "gib": factor = 1024
    case "t", "tb", "tib": factor = 1024 * 1024
    case "k", "kb", "kib": factor = 1.0 / 1024
    default: return nil
    }
    return Int((amount * factor).rounded())
  }
}
