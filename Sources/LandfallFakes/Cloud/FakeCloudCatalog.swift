public import LandfallCore
internal import LandfallModel

/// The fake cloud's tools: the real server's names, parameters, required lists, annotations and
/// description prefix, for the compute, storage, networking and dns groups.
public enum FakeCloudCatalog {
  /// One tool with its group.
  public struct Entry: Sendable {
    public var group: String
    public var definition: MCPToolDefinition
  }

  enum Kind { case read, write, destructive }

  static func entry(
    _ group: String, _ name: String, _ kind: Kind, idempotent: Bool = false, _ title: String, _ description: String,
    _ properties: [(String, JSONValue)] = [], required: [String] = []
  ) -> Entry {
    let text = kind == .destructive ? "⚠️ DESTRUCTIVE — " + description : description
    return Entry(group: group, definition: MCPToolDefinition(
      name: name, title: title, description: text, inputSchema: S.object(properties, required: required),
      readOnly: kind == .read, destructive: kind == .destructive, idempotent: kind == .read || idempotent, openWorld: true))
  }

  static let pagination: [(String, JSONValue)] = [
    ("page", S.integer("page number, from 1", minimum: 1)), ("pageSize", S.integer("items per page (default 50)", minimum: 1, maximum: 500)),
  ]

  static let vmCreate: [(String, JSONValue)] = [
    ("name", S.string("VM name: 1-63 letters, digits and hyphens, starting with a letter", minLength: 1)),
    ("region", S.string("region label from list_regions")), ("vmPackage", S.string("package label from list_vm_packages")),
    ("vmSpecs", S.object([
      ("vcpu", S.number("virtual CPUs", minimum: 1)), ("memoryMb", S.integer("memory in MB", minimum: 512)),
      ("rootDiskGb", S.integer("root disk in GB", minimum: 25)),
    ], required: ["vcpu", "memoryMb", "rootDiskGb"], closed: false)),
    ("image", S.string("image label from list_images")),
    ("subscriptionPeriod", S.enumeration(["hourly", "monthly"], "billing period")),
    ("network", S.string("UUID of an existing network; omit to create an isolated network")),
    ("tags", S.strings("tags")), ("keypairs", S.strings("SSH key names from list_ssh_keys")),
    ("userdata", S.string("base64-encoded cloud-init")),
    ("networkAccess", S.object([
      ("allowEgressAll", S.boolean("allow all outbound traffic")),
      ("inboundPorts", .object([("type", .string("array")), ("items", S.object([
        ("port", S.integer("port", minimum: 1, maximum: 65535)), ("protocol", S.enumeration(["TCP", "UDP"], "protocol")),
      ], required: ["port", "protocol"], closed: false))])),
      ("sourceCidr", S.string("restrict inbound rules to these sources")),
    ], required: ["allowEgressAll"], closed: false)),
  ]
  static let vmCreateRequired = ["name", "region", "vmPackage", "vmSpecs", "image", "subscriptionPeriod"]

  static let volumeCreate: [(String, JSONValue)] = [
    ("name", S.string("volume name", minLength: 1)), ("sizeGb", S.integer("size in GB", minimum: 5)), ("region", S.string("region label")),
  ]

  static let recordTypes = ["A", "AAAA", "CNAME", "MX", "NS", "SRV", "TXT"]
  static let recordExtras: [(String, JSONValue)] = [
    ("ttl", S.integer("TTL in seconds", minimum: 60, maximum: 86400)), ("priority", S.integer("MX/SRV priority")),
    ("weight", S.integer("SRV weight")), ("port", S.integer("SRV port")),
  ]

  /// Every tool the fake offers, in the real server's group order.
  public static let all: [Entry] = compute + storage + networking + kubernetes + dns

  static let compute: [Entry] = [
    entry("compute", "list_vms", .read, "List VMs", "List the virtual machines in the account.", pagination),
    entry("compute", "create_vm", .write, "Create VM", "Create a virtual machine. Returns at once with status CREATING; poll get_vm until STARTED. Billing starts immediately.", vmCreate, required: vmCreateRequired),
    entry("compute", "get_vm", .read, "Get VM", "Get one virtual machine by id, with its status and network.", [("id", S.string("VM id"))], required: ["id"]),
    entry("compute", "delete_vm", .destructive, idempotent: true, "Delete VM", "Delete a virtual machine and its root disk.", [("id", S.string("VM id"))], required: ["id"]),
    entry("compute", "get_cost_estimate_vm", .read, "VM cost estimate", "Estimate the hourly and monthly cost of a VM; takes the same arguments as create_vm and charges nothing.", vmCreate, required: vmCreateRequired),
    entry("compute", "power_vm", .write, "Power VM", "Start, stop or reboot a virtual machine.", [
      ("id", S.string("VM id")), ("action", S.enumeration(["start", "stop", "reboot"], "action")), ("force", S.boolean("force")),
    ], required: ["id", "action"]),
    entry("compute", "scale_vm", .write, idempotent: true, "Scale VM", "Change a VM's CPU count or memory; while running only scaling up is allowed.", [
      ("id", S.string("VM id")), ("cpu", S.integer("CPUs", minimum: 1)), ("memoryMb", S.integer("memory in MB", minimum: 1)),
    ], required: ["id"]),
    entry("compute", "list_vm_packages", .read, "List VM packages", "List compute packages with their CPU, memory and disk limits.", pagination),
    entry("compute", "get_vm_package_by_label", .read, "Get VM package by label", "Get one compute package by its label.", [("label", S.string("package label"))], required: ["label"]),
    entry("compute", "list_images", .read, "List images", "List operating system images, optionally filtered by OS and version.", [
      ("os", S.string("operating system, e.g. Ubuntu")), ("version", S.string("version, used with os")),
    ] + pagination),
    entry("compute", "get_image_by_label", .read, "Get image by label", "Get one operating system image by its label.", [("label", S.string("image label"))], required: ["label"]),
    entry("compute", "list_regions", .read, "List regions", "List the regions; their labels go into every create tool.", pagination),
    entry("compute", "get_region_by_label", .read, "Get region by label", "Get one region and its display name by its label.", [("label", S.string("region label"))], required: ["label"]),
    entry("compute", "list_ssh_keys", .read, "List SSH keys", "List the SSH keys registered in the account, by name.", pagination),
    entry("compute", "create_ssh_key", .write, "Create SSH key", "Register an SSH public key, or have one generated when publicKey is omitted (the private key is returned once).", [
      ("name", S.string("key name", minLength: 1)), ("publicKey", S.string("OpenSSH public key")),
    ], required: ["name"]),
    entry("compute", "delete_ssh_key", .destructive, idempotent: true, "Delete SSH key", "Remove a registered SSH key by name.", [("name", S.string("key name"))], required: ["name"]),
  ]

  static let storage: [Entry] = [
    entry("storage", "list_block_storage_volumes", .read, "List volumes", "List block storage volumes, optionally those of one VM.", [("vmId", S.string("VM id"))] + pagination),
    entry("storage", "create_block_storage_volume", .write, "Create volume", "Create a block storage volume in a region.", volumeCreate, required: ["name", "sizeGb", "region"]),
    entry("storage", "get_block_storage_volume", .read, "Get volume", "Get one block storage volume by id.", [("id", S.string("volume id"))], required: ["id"]),
    entry("storage", "delete_block_storage_volume", .destructive, idempotent: true, "Delete volume", "Delete a block storage volume and its data.", [("id", S.string("volume id"))], required: ["id"]),
    entry("storage", "get_cost_estimate_block_storage", .read, "Volume cost estimate", "Estimate the cost of a block storage volume; same arguments as create_block_storage_volume.", volumeCreate, required: ["name", "sizeGb", "region"]),
    entry("storage", "attach_block_storage_volume", .write, idempotent: true, "Attach volume", "Attach a volume to a VM in the same region.", [
      ("id", S.string("volume id")), ("vmId", S.string("VM id")),
    ], required: ["id", "vmId"]),
    entry("storage", "detach_block_storage_volume", .write, idempotent: true, "Detach volume", "Detach a block storage volume from its VM.", [("id", S.string("volume id"))], required: ["id"]),
    entry("storage", "resize_block_storage_volume", .write, idempotent: true, "Resize volume", "Grow a block storage volume to a larger size.", [
      ("id", S.string("volume id")), ("sizeGb", S.integer("new size in GB")),
    ], required: ["id", "sizeGb"]),
  ]
}
