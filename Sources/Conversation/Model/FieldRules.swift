/// What a candidate's fields may hold. Free texts (messages, notes) may hold anything; fields
/// show up in tables and files, so they are one line each.
public enum FieldRules {
    /// Why `value` cannot be the `field`, or nil when it can.
    public static func problem(_ field: CandidateField, _ value: String) -> String? {
        if let problem = lineProblem(value) { return problem }
        switch field {
        case .name:
            if value.trimmingBlanks().isEmpty { return "must not be empty" }
            if value.count > 200 { return "is longer than 200 characters" }
        case .email:
            let parts = value.split(separator: "@", omittingEmptySubsequences: false)
            if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || parts[1].hasPrefix(".")
                || parts[1].hasSuffix(".") || value.contains(" ") || value.count > 254
            {
                return "is not an email address"
            }
        case .phone:
            let digits = value.filter(\.isASCIIDigit).count
            if digits < 3 || value.count > 32
                || !value.allSatisfy({ $0.isASCIIDigit || " +-().".contains($0) })
            {
                return "is not a phone number (digits, spaces and + - ( ) .)"
            }
        case .tags:
            if tags(value) == nil { return "must be comma-separated words of letters, digits, - and _" }
        case .role, .owner:
            if value.count > 200 { return "is longer than 200 characters" }
        case .source, .tz: break
        }
        return nil
    }

    /// Why `value` cannot be a one-line field (a name, a colleague, a place), or nil when it can:
    /// C0 and C1 control characters, DEL and the Unicode line and paragraph separators are refused.
    public static func lineProblem(_ value: String) -> String? {
        let refused = value.unicodeScalars.contains { s in
            s.value < 0x20 || (0x7F...0x9F).contains(s.value) || s.value == 0x2028 || s.value == 0x2029
        }
        return refused ? "must be one line without control characters" : nil
    }

    /// `a, b,c` as tags (lowercased, deduplicated, in order), or nil if one is not a word.
    public static func tags(_ list: String) -> [String]? {
        var out: [String] = []
        for part in list.split(separator: ",") {
            let tag = part.trimmingBlanks().lowercased()
            guard !tag.isEmpty, tag.count <= 40,
                tag.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
            else { return nil }
            if !out.contains(tag) { out.append(tag) }
        }
        return out
    }
}
