import Foundation
import LandfallFakes
import LandfallRigs
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct LiveEvalTests {
  let scenario = CLI.repository.appendingPathComponent("evals/flyctl-not-logged-in").path

  func environment() throws -> [String: String] {
    let home = try CLI.temporaryDirectory()
    return ["XDG_DATA_HOME": home.path, "HOME": home.path, "LANDFALL_MODEL": "test-model", "OPENAI_API_KEY": "sk-test-key-not-real"]
  }

  @Test func everyTrialRunsAgainstTheEndpointAndPassHatKCountsThem() async throws {
    let server = try LoopbackHTTPServer { request, _ in
      request.body.contains(#""role":"tool""#) ? ChatCommandTests.say("Log in to flyctl first.") : ChatCommandTests.call("fly_inventory")
    }
    defer { server.stop() }
    let result = try await CLI.run(
      ["eval", scenario, "--live", "--trials", "2", "--llm-url", server.baseURL + "/v1", "--json"], environment: try environment())
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let summary = try JSONParser.parse(result.stdout)
    #expect(summary["trialsRun"] == .int(2))
    #expect(summary["trialsPassed"] == .int(2))
    #expect(summary["passHatK"]?.doubleValue == 1)
    #expect(summary["results"]?.arrayValue?.first?["id"] == .string("live:flyctl-not-logged-in"))
    #expect(server.requests.count == 4)
    for request in server.requests {
      for canary in SampleWorld.canaries { #expect(!request.body.contains(canary.value)) }
    }
  }

  @Test func aModelThatSkipsTheToolFailsEveryTrialAndTheRun() async throws {
    let server = try LoopbackHTTPServer { _, _ in ChatCommandTests.say("Looks fine to me.") }
    defer { server.stop() }
    let result = try await CLI.run(
      ["eval", scenario, "--live", "--trials", "3", "--llm-url", server.baseURL + "/v1"], environment: try environment())
    #expect(result.status == 1)
    #expect(result.stdout.contains("trial 3: expected a fly_inventory result containing"))
    #expect(result.stdout.contains("pass^3: 0 of 1 scenarios passed every trial; 0 of 3 trials passed"))
  }
}
