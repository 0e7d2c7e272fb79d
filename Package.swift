// swift-tools-version:6.0
import PackageDescription

let strict: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "landfall",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "landfall", targets: ["landfall"]),
    .executable(name: "landfall-bench", targets: ["landfall-bench"]),
  ],
  dependencies: [
    .package(url: "https://github.com/LebJe/TOMLKit.git", exact: "0.6.0"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    .package(url: "https://github.com/modelcontextprotocol/swift-sdk.git", exact: "0.12.1"),
    .package(url: "https://github.com/apple/swift-system.git", from: "1.4.0"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(
      name: "CSSH2", pkgConfig: "libssh2", providers: [.apt(["libssh2-1-dev"])]),
    .systemLibrary(
      name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    .systemLibrary(
      name: "CSQLite3", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(
      name: "CEdit", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),

    .target(name: "LandfallModel", swiftSettings: strict),
    .target(
      name: "LandfallTOML",
      dependencies: ["LandfallModel", .product(name: "TOMLKit", package: "TOMLKit")],
      swiftSettings: strict),
    .target(
      name: "LandfallPolicy", dependencies: ["LandfallModel", "LandfallTOML"], swiftSettings: strict),
    .target(
      name: "LandfallCore", dependencies: ["LandfallModel", "LandfallPolicy"], swiftSettings: strict),
    .target(
      name: "LandfallFly",
      dependencies: ["LandfallModel", "LandfallCore", "LandfallTOML"],
      swiftSettings: strict),
    .target(
      name: "LandfallPrompts", dependencies: ["LandfallModel"], path: "prompts", exclude: ["README.md"],
      resources: [.copy("text")], swiftSettings: strict),
    .target(
      name: "LandfallMCP",
      dependencies: [
        "LandfallModel", "LandfallPolicy", "LandfallCore",
        .product(name: "MCP", package: "swift-sdk"),
        .product(name: "SystemPackage", package: "swift-system"),
        .product(name: "Logging", package: "swift-log"),
      ],
      swiftSettings: strict),
    .target(name: "LandfallLLM", dependencies: ["LandfallModel", "LandfallCore"], swiftSettings: strict),
    .target(
      name: "LandfallTools",
      dependencies: ["LandfallModel", "LandfallPolicy", "LandfallCore", "LandfallFly", "LandfallData"],
      swiftSettings: strict),
    .target(name: "LandfallData", dependencies: ["LandfallModel", "LandfallCore"], swiftSettings: strict),
    .target(
      name: "LandfallTranscript", dependencies: ["LandfallModel", "LandfallCore", "CSQLite3"],
      swiftSettings: strict),
    .target(
      name: "LandfallTransport",
      dependencies: ["LandfallModel", "LandfallCore", "CCurl", "CSSH2", "CLibPQ", "CEdit"],
      swiftSettings: strict),
    .target(
      name: "LandfallSession",
      dependencies: ["LandfallModel", "LandfallPolicy", "LandfallCore", "LandfallTools", "LandfallMCP"],
      swiftSettings: strict),
    .target(
      name: "LandfallFakes", dependencies: ["LandfallModel", "LandfallPolicy", "LandfallCore", "LandfallFly", "LandfallTools"],
      swiftSettings: strict),
    .target(
      name: "LandfallRigs",
      dependencies: ["LandfallModel", "LandfallPolicy", "LandfallCore", "LandfallFly", "LandfallTools", "LandfallFakes"],
      swiftSettings: strict),
    .target(
      name: "LandfallEvals",
      dependencies: [
        "LandfallModel", "LandfallPolicy", "LandfallCore", "LandfallFly", "LandfallTools", "LandfallFakes", "LandfallPrompts",
        "LandfallMCP", "LandfallTransport", "LandfallTranscript", "LandfallSession", "LandfallData",
      ],
      swiftSettings: strict),
    .target(
      name: "LandfallBench",
      dependencies: ["LandfallModel", "LandfallPolicy", "LandfallCore", "LandfallFakes", "LandfallRigs", "LandfallTranscript", "LandfallTransport", "LandfallData", "LandfallFly"],
      swiftSettings: strict),
    .executableTarget(
      name: "landfall-bench",
      dependencies: ["LandfallBench", "LandfallCore", .product(name: "ArgumentParser", package: "swift-argument-parser")],
      swiftSettings: strict),
    .executableTarget(
      name: "landfall",
      dependencies: [
        "LandfallModel", "LandfallPolicy", "LandfallCore", "LandfallFly", "LandfallTools", "LandfallLLM", "LandfallMCP", "LandfallPrompts", "LandfallTranscript",
        "LandfallTransport", "LandfallFakes", "LandfallEvals", "LandfallData", "LandfallSession",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strict),

    .target(name: "LandfallTestSupport", swiftSettings: strict),
    .testTarget(name: "LandfallModelTests", dependencies: ["LandfallTestSupport", "LandfallModel"], swiftSettings: strict),
    .testTarget(
      name: "LandfallCoreTests", dependencies: ["LandfallTestSupport", "LandfallCore", "LandfallFakes", "LandfallRigs", "LandfallModel", "LandfallPolicy"],
      swiftSettings: strict),
    .testTarget(
      name: "LandfallLLMTests",
      dependencies: ["LandfallTestSupport", "LandfallLLM", "LandfallCore", "LandfallModel", "LandfallRigs", "LandfallTransport"],
      swiftSettings: strict),
    .testTarget(
      name: "LandfallMCPTests",
      dependencies: ["LandfallTestSupport", 
        "LandfallMCP", "LandfallCore", "LandfallModel", "LandfallPolicy", "LandfallFakes", "LandfallTransport", "landfall",
      ],
      swiftSettings: strict),
    .testTarget(
      name: "LandfallToolsTests", dependencies: ["LandfallTestSupport", "LandfallTools", "LandfallModel", "LandfallCore", "LandfallFakes", "LandfallRigs", "LandfallPolicy"],
      swiftSettings: strict),
    .testTarget(
      name: "LandfallEvalsTests", dependencies: ["LandfallTestSupport", "LandfallEvals", "LandfallModel", "LandfallFakes"], swiftSettings: strict),
    .testTarget(
      name: "LandfallPolicyTests", dependencies: ["LandfallTestSupport", "LandfallPolicy", "LandfallModel"], swiftSettings: strict),
    .testTarget(
      name: "LandfallFlyTests", dependencies: ["LandfallTestSupport", "LandfallFly", "LandfallFakes", "LandfallRigs", "LandfallTOML"],
      swiftSettings: strict),
    .testTarget(
      name: "LandfallTransportTests",
      dependencies: ["LandfallTestSupport", "LandfallTransport", "LandfallTranscript", "LandfallCore", "LandfallFakes", "LandfallRigs"],
      swiftSettings: strict),
    .testTarget(
      name: "LandfallDataTests", dependencies: ["LandfallTestSupport", "LandfallData", "LandfallCore", "LandfallTransport", "LandfallFakes", "LandfallRigs", "LandfallTools", "LandfallModel"],
      swiftSettings: strict),
    .testTarget(
      name: "LandfallFakesTests", dependencies: ["LandfallTestSupport", "LandfallFakes", "LandfallFly", "LandfallCore"],
      swiftSettings: strict),
    .testTarget(
      name: "LandfallCLITests", dependencies: ["LandfallTestSupport", "landfall", "LandfallModel", "LandfallFakes", "LandfallRigs", "landfall-bench", "LandfallCore", "LandfallTools", "LandfallTransport"],
      swiftSettings: strict),
  ],
  swiftLanguageModes: [.v6]
)
