import CrossRegionEngine
import Foundation

/// Where the RDS OpenAPI of a region answers (Alibaba's endpoint list for
/// RDS 2014-08-15): the central `rds.aliyuncs.com` for the mainland regions
/// it serves, the region's own host elsewhere. A table, not a rule: the list
/// has changed before (Singapore was once central).
public enum RegionEndpoints {
    public static let central = "rds.aliyuncs.com"
    static var centralRegions: Set<String> { Region.centralEndpointRegions }

    /// The endpoint's host for `regionID`, or nil for a region rds-console does not know.
    public static func host(for regionID: String) -> String? {
        guard Region.named(regionID) != nil || centralRegions.contains(regionID) else { return nil }
        return centralRegions.contains(regionID) ? central : "rds.\(regionID).aliyuncs.com"
    }

    /// An endpoint the user named: `https://host[:port]`, or `http://` for a
    /// loopback host only (a stand-in on this machine); nil when it is neither.
    public static func validated(_ text: String) -> Result<URL, EndpointError> {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
              url.path.isEmpty || url.path == "/", url.query == nil, url.user == nil else {
            return .failure(EndpointError("\(text.prefix(200)) is not an endpoint URL such as https://rds.aliyuncs.com."))
        }
        switch scheme {
        case "https":
            return .success(url)
        case "http" where isLoopback(host):
            return .success(url)
        case "http":
            return .failure(EndpointError("\(text.prefix(200)): plain HTTP would send signed requests in the clear; use https:// (http:// is for a loopback stand-in only)."))
        default:
            return .failure(EndpointError("\(text.prefix(200)): the scheme is https:// (or http:// on loopback)."))
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}

public struct EndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}
