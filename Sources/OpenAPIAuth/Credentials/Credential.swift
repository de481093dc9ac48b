/// An Alibaba Cloud credential as the chain found it: an AccessKey pair,
/// optionally with an STS token. The secret and the token are never part of
/// any description, dump or log: only the key ID and where it came from are.
public struct Credential: Sendable, Equatable {
    public let accessKeyID: String
    public let accessKeySecret: String
    /// An STS token (`x-acs-security-token`), for temporary credentials.
    public let securityToken: String?
    /// Where the chain found it, in words (`profile "ops" of ~/.aliyun/config.json, mode StsToken`).
    public let source: String
    /// The default region the source names (a profile's `region_id`), if any.
    public let region: String?
    /// Where that region was named, in words.
    public let regionSource: String?

    public init(accessKeyID: String, accessKeySecret: String, securityToken: String? = nil, source: String,
                region: String? = nil, regionSource: String? = nil) {
        self.accessKeyID = accessKeyID
        self.accessKeySecret = accessKeySecret
        self.securityToken = securityToken.flatMap { $0.isEmpty ? nil : $0 }
        self.source = source
        self.region = region.flatMap { $0.isEmpty ? nil : $0 }
        self.regionSource = self.region == nil ? nil : regionSource
    }

    /// `AccessKey` or `STS token` (temporary).
    public var kind: String { securityToken == nil ? "AccessKey" : "STS token (temporary AccessKey)" }
}

extension Credential: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "\(kind) \(accessKeyID) (from \(source))" }
    public var debugDescription: String { description }
    /// `dump` and the debugger see no secret either.
    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyID": accessKeyID, "source": source, "region": region as Any,
                                "hasSecurityToken": securityToken != nil])
    }
}

/// Why the chain found no credential it can use, in a sentence that says what to do.
public struct CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
