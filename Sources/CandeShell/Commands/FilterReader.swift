import Conversation

/// Turns FILTER options into a `Filter` (SPEC §4).
enum FilterReader {
    static func filter(_ options: Options) -> Filter {
        var filter = Filter()
        filter.stages = Set(options.all(.stage).compactMap { Stage(name: $0) })
        filter.statuses = Set(options.all(.status).compactMap { Status(name: $0) })
        filter.owners = Set(options.all(.owner))
        filter.roles = options.all(.role)
        filter.sources = Set(options.all(.source).compactMap { Source(name: $0) })
        filter.tags = Set(options.all(.tag).map { $0.lowercased() })
        filter.channels = Set(options.all(.via).compactMap { Channel(name: $0) })
        filter.directions = Set(options.all(.dir).compactMap { Direction(name: $0) })
        filter.authors = Set(options.all(.by))
        filter.kinds = Set(options.all(.kind))
        filter.since = options.when(.since)?.instant
        filter.until = options.when(.until)?.instant
        return filter
    }
}
