// swift-tools-version: 6.0
import PackageDescription

// Module map: see DESIGN.md ("Modules"). Imports point down this list only:
// DLKernel → DLTensor → DLNN/DLData → DLLang → DLLessons → DLApp; DLTerminal stands apart; dlrepl joins them.
let package = Package(
    name: "dlrepl",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dlrepl", targets: ["dlrepl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CReadline",
            providers: [.apt(["libreadline-dev"])]
        ),
        // The GEMM kernel needs native codegen: without -target-cpu the FMA
        // becomes a library call and throughput falls ~100x (DESIGN.md).
        .target(
            name: "DLKernel",
            swiftSettings: [.unsafeFlags(["-Ounchecked", "-target-cpu", "native"])]
        ),
        .target(name: "DLTensor", dependencies: ["DLKernel"]),
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "DLNN", dependencies: ["DLTensor", "DLKernel"]),
        // datasets/ stays a top-level folder, found at run time by DLData's DataFiles.
        .target(name: "DLData", dependencies: ["DLTensor", "CZlib"]),
        .target(name: "DLLang", dependencies: ["DLTensor", "DLNN", "DLData"]),
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "DLTerminal", dependencies: ["CReadline", "CNcurses"]),
        // lessons/ stays a top-level folder too, found at run time by LessonFiles.
        .target(name: "DLLessons", dependencies: ["DLLang", "DLNN", "DLData", "DLTensor"]),
        .target(name: "DLApp", dependencies: ["DLLessons", "DLLang", "DLNN", "DLData", "DLTensor", "DLTerminal"]),
        .executableTarget(
            name: "dlrepl",
            dependencies: [
                "DLApp", "DLLessons", "DLLang", "DLTensor", "DLTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "dlbench",
            dependencies: ["DLKernel"],
            path: "bench/dlbench"
        ),
        .executableTarget(name: "framebench", dependencies: ["DLTerminal"], path: "bench/framebench"),
        .testTarget(name: "DLKernelTests", dependencies: ["DLKernel"]),
        .testTarget(name: "DLTerminalTests", dependencies: ["DLTerminal"]),
        .testTarget(name: "DLTensorTests", dependencies: ["DLTensor", "DLKernel"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "DLNNTests", dependencies: ["DLNN", "DLData", "DLTensor"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "DLAppTests", dependencies: ["DLApp", "DLLessons", "DLLang", "DLTensor", "DLTerminal"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "DLLessonsTests", dependencies: ["DLLessons", "DLLang", "DLTensor"]),
        .testTarget(name: "DLLangTests", dependencies: ["DLLang", "DLTensor"],
                    resources: [.copy("Scripts")]),
    ],
    swiftLanguageModes: [.v6]
)
