/// What a candidate's fields may hold. Free texts (messages, notes) may hold anything; fields
/// show up in tables and files, so they are one line each.
public enum FieldRules {
    /// Why `value` cannot be the `field`, or nil when it can.
    public static func problem(_ field: CandidateField, _ value: String) -> String? {
        if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "must be one line without control characters"
        }
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
