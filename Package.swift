// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "rds-console",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rds-console", targets: ["rds-console"]),
        .executable(name: "rds-bench", targets: ["rds-bench"]),
        .library(name: "CrossRegionEngine", targets: ["CrossRegionEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .target(
            name: "CrossRegionEngine",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto"),
                           "CSQLiteSettings"]
        ),
        .systemLibrary(name: "CSQLiteSettings", path: "Sources/CSQLiteSettings"),
        .target(name: "OpenAPIAuth", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "RDSServer",
            dependencies: [
                "CrossRegionEngine", "OpenAPIAuth", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "RDSClient",
            dependencies: [
                "CrossRegionEngine", "OpenAPIAuth", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        .target(name: "TerminalKit", dependencies: ["CNcursesw", .product(name: "TOMLKit", package: "TOMLKit")]),
        .target(
            name: "ConsoleApp",
            dependencies: ["CrossRegionEngine", "TerminalKit", "CMalloc"],
            // The shipped themes live in the binary: any copy of it finds them.
            resources: [.embedInCode("Themes")]
        ),
        .executableTarget(
            name: "rds-console",
            dependencies: [
                "CrossRegionEngine",
                "ConsoleApp",
                "TerminalKit",
                "RDSServer",
                "RDSClient",
                "OpenAPIAuth",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .executableTarget(
            name: "rds-bench",
            dependencies: [
                "CrossRegionEngine",
                "ConsoleApp",
                "TerminalKit",
                "OpenAPIAuth",
                "RDSClient",
                "RDSServer",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "OpenAPIAuthTests",
            dependencies: ["OpenAPIAuth"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "RDSServerTests", dependencies: ["RDSServer", "CrossRegionEngine"]),
        .testTarget(
            // The tests that start the built binary (swift build first): the command
            // line, `serve` with the console over it, and the console in tmux.
            name: "EndToEndTests",
            dependencies: ["RDSClient", "RDSServer", "ConsoleApp", "CrossRegionEngine", "OpenAPIAuth", "TerminalKit",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "TerminalKitTests", dependencies: ["TerminalKit"]),
        .testTarget(
            name: "ConsoleAppTests",
            dependencies: ["ConsoleApp", "TerminalKit", "CrossRegionEngine"],
            // The recorded screens: read by path (#filePath), not built into the bundle.
            exclude: ["Snapshots"]
        ),
        .testTarget(
            name: "CrossRegionEngineTests",
            dependencies: [
                "CrossRegionEngine", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
