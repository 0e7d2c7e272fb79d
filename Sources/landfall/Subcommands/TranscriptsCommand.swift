import ArgumentParser
import Foundation
import LandfallCore
import LandfallModel
import LandfallTranscript
import LandfallTransport

struct TranscriptsCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "transcripts", abstract: "List, show, export and import recorded sessions, and forget their kept secrets.",
    subcommands: [List.self, Show.self, Export.self, Import.self, ForgetSecrets.self])

  struct Database: ParsableArguments {
    @Option(help: "The transcript database (default: $LANDFALL_DB, else under $XDG_DATA_HOME/landfall).")
    var db: String?

    func open() async throws -> SQLiteTranscriptStore {
      let path = try LiveWiring().databasePath(option: db)
      do {
        return try await SQLiteTranscriptStore(path: path, now: SystemClock.now)
      } catch {
        throw LandfallFailure.usage("cannot open the transcript database: \(error.description)")
      }
    }
  }

  struct List: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List sessions, oldest first: id, started, app, phase reached, events, committed monthly cost, title.")
    @OptionGroup var database: Database

    func run() async throws {
      let store = try await database.open()
      if isatty(1) == 1 { print(["id", "started", "app", "phase reached", "events", "committed", "title"].joined(separator: "\t")) }
      for session in try await store.sessions() {
        let overview = SessionOverview(events: try await store.events(session: session.id))
        let columns = [session.id, session.startedAt] + overview.columns(events: session.events) + [session.title]
        print(columns.joined(separator: "\t"))
      }
    }
  }

  struct Show: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a session's events, one per line.")
    @Argument(help: "The session id.") var id: String
    @OptionGroup var database: Database

    func run() async throws {
      let store = try await database.open()
      let events = try await store.events(session: id)
      guard !events.isEmpty else { throw LandfallFailure.failed("no session \(id) (see landfall transcripts list)") }
      for event in events {
        let fields = event.fields.map { "\($0.key)=\(JSONWriter.string($0.value))" }.joined(separator: " ")
        print("\(event.seq)\t\(event.at)\t\(event.kind.rawValue)\t\(fields)")
      }
    }
  }

  struct ForgetSecrets: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "forget-secrets",
      abstract: "Delete the secret values a session kept for --resume (once the migration is done, or to revoke them).")
    @Argument(help: "The session id.") var id: String

    func run() async throws {
      guard id.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }), !id.isEmpty else {
        throw LandfallFailure.usage("\(id) is not a session id (see landfall transcripts list)")
      }
      let path = LiveWiring().vaultPath(sessionID: id)
      unlink(path + ".new")
      guard unlink(path) == 0 else {
        guard errno == ENOENT else { throw LandfallFailure.failed("cannot delete \(path): \(String(cString: strerror(errno)))") }
        print("no secrets were kept for session \(id)")
        return
      }
      print("deleted the secrets kept for session \(id); resuming it needs them fetched or typed again")
    }
  }

  struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a session as JSONL.")
    @Argument(help: "The session id.") var id: String
    @Option(help: "Only jsonl is supported.") var format: String = "jsonl"
    @OptionGroup var database: Database

    func validate() throws {
      if format != "jsonl" { throw ValidationError("--format must be jsonl") }
    }

    func run() async throws {
      let store = try await database.open()
      let text = try await store.export(session: id)
      guard !text.isEmpty else { throw LandfallFailure.failed("no session \(id) (see landfall transcripts list)") }
      FileHandle.standardOutput.writeText(text)
    }
  }

  struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import a JSONL export as a new session.")
    @Argument(help: "The JSONL file.") var file: String
    @OptionGroup var database: Database

    func run() async throws {
      let text: String
      do {
        text = try LocalFileSource(maximumBytes: 512 << 20).text(at: file)
      } catch {
        throw LandfallFailure.usage(error.description)
      }
      let store = try await database.open()
      let id = LiveWiring().newSessionID()
      do {
        try await store.importSession(id: id, title: "imported from \((file as NSString).lastPathComponent)", jsonl: text)
      } catch {
        throw LandfallFailure.usage(error.from(file).description)
      }
      print(id)
    }
  }
}
