import Foundation
import LandfallCore
import LandfallModel
import LandfallTestSupport
import LandfallTranscript
import LandfallTransport
import Testing

@Suite(.ownThreads) struct TranscriptStoreRobustnessTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func scratch() throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-store-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent("transcripts.sqlite").path
  }

  static func clock() -> String { "2026-01-01T00:00:00Z" }

  @Test func everyGoldenTranscriptRoundTripsByteForByte() async throws {
    let directory = Self.repository.appendingPathComponent("transcripts")
    let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".jsonl") }.sorted()
    #expect(files.count >= 5)
    let store = try await SQLiteTranscriptStore(path: ":memory:", now: Self.clock)
    for file in files {
      let golden = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
      try await store.importSession(id: file, title: file, jsonl: golden)
      let exported = try await store.export(session: file)
      #expect(exported == golden, "\(file)")
      try await store.importSession(id: file + "-again", title: file, jsonl: exported)
      #expect(try await store.export(session: file + "-again") == exported, "\(file)")
    }
  }

  @Test func aBadImportNamesTheLineAndImportsNothing() async throws {
    let store = try await SQLiteTranscriptStore(path: ":memory:", now: Self.clock)
    let good = #"{"seq":1,"at":"t","kind":"user_message","content":"hi"}"#
    do {
      try await store.importSession(id: "bad", title: "bad", jsonl: good + "\n\n{\"seq\":2,\"at\":\"t\",\"kind\":\"nope\"}\n")
      Issue.record("expected an error")
    } catch {
      #expect(error == InputError("not a transcript event (needs seq, at and a known kind)", line: 3))
    }
    do {
      try await store.importSession(id: "twice", title: "twice", jsonl: good + "\n" + good + "\n")
      Issue.record("expected an error")
    } catch {
      #expect(error.line == nil)
      #expect(!error.message.isEmpty)
    }
    #expect(try await store.events(session: "bad").isEmpty)
    #expect(try await store.events(session: "twice").isEmpty)
  }

  @Test func anApprovalNeverCarriesTwoKindKeys() {
    let event = TranscriptEvent(seq: 1, at: "t", kind: .approval, fields: [("id", .string("c")), ("kind", .string("explicit"))])
    let line = TranscriptEvent.jsonl([event])
    #expect(line.components(separatedBy: "\"kind\"").count == 2)
    #expect(event["approvalKind"] == .string("explicit"))
  }

  @Test func severalProcessesWritingOneDatabaseWaitInsteadOfFailing() async throws {
    let path = try Self.scratch()
    let stores = try await (0..<4).asyncMap { _ in try await SQLiteTranscriptStore(path: path, now: Self.clock) }
    try await withThrowingTaskGroup(of: Void.self) { group in
      for (number, store) in stores.enumerated() {
        group.addTask {
          try await store.startSession(id: "s\(number)", title: "chat \(number)")
          for step in 0..<60 {
            _ = try await store.appendAll(session: "s\(number)", [
              (.policyDecision, [("id", .string("c\(step)"))]), (.toolResult, [("id", .string("c\(step)"))]),
            ])
          }
        }
      }
      try await group.waitForAll()
    }
    let sessions = try await stores[0].sessions()
    #expect(sessions.map(\.events) == [120, 120, 120, 120])
  }

  @Test func aReadOnlyStoreListsAndExportsWithoutWriting() async throws {
    let path = try Self.scratch()
    do {
      let store = try await SQLiteTranscriptStore(path: path, now: Self.clock)
      try await store.startSession(id: "s1", title: "first")
      _ = try await store.append(session: "s1", kind: .userMessage, fields: [("content", .string("hi"))])
    }
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    let reader = try await SQLiteTranscriptStore(path: path, readOnly: true, now: Self.clock)
    #expect(try await reader.sessions().map(\.id) == ["s1"])
    #expect(try await reader.export(session: "s1").contains("\"hi\""))
    await #expect(throws: SQLiteError.self) { _ = try await reader.append(session: "s1", kind: .error, fields: []) }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
  }

  @Test func resumingAnInterruptedTurnGivesEveryToolCallAResult() {
    let calls = (0..<4).map { ToolCall(id: "c\($0)", name: "fly_status", arguments: .object([])) }
    let assistant = ChatMessage.assistant("checking", toolCalls: calls)
    let events = [
      TranscriptEvent(seq: 1, at: "t", kind: .userMessage, fields: [("content", .string("go"))]),
      TranscriptEvent(seq: 2, at: "t", kind: .llmResponse, fields: [("message", assistant.json)]),
      TranscriptEvent(seq: 3, at: "t", kind: .toolResult, fields: [("id", .string("c0")), ("result", .string("ok")), ("ok", .bool(true))]),
      TranscriptEvent(seq: 4, at: "t", kind: .toolResult, fields: [("id", .string("c1")), ("result", .string("ok")), ("ok", .bool(true))]),
    ]
    let messages = TranscriptResume.restore(events).messages
    let results = messages.filter { $0.role == .tool }
    #expect(results.map(\.toolCallID) == ["c0", "c1", "c2", "c3"])
    #expect(results.suffix(2).allSatisfy { $0.isError && $0.content.hasPrefix("not run:") })
    #expect(messages.last?.role == .tool)
  }
}

extension Sequence {
  func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
    var results: [T] = []
    for element in self { results.append(try await transform(element)) }
    return results
  }
}

@Suite(.ownThreads) struct LocalFileLimitsTests {
  @Test func aFIFOOrADeviceIsRefusedByNameInsteadOfHanging() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-fifo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let fifo = directory.appendingPathComponent("Dockerfile").path
    #expect(mkfifo(fifo, 0o600) == 0)
    for path in [fifo, "/dev/zero"] {
      #expect {
        _ = try LocalFileSource().text(at: path)
      } throws: { error in
        (error as? FileSourceError)?.description.contains(path) == true
      }
    }
  }
}
