import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import FileIO

/// The one rule of every write: only a regular file (or nothing) is replaced.
@Suite struct AtomicFileTests {
    let dir: String

    init() {
        dir = "/tmp/dlrepl-atomic-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        mkdir(dir, 0o755)
    }

    func kind(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    func text(_ path: String) -> String? { (try? FileBytes.read(path)).map { String(decoding: $0, as: UTF8.self) } }

    @Test func aFileOrNothingIsReplacedAndKeepsItsMode() throws {
        try AtomicFile.write(Array("one".utf8), to: dir + "/a.txt")
        #expect(text(dir + "/a.txt") == "one")
        chmod(dir + "/a.txt", 0o600)
        try AtomicFile.write(Array("two".utf8), to: dir + "/a.txt")
        var info = stat()
        stat(dir + "/a.txt", &info)
        #expect(text(dir + "/a.txt") == "two" && info.st_mode & 0o777 == 0o600)
        #expect(Directory.names(dir)?.filter { $0.contains(".tmp-") } == [], "no temporary is left")
    }

    @Test func aPipeIsRefusedAndLeftAsItIs() {
        let fifo = dir + "/pipe"
        #expect(mkfifo(fifo, 0o644) == 0)
        #expect(throws: FileError.self) { try AtomicFile.write(Array("x".utf8), to: fifo) }
        #expect(kind(fifo) == S_IFIFO)
        do { try AtomicFile.write([1], to: fifo) } catch let e as FileError {
            #expect(e.message.contains("it is a pipe (FIFO), not a file"), "\(e.message)")
        } catch {}
    }

    /// As root a rename over /dev/null made it a regular file; a device node
    /// of our own (root only can make one) stands in for it.
    @Test func aDeviceIsRefusedAndLeftAsItIs() {
        let device = dir + "/null"
        let made = mknod(device, S_IFCHR | 0o666, dev_t((1 << 8) | 3)) == 0
        #expect(made || getuid() != 0, "root makes a device node")
        let path = made ? device : "/dev/null"
        let before = kind(path)
        #expect(before == S_IFCHR)
        if made {
            #expect(throws: FileError.self) { try AtomicFile.write(Array("x".utf8), to: path) }
        } else {
            // Not root: /dev/null itself cannot be renamed over, and the rule refuses it first.
            #expect(throws: FileError.self) { try AtomicFile.replaceableTarget(path) }
        }
        #expect(kind(path) == S_IFCHR)
    }

    @Test func aLinkIsWrittenThroughAndKept() throws {
        try AtomicFile.write(Array("old".utf8), to: dir + "/real.txt")
        #expect(symlink("real.txt", dir + "/link.txt") == 0)
        try AtomicFile.write(Array("new".utf8), to: dir + "/link.txt")
        #expect(kind(dir + "/link.txt") == S_IFLNK)
        #expect(text(dir + "/real.txt") == "new")
        // A link to nothing, or to a pipe, is refused.
        #expect(symlink("missing.txt", dir + "/dangling") == 0)
        #expect(throws: FileError.self) { try AtomicFile.write([1], to: dir + "/dangling") }
        #expect(kind(dir + "/missing.txt") == 0)
        #expect(mkfifo(dir + "/p2", 0o644) == 0 && symlink("p2", dir + "/to-pipe") == 0)
        #expect(throws: FileError.self) { try AtomicFile.write([1], to: dir + "/to-pipe") }
        #expect(kind(dir + "/p2") == S_IFIFO)
    }

    @Test func aDirectoryIsRefused() {
        mkdir(dir + "/sub", 0o755)
        #expect(throws: FileError.self) { try AtomicFile.write([1], to: dir + "/sub") }
        #expect(kind(dir + "/sub") == S_IFDIR)
    }

    /// A save killed mid-write leaves `NAME.tmp-PID`; its note in the journal
    /// says where, and the next start removes it.
    @Test func theTemporaryOfAKilledSaveIsRemovedAtTheNextStart() throws {
        let dead = deadPid()
        let temporary = dir + "/model.dlm" + AtomicFile.marker + "\(dead)"
        let keep = dir + "/keep.dlm" + AtomicFile.marker + "\(dead)"
        #expect(creat(temporary, 0o644) >= 0 && creat(keep, 0o644) >= 0)
        DataDirectory.ensure(Journal.directory)
        let note = Journal.directory + "/\(dead)-1"
        let fd = creat(note, 0o600)
        _ = Array(temporary.utf8).withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        close(fd)
        AtomicFile.removeAbandoned()
        #expect(kind(temporary) == 0, "the noted temporary is gone")
        #expect(kind(note) == 0, "and so is its note")
        #expect(kind(keep) == S_IFREG, "a file no note names is left alone")
    }

    /// A pid no process has: a child that has exited and been reaped.
    func deadPid() -> pid_t {
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
        defer { free(argv[0]) }
        #expect(posix_spawn(&pid, "/bin/true", nil, nil, argv, nil) == 0)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return pid
    }
}
