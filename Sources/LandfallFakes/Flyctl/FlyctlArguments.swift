/// A flyctl command line split into words and the flags the fake understands.
struct FlyctlArguments {
  var positional: [String] = []
  var json = false
  var yes = false
  var app: String?
  var command: String?
  var processGroup: String?

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
      case "-r", "--region", "-o", "--org", "-t", "--access-token", "--machine", "-u", "--user": _ = value(argument)
      default:
        if !argument.hasPrefix("-") || argument == "-" { positional.append(argument) }
      }
      index += 1
    }
  }
}
