// swift-tools-version: 6.0
import PackageDescription
import Foundation

// Module map: see README ("Layout"). Imports point down this list only:
// CKernelHints → DLKernel, TextFormat → FileIO → DLTensor → DLNN, DLData → DLLang → DLExport → DLLessons → DLApp → dlrepl;
// DLTerminal (with TextFormat) stands apart from the DL modules.
// Linux only: built and tested on Debian (the C libraries come from its
// packages); the Darwin imports are kept so a port has less to change.
// The CPU DLKernel is compiled for (see the DLKernel target), and whether it has
// AVX-512: the micro-kernel's tile is chosen for the register file, 32 zmm or 16 ymm,
// and Swift has no compile-time test for a target feature, so the manifest says it.
let kernelCPU = Context.environment["DLREPL_TARGET_CPU"].flatMap { $0.isEmpty ? nil : $0 } ?? "native"
let kernelAVX512: Bool = {
    if kernelCPU == "native" {
        let flags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
        return flags.split(separator: " ").contains("avx512f")
    }
    let avx512 = ["x86-64-v4", "skylake-avx512", "cascadelake", "cooperlake", "cannonlake", "icelake-client",
                  "icelake-server", "tigerlake", "rocketlake", "sapphirerapids", "emeraldrapids",
                  "graniterapids", "znver4", "znver5"]
    return avx512.contains(kernelCPU)
}()

let package = Package(
    name: "dlrepl",
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
        // becomes a library call and throughput falls ~100x. Without errno,
        // square roots are vector instructions rather than guarded libm calls.
        // DLREPL_TARGET_CPU (default native) builds for another CPU, so one machine
        // measures both kernels: x86-64-v3 is AVX2 + FMA, as on most laptops.
        // A prefetch for the micro-kernels, which Swift has no word for.
        .target(name: "CKernelHints"),
        .target(
            name: "DLKernel",
            dependencies: ["CKernelHints"],
            swiftSettings: [.unsafeFlags(["-Ounchecked", "-target-cpu", kernelCPU, "-Xcc", "-fno-math-errno"])]
                + (kernelAVX512 ? [.define("KERNEL_AVX512")] : [])
        ),
        // How numbers are written for reading: shared by the engine's displays
        // and the terminal widgets, so it depends on neither.
        .target(name: "TextFormat"),
        // Whole-file reads, atomic writes and the data directory: what every
        // layer that touches a file needs, without the tensor engine.
        .target(name: "FileIO", dependencies: ["TextFormat"]),
        // The engine and the training loop run millions of small ops, and each
        // access to a tensor's storage paid a dynamic exclusivity check (swift_beginAccess,
        // ~3% of the digits MLP). Release builds drop the check; debug builds,
        // which the tests run, keep it.
        .target(name: "DLTensor", dependencies: ["DLKernel", "TextFormat", "FileIO"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "DLNN", dependencies: ["DLTensor", "DLKernel", "TextFormat", "FileIO"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // datasets/ stays a top-level folder, found at run time by DLData's DataFiles.
        .target(name: "DLData", dependencies: ["DLTensor", "CZlib", "TextFormat", "FileIO"]),
        // The interpreter's hot paths read class fields (scopes, the interpreter) at every node:
        // exclusivity checks were a tenth of a scalar loop's instructions.
        .target(name: "DLLang", dependencies: ["DLTensor", "DLNN", "DLData", "TextFormat", "FileIO"],
                swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]),
        // Writes built models for PyTorch, Keras and ONNX from the engine's
        // models; one file plugs that into the language as `export`.
        .target(name: "DLExport", dependencies: ["DLLang", "DLNN", "DLTensor", "TextFormat", "FileIO"]),
        .systemLibrary(
            name: "CNcurses",
            providers: [.apt(["libncurses-dev"])]
        ),
        .target(name: "DLTerminal", dependencies: ["CReadline", "CNcurses", "TextFormat", "FileIO"]),
        // lessons/ stays a top-level folder too, found at run time by LessonFiles.
        .target(name: "DLLessons", dependencies: ["DLLang", "DLExport", "DLNN", "DLData", "DLTensor", "TextFormat", "FileIO"]),
        .target(name: "DLApp", dependencies: ["DLLessons", "DLLang", "DLNN", "DLData", "DLTensor", "DLTerminal", "TextFormat", "FileIO"]),
        // glibc's mallopt, which the Glibc module does not export.
        .systemLibrary(name: "CMalloc"),
        .executableTarget(
            name: "dlrepl",
            dependencies: [
                "CMalloc", "DLApp", "DLLessons", "DLLang", "DLTensor", "DLTerminal", "TextFormat", "FileIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "dlbench",
            dependencies: ["DLKernel"],
            path: "bench/dlbench"
        ),
        .executableTarget(name: "framebench", dependencies: ["DLTerminal", "TextFormat"], path: "bench/framebench"),
        .testTarget(name: "DLKernelTests", dependencies: ["DLKernel"]),
        .testTarget(name: "TextFormatTests", dependencies: ["TextFormat"]),
        .testTarget(name: "FileIOTests", dependencies: ["FileIO"]),
        .testTarget(name: "DLTerminalTests", dependencies: ["DLTerminal", "TextFormat"]),
        .testTarget(name: "DLTensorTests", dependencies: ["DLTensor", "DLKernel", "TextFormat"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "DLNNTests", dependencies: ["DLNN", "DLData", "DLTensor", "TextFormat", "FileIO"],
                    resources: [.copy("Golden")]),
        .testTarget(name: "DLAppTests", dependencies: ["DLApp", "DLLessons", "DLLang", "DLNN", "DLTensor", "DLTerminal", "FileIO"],
                    exclude: ["Snapshots"]),
        .testTarget(name: "DLLessonsTests", dependencies: ["DLLessons", "DLLang", "DLTensor", "FileIO"]),
        .testTarget(name: "DLExportTests", dependencies: ["DLExport", "DLLang", "DLNN", "DLTensor", "FileIO"]),
        .testTarget(name: "DLLangTests", dependencies: ["DLLang", "DLNN", "DLTensor", "FileIO", "DLExport"],
                    resources: [.copy("Scripts")]),
    ],
    swiftLanguageModes: [.v6]
)
