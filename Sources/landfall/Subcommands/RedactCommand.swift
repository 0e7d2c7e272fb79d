import ArgumentParser
import Foundation
import LandfallModel
import LandfallPolicy
import LandfallTransport

struct RedactCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redact",
    abstract: "Copy standard input to standard output through the redactor the model's input passes.")

  @Option(help: "Secret values as NAME=value lines; these are redacted in every encoding.") var secretsFile: String?

  func run() async throws {
    var secrets: [(name: String, value: Secret)] = []
    if let path = secretsFile {
      do {
        secrets = try Dotenv.parse(try LocalFileSource(maximumBytes: 16 << 20).text(at: path)).map { ($0.name, Secret($0.value)) }
      } catch let error as Dotenv.LineError {
        throw LandfallFailure.usage("\(path): \(error.description)")
      } catch {
        throw LandfallFailure.usage("--secrets-file: \(error)")
      }
    }
    let input = FileHandle.standardInput.readDataToEndOfFile()
    let output = Redactor(secrets: secrets).redact(String(decoding: input, as: UTF8.self))
    FileHandle.standardOutput.write(Data(output.utf8))
  }
}
