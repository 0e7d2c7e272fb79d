import LandfallCore
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct TerminalTextTests {
  @Test func wrappingBreaksAtSpacesAndNeverExceedsTheWidth() {
    let text = "Landfall moves a Fly app onto one VM you own, with a transcript of every step and an approval for each change."
    let lines = WordWrapper.wrap(text, width: 60, first: "- ", rest: "  ")
    #expect(lines.count == 2)
    #expect(lines.allSatisfy { $0.count <= 60 })
    #expect(lines.joined(separator: " ").split(separator: " ").dropFirst().joined(separator: " ") == text)
    #expect(lines[1].hasPrefix("  ") && !lines[1].hasPrefix("   "))
  }

  @Test func colourSequencesTakeNoRoomAndLongWordsStandAlone() {
    #expect(WordWrapper.visibleWidth("\u{1B}[1mbold\u{1B}[22m") == 4)
    let lines = WordWrapper.wrap("see https://example.com/a/very/long/path/that/cannot/break now", width: 20)
    #expect(lines == ["see", "https://example.com/a/very/long/path/that/cannot/break", "now"])
    #expect(WordWrapper.wrap("one two", width: nil) == ["one two"])
  }

  @Test func markdownBecomesStylesOnATerminal() {
    var renderer = MarkdownRenderer(colour: true, width: 60)
    let out = renderer.feed("## Steps\nUse **one VM** and `docker`.\n- a\n2. b\n```\nls  -l\n```\n")
    #expect(out == "\u{1B}[1mSteps\u{1B}[22m\nUse \u{1B}[1mone VM\u{1B}[22m and \u{1B}[36mdocker\u{1B}[39m.\n• a\n2. b\n\u{1B}[36m  ls  -l\u{1B}[39m\n")
  }

  @Test func withoutColourTheMarkersAreRemovedAndPartialLinesWait() {
    var renderer = MarkdownRenderer(colour: false, width: nil)
    #expect(renderer.feed("# Title\n**bold** and `code` and 2 * 3") == "Title\n")
    #expect(renderer.hasPending)
    #expect(renderer.finish() == "bold and code and 2 * 3")
    #expect(!renderer.hasPending)
  }

  @Test func toolResultsAreSummarisedNeverCutMidToken() {
    let json = #"{"app":"notes-demo","processGroups":[{"name":"app"},{"name":"worker"}],"machines":[],"status":"deployed","config":{"a":1}}"#
    #expect(ToolResultSummary.line(json) == "app: notes-demo, processGroups: 2 (app, worker), machines: 0, status: deployed, config: {1 fields}")
    #expect(ToolResultSummary.line("[1,2,3]") == "3 items")
    #expect(ToolResultSummary.line("exit status 0\nfine\nok") == "exit status 0 (+2 more lines)")
    let long = String(repeating: "word ", count: 60)
    let short = ToolResultSummary.line(long, limit: 50)
    #expect(short.hasSuffix("word …") && short.count <= 52)
  }

  @Test func scalingLiveFlyToZeroSaysItStartsTheOutage() {
    let wording = ApprovalWording.describe(tool: "fly_scale", arguments: .object([("count", .int(0))]))
    #expect(wording.effect?.contains("This starts the outage") == true)
    #expect(!wording.readOnly)
  }

  @Test func aReadOnlyInspectionIsNeverCalledAChange() {
    let wording = ApprovalWording.describe(tool: "host_exec", arguments: .object([("command", .string("dig +short example.com"))]))
    #expect(wording.readOnly)
    #expect(wording.effect?.contains("read-only") == true)
    #expect(wording.shownReasons(["host_exec changes something", "other"]) == ["other"])
    let write = ApprovalWording.describe(tool: "host_exec", arguments: .object([("command", .string("rm -rf /srv"))]))
    #expect(!write.readOnly)
    #expect(write.shownReasons(["host_exec changes something", "rm: not an inspection"]) == ["rm: not an inspection"])
    #expect(ApprovalWording.describe(tool: "unknown_tool", arguments: .object([])).shownReasons(["unknown_tool changes something"]).count == 1)
  }

  @Test func aDatabasePortOpenToTheInternetIsWarnedAbout() throws {
    let vm = try JSONParser.parse(#"{"name":"v","keypairs":["deploy"],"networkAccess":{"allowEgressAll":true,"inboundPorts":[{"port":443,"protocol":"TCP"},{"port":5432,"protocol":"TCP"}]}}"#)
    let wording = ApprovalWording.describe(tool: "create_vm", arguments: vm)
    #expect(wording.warnings.count == 1)
    #expect(wording.warnings.first?.contains("port 5432 (PostgreSQL)") == true)
    #expect(wording.effect?.contains("SSH keys deploy") == true)
    let rule = try JSONParser.parse(#"{"ipId":"i","protocol":"TCP","sourceCidrList":"0.0.0.0/0","startPort":6379,"endPort":6379}"#)
    #expect(ApprovalWording.describe(tool: "create_firewall_rule", arguments: rule).warnings.first?.contains("6379 (Redis)") == true)
    let limited = try JSONParser.parse(#"{"ipId":"i","protocol":"TCP","sourceCidrList":"10.0.0.0/8","startPort":5432}"#)
    #expect(ApprovalWording.describe(tool: "create_firewall_rule", arguments: limited).warnings.isEmpty)
  }

  @Test func theQuestionShowsTheFullCallOnceWhenAsked() {
    let summary = #"create_vm {"name":"v","keypairs":["deploy"],"networkAccess":{"allowEgressAll":true}}"#
    let request = ApprovalRequest(tool: "create_vm", summary: summary, reasons: ["create_vm changes something"], kind: .explicit)
    let shown = ApprovalWording.question(for: request, showsCall: true)
    #expect(shown.components(separatedBy: summary).count == 2)
    #expect(!ApprovalWording.question(for: request, showsCall: false).contains(summary))
  }

  @Test func theOverviewReadsAppPhaseAndCommittedCostFromEvents() {
    var state = MigrationState()
    state.app = "notes-demo"
    state.phase = .provisionAndDeploy
    let events = [
      TranscriptEvent(seq: 1, at: "t1", kind: .userMessage, fields: [("phase", .int(1))]),
      TranscriptEvent(seq: 2, at: "t2", kind: .stateChange, fields: [("state", state.json)]),
      TranscriptEvent(seq: 3, at: "t3", kind: .costCommit, fields: [("committedMonthlyUSD", .double(39.42))]),
    ]
    let released = SessionOverview(events: events + [TranscriptEvent(seq: 4, at: "t4", kind: .costRelease, fields: [("committedMonthlyUSD", .double(0))])])
    #expect(released.committedMonthlyUSD == 0)
    let overview = SessionOverview(events: events)
    #expect(overview.columns(events: 3) == ["notes-demo", "phase 3 (provision and deploy)", "3 events", "$39.42/month committed"])
    #expect(overview.lastActivity == "t3")
  }
}
