import LandfallEvals
import LandfallModel
import LandfallTranscript

/// Reads a JSONL recording back through a scratch SQLite database, so a replay sees exactly
/// what `landfall transcripts import` would keep.
enum ScratchTranscript {
  /// The events of `jsonl` (from `source`, named in errors) after the round trip.
  static func events(jsonl: String, source: String) async throws -> [TranscriptEvent] {
    do {
      return try await StoredTranscript.store(jsonl: jsonl).events
    } catch let error as InputError {
      throw LandfallFailure.usage(error.from(source).description)
    } catch {
      throw LandfallFailure.failed("cannot replay \(source): \(error)")
    }
  }
}
