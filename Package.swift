// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "CandeShell",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cande", targets: ["CandeShell"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // libedit's header at build time; the library itself is loaded with dlopen when the
        // interactive shell starts (see Sources/CEdit/shim.h).
        .systemLibrary(
            name: "CEdit",
            providers: [.apt(["libedit-dev"])]
        ),
        // utf8proc (character widths, normalisation, case folding), linked: every render needs it.
        .systemLibrary(
            name: "CUTF8Proc",
            providers: [.apt(["libutf8proc-dev"])]
        ),
        .target(name: "Conversation", dependencies: ["CUTF8Proc"]),
        // libpq's few functions, declared in the shim (no libpq-dev needed) and loaded with
        // dlopen when a team store is first used (see Sources/CLibPQ/shim.h).
        .systemLibrary(name: "CLibPQ"),
        .target(name: "Store", dependencies: ["Conversation", "CLibPQ"]),
        .executableTarget(
            name: "CandeShell",
            dependencies: [
                "Conversation", "Store", "CEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Release builds start fast: a position-dependent executable, so nothing of the
            // binary's own data is relocated at start-up (with `--static-swift-stdlib`, as
            // scripts/run and Benchmarks/run build it). Measured: a fifth off `cande -c help`.
            linkerSettings: [
                .unsafeFlags(["-Xclang-linker", "-no-pie"], .when(configuration: .release))
            ]
        ),
        .target(name: "TestSupport", dependencies: ["Store", "Conversation"], path: "Tests/TestSupport"),
        .testTarget(name: "ConversationTests", dependencies: ["Conversation", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Conversation", "TestSupport"]),
        .testTarget(name: "CandeShellTests", dependencies: ["CandeShell", "Store", "Conversation", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
