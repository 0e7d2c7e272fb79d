import Foundation
public import LandfallModel
internal import LandfallTranscript
internal import LandfallTransport

/// A recording stored in a throwaway SQLite transcript database, as `landfall transcripts
/// import` would keep it: the events read back, and the database's raw bytes (with its journal)
/// for the canary check.
public enum StoredTranscript {
  /// Stores `jsonl` and reads it back; throws when the recording cannot be imported.
  public static func store(jsonl: String) async throws -> (events: [TranscriptEvent], bytes: [UInt8]) {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("landfall-scratch-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    let store = try await SQLiteTranscriptStore(path: folder.appendingPathComponent("scratch.db").path, now: SystemClock.now)
    try await store.importSession(id: "scratch", title: "scratch", jsonl: jsonl)
    let events = try await store.events(session: "scratch")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    let bytes = names.sorted().flatMap { name in
      FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).map { [UInt8]($0) } ?? []
    }
    return (events, bytes)
  }

  /// The bytes a run's events leave in a transcript database.
  static func bytes(of events: [TranscriptEvent]) async -> [UInt8] {
    do {
      return try await store(jsonl: TranscriptEvent.jsonl(events)).bytes
    } catch {
      return Array("the transcript database could not be written: \(error)".utf8)
    }
  }
}
