import Foundation

/// `sha256sum` lines (`HASH  ./path`) read into path -> hash.
struct VolumeManifest {
  let files: [String: String]

  init(_ text: String) {
    var files: [String: String] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: " ", maxSplits: 1)
      guard parts.count == 2, parts[0].count == 64 else { continue }
      var path = String(parts[1].drop { $0 == " " || $0 == "*" })
      if path.hasPrefix("./") { path.removeFirst(2) }
      files[path] = String(parts[0])
    }
    self.files = files
  }

  /// The two sides compared: files missing or different on the VM fail; extra files on the VM
  /// (deleted on Fly since an earlier pass) are named.
  static func compare(fly: VolumeManifest, vm: VolumeManifest) -> (match: Bool, text: String) {
    let missing = fly.files.keys.filter { vm.files[$0] == nil }.sorted()
    let different = fly.files.keys.filter { vm.files[$0] != nil && vm.files[$0] != fly.files[$0] }.sorted()
    let extra = vm.files.keys.filter { fly.files[$0] == nil }.sorted()
    var lines = ["files on Fly: \(fly.files.count), on the VM: \(vm.files.count)"]
    if !missing.isEmpty { lines.append("MISSING on the VM: " + missing.prefix(20).joined(separator: ", ")) }
    if !different.isEmpty { lines.append("DIFFERENT sha256: " + different.prefix(20).joined(separator: ", ")) }
    if !extra.isEmpty { lines.append("only on the VM (deleted on Fly since an earlier pass?): " + extra.prefix(20).joined(separator: ", ")) }
    let match = missing.isEmpty && different.isEmpty
    lines.append(match ? "sha256 manifests match for every file on Fly" : "the volume copy does not match; run fly_volume_copy again")
    return (match, lines.joined(separator: "\n"))
  }
}

/// Output gathered from a callback on another thread.
final class Collector: @unchecked Sendable {
  private let lock = NSLock()
  private var out: [UInt8] = []
  private var err: [UInt8] = []

  func add(_ bytes: [UInt8], _ isError: Bool) {
    lock.withLock { if isError { err += bytes } else { out += bytes } }
  }

  var output: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
  var errors: String { lock.withLock { String(decoding: err, as: UTF8.self) } }
}
