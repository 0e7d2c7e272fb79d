import Foundation
import LandfallModel
import LandfallTranscript
import LandfallTransport

/// Reads a JSONL recording back through a scratch SQLite database, so a replay sees exactly
/// what `landfall transcripts import` would keep.
enum ScratchTranscript {
  /// The events of `jsonl` after a round trip through a throwaway transcript database.
  static func events(jsonl: String, source: String) async throws -> [TranscriptEvent] {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-replay-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: scratch) }
    do {
      try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
      let store = try await SQLiteTranscriptStore(path: scratch.appendingPathComponent("replay.db").path, now: SystemClock.now)
      try await store.importSession(id: "replay", title: source, jsonl: jsonl)
      return try await store.events(session: "replay")
    } catch let error as TranscriptImportError {
      throw LandfallFailure.usage("\(source): \(error.description)")
    } catch {
      throw LandfallFailure.failed("cannot replay \(source): \(error)")
    }
  }
}
