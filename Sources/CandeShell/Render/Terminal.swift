#if canImport(Glibc)
    import Glibc
#endif

/// Facts about the terminal, asked once.
enum Terminal {
    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Columns and rows of the terminal on `fd`, if it is one.
    static func size(_ fd: Int32) -> (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// Output width: the terminal's, else `COLUMNS`, else 80.
    static func width() -> Int {
        if let size = size(1) { return size.columns }
        if let columns = environment("COLUMNS").flatMap(Int.init), columns >= 20 { return columns }
        return 80
    }
}
