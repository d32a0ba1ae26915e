#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// XDG base-directory location for per-user application data.
public enum DataDirectory {
    /// `$XDG_DATA_HOME/app`, else `$HOME/.local/share/app`. The spec says a
    /// relative XDG_DATA_HOME must be ignored, so it is.
    public static func path(app: String) -> String {
        if let xdg = environment("XDG_DATA_HOME"), xdg.hasPrefix("/") {
            return join(xdg, app)
        }
        return join(join(homeDirectory(), ".local/share"), app)
    }

    /// Creates `dir` and its parents where missing (mode 755).
    public static func ensure(_ dir: String) {
        var path = dir.hasPrefix("/") ? "" : "."
        for part in dir.split(separator: "/") {
            path += "/" + part
            _ = mkdir(path, 0o755)
        }
    }

    private static func homeDirectory() -> String {
        if let home = environment("HOME") { return home }
        // HOME can be unset under cron/systemd; the passwd entry is the fallback.
        if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir {
            return String(cString: dir)
        }
        return "/tmp"
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        let string = String(cString: value)
        return string.isEmpty ? nil : string
    }

    private static func join(_ base: String, _ component: String) -> String {
        base.hasSuffix("/") ? base + component : base + "/" + component
    }
}
