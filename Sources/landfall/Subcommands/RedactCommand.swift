import ArgumentParser
import Foundation
import Glibc
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
      } catch let error as InputError {
        throw LandfallFailure.usage(error.from(path).description)
      } catch {
        throw LandfallFailure.usage("--secrets-file: \(error)")
      }
    }
    try RedactingPump.run(
      building: { [secrets] in Redactor(secrets: secrets, cores: 1) },
      read: { buffer in
        while true {
          let count = Glibc.read(STDIN_FILENO, buffer.baseAddress, buffer.count)
          if count >= 0 { return count }
          if errno != EINTR { throw LandfallFailure.failed("cannot read standard input (errno \(errno))") }
        }
      },
      write: { bytes in
        var offset = 0
        while offset < bytes.count {
          let count = Glibc.write(STDOUT_FILENO, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
          if count < 0, errno == EINTR { continue }
          guard count > 0 else { throw LandfallFailure.failed("cannot write standard output (errno \(errno))") }
          offset += count
        }
      })
  }
}
