internal import LandfallModel

/// The fake cloud's price table (US dollars), used by every `get_cost_estimate_*` tool.
///
/// | resource | price |
/// |---|---|
/// | VM vCPU | 0.0125 per hour |
/// | VM memory | 0.0055 per GB-hour |
/// | VM root disk | 0.00014 per GB-hour |
/// | block storage | 0.10 per GB-month |
/// | public IP | 0.005 per hour |
/// | Kubernetes node | as a VM of the package's size, for each control and worker node |
/// | Kubernetes cluster | 0.10 per hour for the managed control plane and its address |
/// | monthly subscription | 10 % off the hourly rate times 730 |
enum FakeCloudPrices {
  static let hoursPerMonth = 730.0

  static func vm(vcpu: Double, memoryMb: Int, rootDiskGb: Int, monthlySubscription: Bool) -> JSONValue {
    let hourly = vcpu * 0.0125 + Double(memoryMb) / 1024 * 0.0055 + Double(rootDiskGb) * 0.00014
    return estimate(hourly: hourly, discountPercent: monthlySubscription ? 10 : 0)
  }

  static func blockStorage(sizeGb: Int) -> JSONValue {
    estimate(hourly: Double(sizeGb) * 0.10 / hoursPerMonth, discountPercent: 0)
  }

  static func cluster(nodes: Int, cpu: Int, memoryMb: Int, diskGb: Int) -> JSONValue {
    let node = Double(cpu) * 0.0125 + Double(memoryMb) / 1024 * 0.0055 + Double(diskGb) * 0.00014
    return estimate(hourly: Double(nodes) * node + 0.10, discountPercent: 0)
  }

  static func publicIP() -> JSONValue {
    estimate(hourly: 0.005, discountPercent: 0)
  }

  /// A `CostEstimateResponseDto` with snake_case extras, as the real API answers.
  static func estimate(hourly: Double, discountPercent: Double) -> JSONValue {
    let monthlyBase = round(hourly * hoursPerMonth)
    let monthlyDiscount = round(monthlyBase * discountPercent / 100)
    let hourlyDiscount = round4(hourly * discountPercent / 100)
    var pairs: [(key: String, value: JSONValue)] = [
      ("estimates", .object([
        ("hourly", .object([("base", .double(round4(hourly))), ("discount", .double(hourlyDiscount)), ("total", .double(round4(hourly - hourlyDiscount)))])),
        ("monthly", .object([("base", .double(monthlyBase)), ("discount", .double(monthlyDiscount)), ("total", .double(round(monthlyBase - monthlyDiscount)))])),
      ])),
    ]
    if discountPercent > 0 {
      pairs.append(("discount_applied", .object([
        ("name", .string("Monthly commitment")), ("percent", .double(discountPercent)), ("resource_types", .strings(["vm"])),
      ])))
    }
    pairs.append(("billing_note", .string("Estimates exclude taxes.")))
    return .object(pairs)
  }

  private static func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }
  private static func round4(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
