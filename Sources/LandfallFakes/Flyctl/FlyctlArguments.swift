/// A flyctl command line split into words and the flags the fake understands.
struct FlyctlArguments {
  var positional: [String] = []
  var json = false
  var yes = false
  var app: String?
  var command: String?
  var processGroup: String?
  var region: String?
  var machine: String?
  /// `--volume NAME_OR_ID:PATH` values, in order.
  var volumes: [String] = []
  /// `--metadata KEY=VALUE` values, in order.
  var metadata: [(name: String, value: String)] = []
  var entrypoint: String?
  var autostart = true

  init(_ arguments: [String]) {
    var index = 0
    func value(_ argument: String) -> String? {
      if let equals = argument.firstIndex(of: "=") { return String(argument[argument.index(after: equals)...]) }
      index += 1
      return index < arguments.count ? arguments[index] : nil
    }
    while index < arguments.count {
      let argument = arguments[index]
      let flag = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
      switch flag {
      case "--json", "-j": json = true
      case "--yes", "-y": yes = true
      case "-a", "--app": app = value(argument)
      case "-C", "--command": command = value(argument)
      case "-g", "--process-group": processGroup = value(argument)
      case "-r", "--region": region = value(argument)
      case "--machine": machine = value(argument)
      case "-v", "--volume": value(argument).map { volumes.append($0) }
      case "-m", "--metadata":
        if let pair = value(argument), let equals = pair.firstIndex(of: "=") {
          metadata.append((String(pair[..<equals]), String(pair[pair.index(after: equals)...])))
        }
      case "--entrypoint": entrypoint = value(argument)
      case "--autostart": autostart = !argument.hasSuffix("=false")
      case "-o", "--org", "-t", "--access-token", "-u", "--user", "--restart", "-n", "--name", "--vm-size": _ = value(argument)
      default:
        if !argument.hasPrefix("-") || argument == "-" { positional.append(argument) }
      }
      index += 1
    }
  }
}
