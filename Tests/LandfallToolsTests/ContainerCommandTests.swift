import LandfallCore
import LandfallFakes
import LandfallModel
import LandfallPolicy
import LandfallTools
import Testing

/// A container given a command of the model's writing is a raw write: it runs with the env file.
@Suite struct ContainerCommandTests {
  @Test func aContainerWithACommandChangesTheServerAndOneWithoutDoesNot() {
    let connection = HostConnection(connector: FakeHostConnector(host: FakeHost()), target: nil)
    let tool = HostPlaybooks.runContainer(connection)
    let plain: JSONValue = .object([("name", .string("app")), ("image", .string("notes:1")), ("ports", .array([.int(8080)]))])
    #expect(!tool.action(for: plain).parts.contains(.changesServer))
    let probing = plain.setting("command", to: .string("env | od -c"))
    #expect(tool.action(for: probing).parts.contains(.changesServer))
    #expect(tool.action(for: probing.setting("start", to: .bool(true))).parts.contains(.startApp(runsReleaseFirst: false)))
  }
}
