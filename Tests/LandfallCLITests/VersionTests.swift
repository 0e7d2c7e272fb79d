import Foundation
import LandfallTestSupport
import Testing

/// `landfall --version` names the C libraries it runs with, for bug reports.
@Suite(.ownThreads) struct VersionTests {
  @Test func namesLandfallsVersionAndEveryLinkedLibrary() async throws {
    let result = try await CLI.run(["--version"])
    #expect(result.status == 0)
    let line = result.stdout.trimmingCharacters(in: .newlines)
    #expect(line.hasPrefix("0.1.0 (libcurl/"))
    for library in ["; libssh2 1.", "; libpq ", "; libedit ", "; SQLite 3."] {
      #expect(line.contains(library), "\(line)")
    }
  }
}
