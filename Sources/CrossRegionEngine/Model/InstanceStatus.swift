/// The statuses an instance has here (`DBInstanceStatus`); the API's words are
/// the raw values. The other documented statuses (Rebooting, …) never occur.
public enum InstanceStatus: String, Sendable, CaseIterable, CustomStringConvertible {
    case creating = "Creating"
    case running = "Running"
    case released = "Released"

    public var description: String { rawValue }
}
