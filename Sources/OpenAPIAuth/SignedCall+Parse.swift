import Crypto
import Foundation

extension SignedCall {
    /// The legacy signature's own query parameters.
    static let rpcParameters: Set<String> = ["Action", "Format", "Version", "Timestamp", "SignatureNonce",
                                             "SignatureMethod", "SignatureVersion", "AccessKeyId", "Signature",
                                             "SecurityToken", "SignatureType"]

    /// Reads a request signed either way (reference §2.2, §2.4), decoding the
    /// query first and encoding it again exactly as the signer did.
    public static func parse(_ request: SignedRequest) throws(AuthFailure) -> SignedCall {
        guard let query = Percent.parseQuery(request.query) else { throw .malformed("the query string cannot be decoded.") }
        let form = try formParameters(request)
        if let authorization = request.header("authorization") {
            // The body is signed through x-acs-content-sha256: its parameters count as the query's (B.13).
            return try parseACS3(request, authorization: authorization, query: query, parameters: merged(query, form))
        }
        let all = try merged(query, form)
        // The legacy signature covers the query's and the body's parameters alike (B.13).
        if all["Signature"] != nil { return try parseRPC(request, query: all) }
        throw .missing("Authorization")
    }

    /// The parameters of an `application/x-www-form-urlencoded` body (the legacy SDK's
    /// `CommonRequest` and tea's `call_api` send them so); none for any other body.
    static func formParameters(_ request: SignedRequest) throws(AuthFailure) -> [String: String] {
        guard !request.body.isEmpty,
              request.header("content-type")?.lowercased().hasPrefix("application/x-www-form-urlencoded") == true else { return [:] }
        guard let text = String(validating: request.body, as: UTF8.self), let form = Percent.parseQuery(text) else {
            throw .malformed("the form-encoded body cannot be decoded.")
        }
        return form
    }

    /// The query's parameters and the body's; one named in both must have one value.
    static func merged(_ query: [String: String], _ form: [String: String]) throws(AuthFailure) -> [String: String] {
        var all = query
        for (key, value) in form {
            if let other = all[key], other != value {
                throw .malformed("\(key) is given in the query and in the body with different values.")
            }
            all[key] = value
        }
        return all
    }

    /// `query` is what the signature covers; `parameters`, the call's (the query's and the body's).
    private static func parseACS3(_ request: SignedRequest, authorization: String, query: [String: String],
                                  parameters: [String: String]) throws(AuthFailure) -> SignedCall
    {
        let prefix = ACS3.algorithm + " "
        guard authorization.hasPrefix(prefix) else {
            throw .malformed("only ACS3-HMAC-SHA256 is accepted in the Authorization header.")
        }
        var fields: [String: String] = [:]
        // Split on bytes: the parts are ASCII, and a split by characters costs more than the rest of the check.
        for part in authorization.utf8.dropFirst(prefix.utf8.count).split(separator: UInt8(ascii: ",")) {
            guard let equals = part.firstIndex(of: UInt8(ascii: "=")), equals != part.startIndex,
                  part.index(after: equals) != part.endIndex else {
                throw .malformed("Authorization has a part without a value.")
            }
            fields[Substring(part[..<equals]).trimmed] = Substring(part[part.index(after: equals)...]).trimmed
        }
        guard let credential = fields["Credential"], !credential.isEmpty else { throw .malformed("no Credential.") }
        guard let signed = fields["SignedHeaders"], !signed.isEmpty else { throw .malformed("no SignedHeaders.") }
        guard let signature = fields["Signature"], !signature.isEmpty else { throw .malformed("no Signature.") }
        let names = signed.utf8.split(separator: UInt8(ascii: ";")).map { String(Substring($0)) }
        for required in ["host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"]
        where !names.contains(required) {
            throw .malformed("SignedHeaders must include \(required).")
        }
        guard names == names.sorted() else { throw .malformed("SignedHeaders must be sorted.") }
        // Only the headers SignedHeaders names, each rendered name:value with values trimmed.
        var canonicalHeaders = ""
        for name in names {
            let values = request.headers.filter { SignedRequest.sameName($0.name, name) }
                .map { $0.value[...].trimmed }
            guard !values.isEmpty else { throw .malformed("the signed header \(name) is missing.") }
            canonicalHeaders += "\(name):\(values.sorted().joined(separator: ","))\n"
        }
        let bodyHash = ACS3.bodyHash(request.body)
        guard request.header("x-acs-content-sha256") == bodyHash else {
            throw .malformed("x-acs-content-sha256 does not match the body.")
        }
        let stringToSign = ACS3.stringToSign(method: request.method, path: request.path, canonicalQuery: ACS3.canonicalQuery(query),
                                             canonicalHeaders: canonicalHeaders, signedHeaders: signed, bodyHash: bodyHash)
        return SignedCall(scheme: .acs3, accessKeyID: credential, action: request.header("x-acs-action") ?? "",
                          version: request.header("x-acs-version") ?? "", parameters: parameters,
                          nonce: request.header("x-acs-signature-nonce") ?? "",
                          timestamp: request.header("x-acs-date") ?? "",
                          stringToSign: stringToSign, signature: signature)
    }

    private static func parseRPC(_ request: SignedRequest, query: [String: String]) throws(AuthFailure) -> SignedCall {
        for required in ["AccessKeyId", "SignatureNonce", "Timestamp", "Action", "Version"] where query[required] == nil {
            throw .missing(required)
        }
        guard query["SignatureMethod"] == "HMAC-SHA1" else { throw .malformed("SignatureMethod must be HMAC-SHA1.") }
        guard query["SignatureVersion"] == "1.0" else { throw .malformed("SignatureVersion must be 1.0.") }
        let signed = query.filter { $0.key != "Signature" }
        let canonical = signed.keys.sorted().map { "\(Percent.encode($0))=\(Percent.encode(signed[$0]!))" }
            .joined(separator: "&")
        return SignedCall(scheme: .rpcV2, accessKeyID: query["AccessKeyId"]!, action: query["Action"]!,
                          version: query["Version"]!, parameters: query.filter { !rpcParameters.contains($0.key) },
                          nonce: query["SignatureNonce"]!, timestamp: query["Timestamp"]!,
                          stringToSign: "\(request.method.uppercased())&%2F&\(Percent.encode(canonical))",
                          signature: query["Signature"]!)
    }
}

extension Substring {
    /// Without the spaces and tabs around it (header values, Authorization parts).
    fileprivate var trimmed: String {
        let blank = { (c: UInt8) in c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") }
        let bytes = utf8
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}
