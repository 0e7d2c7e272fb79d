import LandfallTestSupport
import LandfallTranscript
import LandfallTransport
import Testing

@Suite(.ownThreads) struct NativeLibrariesTests {
  @Test func eachLinkedLibraryAnswersWithItsVersion() {
    #expect(NativeLibraries.curl.hasPrefix("libcurl/"))
    #expect(NativeLibraries.ssh2.split(separator: ".").count >= 2)
    #expect(NativeLibraries.libpq >= 100_000)
    #expect(!NativeLibraries.edit.isEmpty)
    #expect(SQLiteDatabase.libraryVersion.hasPrefix("3."))
  }

  @Test func sqliteRoundTripsEveryValueKindInMemory() async throws {
    let database = try SQLiteDatabase(path: ":memory:")
    try await database.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, n TEXT)")
    let text = "it's \"quoted\" — ünïcode 🚀"
    try await database.query("INSERT INTO t VALUES (?, ?, ?, ?)", [.integer(-42), .real(2.5), .text(text), .null])
    let rows = try await database.query("SELECT i, r, s, n FROM t")
    #expect(rows == [[.integer(-42), .real(2.5), .text(text), .null]])
  }

  @Test func sqliteErrorsNameTheDatabaseAndTheStep() async throws {
    let database = try SQLiteDatabase(path: ":memory:")
    await #expect(throws: SQLiteError(path: ":memory:", operation: "prepare", message: "no such table: missing")) {
      try await database.query("SELECT * FROM missing")
    }
    #expect(throws: SQLiteError.self) { try SQLiteDatabase(path: "/nonexistent-dir/x/y.db") }
  }
}
