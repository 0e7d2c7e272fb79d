import Foundation
import LandfallFakes
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct DemoCommandTests {
  @Test func theFullFlowPlaysThroughThePolicyAgainstTheFakes() async throws {
    let result = try await CLI.run(["demo", "--yes", "--root", CLI.repository.path])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("landfall[1]> /phase 1 Take the inventory of notes-demo."))
    #expect(result.stdout.contains("landfall[2]> /phase 3 Build it."))
    #expect(result.stdout.contains("it lands on one VM"))
    #expect(result.stdout.contains("landfall[3]> /phase 4 Move the data."))
    #expect(result.stdout.contains("landfall[5]> /phase 6 Confirm the cutover"))
    #expect(result.stdout.components(separatedBy: "(the recorded answer)").count - 1 == 16)
    #expect(result.stdout.contains("costs $0.05/hour, $39.42/month"))
    #expect(result.stderr.contains("Current phase: 6 (verify and decommission)"))
    #expect(result.stderr.contains("data_verify: allowed · match: 6 tables and 4 sequences are equal on both servers"), "\(result.stderr)")
    #expect(result.stderr.contains("row_counts_matched"), "\(result.stderr)")
    #expect(result.stderr.contains("committed: $39.42/month"))
    #expect(result.stdout.contains("Cloud: notes-demo-vm (STARTED, 2 vCPU, 4096 MB); public IPs: 203.0.113.10"))
    #expect(result.stderr.contains("host_write_env_file: approved"))
    for (_, value) in SampleWorld.canaries {
      #expect(!result.stdout.contains(value) && !result.stderr.contains(value), "a secret value reached the terminal")
    }
  }

  @Test func phasesFiveAndSixPlayWithDNSAndCertificatesFromTheFakes() async throws {
    let result = try await CLI.run(["demo", "--yes", "--root", CLI.repository.path, "--scenario", "cutover-phases-5-6"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("/phase 5 Move relay.example.com to the VM and turn on HTTPS."))
    #expect(result.stdout.contains("/phase 6 Confirm the cutover"))
    #expect(result.stderr.contains("Current phase: 6 (verify and decommission)"), "\(result.stderr)")
    #expect(result.stderr.contains("dns_points_at"), "\(result.stderr)")
    #expect(result.stderr.contains("cutover_confirmed"), "\(result.stderr)")
  }

  @Test func anUnknownScenarioIsExitTwoNamingThePath() async throws {
    let result = try await CLI.run(["demo", "--yes", "--root", CLI.repository.path, "--scenario", "no-such-scenario"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("evals/no-such-scenario"))
  }
}
