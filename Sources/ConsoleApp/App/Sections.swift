/// A page of the left navigation: its key, its titles, how to make it.
struct Section: Sendable {
    let key: String
    let title: String
    /// The title when the navigation is narrow.
    let short: String
    let make: @Sendable () -> any Component
}

/// The left navigation, in order. A new page is its component file and a line here.
let sections: [Section] = [
    Section(key: "1", title: "Instances", short: "Instances", make: { InstancesPage() }),
    Section(key: "2", title: "Cross-region Backup", short: "Cross-region", make: { CrossRegionPage() }),
    Section(key: "3", title: "DR Readiness", short: "DR", make: { DRReadinessPage() }),
]
