import LandfallTranscript
import LandfallTransport

/// What `landfall --version` prints: Landfall's version and those of the C libraries it links.
enum VersionText {
  static let number = "0.1.0"

  static var full: String {
    let libpq = NativeLibraries.libpq
    let libraries = [
      NativeLibraries.curl, "libssh2 \(NativeLibraries.ssh2)", "libpq \(libpq / 10_000).\(libpq % 10_000)",
      "libedit \(NativeLibraries.edit)", "SQLite \(SQLiteDatabase.libraryVersion)",
    ]
    return "\(number) (\(libraries.joined(separator: "; ")))"
  }
}
