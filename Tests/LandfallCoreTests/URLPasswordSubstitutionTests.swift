import LandfallCore
import LandfallModel
import Testing

/// A secret filled in as a URL's password stays the password whatever characters it holds, so
/// no part of it can become the port, the database or a parameter that an error would quote.
@Suite struct URLPasswordSubstitutionTests {
  static let awkward = "wJalr/K7?MDENG&bPx@Rfi:CY%20#key"

  @Test func aPasswordIsPercentEncodedAndParsesBackWhole() throws {
    let text = SecretHandle.substitute("postgres://app:{{secret:PW}}@127.0.0.1:5433/notes?sslmode=disable") { _ in Self.awkward }
    #expect(!text.contains("/K7?") && !text.contains("&bPx@"), "\(text)")
    let endpoint = try PostgresEndpoint(url: text)
    #expect(endpoint.password == Self.awkward)
    #expect(endpoint.host == "127.0.0.1" && endpoint.port == 5433 && endpoint.database == "notes" && endpoint.user == "app")
  }

  @Test func aHandleAnywhereElseIsFilledInAsItIs() {
    for template in ["Bearer {{secret:PW}}", "{{secret:PW}}", "https://example.com/?token={{secret:PW}}", "postgres://u:x@h:{{secret:PW}}@h/db"] {
      let filled = SecretHandle.substitute(template) { _ in Self.awkward }
      #expect(filled.contains(Self.awkward), "\(template) -> \(filled)")
    }
  }

  @Test func aPortOutOfRangeInTheQueryIsAnErrorThatQuotesNothing() {
    for url in ["postgres://u@127.0.0.1/db?port=9999999999", "postgres://u@127.0.0.1/db?port=0", "postgres://u@127.0.0.1:99999999999999999999/db"] {
      #expect(throws: PostgresError.invalidURL("the port is not a number from 1 to 65535"), "\(url)") { try PostgresEndpoint(url: url) }
    }
    #expect(throws: PostgresError.self) { try PostgresEndpoint(url: "postgres://u@127.0.0.1/db?s3cr3t-fragment=1") }
    do {
      _ = try PostgresEndpoint(url: "postgres://u@127.0.0.1/db?s3cr3t-fragment=1")
    } catch {
      #expect(!error.description.contains("s3cr3t"), "\(error.description)")
    }
  }
}
