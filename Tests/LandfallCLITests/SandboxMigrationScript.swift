import Foundation
import LandfallModel

/// The sample app's migration, phases 1 to 6, as the sandbox plays it: the calls a model makes,
/// with ids, addresses and key paths read from the results the session got.
enum SandboxMigrationScript {
  typealias Step = ResumableModel.Step

  static let vm: JSONValue = .object([
    ("name", .string("notes-demo-vm")), ("region", .string("us-west-0")), ("vmPackage", .string("standard-custom")),
    ("vmSpecs", .object([("vcpu", .int(2)), ("memoryMb", .int(4096)), ("rootDiskGb", .int(50))])),
    ("image", .string("ubuntu-24.04-050826")), ("subscriptionPeriod", .string("hourly")), ("keypairs", .strings(["notes-deploy"])),
  ])

  static func address(_ history: ResumableModel.History) -> String {
    let listing = history.result(of: "list_public_ips_by_isolated_network")
    let entries = listing["data"]?.arrayValue ?? []
    let listed = entries.first { $0["isSourceNat"]?.boolValue == true }?["ipAddress"]?.stringValue
    return listed ?? history.ledger("VM addresses the cloud reported: ")?.split(separator: ",").first.map(String.init) ?? ""
  }

  static func keyPath(_ history: ResumableModel.History) -> String {
    let note = history.result(of: "create_ssh_key")["privateKeyFile"]?.stringValue ?? ""
    guard let range = note.range(of: "saved to ") else {
      return history.ledger("Key files: ")?.split(separator: ",").first.map(String.init) ?? ""
    }
    return String(note[range.upperBound...].prefix { $0 != " " })
  }

  static let database: [(String, JSONValue)] = [
    ("source_url", .string("{{secret:DATABASE_URL}}")), ("source_fly_app", .string("notes-demo-db")),
    ("target_url", .string("postgres://notes_demo:{{secret:VM_DATABASE_PASSWORD}}@127.0.0.1:5432/notes_demo")), ("target_on_vm", .bool(true)),
  ]

  static let fetchSecrets = Step("fly_import_secrets") { _ in .object([("names", .strings(["DATABASE_URL", "SESSION_SECRET"]))]) }
  static let installPostgres = Step("host_install_postgres") { _ in .object([("database", .string("notes_demo")), ("user", .string("notes_demo"))]) }

  static let phases: [(message: String, steps: [Step])] = [
    ("Phase 1: take the inventory of notes-demo.", [Step("fly_inventory")]),
    ("Phase 2: plan it in us-west-0 and price it.", [
      Step("plan_vm") { _ in .object([("region", .string("us-west-0")), ("vmPackage", .string("standard-custom")), ("image", .string("ubuntu-24.04-050826"))]) },
      Step("get_cost_estimate_vm") { _ in vm },
    ]),
    ("Phase 3: build it.", [
      Step("create_ssh_key") { _ in .object([("name", .string("notes-deploy"))]) },
      Step("create_vm", estimate: "get_cost_estimate_vm") { _ in vm },
      Step("get_vm") { .object([("id", .string($0.id(createdBy: "create_vm")))]) },
      Step("list_public_ips_by_isolated_network") {
        .object([("isolatedNetworkId", .string($0.result(of: "get_vm")["networkId"]?.stringValue ?? ""))])
      },
      Step("host_connect") { .object([("address", .string(address($0))), ("keyPath", .string(keyPath($0)))]) },
      Step("host_install_docker"),
      fetchSecrets,
      Step("host_write_env_file") { _ in
        .object([("values", .object([("SESSION_SECRET", .string("{{secret:SESSION_SECRET}}")), ("PORT", .string("8080"))]))])
      },
      installPostgres,
      Step("host_configure_nginx") { _ in .object([("port", .int(8080))]) },
    ]),
    ("Phase 4: move the data and start the app.", [
      Step("host_build_image") { _ in .object([("tag", .string("notes-demo:landfall-1"))]) },
      Step("fly_freeze"),
      Step("fly_status"),
      Step("data_copy") { _ in .object(database + [("final", .bool(true)), ("replace", .bool(true))]) },
      Step("data_verify", backTo: 3) { _ in .object(database) },
      Step("host_release_command") { _ in .object([("image", .string("notes-demo:landfall-1"))]) },
      Step("host_run_container") { _ in
        .object([
          ("name", .string("notes-demo")), ("image", .string("notes-demo:landfall-1")), ("ports", .array([.int(8080)])),
          ("mounts", .object([("/data", .string("/data"))])), ("start", .bool(true)),
        ])
      },
      Step("host_health_check") { _ in .object([("path", .string("/"))]) },
    ]),
    ("Phase 5: move notes.example.com to the VM with HTTPS.", [
      Step("dns_survey") { _ in .object([("name", .string("notes.example.com")), ("nameservers", .strings(["ns1.landfall-fake.test"]))]) },
      Step("create_dns_zone") { _ in .object([("name", .string("example.com"))]) },
      Step("create_dns_record") {
        .object([
          ("zoneId", .string($0.id(createdBy: "create_dns_zone"))), ("name", .string("notes")), ("type", .string("A")),
          ("content", .string(address($0))), ("ttl", .int(300)),
        ])
      },
      Step("dns_check") { .object([("name", .string("notes.example.com")), ("expect", .string(address($0)))]) },
      Step("host_request_certificate") { _ in .object([("domain", .string("notes.example.com"))]) },
      Step("verify_https") { .object([("domain", .string("notes.example.com")), ("address", .string(address($0)))]) },
    ]),
    ("Phase 6: confirm the cutover and tell me how to retire Fly.", [
      Step("phase6_confirm") { .object([("domain", .string("notes.example.com")), ("address", .string(address($0)))]) },
      Step("decommission_plan"),
    ]),
  ]
}
