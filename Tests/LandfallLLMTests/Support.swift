import LandfallCore
import LandfallRigs
import LandfallLLM
import LandfallModel
import LandfallTransport

actor SleepRecorder {
  var waits: [Duration] = []
  func record(_ duration: Duration) { waits.append(duration) }
}

func client(_ provider: LLMProvider, _ server: LoopbackHTTPServer, key: String? = "test-key", sleeps: SleepRecorder = SleepRecorder()) -> any LLMClient {
  let base = provider == .anthropic ? server.baseURL : server.baseURL + "/v1"
  let endpoint = LLMEndpoint(provider: provider, baseURL: base, apiKey: key.map(Secret.init), keyVariable: provider.keyVariable)
  return LLMClients.client(for: endpoint, transport: CurlHTTPTransport()) { await sleeps.record($0) }
}

let sampleTool = ToolSpec(
  name: "list_regions", description: "List regions",
  inputSchema: .object([("type", .string("object")), ("properties", .object([]))]), effect: .read)

func request(tools: [ToolSpec] = [sampleTool]) -> CompletionRequest {
  CompletionRequest(model: "test-model", messages: [.system("be brief"), .user("hello")], tools: tools, contextWindow: 8192)
}

func sse(_ events: [String]) -> LoopbackHTTPServer.Reply {
  LoopbackHTTPServer.Reply(
    headers: [("Content-Type", "text/event-stream")],
    steps: events.flatMap { [LoopbackHTTPServer.Step.chunk("data: \($0)\n\n"), .pause(milliseconds: 5)] })
}

