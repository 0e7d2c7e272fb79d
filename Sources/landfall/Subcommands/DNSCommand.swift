import ArgumentParser
import Foundation
import LandfallCore
import LandfallModel
import LandfallTools
import LandfallTransport

struct DNSCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dns", abstract: "Check what a name resolves to.", subcommands: [DNSCheckCommand.self])
}

struct DNSCheckCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Ask a DNS server for NAME and compare the answer with the expected address (exit 1 when it differs).")

  @Argument(help: "The name to look up, e.g. app.example.com.") var name: String
  @Option(help: "The address NAME should resolve to (IPv4, or IPv6 for an AAAA check).") var expect: String
  @Option(help: "The DNS server as HOST:PORT (default: the first nameserver of /etc/resolv.conf).") var resolver: String?
  @Flag(help: "Print the result as JSON.") var json = false

  func run() async throws {
    guard let expected = IPAddress(expect) else { throw LandfallFailure.usage("--expect \(expect): not an IPv4 or IPv6 address") }
    let server: DNSServer
    if let resolver {
      guard let parsed = DNSServer.parse(resolver) else { throw LandfallFailure.usage("--resolver \(resolver): expected HOST:PORT") }
      server = parsed
    } else {
      guard let system = ResolvConf.systemNameserver() else {
        throw LandfallFailure.usage("/etc/resolv.conf lists no nameserver: pass --resolver HOST:PORT")
      }
      server = system
    }
    let result: DNSCheckResult
    do {
      result = try await DNSCheck.run(name: name, expect: expected, expectText: expect, server: server, resolver: SocketDNSResolver())
    } catch {
      switch error {
      case .unreachable: throw LandfallFailure(message: error.description, exitCode: 3)
      case .invalidName: throw LandfallFailure.usage(error.description)
      case .malformed: throw LandfallFailure.failed(error.description)
      }
    }
    print(json ? JSONWriter.string(result.json) : result.summary)
    if !result.match { throw ExitCode(1) }
  }
}
