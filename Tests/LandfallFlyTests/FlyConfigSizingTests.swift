import LandfallFly
import LandfallModel
import LandfallTestSupport
import Testing

@Suite(.ownThreads) struct FlyConfigSizingTests {
  @Test(arguments: [
    ("[[vm]]\nsize = 'shared-cpu-2x'\n", "shared-cpu-2x", 2, 512),
    ("[[vm]]\nsize = 'performance-2x'\n", "performance-2x", 2, 4096),
    ("[[vm]]\nsize = 'shared-cpu-2x'\nmemory = '2gb'\n", "shared-cpu-2x", 2, 2048),
    ("[[vm]]\nsize = 'shared-cpu-2x'\nmemory = '2gb'\nmemory_mb = 768\n", "shared-cpu-2x", 2, 768),
    ("[[vm]]\nmemory = 1536\n", "shared-cpu-1x", 1, 1536),
    ("[[vm]]\nmemory = '1536'\n", "shared-cpu-1x", 1, 1536),
    ("[[vm]]\nmemory = '1gb'\ncpu_kind = 'shared'\ncpus = 1\n", "shared-cpu-1x", 1, 1024),
    ("[[vm]]\ncpu_kind = 'performance'\ncpus = 4\nmemory = '8g'\n", "performance-4x", 4, 8192),
    ("[vm]\nsize = 'a100-40gb'\n", "a100-40gb", 8, 32768),
    ("[compute]\nsize = 'shared-cpu-4x'\n", "shared-cpu-4x", 4, 1024),
    ("[[vm]]\nsize = 'shared-cpu-1x'\nmemory = '512mb'\n", "shared-cpu-1x", 1, 512),
  ])
  func memoryMbBeatsMemoryBeatsSize(toml: String, size: String, cpus: Int, memory: Int) async throws {
    let result = try await inventory(toml)
    #expect(result.vm == [.init(processes: ["app"], size: size, cpus: cpus, memoryMb: memory)])
  }

  @Test func noVMSectionMeansFlyTomlDoesNotSayTheSize() async throws {
    let result = try await inventory("app = 'x'\n")
    #expect(result.vm.isEmpty)
  }

  @Test func aVMWithoutProcessesCoversEveryGroupWithoutItsOwn() async throws {
    let toml = """
      [processes]
      web = 'a'
      worker = 'b'
      cron = 'c'
      [[vm]]
      size = 'shared-cpu-1x'
      [[vm]]
      size = 'performance-1x'
      processes = ['worker']
      """
    let result = try await inventory(toml)
    #expect(result.vm.map(\.processes) == [["web", "cron"], ["worker"]])
  }

  @Test func memoryBelowTheFloorAndUnknownPresetsAreWarnings() async throws {
    let low = try await inventory("[[vm]]\ncpus = 4\nmemory_mb = 256\n")
    #expect(low.warnings.contains { $0.contains("below Fly's floor of 1024 MB") })
    let unknown = try await inventory("[[vm]]\nsize = 'huge-9x'\n")
    #expect(unknown.warnings.contains { $0.contains("unknown size \"huge-9x\"") })
    #expect(unknown.vm.first?.size == "huge-9x")
  }

  @Test(arguments: [
    ("1gb", 1024), ("512mb", 512), ("2GB", 2048), ("8g", 8192), ("1024", 1024), ("1.5gb", 1536), ("0.5 GB", 512),
  ])
  func memoryUnitsAreBinary(text: String, megabytes: Int) {
    #expect(MachinePresets.megabytes(from: text) == megabytes)
  }

  @Test func memoryTextThatIsNotASizeIsRejected() {
    #expect(MachinePresets.megabytes(from: "lots") == nil)
    #expect(MachinePresets.megabytes(from: "12 parsecs") == nil)
  }
}
