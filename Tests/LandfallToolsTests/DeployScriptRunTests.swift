import Foundation
import LandfallRigs
import LandfallTestSupport
import LandfallTools
import Testing

/// The rendered deploy script run for real: ssh to a loopback sshd, nginx in front, the stand-in
/// docker running each version as a process.
@Suite(.serialized, .ownThreads) struct DeployScriptRunTests {
  func expectServing(_ rehearsal: DeployRehearsal, _ version: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let answer = try rehearsal.get("/")
    #expect(answer.status == 200, sourceLocation: sourceLocation)
    #expect(answer.body == version, sourceLocation: sourceLocation)
  }

  @Test func aSwitchUnderLoadFailsNoRequestAndRollbackTakesSeconds() throws {
    let rehearsal = try DeployRehearsal()
    defer { rehearsal.stop() }
    let first = try rehearsal.run()
    #expect(first.status == 0, "\(first.output)")
    try expectServing(rehearsal, "v1")
    #expect(try String(contentsOfFile: rehearsal.migrationsLog, encoding: .utf8) == "v1 postgres://app@127.0.0.1:5432/app\n")

    try rehearsal.commit(version: "v2")
    let (second, load) = try rehearsal.underLoad(minimum: 2_000) { try rehearsal.run() }
    #expect(second.status == 0, "\(second.output)")
    #expect(load.requests >= 2_000)
    #expect(load.failed == 0, "\(load.errors)")
    #expect((load.bodies["v1"] ?? 0) > 0 && (load.bodies["v2"] ?? 0) > 0, "both versions answered during the switch: \(load.bodies)")
    try expectServing(rehearsal, "v2")
    #expect(rehearsal.runningContainers() == ["rehearsal-app-b"])

    let rollback = try rehearsal.run(["rollback"])
    #expect(rollback.status == 0, "\(rollback.output)")
    try expectServing(rehearsal, "v1")
    #expect(rehearsal.runningContainers() == ["rehearsal-app-a"])
    let status = try rehearsal.run(["status"])
    #expect(status.output.contains("rehearsal-app-a  rehearsal:"), "\(status.output)")
    print("deploy figures: \(load.failed) failed of \(load.requests) requests during the switch (\(load.bodies)); "
      + "\(Self.line("switched nginx", in: second.output)); \(Self.line("deployed", in: second.output)); "
      + "deploy wall time \(String(format: "%.2f", second.seconds)) s; rollback wall time \(String(format: "%.2f", rollback.seconds)) s")
  }

  @Test func anUnhealthyVersionOrAFailingReleaseNeverTakesTraffic() throws {
    let rehearsal = try DeployRehearsal()
    defer { rehearsal.stop() }
    #expect(try rehearsal.run().status == 0)

    try rehearsal.commit(version: "v2", files: ["UNHEALTHY": "yes\n"])
    let unhealthy = try rehearsal.run([], environment: ["LANDFALL_HEALTH_TIMEOUT": "2"])
    #expect(unhealthy.status != 0)
    #expect(unhealthy.output.contains("did not pass its health check (/healthz) within 2 s"), "\(unhealthy.output)")
    try expectServing(rehearsal, "v1")
    #expect(rehearsal.runningContainers() == ["rehearsal-app-a"])

    try rehearsal.commit(version: "v3", files: ["UNHEALTHY": nil, "RELEASE_FAILS": "yes\n"])
    let failing = try rehearsal.run()
    #expect(failing.status != 0)
    #expect(failing.output.contains("the release command failed; nothing was switched"), "\(failing.output)")
    try expectServing(rehearsal, "v1")
    #expect(try String(contentsOfFile: rehearsal.migrationsLog, encoding: .utf8).split(separator: "\n").count == 2)

    try Data("v4\n".utf8).write(to: URL(fileURLWithPath: rehearsal.repository + "/VERSION"))
    let dirty = try rehearsal.run()
    #expect(dirty.status != 0)
    #expect(dirty.output.contains("commit or stash these changes first"), "\(dirty.output)")
    try expectServing(rehearsal, "v1")
  }

  @Test func aSecondDeployWaitsForTheLockOrGivesUpAfterItsWait() throws {
    let rehearsal = try DeployRehearsal()
    defer { rehearsal.stop() }
    #expect(try rehearsal.run().status == 0)
    try rehearsal.commit(version: "v2")
    rehearsal.holdBuilds()
    let holder = try rehearsal.start()
    try rehearsal.waitForHeldBuild()
    let impatient = try rehearsal.run([], environment: ["LANDFALL_LOCK_WAIT": "1"])
    #expect(impatient.status != 0)
    #expect(impatient.output.contains("gave up after 1 s: another deploy still holds the lock"), "\(impatient.output)")
    let patient = try rehearsal.start([], environment: ["LANDFALL_LOCK_WAIT": "60"])
    try rehearsal.waitForOutput(of: patient, containing: "another deploy holds the lock")
    rehearsal.releaseBuilds()
    let first = try rehearsal.finish(holder)
    let second = try rehearsal.finish(patient)
    #expect(first.status == 0, "\(first.output)")
    #expect(second.status == 0, "\(second.output)")
    #expect(second.output.contains("another deploy holds the lock"), "\(second.output)")
    try expectServing(rehearsal, "v2")
  }

  @Test func everyProcessGroupIsDeployedAndOnlyTheWebGroupIsBehindNginx() throws {
    let worker = DeployApp.Group(name: "worker", command: ["python3", "-c", "import time; time.sleep(600)"])
    let rehearsal = try DeployRehearsal(groups: [DeployApp.Group(name: "web", command: []), worker])
    defer { rehearsal.stop() }
    #expect(try rehearsal.run().status == 0)
    #expect(rehearsal.runningContainers() == ["rehearsal-web-a", "rehearsal-worker-a"])
    try rehearsal.commit(version: "v2")
    let second = try rehearsal.run()
    #expect(second.status == 0, "\(second.output)")
    try expectServing(rehearsal, "v2")
    #expect(rehearsal.runningContainers() == ["rehearsal-web-b", "rehearsal-worker-b"])
  }

  @Test func onlyTheNewestImagesAreKeptAndRollbackNeedsAPreviousVersion() throws {
    let rehearsal = try DeployRehearsal()
    defer { rehearsal.stop() }
    let keepTwo = ["LANDFALL_KEEP_IMAGES": "2"]
    #expect(try rehearsal.run([], environment: keepTwo).status == 0)
    let lonely = try rehearsal.run(["rollback"])
    #expect(lonely.status != 0)
    #expect(lonely.output.contains("there is no previous version to go back to"), "\(lonely.output)")
    for version in ["v2", "v3", "v4"] {
      try rehearsal.commit(version: version)
      #expect(try rehearsal.run([], environment: keepTwo).status == 0)
    }
    let images = try FileManager.default.contentsOfDirectory(atPath: rehearsal.dockerDirectory + "/images")
    #expect(images.count == 2, "\(images)")
    let rollback = try rehearsal.run(["rollback"])
    #expect(rollback.status == 0, "\(rollback.output)")
    try expectServing(rehearsal, "v3")
  }

  static func line(_ prefix: String, in output: String) -> String {
    output.split(separator: "\n").first { $0.hasPrefix(prefix) }.map(String.init) ?? "(no \(prefix) line)"
  }
}
