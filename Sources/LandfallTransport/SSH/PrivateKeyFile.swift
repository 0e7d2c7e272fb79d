import Foundation

/// Facts about a private key file that decide how to log in with it.
enum PrivateKeyFile {
  /// True when the key needs a passphrase: a PEM key marked ENCRYPTED, or an OpenSSH key whose
  /// cipher is not `none`.
  static func isEncrypted(_ path: String) -> Bool {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return false }
    if text.contains("ENCRYPTED") { return true }
    guard text.contains("BEGIN OPENSSH PRIVATE KEY") else { return false }
    let body = text.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    guard let data = Data(base64Encoded: body) else { return false }
    let bytes = [UInt8](data)
    let magic = Array("openssh-key-v1\0".utf8)
    guard bytes.count > magic.count + 4, Array(bytes[0..<magic.count]) == magic else { return false }
    let start = magic.count
    let length = Int(bytes[start]) << 24 | Int(bytes[start + 1]) << 16 | Int(bytes[start + 2]) << 8 | Int(bytes[start + 3])
    guard bytes.count >= start + 4 + length else { return false }
    return String(decoding: bytes[(start + 4)..<(start + 4 + length)], as: UTF8.self) != "none"
  }
}
