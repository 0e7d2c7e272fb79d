import LandfallCore
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct ToolCallRepairTests {
  @Test(arguments: [
    "{\"a\": 1}", "```json\n{\"a\": 1}\n```", "{\"a\": 1,}", "{'a': 1}", "  {\"a\": 1, }  ", "\"{\\\"a\\\": 1}\"",
  ])
  func commonFaultsAreMended(raw: String) {
    #expect(ToolCallRepair.arguments(raw) == .object([("a", .int(1))]))
  }

  @Test func emptyArgumentsMeanNoArguments() {
    #expect(ToolCallRepair.arguments("") == .object([]))
    #expect(ToolCallRepair.arguments("not json at all") == nil)
  }

  @Test func stringsWithCommasAndQuotesSurviveRepair() {
    #expect(ToolCallRepair.arguments("{\"cmd\": \"echo a, b}\",}") == .object([("cmd", .string("echo a, b}"))]))
    #expect(ToolCallRepair.arguments("{'msg': \"it's\"}") == .object([("msg", .string("it's"))]))
  }

  @Test func textCallsAreFoundOnlyForKnownTools() {
    let text = "First:\n```json\n{\"name\": \"list_regions\", \"arguments\": {\"page\": 1}}\n```\nand <tool_call>{\"name\": \"rm_rf\"}</tool_call>"
    let found = ToolCallRepair.textToolCalls(in: text, known: ["list_regions"], idPrefix: "t")
    #expect(found.calls == [ToolCall(id: "t-1", name: "list_regions", arguments: .object([("page", .int(1))]))])
    #expect(found.rest.hasPrefix("First:"))
  }
}
